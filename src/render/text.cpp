// The layout pipeline of text.h, from shaping to greedy lines. Over 400
// lines because layout_source() is one pass (runs -> break opportunities ->
// lines -> visual runs) whose steps share its local state; fitting a size
// (text_fit.cpp) and drawing (text_render.cpp) live apart.

#include "render/text.h"

#include "core/typography.h"
#include "render/unicode.h"

#include <hb.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <climits>
#include <functional>

namespace beacon::render {

namespace {

constexpr std::size_t max_cached_layouts = 4096;
// Analyses are kept for the sizes that follow (a sheet's three screens, an
// auto-fit's few steps), not for the whole run: each holds its text, its
// bidi levels and its break offsets, a few kilobytes at most.
constexpr std::size_t max_cached_analyses = 256;

bool is_mark(char32_t c) {
    auto const type = u_charType(static_cast<UChar32>(c));
    return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
           type == U_COMBINING_SPACING_MARK;
}

bool shared_script(char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode const script = uscript_getScript(static_cast<UChar32>(c), &status);
    return script == USCRIPT_COMMON || script == USCRIPT_INHERITED;
}

std::u16string_view trim(std::u16string_view text) {
    auto space = [](char16_t c) { return c == u' ' || c == u'\t' || c == u'\r' || c == 0xA0; };
    while (!text.empty() && space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && space(text.back()))
        text.remove_suffix(1);
    return text;
}

} // namespace

// What layout_source() finds in one source paragraph (no '\n') before any
// size matters: its bidi levels, a face for every character, runs of one
// level, script and face, and where lines may break. Nothing here depends on
// the pixel size or the box width, so a text laid out at several sizes (the
// three screens `beacon validate` checks, the player's auto-fit search) is
// analysed once. Immutable once built; the cache owns it.
struct TextEngine::Analysis {
    struct Run {
        int start = 0;
        int end = 0;
        int face = -1; // index into faces; -1: characters no font has, left out
        std::string script;
        bool right_to_left = false;
    };
    std::u16string text;
    std::vector<Span> phones;
    std::unique_ptr<Bidi> bidi;
    std::vector<FontFace> faces;
    std::vector<Run> runs;
    std::vector<char32_t> missing; // code points no installed font has, in text order
    std::vector<int> breaks;       // line_breaks() of text
};

// One source paragraph at one size, prepared for breaking into lines: the
// analysis, and each of its runs shaped.
struct TextEngine::Layout {
    struct Item {
        // The analysis' run this item shapes, borrowed, not copied. A Layout
        // lives only inside one layout_source() call, which holds the
        // analysis (from analysed()) for its whole length; the analysis is
        // owned by m_analyses through a unique_ptr (its address survives
        // rehashing), and only analysed() and clear_cache() evict, neither of
        // which is called while a Layout exists. So the run outlives the
        // item; a Layout must never be kept past that call.
        Analysis::Run const* run = nullptr;
        // The whole item shaped once, in visual order; clusters count from
        // run->start. unsafe_to_break[i] is HarfBuzz's flag for glyphs[i].
        std::vector<Glyph> glyphs;
        std::vector<bool> unsafe_to_break;

