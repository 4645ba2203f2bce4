#include "system/log.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <unistd.h>

namespace beacon::log {

namespace {

std::mutex g_mutex;
Level g_level = Level::Info;
std::map<std::string, std::chrono::steady_clock::time_point, std::less<>> g_last_sent;

const char* level_word(Level level) {
    switch (level) {
    case Level::Error:
        return "error";
    case Level::Warning:
        return "warning";
    case Level::Info:
        return "info";
    case Level::Debug:
        return "debug";
    }
    return "info";
}

} // namespace

void set_level(Level level) {
    std::lock_guard lock(g_mutex);
    g_level = level;
}

void write(Level level, std::string_view message) {
    {
        std::lock_guard lock(g_mutex);
        if (static_cast<int>(level) > static_cast<int>(g_level))
            return;
    }
    static const bool under_journald = std::getenv("JOURNAL_STREAM") != nullptr;
    std::string line;
    if (under_journald)
        line = "<" + std::to_string(static_cast<int>(level)) + ">";
    else
        line = std::string("beacon: ") + level_word(level) + ": ";
    line += message;
    line += '\n';
    console(line);
}

void console(std::string_view text) {
    // One write() per line keeps lines whole when threads log at once.
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, text.data(), text.size());
}

void error_once_per(std::chrono::seconds interval, std::string_view message) {
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(g_mutex);
        auto found = g_last_sent.find(message);
        if (found != g_last_sent.end() && now - found->second < interval)
            return;
        // Bounded: a flood of distinct messages cannot grow this forever.
        if (g_last_sent.size() > 256)
            g_last_sent.clear();
        g_last_sent[std::string(message)] = now;
    }
    error(message);
}

} // namespace beacon::log
