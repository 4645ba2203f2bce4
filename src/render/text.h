#pragma once

// The text layout engine: a paragraph, a language and a box become lines of
// positioned glyph runs, which render() draws glyph by glyph from the same
// FreeType faces (text_render.cpp).
//
//   NFC (ICU) -> phone numbers found -> UAX #9 levels (ICU ubidi, numbers
//   forced left to right) -> script of every character -> a font for every
//   character (the language's face, else the script's, else any installed
//   face that has it) -> runs of one level, script and face, shaped by
//   HarfBuzz -> UAX #14 break opportunities (ICU, the language's locale,
//   none inside a phone number) -> greedy lines -> each line's visual runs
//   (ubidi_setLine), each run's glyphs cut from its item's shaping or
//   reshaped alone.
//
// A character no installed font has is never drawn as a box: it is left out
// and reported in Paragraph::missing.
//
// Layouts are cached by (text, language, size, weight, width), so redrawing
// a screen, switching language or closing the hotline reshapes nothing.
// What comes before shaping (NFC aside) depends on no size: each source
// paragraph's analysis (bidi levels, faces, runs, break opportunities) is
// cached by (text, language, weight), so a text laid out at several sizes
// (auto-fit, `beacon validate`'s three screens) is analysed once.

#include "core/geometry.h"
#include "render/fonts.h"

#include <SDL.h>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

typedef struct hb_buffer_t hb_buffer_t;

namespace beacon::render {

struct TextStyle {
    std::string lang; // picks the fonts, script, direction and line-break rules
    int px = 16;      // pixels per em
    bool bold = false;
};

// Start is the left edge for left-to-right languages, the right edge for
// right-to-left ones.
enum class Align { Start, Center, End };

// One glyph as HarfBuzz placed it; positions in 26.6 fixed point (1/64 px).
struct Glyph {
    std::uint32_t id = 0;
    std::uint32_t cluster = 0; // UTF-16 offset into the run's text
    int x_advance = 0;
    int x_offset = 0;
    int y_offset = 0;
};

// A piece of one line in one face, script and direction.
struct GlyphRun {
    FontFace face;
    std::string text;   // UTF-8 in logical order: the characters the glyphs draw
    std::string script; // ISO 15924, as HarfBuzz shaped the run
    bool right_to_left = false;
    std::vector<Glyph> glyphs; // HarfBuzz's output, in visual order
    int x = 0;                 // pen position in pixels from the line's left edge
    int advance = 0;           // 26.6
};

struct TextLine {
    std::string text;           // logical order, NFC, without surrounding spaces
    std::vector<GlyphRun> runs; // visual order, left to right on screen
    int width = 0;
};

struct Paragraph {
    std::vector<TextLine> lines;
    int line_height = 0;
    int baseline = 0; // from a line's top
    int width = 0;    // widest line
    bool right_to_left = false;
    bool split_words = false;      // a word was split between graphemes to fit
    bool truncated = false;        // lines were dropped because the box was too short
    std::vector<char32_t> missing; // code points no installed font has (left out)

    int height() const { return line_height * static_cast<int>(lines.size()); }
};

struct SurfaceDeleter {
    void operator()(SDL_Surface* surface) const { SDL_FreeSurface(surface); }
};
using Surface = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

// A rendered paragraph. The surface has room for ink that reaches above the
// first line or below the last (stacked marks, Khmer subscripts): the
// paragraph's first line box starts `top` pixels below the surface's top.
struct RenderedText {
    Surface surface;
    int top = 0;
    int bottom = 0; // extra rows below the last line box
};

class TextEngine {
  public:
    explicit TextEngine(Fonts& fonts);
    ~TextEngine();
    TextEngine(const TextEngine&) = delete;
    TextEngine& operator=(const TextEngine&) = delete;

    // Width of `text` on one line.
    int measure(std::string_view text, const TextStyle& style);
    int line_height(const TextStyle& style);
    // Distance from a line's top to its baseline.
    int ascent(const TextStyle& style);
    bool right_to_left(const TextStyle& style) const;