        // Fills `piece` with the glyphs of characters [from, to) cut out of
        // `glyphs`, instead of shaping that piece again. HarfBuzz promises
        // this equals shaping the piece alone when neither cut is inside a cluster or before a
        // glyph flagged unsafe to break. False, and `piece` untouched, otherwise. Adds the glyphs
        // it visits to `steps`.
        bool cut(int from, int to, GlyphRun& piece, std::uint64_t& steps) const;
    };
    std::vector<Item> items;
    std::vector<long> prefix; // 26.6 advance of text[0, i)
};

bool TextEngine::Layout::Item::cut(int from, int to, GlyphRun& piece, std::uint64_t& steps) const {
    auto const first = static_cast<std::uint32_t>(from - run->start);
    auto const last = static_cast<std::uint32_t>(to - run->start); // one past
    auto const length = static_cast<std::uint32_t>(run->end - run->start);
    // Clusters only grow (left to right) or only shrink (right to left)
    // along the glyphs, so the glyphs of any stretch of text are one stretch
    // of them, found by binary search: a line's cut costs the log of the
    // item's length, not its length (that made layout quadratic).
    bool const ascending = glyphs.empty() || glyphs.front().cluster <= glyphs.back().cluster;
    auto glyphs_of = [&](std::uint32_t from_cluster, std::uint32_t to_cluster) {
        auto at_or_past = [&](std::uint32_t bound) {
            auto it = std::partition_point(glyphs.begin(), glyphs.end(), [&](Glyph const& g) {
                ++steps;
                return ascending ? g.cluster < bound : g.cluster >= bound;
            });
            return static_cast<std::size_t>(it - glyphs.begin());
        };
        return ascending ? std::pair{at_or_past(from_cluster), at_or_past(to_cluster)}
                         : std::pair{at_or_past(to_cluster), at_or_past(from_cluster)};
    };
    auto safe_at = [&](std::uint32_t offset) {
        if (offset == 0 || offset == length)
            return true; // the item's own edges: it was shaped with exactly these
        auto [begin, stop] = glyphs_of(offset, offset + 1);
        if (begin == stop || glyphs[begin].cluster != offset)
            return false; // inside a cluster
        for (std::size_t i = begin; i < stop; ++i)
            if (unsafe_to_break[i])
                return false;
        return true;
    };
    if (first >= last || !safe_at(first) || !safe_at(last))
        return false;
    auto [begin, stop] = glyphs_of(first, last);
    if (begin == stop)
        return false;
    std::vector<Glyph> cut_glyphs(glyphs.begin() + static_cast<std::ptrdiff_t>(begin),
                                  glyphs.begin() + static_cast<std::ptrdiff_t>(stop));
    int advance = 0;
    for (Glyph& glyph : cut_glyphs) {
        ++steps;
        glyph.cluster -= first;
        advance += glyph.x_advance;
    }
    piece.glyphs = std::move(cut_glyphs);
    piece.advance = advance;
    return true;
}

TextEngine::TextEngine(Fonts& fonts) : m_fonts(fonts), m_buffer(hb_buffer_create()) {}

TextEngine::~TextEngine() {
    hb_buffer_destroy(m_buffer);
}

namespace {

std::size_t mix(std::size_t seed, std::size_t value) {
    return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

} // namespace

std::size_t TextEngine::KeyHash::operator()(const Key& key) const {
    auto const& [text, lang, px, bold, width] = key;
    std::size_t seed = std::hash<std::string>{}(text);
    seed = mix(seed, std::hash<std::string>{}(lang));
    seed = mix(seed, static_cast<std::size_t>(px));
    seed = mix(seed, bold ? 1 : 0);
    return mix(seed, static_cast<std::size_t>(width));
}

std::size_t TextEngine::AnalysisKeyHash::operator()(const AnalysisKey& key) const {
    auto const& [text, lang, bold] = key;
    std::size_t seed = std::hash<std::u16string_view>{}(text);
    seed = mix(seed, std::hash<std::string>{}(lang));
    return mix(seed, bold ? 1 : 0);
}

void TextEngine::clear_cache() {
    m_layouts.clear();
    m_analyses.clear();
}

bool TextEngine::right_to_left(const TextStyle& style) const {
    return typography_for(style.lang).direction == Direction::RightToLeft;
}

// Fonts declare their full vertical extent as line height; Noto Sans Arabic
// declares 2.1 em for rare stacked marks, which spreads lines and shrinks
// fitted text. The box is capped at 1.75 em and the baseline keeps the
// font's ascent-to-descent proportion; render() makes room for ink beyond.
TextEngine::LineBox TextEngine::line_box(const TextStyle& style) {
    ShapingFont* font = m_fonts.shaping(m_fonts.chain(style.lang, style.bold).front(), style.px);
    if (!font)
        return {style.px * 4 / 3, style.px};
    int const above = std::max(1, font->ascent);
    int const below = std::max(1, font->descent);
    int const height = std::min(std::max(font->line_skip, above + below), style.px * 7 / 4);
    return {height, height * above / (above + below)};
}

int TextEngine::line_height(const TextStyle& style) {
    return line_box(style).height;
}

int TextEngine::ascent(const TextStyle& style) {
    return line_box(style).baseline;
}

std::vector<Glyph> TextEngine::shape(const FontFace& face, int px, std::u16string_view text,
                                     const std::string& script, bool right_to_left, int* advance) {
    return shape(face, px, text, script, right_to_left, advance, nullptr);
}

std::vector<Glyph> TextEngine::shape(const FontFace& face, int px, std::u16string_view text,
                                     const std::string& script, bool right_to_left, int* advance,
                                     std::vector<bool>* unsafe_to_break) {
    std::vector<Glyph> glyphs;
    if (advance)
        *advance = 0;
    if (unsafe_to_break)
        unsafe_to_break->clear();
    ShapingFont* font = m_fonts.shaping(face, px);
    if (!font || text.empty())
        return glyphs;
    // Direction and script, then the default language, then the text,
    // shaped with kerning on (the order SDL_ttf used when it drew runs:
    // the test oracle in test_text_render.cpp still compares with it).
    hb_buffer_clear_contents(m_buffer);
    hb_buffer_set_direction(m_buffer, right_to_left ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(m_buffer, hb_script_from_string(script.c_str(), -1));
    hb_buffer_guess_segment_properties(m_buffer);
    hb_buffer_add_utf16(m_buffer, reinterpret_cast<uint16_t const*>(text.data()),
                        static_cast<int>(text.size()), 0, static_cast<int>(text.size()));
    hb_feature_t const kerning{HB_TAG('k', 'e', 'r', 'n'), 1, HB_FEATURE_GLOBAL_START,
                               HB_FEATURE_GLOBAL_END};
    hb_shape(font->font, m_buffer, &kerning, 1);
    ++m_shaped_runs;
    unsigned int count = 0;
    hb_glyph_info_t const* infos = hb_buffer_get_glyph_infos(m_buffer, &count);
    hb_glyph_position_t const* positions = hb_buffer_get_glyph_positions(m_buffer, &count);
    glyphs.reserve(count);
    if (unsafe_to_break)
        unsafe_to_break->reserve(count);
    int total = 0;
    for (unsigned int i = 0; i < count; ++i) {
        glyphs.push_back({infos[i].codepoint, infos[i].cluster, positions[i].x_advance,
                          positions[i].x_offset, positions[i].y_offset});
        total += positions[i].x_advance;
        if (unsafe_to_break)
            unsafe_to_break->push_back(
                (hb_glyph_info_get_glyph_flags(&infos[i]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) != 0);
    }
    if (advance)
        *advance = total;
    return glyphs;
}

Paragraph TextEngine::layout_paragraph(std::string_view text, const TextStyle& style,
                                       int box_width) {
    return laid_out(text, style, box_width);
}

const Paragraph& TextEngine::laid_out(std::string_view text, const TextStyle& style,
                                      int box_width) {
    Key key{std::string(text), style.lang, style.px, style.bold, box_width};
    if (auto it = m_layouts.find(key); it != m_layouts.end())
        return it->second;
    if (m_layouts.size() >= max_cached_layouts)
        m_layouts.clear();
    Paragraph paragraph = layout_uncached(text, style, box_width);
    return m_layouts.emplace(std::move(key), std::move(paragraph)).first->second;
}

Paragraph TextEngine::layout_uncached(std::string_view text, const TextStyle& style,
                                      int box_width) {
    Paragraph paragraph;
    LineBox const box = line_box(style);
    paragraph.line_height = box.height;
    paragraph.baseline = box.baseline;
    paragraph.right_to_left = right_to_left(style);
    std::u16string const all = nfc(to_utf16(text));
    std::u16string_view rest = all;
    while (true) {
        auto const newline = rest.find(u'\n');
        std::u16string_view const source = trim(rest.substr(0, newline));
        if (source.empty())
            paragraph.lines.emplace_back();
        else
            layout_source(source, style, box_width, paragraph);
        if (newline == std::u16string_view::npos)
            break;
        rest.remove_prefix(newline + 1);
    }
    for (TextLine const& line : paragraph.lines)
        paragraph.width = std::max(paragraph.width, line.width);
    std::sort(paragraph.missing.begin(), paragraph.missing.end());
    paragraph.missing.erase(std::unique(paragraph.missing.begin(), paragraph.missing.end()),
                            paragraph.missing.end());
    return paragraph;
}

std::unique_ptr<TextEngine::Analysis> TextEngine::analyse(std::u16string_view source,
                                                          const TextStyle& style) {
    LanguageTypography const typography = typography_for(style.lang);
    auto owned = std::make_unique<Analysis>();
    Analysis& analysis = *owned;
    analysis.text = std::u16string(source);
    std::u16string const& u = analysis.text;
    int const n = static_cast<int>(u.size());
    analysis.phones = phone_number_spans(u);
    analysis.bidi = std::make_unique<Bidi>(u, right_to_left(style), analysis.phones);
    std::vector<std::string> const scripts = resolve_scripts(u, typography.script);

    // A face for every code unit. Spaces, punctuation and marks stay in the
    // face before them when it has them, so runs are not cut needlessly.
    std::vector<int> face_of(u.size(), -1);
    std::vector<bool> dropped(u.size(), false);
    int previous = -1;
    // Fonts hands out one FontFace object per face, so the face found last
    // is recognised by its address, without comparing file names.
    FontFace const* last_found = nullptr;
    int last_index = -1;
    auto index_of = [&](FontFace const* face) {
        if (face == last_found)
            return last_index;
        auto it = std::find(analysis.faces.begin(), analysis.faces.end(), *face);
        last_found = face;
        last_index = static_cast<int>(it - analysis.faces.begin());
        if (it == analysis.faces.end())
            analysis.faces.push_back(*face);
        return last_index;
    };
    for (int i = 0; i < n;) {
        UChar32 c = 0;
        int next = i;
        U16_NEXT(u.data(), next, n, c);
        auto const cp = static_cast<char32_t>(c);
        int chosen = -1;
        bool const silent = draws_nothing(cp);
        bool const keep = silent || is_mark(cp) || is_space(cp) || shared_script(cp);
        if (keep && previous >= 0 && (silent || m_fonts.covers(analysis.faces[previous], cp))) {
            chosen = previous;
        } else if (silent) {
            chosen = -1; // before any visible character: joins the next face below
        } else if (FontFace const* face = m_fonts.find_face(cp, style.lang, style.bold)) {
            chosen = index_of(face);
        } else {
            analysis.missing.push_back(cp);
            std::fill(dropped.begin() + i, dropped.begin() + next, true);
        }
        std::fill(face_of.begin() + i, face_of.begin() + next, chosen);
        if (chosen >= 0)
            previous = chosen;
        i = next;
    }
    for (int i = n - 1, following = -1; i >= 0; --i) {
        if (face_of[i] >= 0)
            following = face_of[i];
        else if (!dropped[i])
            face_of[i] = following;
    }

    auto const& levels = analysis.bidi->levels();
    auto level_at = [&](int i) { return levels.empty() ? 0 : levels[i]; };
    for (int i = 0; i < n; ++i) {
        bool const same = !analysis.runs.empty() && analysis.runs.back().face == face_of[i] &&
                          analysis.runs.back().script == scripts[i] &&
                          level_at(analysis.runs.back().start) == level_at(i);
        if (same)
            analysis.runs.back().end = i + 1;
        else
            analysis.runs.push_back({i, i + 1, face_of[i], scripts[i], level_at(i) % 2 == 1});
    }
    analysis.breaks = line_breaks(u, typography.break_locale, analysis.phones);
    return owned;
}

const TextEngine::Analysis& TextEngine::analysed(std::u16string_view source,
                                                 const TextStyle& style) {
    // Looked up by a view of `source` (no copy); stored under a view of the
    // analysis' own copy of the text (equal to `source`), which lives on the
    // heap as long as the map holds the analysis, key and all.
    if (auto it = m_analyses.find(AnalysisKey{source, style.lang, style.bold});
        it != m_analyses.end())
        return *it->second;
    if (m_analyses.size() >= max_cached_analyses)
        m_analyses.clear();
    std::unique_ptr<Analysis> analysis = analyse(source, style);
    AnalysisKey key{analysis->text, style.lang, style.bold};
    return *m_analyses.emplace(std::move(key), std::move(analysis)).first->second;
}

void TextEngine::layout_source(std::u16string_view source, const TextStyle& style, int box_width,
                               Paragraph& paragraph) {
    Analysis const& analysis = analysed(source, style);
    paragraph.missing.insert(paragraph.missing.end(), analysis.missing.begin(),
                             analysis.missing.end());
    std::u16string const& u = analysis.text;
    int const n = static_cast<int>(u.size());
    Layout layout;
    layout.items.reserve(analysis.runs.size());
    for (Analysis::Run const& run : analysis.runs)
        layout.items.push_back({&run, {}, {}});

    // Widths for choosing breaks: each item shaped whole, each glyph's
    // advance counted at its cluster. The shaping is kept: a line's piece
    // of an item is cut out of it where HarfBuzz says a cut changes nothing.
    std::vector<long> advance_at(u.size() + 1, 0);
    for (Layout::Item& item : layout.items) {
        Analysis::Run const& run = *item.run;
        if (run.face < 0)
            continue;
        item.glyphs = shape(analysis.faces[run.face], style.px,
                            std::u16string_view(u).substr(run.start, run.end - run.start),
                            run.script, run.right_to_left, nullptr, &item.unsafe_to_break);
        for (Glyph const& glyph : item.glyphs)
            advance_at[run.start + glyph.cluster] += glyph.x_advance;
    }
    layout.prefix.assign(u.size() + 1, 0);
    for (int i = 0; i < n; ++i)
        layout.prefix[i + 1] = layout.prefix[i] + advance_at[i];

    auto trimmed_end = [&](int start, int end) {
        while (end > start && is_space(u[end - 1]))
            --end;
        return end;
    };
    auto width_of = [&](int start, int end) {
        return layout.prefix[trimmed_end(start, end)] - layout.prefix[start];
    };
    auto skip_spaces = [&](int at) {
        while (at < n && is_space(u[at]))
            ++at;
        return at;
    };
    std::vector<int> const& breaks = analysis.breaks;
    long const limit = static_cast<long>(box_width) * 64;

    auto build_line = [&](int start, int end) {
        TextLine line;
        end = trimmed_end(start, end);
        line.text = to_utf8(std::u16string_view(u).substr(start, end - start));
        long pen = 0;
        for (BidiRun const& run : analysis.bidi->visual_runs(start, end)) {
            std::vector<std::pair<int, int>> pieces; // [start, end) of each item's part
            std::vector<Layout::Item const*> owners;
            // Items are in text order and cover it: start at the first one
            // that reaches the run, stop after the last that begins in it.
            auto from = std::partition_point(
                layout.items.begin(), layout.items.end(),
                [&](Layout::Item const& item) { return item.run->end <= run.start; });
            for (auto item_it = from;
                 item_it != layout.items.end() && item_it->run->start < run.end; ++item_it) {
                Layout::Item const& item = *item_it;
                ++m_layout_steps;
                int const a = std::max(item.run->start, run.start);
                int const b = std::min(item.run->end, run.end);
                if (a < b) {
                    pieces.emplace_back(a, b);
                    owners.push_back(&item);
                }
            }
            if (run.right_to_left) {
                std::reverse(pieces.begin(), pieces.end());
                std::reverse(owners.begin(), owners.end());
            }
            for (std::size_t k = 0; k < pieces.size(); ++k) {
                Analysis::Run const& owner = *owners[k]->run;
                if (owner.face < 0)
                    continue;
                auto const piece = std::u16string_view(u).substr(
                    pieces[k].first, pieces[k].second - pieces[k].first);
                GlyphRun glyph_run;
                glyph_run.face = analysis.faces[owner.face];
                glyph_run.text = to_utf8(piece);
                glyph_run.script = owner.script;
                glyph_run.right_to_left = run.right_to_left;
                if (owner.right_to_left != run.right_to_left ||
                    !owners[k]->cut(pieces[k].first, pieces[k].second, glyph_run, m_layout_steps))
                    glyph_run.glyphs = shape(glyph_run.face, style.px, piece, glyph_run.script,
                                             run.right_to_left, &glyph_run.advance);
                glyph_run.x = static_cast<int>(pen >> 6);
                pen += glyph_run.advance;
                line.runs.push_back(std::move(glyph_run));
            }
        }
        line.width = static_cast<int>((pen + 63) >> 6);
        return line;
    };

    int start = skip_spaces(0);
    while (start < n) {
        std::vector<int> fitting; // break offsets whose line fits, shortest first
        for (auto it = std::upper_bound(breaks.begin(), breaks.end(), start); it != breaks.end();
             ++it) {
            if (width_of(start, *it) > limit)
                break;
            fitting.push_back(*it);
        }
        TextLine line;
        int end = 0;
        while (!fitting.empty()) {
            end = fitting.back();
            line = build_line(start, end);
            if (line.width <= box_width || fitting.size() == 1)
                break;
            fitting.pop_back(); // shaped whole, the line came out wider
        }
        if (fitting.empty()) {
            // One word wider than the box: split it between graphemes,
            // keeping at least one so the loop always advances.
            paragraph.split_words = true;
            auto const word = std::upper_bound(breaks.begin(), breaks.end(), start);
            int const word_end = word == breaks.end() ? n : *word;
            // Graphemes are found in a window that doubles until the line is
            // full, not in the whole rest of the text: a word of 100,000
            // letters would otherwise be scanned again for every line.
            end = 0;
            for (int window = 256;; window *= 2) {
                int const reach = std::min(word_end, start + window);
                auto const graphemes =
                    grapheme_breaks(std::u16string_view(u).substr(start, reach - start));
                m_layout_steps += static_cast<std::uint64_t>(reach - start);
                bool full = false;
                for (int offset : graphemes) {
                    // The window's own end may cut a cluster: not a break.
                    if (start + offset == reach && reach < word_end)
                        break;
                    if (width_of(start, start + offset) > limit) {
                        full = true;
                        break;
                    }
                    end = start + offset;
                }
                if (end == 0 && !graphemes.empty())
                    end = start + graphemes.front();
                if (full || reach == word_end)
                    break;
            }
            line = build_line(start, end);
        }
        paragraph.lines.push_back(std::move(line));
        start = skip_spaces(end);
    }
}

int TextEngine::measure(std::string_view text, const TextStyle& style) {
    return layout_paragraph(text, style, INT_MAX / 128).width;
}

std::vector<char32_t> TextEngine::missing_glyphs(std::string_view text, const std::string& lang) {
    std::vector<char32_t> missing;
    for (char32_t c : code_points(nfc_utf8(text))) {
        if (draws_nothing(c) || is_space(c) ||
            std::find(missing.begin(), missing.end(), c) != missing.end())
            continue;
        if (!m_fonts.find_face(c, lang, false))
            missing.push_back(c);
    }
    return missing;
}

} // namespace beacon::render
