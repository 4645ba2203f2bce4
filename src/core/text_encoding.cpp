#include "core/text_encoding.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace beacon {

namespace {

constexpr std::string_view save_as_utf8 = "in Notepad use Save As → Encoding: UTF-8";

// Windows-1252 from 0x80 to 0x9F; 0 where the code page defines nothing.
// From 0xA0 on it is Latin-1, the byte's own code point.
constexpr char32_t windows_1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Bytes that end a word: ASCII white space and the XML and config
// punctuation around words. Bytes of 0x80 and up belong to words.
bool ends_word(unsigned char byte) {
    return byte < 0x80 && (byte <= ' ' || std::strchr("<>\"'=&;/()[]{},.:!?#", byte));
}

// Whether a Windows-1252 byte of 0x80 and up is something people write in
// words: a letter (À to ÿ but × and ÷; Š Œ Ž š œ ž Ÿ) or common punctuation
// (€ … quotes dashes ¡ ¿ « » ° ©). Other bytes (¯, ¬, ...) make a guess
// more likely wrong than helpful.
bool is_wordlike_1252(unsigned char byte) {
    if (byte >= 0xC0)
        return byte != 0xD7 && byte != 0xF7;
    return std::strchr("\x80\x85\x8A\x8C\x8E\x91\x92\x93\x94\x96\x97\x9A\x9C\x9E\x9F"
                       "\xA1\xA9\xAA\xAB\xB0\xBA\xBB\xBF",
                       static_cast<char>(byte)) != nullptr;
}

// The word around `at` read as Windows-1252, when every byte of it is
// wordlike there: "clínica" for "cl\xEDnica".
std::optional<std::string> as_windows_1252(std::string_view text, std::size_t at) {
    constexpr std::size_t reach = 40;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t start = at;
    while (start > 0 && at - start < reach && !ends_word(bytes[start - 1]))
        --start;
    std::size_t end = at;
    while (end < text.size() && end - at < reach && !ends_word(bytes[end]))
        ++end;
    std::string word;
    for (std::size_t i = start; i < end; ++i) {
        if (bytes[i] >= 0x80 && !is_wordlike_1252(bytes[i]))
            return std::nullopt;
        char32_t c = bytes[i] < 0x80   ? bytes[i]
                     : bytes[i] < 0xA0 ? windows_1252_high[bytes[i] - 0x80]
                                       : bytes[i];
        if (c == 0)
            return std::nullopt;
        append_utf8(word, c);
    }
    return word;
}

std::string hex_bytes(std::string_view bytes) {
    std::string out;
    for (unsigned char byte : bytes) {
        char buffer[4];
        std::snprintf(buffer, sizeof buffer, "%02X", byte);
        out += (out.empty() ? "" : " ") + std::string(buffer);
    }
    return out;
}

bool is_continuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

// How long the valid sequence starting at `i` is, or 0 when it is not one;
// `seen` is how many of its bytes were looked at (at least 1).
std::size_t sequence_length(const unsigned char* bytes, std::size_t size, std::size_t i,
                            std::size_t& seen) {
    unsigned char lead = bytes[i];
    seen = 1;
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (length == 0 || lead > 0xF4)
        return 0;
    char32_t c = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if (i + k >= size)
            return 0;
        seen = k + 1;
        if (!is_continuation(bytes[i + k]))
            return 0;
        c = (c << 6) | (bytes[i + k] & 0x3F);
    }
    static constexpr char32_t shortest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < shortest[length] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
        return 0;
    return length;
}

// The length of a valid two- or three-byte sequence at `i`, or 0 when the
// bytes there are anything else: a four-byte sequence, or not UTF-8 at all.
// It accepts exactly what sequence_length() accepts for these lengths: a
// two-byte lead of C2 to DF (C0 and C1 would be overlong); after E0 a second
// byte of A0 and up (else overlong), after ED one below A0 (else a surrogate).
std::size_t common_sequence_length(const unsigned char* bytes, std::size_t size, std::size_t i) {
    unsigned char const lead = bytes[i];
    if (lead >= 0xC2 && lead <= 0xDF)
        return size - i >= 2 && is_continuation(bytes[i + 1]) ? 2 : 0;
    if ((lead & 0xF0) != 0xE0 || size - i < 3)
        return 0;
    unsigned char const second = bytes[i + 1];
    unsigned char const lowest = lead == 0xE0 ? 0xA0 : 0x80;
    unsigned char const highest = lead == 0xED ? 0x9F : 0xBF;
    return second >= lowest && second <= highest && is_continuation(bytes[i + 2]) ? 3 : 0;
}

