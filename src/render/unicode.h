#pragma once

// The Unicode algorithms the text engine needs, all from ICU: NFC
// normalisation, UAX #9 bidi (ubidi), UAX #14 line breaking with dictionary
// breaks for Khmer, Thai, Lao and Burmese and CJK no-start/no-end rules
// (BreakIterator), grapheme clusters, and each character's script.
//
// Text is UTF-16 here because that is ICU's native form; indices are UTF-16
// code unit offsets into the paragraph.
// Threading: main thread only (break iterators are cached and reused).

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct UBiDi;

namespace beacon::render {

std::u16string to_utf16(std::string_view utf8);
std::string to_utf8(std::u16string_view utf16);
// NFC: decomposed Vietnamese ("e" + U+0302 + U+0301) becomes one code point
// per letter, so fonts draw their precomposed glyphs and lines wrap right.
std::u16string nfc(std::u16string_view text);
std::string nfc_utf8(std::string_view utf8);

// Code points of a UTF-8 string (invalid bytes become U+FFFD).
std::vector<char32_t> code_points(std::string_view utf8);

// Marks, joiners, variation selectors, bidi controls: characters that draw
// nothing by themselves, so no font needs a glyph for them.
bool draws_nothing(char32_t c);
bool is_space(char32_t c);

// ISO 15924 code for each code unit ("Latn", "Arab", "Hani"…). Characters
// shared by all scripts (digits, punctuation, spaces) and combining marks
// take the script of the text around them; where there is none, `fallback`.
std::vector<std::string> resolve_scripts(std::u16string_view text, const std::string& fallback);

// Phone numbers: digit groups joined by single spaces, hyphens, dots or
// parentheses, with at least two groups and seven digits ("1-888-373-7888",
// "08000 121 700", "+1 (844) 762-8483"). Half-open [start, end) spans.
using Span = std::pair<int, int>;
std::vector<Span> phone_number_spans(std::u16string_view text);

struct BidiRun {
    int start = 0; // logical, into the paragraph
    int end = 0;
    bool right_to_left = false;
};

// UAX #9 for one paragraph. Phone-number spans are forced left to right
// (an override at the next even level), because a number's digit groups
// would otherwise be reordered right to left inside Arabic.
class Bidi {
  public:
    Bidi(std::u16string_view text, bool right_to_left, const std::vector<Span>& left_to_right);
    ~Bidi();
    Bidi(const Bidi&) = delete;
    Bidi& operator=(const Bidi&) = delete;

    bool ok() const { return m_ok; }
    // Resolved embedding level of each code unit (odd: right to left).
    const std::vector<unsigned char>& levels() const { return m_levels; }
    // The runs of line [start, end) in visual order, left to right on screen.
    std::vector<BidiRun> visual_runs(int start, int end) const;

  private:
    std::u16string m_text;
    std::vector<unsigned char> m_explicit; // must outlive m_paragraph (ubidi keeps it)
    std::vector<unsigned char> m_levels;
    UBiDi* m_paragraph = nullptr;
    bool m_right_to_left = false;
    bool m_ok = false;
};

// Offsets where a line may start (ascending, all > 0, the last is the
// text's length), per UAX #14 for `locale` with ICU's dictionaries; never
// inside a span of `unbreakable`. Korean breaks only between words (at
// spaces), as Korean signage is set.
std::vector<int> line_breaks(std::u16string_view text, const std::string& locale,
                             const std::vector<Span>& unbreakable);

// Offsets between grapheme clusters (ascending, all > 0, last = length):
// the only places a word too long for any line may be split.
std::vector<int> grapheme_breaks(std::u16string_view text);

// Offsets between words per ICU's word iterator (dictionary-based for
// Khmer and Thai), for tests and validation.
std::vector<int> word_breaks(std::u16string_view text, const std::string& locale);

} // namespace beacon::render
