#include "render/text.h"

#include "render/unicode.h"

#include <algorithm>
#include <cstdio>

namespace beacon::render {

// A piece of one line drawn with one font, one script and one direction.
struct TextEngine::Run {
    std::string text;
    TTF_Font* font = nullptr;
    char const* script = "Latn";
    bool right_to_left = false;
};

namespace {

// Marks that must stay in the font of the character they attach to.
bool sticks_to_previous(char32_t c) {
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x200B && c <= 0x200F) ||
           (c >= 0xFE00 && c <= 0xFE0F) || c == 0x20E3;
}

void prepare(TTF_Font* font, char const* script, bool right_to_left) {
    TTF_SetFontScriptName(font, script);
    TTF_SetFontDirection(font, right_to_left ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// Byte offsets where a new line may start: after spaces, and around CJK
// characters unless the next character is closing punctuation.
std::vector<std::size_t> break_opportunities(std::vector<CodePoint> const& points) {
    std::vector<std::size_t> breaks;
    for (std::size_t i = 1; i < points.size(); ++i) {
        char32_t const before = points[i - 1].value;
        char32_t const here = points[i].value;
        bool const after_space = is_space(before) && !is_space(here);
        bool const cjk = (breaks_around(before) || breaks_around(here)) && !is_space(here) &&
                         !no_break_before(here);
        if (after_space || cjk || cluster_break_between(before, here))
            breaks.push_back(points[i].offset);
    }
    return breaks;
}

} // namespace

bool TextEngine::right_to_left(const TextStyle& style) const {
    return language_info(style.lang).right_to_left;
}

// Line box of a paragraph. Fonts declare their full vertical extent as
// line height; Noto Sans Arabic declares 2.1 em for rare stacked marks, which
// spreads lines and shrinks fitted text. The box is capped at 1.75 em and the
// baseline keeps the font's ascent-to-descent proportion.
TextEngine::LineBox TextEngine::line_box(const TextStyle& style) {
    TTF_Font* font = m_fonts.open(m_fonts.chain(style.lang, style.bold).front(), style.px);
    if (!font)
        return {style.px * 4 / 3, style.px};
    int const above = TTF_FontAscent(font);
    int const below = std::max(1, -TTF_FontDescent(font));
    int const height = std::min(TTF_FontLineSkip(font), style.px * 7 / 4);
    return {height, height * above / (above + below)};
}

int TextEngine::line_height(const TextStyle& style) {
    return line_box(style).height;
}

int TextEngine::ascent(const TextStyle& style) {
    return line_box(style).baseline;
}

// Splits a line into runs and puts them in display order. Simplified bidi:
// neutrals between two runs of one direction take that direction, other
// neutrals take the paragraph's; each run is then shaped in its own
// direction by HarfBuzz.
std::vector<TextEngine::Run> TextEngine::visual_runs(std::string_view line,
                                                     const TextStyle& style) {
    auto const points = decode_utf8(line);
    LanguageInfo const info = language_info(style.lang);
    auto const& faces = m_fonts.chain(style.lang, style.bold);
    std::size_t const n = points.size();

    std::vector<Strong> direction(n);
    for (std::size_t i = 0; i < n; ++i)
        direction[i] = direction_of(points[i].value);
    Strong const paragraph = info.right_to_left ? Strong::RightToLeft : Strong::LeftToRight;
    for (std::size_t i = 0; i < n;) {
        if (direction[i] != Strong::Neutral) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < n && direction[end] == Strong::Neutral)
            ++end;
        Strong const before = i == 0 ? paragraph : direction[i - 1];
        Strong const after = end == n ? paragraph : direction[end];
        std::fill(direction.begin() + i, direction.begin() + end,
                  before == after ? before : paragraph);
        i = end;
    }

    std::vector<Run> logical;
    std::size_t current_face = 0;
    char const* current_script = nullptr;
    for (std::size_t i = 0; i < n; ++i) {
        char32_t const c = points[i].value;
        std::size_t face = current_face;
        bool const keep = sticks_to_previous(c) || is_space(c);
        TTF_Font* font = m_fonts.open(faces[face], style.px);
        if (!keep && !(font && TTF_GlyphIsProvided32(font, c))) {
            face = 0;
            for (std::size_t k = 0; k < faces.size(); ++k) {
                TTF_Font* candidate = m_fonts.open(faces[k], style.px);
                if (candidate && TTF_GlyphIsProvided32(candidate, c)) {
                    face = k;
                    break;
                }
            }
        }
        char const* script = script_of(c);
        bool const rtl = direction[i] == Strong::RightToLeft;
        bool const script_change =
            script && current_script && std::string_view(script) != current_script;
        if (logical.empty() || face != current_face || rtl != logical.back().right_to_left ||
            script_change) {
            logical.push_back({{}, m_fonts.open(faces[face], style.px), nullptr, rtl});
            current_script = nullptr;
        }
        if (script && !current_script)
            current_script = logical.back().script = script;
        current_face = face;
        logical.back().text.append(line.substr(points[i].offset, points[i].length));
    }

    std::vector<Run> visual;
    std::vector<std::vector<Run>> groups; // same-direction stretches
    for (Run& run : logical) {
        if (!run.script)
            run.script = info.script;
        if (groups.empty() || groups.back().back().right_to_left != run.right_to_left)
            groups.emplace_back();
        groups.back().push_back(std::move(run));
    }
    if (info.right_to_left)
        std::reverse(groups.begin(), groups.end());
    for (auto& group : groups) {
        if (group.front().right_to_left)
            std::reverse(group.begin(), group.end());
        for (Run& run : group) {
            if (run.font)
                visual.push_back(std::move(run));
        }
    }
    return visual;
}

int TextEngine::measure(std::string_view text, const TextStyle& style) {
    int total = 0;
    for (Run const& run : visual_runs(text, style)) {
        prepare(run.font, run.script, run.right_to_left);
        int width = 0;
        int height = 0;
        if (TTF_SizeUTF8(run.font, run.text.c_str(), &width, &height) == 0)
            total += width;
    }
    return total;
}

Paragraph TextEngine::layout_paragraph(std::string_view text, const TextStyle& style,
                                       int box_width) {
    Paragraph paragraph;
    paragraph.line_height = line_height(style);
    paragraph.right_to_left = right_to_left(style);
    auto add_line = [&](std::string_view line) {
        int const width = measure(line, style);
        paragraph.lines.push_back({std::string(line), width});
        paragraph.width = std::max(paragraph.width, width);
    };

    while (true) {
        auto const newline = text.find('\n');
        std::string_view source = trim(text.substr(0, newline));
        auto const points = decode_utf8(source);
        auto breaks = break_opportunities(points);
        breaks.push_back(source.size());

        std::size_t start = 0;
        while (start < source.size()) {
            std::size_t best = 0;
            for (std::size_t end : breaks) {
                if (end <= start)
                    continue;
                if (measure(trim(source.substr(start, end - start)), style) > box_width)
                    break;
                best = end;
            }
            if (best == 0) {
                // One word wider than the box: break it between characters,
                // keeping at least one so the loop always advances.
                paragraph.split_words = true;
                for (CodePoint const& point : points) {
                    std::size_t const end = point.offset + point.length;
                    if (point.offset < start)
                        continue;
                    if (best != 0 && measure(source.substr(start, end - start), style) > box_width)
                        break;
                    best = end;
                }
            }
            add_line(trim(source.substr(start, best - start)));
            start = best;
            while (start < source.size() && source[start] == ' ')
                ++start;
        }
        if (newline == std::string_view::npos)
            break;
        text.remove_prefix(newline + 1);
    }
    return paragraph;
}

Paragraph TextEngine::fit(std::string_view text, TextStyle& style, Size box, int min_px, int max_px,
                          bool single_line) {
    min_px = std::max(4, std::min(min_px, max_px));
    auto attempt = [&](int px) {
        style.px = px;
        return layout_paragraph(text, style, single_line ? 1 << 20 : box.width);
    };
    auto fits = [&](Paragraph const& p) {
        return p.width <= box.width && p.height() <= box.height && !p.split_words &&
               (!single_line || p.lines.size() <= 1);
    };
    int low = min_px;
    int high = max_px;
    int best = 0;
    while (low <= high) {
        int const mid = (low + high) / 2;
        if (fits(attempt(mid))) {
            best = mid;
            low = mid + 1;
        } else {
            high = mid - 1;
        }
    }
    if (best != 0)
        return attempt(best);

    // Still too big at the smallest size: callers crop to their box.
    Paragraph paragraph = attempt(min_px);
    int const room = paragraph.line_height ? box.height / paragraph.line_height : 0;
    if (static_cast<int>(paragraph.lines.size()) > std::max(1, room)) {
        paragraph.lines.resize(std::max(1, room));
        paragraph.truncated = true;
    }
    return paragraph;
}

Surface TextEngine::render(const Paragraph& paragraph, const TextStyle& style, SDL_Color color,
                           Align align, int width) {
    width = std::max(width, paragraph.width);
    if (paragraph.lines.empty() || width <= 0 || paragraph.height() <= 0)
        return nullptr;
    Surface surface(
        SDL_CreateRGBSurfaceWithFormat(0, width, paragraph.height(), 32, SDL_PIXELFORMAT_ARGB8888));
    if (!surface)
        return nullptr;
    // Transparent pixels already carry the text colour, so blending runs in
    // leaves no dark fringe around glyphs.
    SDL_FillRect(surface.get(), nullptr,
                 SDL_MapRGBA(surface->format, color.r, color.g, color.b, 0));

    int const baseline = ascent(style);
    bool const rtl = paragraph.right_to_left;
    int y = 0;
    for (TextLine const& line : paragraph.lines) {
        int x = 0;
        bool const at_right = align == Align::End ? !rtl : align == Align::Start && rtl;
        if (at_right)
            x = width - line.width;
        else if (align == Align::Center)
            x = (width - line.width) / 2;
        for (Run const& run : visual_runs(line.text, style)) {
            prepare(run.font, run.script, run.right_to_left);
            Surface piece(TTF_RenderUTF8_Blended(run.font, run.text.c_str(), color));
            if (!piece)
                continue; // a run of only spaces has nothing to draw
            SDL_SetSurfaceBlendMode(piece.get(), SDL_BLENDMODE_BLEND);
            SDL_Rect target{x, y + baseline - TTF_FontAscent(run.font), piece->w, piece->h};
            SDL_BlitSurface(piece.get(), nullptr, surface.get(), &target);
            int advance = 0;
            int height = 0;
            TTF_SizeUTF8(run.font, run.text.c_str(), &advance, &height);
            x += advance;
        }
        y += paragraph.line_height;
    }
    return surface;
}

} // namespace beacon::render