    Paragraph layout_paragraph(std::string_view text, const TextStyle& style, int box_width);
    // layout_paragraph() without the copy, for callers that only read a few
    // figures (`beacon validate`): valid until the next layout.
    const Paragraph& laid_out(std::string_view text, const TextStyle& style, int box_width);

    // Largest size in [min_px, max_px] (written to style.px) at which `text`
    // fits `box` without splitting words; when nothing fits, min_px with the
    // lines that do not fit dropped.
    Paragraph fit(std::string_view text, TextStyle& style, Size box, int min_px, int max_px,
                  bool single_line = false);

    // The paragraph's lines aligned in a transparent surface `width` wide
    // (at least paragraph.width). Null surface for an empty paragraph.
    RenderedText render(const Paragraph& paragraph, const TextStyle& style, SDL_Color color,
                        Align align, int width);

    // Code points of `text` (after NFC) that no installed font has.
    std::vector<char32_t> missing_glyphs(std::string_view text, const std::string& lang);

    // Runs shaped with HarfBuzz since creation: cached layouts add none.
    std::uint64_t shaped_runs() const { return m_shaped_runs; }
    // Steps taken breaking lines since creation: glyphs, items and code
    // units visited while building lines. Layout time must be linear in the
    // text (issue 18), and this counts it without a clock.
    std::uint64_t layout_steps() const { return m_layout_steps; }
    // Source paragraphs whose analysis is cached (at most a few hundred).
    std::size_t cached_analyses() const { return m_analyses.size(); }
    void clear_cache();

    // HarfBuzz over `text` in `face` at `px`, with the run's script and
    // direction.
    std::vector<Glyph> shape(const FontFace& face, int px, std::u16string_view text,
                             const std::string& script, bool right_to_left, int* advance);

  private:
    struct LineBox {
        int height;
        int baseline;
    };
    struct Analysis;
    struct Layout;
    LineBox line_box(const TextStyle& style);
    // Everything layout_source() finds before sizes matter, for one source
    // paragraph in one language and weight.
    std::unique_ptr<Analysis> analyse(std::u16string_view source, const TextStyle& style);
    // analyse(), cached by (source, language, weight): valid until the next
    // call. Sound because nothing else goes in: the language decides the
    // direction, script fallback and break rules, and Fonts' answers for a
    // character, language and weight never change while it exists.
    const Analysis& analysed(std::u16string_view source, const TextStyle& style);
    Paragraph layout_uncached(std::string_view text, const TextStyle& style, int box_width);
    // shape(), also giving each glyph's HarfBuzz UNSAFE_TO_BREAK flag.
    std::vector<Glyph> shape(const FontFace& face, int px, std::u16string_view text,
                             const std::string& script, bool right_to_left, int* advance,
                             std::vector<bool>* unsafe_to_break);
    void layout_source(std::u16string_view source, const TextStyle& style, int box_width,
                       Paragraph& paragraph);

    Fonts& m_fonts;
    hb_buffer_t* m_buffer = nullptr;
    std::uint64_t m_shaped_runs = 0;
    std::uint64_t m_layout_steps = 0;
    // Hashed, not ordered: `beacon validate` looks up every distinct title
    // at three sizes, and a tree compares whole texts at each step. Nothing
    // iterates these maps.
    using Key = std::tuple<std::string, std::string, int, bool, int>;
    struct KeyHash {
        std::size_t operator()(const Key& key) const;
    };
    std::unordered_map<Key, Paragraph, KeyHash> m_layouts;
    // The text is a view of the keyed analysis' own copy (Analysis::text),
    // which the map owns with the key: one copy of each source, not two.
    using AnalysisKey = std::tuple<std::u16string_view, std::string, bool>;
    struct AnalysisKeyHash {
        std::size_t operator()(const AnalysisKey& key) const;
    };
    std::unordered_map<AnalysisKey, std::unique_ptr<Analysis>, AnalysisKeyHash> m_analyses;
};

} // namespace beacon::render
