#include "render/unicode.h"

namespace beacon::render {

namespace {

bool in(char32_t c, char32_t first, char32_t last) {
    return c >= first && c <= last;
}

} // namespace

std::vector<CodePoint> decode_utf8(std::string_view text) {
    std::vector<CodePoint> points;
    points.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        auto const lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80         ? 1
                             : (lead >> 5) == 6  ? 2
                             : (lead >> 4) == 14 ? 3
                             : (lead >> 3) == 30 ? 4
                                                 : 0;
        char32_t value = length == 1   ? lead
                         : length == 2 ? lead & 0x1F
                         : length == 3 ? lead & 0x0F
                                       : lead & 0x07;
        bool valid = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            auto const next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xC0) == 0x80;
            value = (value << 6) | (next & 0x3F);
        }
        if (!valid || value > 0x10FFFF || in(value, 0xD800, 0xDFFF)) {
            points.push_back({0xFFFD, i, 1});
            ++i;
            continue;
        }
        points.push_back({value, i, length});
        i += length;
    }
    return points;
}

char const* script_of(char32_t c) {
    if (in(c, 'A', 'Z') || in(c, 'a', 'z') || in(c, 0xC0, 0x24F) || in(c, 0x1E00, 0x1EFF))
        return c == 0xD7 || c == 0xF7 ? nullptr : "Latn";
    if (in(c, 0x370, 0x3FF))
        return "Grek";
    if (in(c, 0x400, 0x52F))
        return "Cyrl";
    if (in(c, 0x590, 0x5FF))
        return "Hebr";
    if (in(c, 0x600, 0x6FF) || in(c, 0x750, 0x77F) || in(c, 0x8A0, 0x8FF) ||
        in(c, 0xFB50, 0xFDFF) || in(c, 0xFE70, 0xFEFF)) {
        // Arabic comma, semicolon, question mark and digits are shared with
        // Arabic text but still Arabic script; Latin digits are not.
        return "Arab";
    }
    if (in(c, 0x900, 0x97F))
        return "Deva";
    if (in(c, 0xE00, 0xE7F))
        return "Thai";
    if (in(c, 0x1200, 0x139F))
        return "Ethi";
    if (in(c, 0x1780, 0x17FF) || in(c, 0x19E0, 0x19FF))
        return "Khmr";
    if (in(c, 0x1100, 0x11FF) || in(c, 0x3130, 0x318F) || in(c, 0xAC00, 0xD7AF))
        return "Hang";
    if (in(c, 0x3040, 0x30FF) || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) ||
        in(c, 0xF900, 0xFAFF) || in(c, 0x20000, 0x3FFFF))
        return "Hani";
    return nullptr;
}

Strong direction_of(char32_t c) {
    if (in(c, '0', '9'))
        return Strong::LeftToRight;
    if (c == 0xD7 || c == 0xF7)
        return Strong::Neutral;
    if (in(c, 0x590, 0x8FF) || in(c, 0xFB1D, 0xFDFF) || in(c, 0xFE70, 0xFEFF)) {
        // Arabic-Indic digits sit inside Arabic runs where HarfBuzz orders them.
        return Strong::RightToLeft;
    }
    if (script_of(c))
        return Strong::LeftToRight;
    if (c >= 0x80 && !is_space(c) && !in(c, 0x2000, 0x2BFF) && !in(c, 0x3000, 0x303F) &&
        !in(c, 0xFF00, 0xFF0F) && !in(c, 0xA0, 0xBF)) {
        // Letters of scripts not listed above are left to right.
        return Strong::LeftToRight;
    }
    return Strong::Neutral;
}

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || in(c, 0x2000, 0x200A);
}

bool breaks_around(char32_t c) {
    return in(c, 0x3040, 0x30FF) || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) ||
           in(c, 0xF900, 0xFAFF) || in(c, 0x20000, 0x3FFFF) || in(c, 0x3000, 0x303F) ||
           in(c, 0xFF01, 0xFF60);
}

bool cluster_break_between(char32_t before, char32_t here) {
    if (in(before, 0x1780, 0x17FF) && in(here, 0x1780, 0x17B3))
        return before != 0x17D2; // after COENG the consonant is a subscript
    if (in(before, 0xE00, 0xE7F) && in(here, 0xE00, 0xE7F)) {
        bool const leading_vowel = in(before, 0xE40, 0xE44);
        return !leading_vowel && (in(here, 0xE01, 0xE2E) || in(here, 0xE40, 0xE44));
    }
    if (in(before, 0xE80, 0xEFF) && in(here, 0xE80, 0xEFF)) {
        bool const leading_vowel = in(before, 0xEC0, 0xEC4);
        return !leading_vowel && (in(here, 0xE81, 0xEAE) || in(here, 0xEC0, 0xEC4));
    }
    if (in(before, 0x1000, 0x109F) && in(here, 0x1000, 0x102A))
        return before != 0x1039;
    return false;
}

bool no_break_before(char32_t c) {
    switch (c) {
    case 0x3001: // 、
    case 0x3002: // 。
    case 0xFF0C: // ，
    case 0xFF0E: // ．
    case 0xFF01: // ！
    case 0xFF1F: // ？
    case 0xFF1A: // ：
    case 0xFF1B: // ；
    case 0xFF09: // ）
    case 0x300D: // 」
    case 0x300F: // 』
    case 0x3011: // 】
    case 0x30FC: // ー
    case 0x3063: // っ
    case 0x30C3: // ッ
        return true;
    default:
        return false;
    }
}

} // namespace beacon::render
