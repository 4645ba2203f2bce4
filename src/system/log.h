#pragma once

// Log lines go to stderr, one line per message, with a level. Under systemd
// (JOURNAL_STREAM set) the level is written as a syslog "<N>" prefix that
// journald understands; on a terminal it is written as a word.
// Thread-safe: each line is written with a single write().
//
// A leaf library (CMake target beacon_log): it depends on the standard
// library and write(2) only, so media and render link it without the rest
// of src/system. Nothing in src/ writes to stderr but through here.
//
// Rules for callers:
// - A tap, a language change or anything else a visitor does is never
//   logged: the only trace of a visit is the day's counter (privacy; see
//   tests/ops/test_privacy.cpp and tests/integration/test_tap_trace.cpp).
// - A fault that can repeat every frame or every loop is logged through
//   error_once_per() or a collapse of repeats, never once per frame.

#include <chrono>
#include <string>
#include <string_view>

namespace beacon::log {

enum class Level { Error = 3, Warning = 4, Info = 6, Debug = 7 };

void set_level(Level level);
void write(Level level, std::string_view message);

inline void error(std::string_view message) {
    write(Level::Error, message);
}
inline void warning(std::string_view message) {
    write(Level::Warning, message);
}
inline void info(std::string_view message) {
    write(Level::Info, message);
}

// Writes `message` unless the same message went out less than `interval`
// ago, so a fault that repeats every frame or every loop costs one line.
void error_once_per(std::chrono::seconds interval, std::string_view message);

// A command's words to the person who ran it at a terminal (`beacon
// install`'s progress, `beacon render`'s refusals): written to stderr
// exactly as given, with no level and no prefix, whatever the level set,
// in one write(). Not for the player's own reports, which take a level.
void console(std::string_view text);

} // namespace beacon::log
