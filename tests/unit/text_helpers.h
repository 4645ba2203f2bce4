#pragma once

// Shared by the text engine's tests: one engine over the installed fonts,
// and a way to run the outside reference tools (hb-shape, fribidi, and
// SDL_ttf, which shapes and draws a run by itself).

#include "render/fonts.h"
#include "render/text.h"

#include <SDL_ttf.h>

#include <memory>
#include <string>
#include <vector>

namespace text_test {

beacon::render::Fonts& fonts();
beacon::render::TextEngine& engine();

struct Output {
    int exit_code = -1;
    std::string text; // stdout only
};
// Runs `argv` (no shell) with `input` on stdin; stderr is discarded.
Output run(const std::vector<std::string>& argv, const std::string& input = "");

// Sample lines: one per playlist language of the default content, with
// digits, Latin words and punctuation mixed in.
struct Sample {
    std::string lang;
    std::string text;
};
const std::vector<Sample>& samples();

// An SDL_ttf font of `face` at `px`, set up as the engine sets up its own
// (light hinting): the outside drawer the engine's output is compared with.
struct TtfFontCloser {
    void operator()(TTF_Font* font) const { TTF_CloseFont(font); }
};
using TtfFont = std::unique_ptr<TTF_Font, TtfFontCloser>;
TtfFont open_ttf(const beacon::render::FontFace& face, int px);

// Visual order of a laid-out line as code points: right-to-left runs
// reversed character by character, as fribidi prints a visual string.
std::u32string visual_string(const beacon::render::TextLine& line);
std::u32string utf32(const std::string& utf8);

} // namespace text_test