bool is_ascii_word(const unsigned char* bytes) {
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    return (word & 0x8080808080808080ull) == 0;
}

} // namespace

ByteOrderMark byte_order_mark(std::string_view bytes) {
    auto starts = [&](std::string_view mark) { return bytes.substr(0, mark.size()) == mark; };
    using namespace std::string_view_literals;
    // UTF-32LE's mark begins with UTF-16LE's: test the longer first.
    if (starts("\xFF\xFE\0\0"sv))
        return ByteOrderMark::Utf32LittleEndian;
    if (starts("\0\0\xFE\xFF"sv))
        return ByteOrderMark::Utf32BigEndian;
    if (starts("\xEF\xBB\xBF"sv))
        return ByteOrderMark::Utf8;
    if (starts("\xFF\xFE"sv))
        return ByteOrderMark::Utf16LittleEndian;
    if (starts("\xFE\xFF"sv))
        return ByteOrderMark::Utf16BigEndian;
    return ByteOrderMark::None;
}

std::size_t byte_order_mark_size(ByteOrderMark mark) {
    switch (mark) {
    case ByteOrderMark::None:
        return 0;
    case ByteOrderMark::Utf8:
        return 3;
    case ByteOrderMark::Utf16LittleEndian:
    case ByteOrderMark::Utf16BigEndian:
        return 2;
    case ByteOrderMark::Utf32LittleEndian:
    case ByteOrderMark::Utf32BigEndian:
        return 4;
    }
    return 0;
}

std::string encoding_name(ByteOrderMark mark) {
    switch (mark) {
    case ByteOrderMark::None:
    case ByteOrderMark::Utf8:
        return "UTF-8";
    case ByteOrderMark::Utf16LittleEndian:
        return "UTF-16 (Notepad's \"Unicode\")";
    case ByteOrderMark::Utf16BigEndian:
        return "UTF-16 big-endian (Notepad's \"Unicode big endian\")";
    case ByteOrderMark::Utf32LittleEndian:
        return "UTF-32";
    case ByteOrderMark::Utf32BigEndian:
        return "UTF-32 big-endian";
    }
    return "UTF-8";
}

std::optional<Utf8Problem> find_invalid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t const size = text.size();
    std::size_t i = byte_order_mark(text) == ByteOrderMark::Utf8 ? 3 : 0;
    std::size_t seen = 0;
    while (i < size) {
        // Most of a playlist is ASCII: eight bytes are checked at a time.
        if (size - i >= 8 && is_ascii_word(bytes + i)) {
            i += 8;
            continue;
        }
        if (bytes[i] < 0x80) {
            ++i;
            continue;
        }
        // The texts are mostly two- and three-byte sequences (Arabic,
        // Cyrillic; Chinese, Khmer): those are taken here without decoding.
        // Everything else, valid or not, is judged by sequence_length().
        if (std::size_t length = common_sequence_length(bytes, size, i)) {
            i += length;
            continue;
        }
        std::size_t length = sequence_length(bytes, size, i, seen);
        if (length == 0)
            break;
        i += length;
    }
    if (i >= size)
        return std::nullopt;
    Utf8Problem problem;
    std::size_t line_start = text.rfind('\n', i);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    problem.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + i, '\n'));
    if (line_start == 0 && byte_order_mark(text) == ByteOrderMark::Utf8)
        line_start = 3;
    // Everything before `i` is valid UTF-8: a character is a byte that does
    // not continue one.
    problem.column =
        1 + static_cast<int>(std::count_if(text.begin() + line_start, text.begin() + i, [](char c) {
            return !is_continuation(static_cast<unsigned char>(c));
        }));
    problem.message =
        "this file is not UTF-8 (found bytes " + hex_bytes(text.substr(i, seen)) + ")";
    if (auto guess = as_windows_1252(text, i))
        problem.message += ": probably \"" + *guess + "\" in Windows-1252 (Notepad's \"ANSI\")";
    problem.message += "; " + std::string(save_as_utf8);
    return problem;
}

std::optional<Diagnostic> utf8_problem(std::string_view text, const std::string& source) {
    ByteOrderMark mark = byte_order_mark(text);
    if (mark != ByteOrderMark::None && mark != ByteOrderMark::Utf8)
        return Diagnostic{source, 1,
                          "this file is " + encoding_name(mark) + ", not UTF-8; " +
                              std::string(save_as_utf8),
                          Severity::Error, 1};
    auto problem = find_invalid_utf8(text);
    if (!problem)
        return std::nullopt;
    return Diagnostic{source, problem->line, std::move(problem->message), Severity::Error,
                      problem->column};
}

} // namespace beacon
