#include "fuzz/targets.h"

#include "render/fonts.h"
#include "render/text.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>

namespace beacon::fuzz {

namespace {

// The kiosk's languages and a few the fonts table does not know.
constexpr const char* k_languages[] = {"en", "es", "zh-Hans", "zh-Hant", "vi",   "tl", "ko",
                                       "ar", "ru", "ht",      "km",      "fa",   "he", "th",
                                       "hi", "ja", "am",      "xx",      "ar-EG"};

// Blocks that random "mixed script" text is drawn from: letters of many
// scripts, combining marks, digits, spaces and punctuation the line breaker
// cares about, bidi controls, joiners and emoji.
struct Block {
    char32_t first;
    char32_t count;
};
constexpr Block k_blocks[] = {
    {0x0020, 0x5F},  {0x00A0, 0x60}, {0x0300, 0x70},   {0x0400, 0x100},  {0x0590, 0x70},
    {0x0600, 0x100}, {0x0900, 0x80}, {0x0E00, 0x80},   {0x1780, 0x80},   {0x1000, 0xA0},
    {0x2000, 0x70},  {0x3000, 0x40}, {0x3040, 0xC0},   {0x4E00, 0x5200}, {0xAC00, 0x2BA4},
    {0xFB50, 0x2B0}, {0xFE70, 0x90}, {0x1F300, 0x300}, {0x0030, 0x0A},   {0x0020, 0x01},
    {0x200B, 0x05},  {0x202A, 0x05}, {0x2066, 0x04},   {0xFFF9, 0x07},
};

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Two input bytes per code point: a block, then a place in it.
std::string mixed_script_text(std::string_view bytes) {
    std::string text;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        auto block = k_blocks[static_cast<unsigned char>(bytes[i]) % std::size(k_blocks)];
        char32_t step = block.count > 256 ? block.count / 256 : 1;
        auto offset = (static_cast<unsigned char>(bytes[i + 1]) * step) % block.count;
        append_utf8(text, block.first + offset);
    }
    return text;
}

render::Fonts& fonts() {
    // Fonts are found once and kept, as the player keeps them.
    static render::Fonts* instance = [] {
        auto created = render::Fonts::create();
        if (!created) {
            std::fprintf(stderr, "fuzz: %s\n", created.error().message.c_str());
            std::abort();
        }
        return created.release_value().release();
    }();
    return *instance;
}

Problem check_lines(const render::Paragraph& paragraph, const char* what) {
    int widest = 0;
    for (auto& line : paragraph.lines) {
        if (line.width < 0)
            return std::string(what) + ": a line of negative width";
        if (!line.text.empty() && (line.text.front() == ' ' || line.text.back() == ' '))
            return std::string(what) + ": line \"" + line.text + "\" keeps an outer space";
        widest = std::max(widest, line.width);
    }
    if (paragraph.width != widest)
        return std::string(what) + ": paragraph width " + std::to_string(paragraph.width) +
               " but widest line " + std::to_string(widest);
    if (!paragraph.lines.empty() && paragraph.line_height <= 0)
        return std::string(what) + ": lines with no height";
    return {};
}

} // namespace

Problem text_layout_target(std::string_view input) {
    if (input.size() < 4)
        return {};
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(input[i]); };
    render::TextStyle style;
    style.lang = k_languages[byte(0) % std::size(k_languages)];
    int box_width = 16 + ((byte(1) << 8) | byte(2)) % 1904;
    int mode = byte(3);
    style.px = (mode & 6) == 0 ? 12 : (mode & 6) == 2 ? 24 : (mode & 6) == 4 ? 48 : 96;
    style.bold = mode & 8;
    std::string text = mode & 1 ? std::string(input.substr(4)) : mixed_script_text(input.substr(4));

    render::TextEngine engine(fonts());
    auto paragraph = engine.layout_paragraph(text, style, box_width);
    if (auto problem = check_lines(paragraph, "layout_paragraph"))
        return problem;
    if (mode & 16) {
        auto rendered = engine.render(paragraph, style, SDL_Color{255, 255, 255, 255},
                                      render::Align::Start, box_width);
        if (rendered.surface && rendered.surface->w < paragraph.width)
            return "rendered surface narrower than the paragraph";
        if (rendered.surface && rendered.surface->h < paragraph.height())
            return "rendered surface shorter than the paragraph";
    }
    if (mode & 32) {
        Size box{box_width, 24 + (byte(2) * 7) % 1056};
        render::TextStyle fitted = style;
        auto fit = engine.fit(text, fitted, box, 12, 96, mode & 64);
        if (auto problem = check_lines(fit, "fit"))
            return problem;
        if (fitted.px < 12 || fitted.px > 96)
            return "fit chose " + std::to_string(fitted.px) + " px outside [12, 96]";
        if (fit.line_height > 0 &&
            static_cast<int>(fit.lines.size()) > std::max(1, box.height / fit.line_height))
            return "fit left " + std::to_string(fit.lines.size()) + " lines in a box of " +
                   std::to_string(box.height) + " px";
    }
    // Fonts at many sizes pile up during fit(); the player trims the same way.
    fonts().trim();
    return {};
}

} // namespace beacon::fuzz
