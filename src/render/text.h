#pragma once

// Text layout and rendering on top of SDL_ttf (HarfBuzz shaping).
//
// The interface is shaped so a full layout engine (UAX #9 bidi, UAX #14
// line breaking) can replace the interim one behind it: callers ask for a
// Paragraph laid out in a width and render it; they never split text
// themselves. For now lines break at spaces (and between CJK characters),
// a simplified bidi orders runs inside a line, and right-to-left languages
// align lines to the right.

#include "core/geometry.h"
#include "render/fonts.h"

#include <SDL.h>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::render {

struct TextStyle {
    std::string lang; // picks the font, script and paragraph direction
    int px = 16;      // pixels per em
    bool bold = false;
};

// Start is the left edge for left-to-right languages, the right edge for
// right-to-left ones.
enum class Align { Start, Center, End };

struct TextLine {
    std::string text; // logical order, no leading or trailing spaces
    int width = 0;
};

struct Paragraph {
    std::vector<TextLine> lines;
    int line_height = 0;
    int width = 0; // widest line
    bool right_to_left = false;
    bool split_words = false; // some word was broken mid-word to fit
    bool truncated = false;   // lines were dropped because the box was too short

    int height() const { return line_height * static_cast<int>(lines.size()); }
};

struct SurfaceDeleter {
    void operator()(SDL_Surface* surface) const { SDL_FreeSurface(surface); }
};
using Surface = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

class TextEngine {
  public:
    explicit TextEngine(Fonts& fonts) : m_fonts(fonts) {}

    int measure(std::string_view text, const TextStyle& style);
    int line_height(const TextStyle& style);
    // Distance from a line's top to its baseline in rendered paragraphs.
    int ascent(const TextStyle& style);
    bool right_to_left(const TextStyle& style) const;

    Paragraph layout_paragraph(std::string_view text, const TextStyle& style, int box_width);

    // Largest size in [min_px, max_px] (written to style.px) at which `text`
    // fits `box` without breaking words; when nothing fits, min_px with the
    // lines that do not fit dropped.
    Paragraph fit(std::string_view text, TextStyle& style, Size box, int min_px, int max_px,
                  bool single_line = false);

    // The paragraph's lines aligned in a transparent surface `width` wide
    // (at least paragraph.width). Null for an empty paragraph or on error.
    Surface render(const Paragraph& paragraph, const TextStyle& style, SDL_Color color, Align align,
                   int width);

  private:
    struct Run;
    struct LineBox {
        int height;
        int baseline;
    };
    LineBox line_box(const TextStyle& style);
    std::vector<Run> visual_runs(std::string_view line, const TextStyle& style);

    Fonts& m_fonts;
};

} // namespace beacon::render
