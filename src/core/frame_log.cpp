#include "core/frame_log.h"

#include <cstdio>

namespace beacon {

namespace {

// Ids are restricted to [A-Za-z0-9_.-] and languages to codes, so only the
// free-text detail column could hold a comma; it is replaced, not quoted.
std::string sanitize(std::string text) {
    for (char& c : text)
        if (c == ',' || c == '\n' || c == '\r')
            c = ' ';
    return text;
}

} // namespace

std::string frame_log_header() {
    return "t_ms,type,screen,item,lang,luma,detail\n";
}

std::string frame_log_frame_row(long long t_ms, const std::string& screen, const std::string& item,
                                const std::string& lang, double luma, const std::string& detail) {
    char luma_text[32];
    std::snprintf(luma_text, sizeof luma_text, "%.1f", luma);
    return std::to_string(t_ms) + ",frame," + screen + "," + item + "," + lang + "," + luma_text +
           "," + sanitize(detail) + "\n";
}

std::string frame_log_display_row(long long t_ms, const std::string& screen,
                                  const std::string& item, const std::string& lang,
                                  const std::string& state) {
    return std::to_string(t_ms) + ",display," + screen + "," + item + "," + lang + ",," +
           sanitize(state) + "\n";
}

std::string frame_log_event_row(long long t_ms, const std::string& screen, const std::string& item,
                                const std::string& lang, const std::string& detail) {
    return std::to_string(t_ms) + ",event," + screen + "," + item + "," + lang + ",," +
           sanitize(detail) + "\n";
}

std::string frame_log_focus_row(long long t_ms, const std::string& screen, const std::string& item,
                                const std::string& lang, const std::string& target) {
    return std::to_string(t_ms) + ",focus," + screen + "," + item + "," + lang + ",," +
           sanitize(target) + "\n";
}

} // namespace beacon
