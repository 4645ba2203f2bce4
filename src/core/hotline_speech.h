#pragma once

// What the hotline screen's Listen button says (issue 23, part 5), in the
// screen's language: its title, the number digit by digit, the line
// under it, the text line, and who answers. `beacon speak` writes exactly
// this, spoken. Pure: the words come from the playlist.

#include "core/playlist.h"

#include <string>
#include <string_view>

namespace beacon {

// "1-888-373-7888" -> "1 8 8 8, 3 7 3, 7 8 8 8": every digit on its own so
// a synthesiser says "one eight eight eight", never "one thousand...";
// the groups the number is written in become pauses.
std::string spelled_digits(std::string_view number);

// `text` with every run of three or more digits spelled (a text line's
// short code, "233733").
std::string with_spelled_numbers(std::string_view text);

// The words, one sentence a line: the screen's title (hotline_title(): the
// neutral one in the discreet style), the call line, the number twice, the
// text line where this language has one, and <who-answers> where written.
std::string hotline_speech(const Hotline& hotline, const HotlineText& text);

// The name of espeak-ng's voice for a playlist language code: "en" for
// "en", "cmn" (Mandarin) for "zh-Hans" and "zh-Hant". Whether that voice
// exists is the speech library's to say (media/speech.h: has_voice()).
std::string espeak_voice_name(std::string_view lang);

} // namespace beacon
