#pragma once

// Typography checks for `beacon validate`: every character of every text
// must be drawable by an installed font (never a box on the kiosk), and
// every fact sheet must fit its screen at a readable size at 1920x1080,
// 1280x720 and 1080x1920. Both are checked once per distinct text, so a
// playlist of thousands of items that repeat their words stays fast.
//
// Not for the player's loop: the player only asks missing_glyphs() once per
// item and language, when it is about to show them.

#include "core/diagnostic.h"
#include "core/playlist.h"
#include "core/result.h"
#include "render/fonts.h"
#include "render/text.h"

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace beacon::render {

// "U+1E4D0 U+1E4D1"
std::string format_code_points(const std::vector<char32_t>& code_points);

// The words of an SRT or WebVTT file: cue numbers, timings, headers, notes
// and markup tags left out.
std::string caption_words(std::string_view captions);

// Threading: not thread-safe, but not tied to a thread either: one thread
// at a time may use an instance. `beacon validate` has one per typography
// worker, which checks fact sheets with it; once the workers are idle, the
// hotline is laid out with one worker's instance on a thread of its own
// while the main thread checks captions with the other's.
class TypographyCheck {
  public:
    // Needs fontconfig and FreeType only: no display.
    // `text_scale` (1 to 1.5): fact sheets must fit with their smallest
    // text that much larger (the kiosk's text-scale).
    static Result<std::unique_ptr<TypographyCheck>> create(double text_scale = 1);

    // The hotline's words in every language: every character drawable, and
    // the hotline screen laid out at each checked screen size as the kiosk
    // would show it (`listen_languages`: those with a Listen button, under
    // speech = on): a text cut to fit its box is an error; one shown at the
    // usual sizes because text-scale's larger ones do not fit is a warning.
    void check_hotline(const Playlist& playlist, Diagnostics& out,
                       const std::vector<std::string>& listen_languages = {});
    // One fact sheet in every language: every character drawable, and it
    // fits each checked screen at a readable size. `source` names the
    // playlist in diagnostics.
    void check_factsheet(const std::string& source, const Item& factsheet, Diagnostics& out);
    // A video's caption file in `lang` (its text as read from disk): every
    // character must be drawable, as in the playlist itself.
    void check_caption(const Playlist& playlist, const Item& video, const std::string& lang,
                       const std::string& caption_text, Diagnostics& out);

    // Code points of `text` no installed font has, cached per (lang, text).
    const std::vector<char32_t>& missing_glyphs(const std::string& text, const std::string& lang);

  private:
    // What one fact sheet's text in one language showed.
    struct SheetVerdict {
        std::vector<char32_t> missing; // code points no font has
        // Screen sizes at which it overflows even at the smallest size;
        // not judged (empty) when characters are missing.
        std::vector<Size> overflowing;
    };
    struct WordsHash {
        std::size_t operator()(const FactSheetText& text) const { return words_hash(text); }
    };
    struct SameWords {
        bool operator()(const FactSheetText& a, const FactSheetText& b) const {
            return same_words(a, b);
        }
    };

    TypographyCheck(std::unique_ptr<Fonts> fonts, double text_scale);
    void check_hotline_fit(const Playlist& playlist, Diagnostics& out,
                           const std::vector<std::string>& listen_languages);
    // Cached per distinct text: a large playlist repeats the same few
    // texts under thousands of ids, and looking each one up by its hash
    // costs less than building a key from its words.
    const SheetVerdict& verdict(const FactSheetText& sheet);
    SheetVerdict judge(const FactSheetText& sheet);

    std::unique_ptr<Fonts> m_fonts;
    TextEngine m_text;
    double m_text_scale = 1;
    std::map<std::pair<std::string, std::string>, std::vector<char32_t>> m_missing;
    std::unordered_map<FactSheetText, SheetVerdict, WordsHash, SameWords> m_sheets;
};

} // namespace beacon::render
