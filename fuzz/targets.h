#pragma once

// The fuzz targets, shared by the libFuzzer drivers (fuzz/driver.cpp) and the
// regression test that replays every input a fuzzer once crashed on
// (tests/unit/test_fuzz_regressions.cpp). Each target feeds one input through
// a real entry point and checks the invariants its callers rely on. A broken
// invariant is returned as a description; a crash is a crash.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace beacon::fuzz {

using Problem = std::optional<std::string>;

// parse_playlist(), then every parsed playlist driven through KioskMachine.
Problem playlist_target(std::string_view input);

// parse_config(), then the entries applied through the real option table.
Problem config_target(std::string_view input);

// TextEngine::layout_paragraph() and fit() on mixed-script UTF-8 (or raw
// bytes): the first bytes pick the language, box width and decoding mode.
Problem text_layout_target(std::string_view input);

// parse_manifest(), and write_manifest() must read back what it wrote.
Problem manifest_target(std::string_view input);

// The bytes of a "video" file through media_problem() and caption_problem(),
// the checks validate and the player run before mpv sees a file: a file
// accepted for any use is never one FFmpeg probes as a playlist, concat
// list or network description (fuzz/media_probe_target.cpp).
Problem media_probe_target(std::string_view input);

// parse_playlist(), then every text of an accepted playlist laid out as the
// screens lay it out: the hotline screen in every language at three screen
// sizes (layout only, as at load), and every fact sheet's fit.
Problem playlist_layout_target(std::string_view input);

} // namespace beacon::fuzz
