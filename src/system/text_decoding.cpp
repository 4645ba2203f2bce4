#include "system/text_decoding.h"

#include "core/text_encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <variant>

namespace beacon {

namespace {

const char* icu_converter_name(ByteOrderMark mark) {
    switch (mark) {
    case ByteOrderMark::Utf16LittleEndian:
        return "UTF-16LE";
    case ByteOrderMark::Utf16BigEndian:
        return "UTF-16BE";
    case ByteOrderMark::Utf32LittleEndian:
        return "UTF-32LE";
    case ByteOrderMark::Utf32BigEndian:
        return "UTF-32BE";
    default:
        return nullptr;
    }
}

std::string hex_bytes(const char* bytes, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        char buffer[4];
        std::snprintf(buffer, sizeof buffer, "%02X", static_cast<unsigned char>(bytes[i]));
        out += (out.empty() ? "" : " ") + std::string(buffer);
    }
    return out;
}

struct ConverterCloser {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// UTF-16 or UTF-32 `bytes` (after the mark) to UTF-8. ICU stops at the first
// sequence that is not in the encoding (an unpaired surrogate, a truncated
// unit) instead of putting U+FFFD in its place: a damaged file is said, not
// shown with holes.
std::variant<std::string, Diagnostic> convert(std::string_view bytes, ByteOrderMark mark,
                                              const std::string& source) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> converter(
        ucnv_open(icu_converter_name(mark), &status));
    if (U_FAILURE(status))
        return Diagnostic{source, 1,
                          std::string("cannot read ") + encoding_name(mark) + ": " +
                              u_errorName(status)};
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                        &status);
    // Two bytes give at most one UTF-16 unit; four bytes at most two.
    std::u16string wide(bytes.size() / 2 + 1, u'\0');
    UChar* target = reinterpret_cast<UChar*>(wide.data());
    UChar* const target_start = target;
    const char* from = bytes.data();
    ucnv_toUnicode(converter.get(), &target, target + wide.size(), &from,
                   bytes.data() + bytes.size(), nullptr, true, &status);
    std::size_t const converted = static_cast<std::size_t>(target - target_start);
    if (U_FAILURE(status)) {
        char invalid[32];
        int8_t length = sizeof invalid;
        UErrorCode ignored = U_ZERO_ERROR;
        ucnv_getInvalidChars(converter.get(), invalid, &length, &ignored);
        std::u16string_view before(wide.data(), converted);
        int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), u'\n'));
        auto line_start = before.rfind(u'\n');
        int column =
            1 + static_cast<int>(converted -
                                 (line_start == std::u16string_view::npos ? 0 : line_start + 1));
        return Diagnostic{source, line,
                          "this file starts as " + encoding_name(mark) + " but is not valid " +
                              encoding_name(mark) + " here (found bytes " +
                              hex_bytes(invalid, U_SUCCESS(ignored) ? length : 0) +
                              "); save it again as UTF-8",
                          Severity::Error, column};
    }
    int32_t utf8_length = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(nullptr, 0, &utf8_length, target_start, static_cast<int32_t>(converted), &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
        return Diagnostic{source, 1,
                          "cannot convert " + encoding_name(mark) +
                              " to UTF-8: " + u_errorName(status)};
    std::string utf8(static_cast<std::size_t>(utf8_length), '\0');
    status = U_ZERO_ERROR;
    u_strToUTF8(utf8.data(), utf8_length, nullptr, target_start, static_cast<int32_t>(converted),
                &status);
    if (U_FAILURE(status))
        return Diagnostic{source, 1,
                          "cannot convert " + encoding_name(mark) +
                              " to UTF-8: " + u_errorName(status)};
    return utf8;
}

// The XML declaration of a converted file names the encoding it was saved
// in ("UTF-16", as xmllint reads it); the text is UTF-8 now, and says so,
// so that load_xml()'s rule (UTF-8 only) holds for what it is given.
void relabel_xml_declaration(std::string& text) {
    if (text.rfind("<?xml", 0) != 0)
        return;
    auto end = text.find("?>");
    auto at = text.find("encoding", 0);
    if (end == std::string::npos || at == std::string::npos || at > end)
        return;
    auto quote = text.find_first_of("\"'", at);
    if (quote == std::string::npos || quote > end)
        return;
    auto close = text.find(text[quote], quote + 1);
    if (close == std::string::npos || close > end)
        return;
    std::string name = text.substr(quote + 1, close - quote - 1);
    for (auto& c : name)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (name.rfind("UTF-16", 0) == 0 || name.rfind("UTF-32", 0) == 0 || name == "UCS-2" ||
        name == "UNICODE")
        text.replace(quote + 1, close - quote - 1, "UTF-8");
}

} // namespace

DecodedText decode_text(std::string_view bytes, const std::string& source) {
    DecodedText decoded;
    ByteOrderMark const mark = byte_order_mark(bytes);
    if (mark == ByteOrderMark::None || mark == ByteOrderMark::Utf8) {
        if (auto problem = utf8_problem(bytes, source)) {
            decoded.m_error = std::move(problem);
            return decoded;
        }
        decoded.m_view = bytes.substr(byte_order_mark_size(mark));
        return decoded;
    }
    auto converted = convert(bytes.substr(byte_order_mark_size(mark)), mark, source);
    if (auto* problem = std::get_if<Diagnostic>(&converted)) {
        decoded.m_error = std::move(*problem);
        return decoded;
    }
    decoded.m_converted = std::move(std::get<std::string>(converted));
    relabel_xml_declaration(*decoded.m_converted);
    decoded.m_note = "read as " + encoding_name(mark) + "; saving it as UTF-8 is better";
    return decoded;
}

} // namespace beacon
