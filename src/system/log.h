#pragma once

// Log lines go to stderr, one line per message, with a level. Under systemd
// (JOURNAL_STREAM set) the level is written as a syslog "<N>" prefix that
// journald understands; on a terminal it is written as a word.
// Thread-safe: each line is written with a single write().

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

} // namespace beacon::log
