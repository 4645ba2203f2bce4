#include "core/utf8.h"

namespace beacon {

std::optional<char32_t> next_code_point(std::string_view text, std::size_t& at) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(at);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xe  ? 3
                         : (lead >> 3) == 0x1e ? 4
                                               : 0;
    if (length == 0 || at + length > text.size())
        return std::nullopt;
    char32_t value = length == 1 ? lead : lead & (0x7f >> length);
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xc0) != 0x80)
            return std::nullopt;
        value = (value << 6) | (byte(at + i) & 0x3f);
    }
    static constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < smallest[length] || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
        return std::nullopt;
    at += length;
    return value;
}

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
    for (std::size_t at = 0; at < text.size();)
        if (!next_code_point(text, at))
            return at;
    return std::nullopt;
}

} // namespace beacon
