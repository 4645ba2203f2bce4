#include "core/display_hours.h"

#include <algorithm>

namespace beacon {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',';
}

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        std::size_t start = i;
        while (i < text.size() && !is_space(text[i]))
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
    return out;
}

void append(std::string& list, std::string_view word) {
    if (!list.empty())
        list += ' ';
    list += word;
}

// The schedule parser words its problems for <schedule>; here they are
// about display-hours.
std::string reworded(const std::string& problem, std::string_view clause) {
    std::string text = problem;
    for (std::string_view prefix : {"<schedule> days ", "<schedule> hours ", "<schedule> "}) {
        if (text.rfind(prefix, 0) == 0) {
            text = "display-hours " + text.substr(prefix.size());
            break;
        }
    }
    auto never = text.find(", so the item would never play");
    if (never != std::string::npos)
        text.erase(never);
    return text + " (in \"" + std::string(clause) + "\")";
}

} // namespace

ParsedDisplayHours parse_display_hours(std::string_view text) {
    ParsedDisplayHours out;
    DisplayHours hours;
    hours.text = std::string(text);
    std::size_t at = 0;
    while (at <= text.size()) {
        auto end = std::min(text.find(';', at), text.size());
        std::string_view clause = text.substr(at, end - at);
        at = end + 1;
        auto list = words(clause);
        if (list.empty())
            continue;
        // A window has a ':' ("07:00-20:00"); anything else is a day or a
        // range of days, which the schedule parser judges.
        std::optional<std::string> days, windows;
        for (auto word : list) {
            auto& into = word.find(':') != std::string_view::npos ? windows : days;
            if (!into)
                into.emplace();
            append(*into, word);
        }
        auto parsed = parse_schedule(days, windows, std::nullopt);
        for (auto& problem : parsed.problems)
            out.problems.push_back(reworded(problem, clause));
        if (parsed.problems.empty())
            hours.clauses.push_back(std::move(parsed.schedule));
    }
    if (hours.clauses.empty() && out.problems.empty())
        out.problems.push_back("display-hours is empty: expected days and hours such as "
                               "\"mon-fri 07:00-20:00; sat 09:00-13:00\"");
    if (out.problems.empty())
        out.hours = std::move(hours);
    return out;
}

const char* display_power_name(DisplayPower power) {
    return power == DisplayPower::On ? "on" : "off";
}

DisplayPower scheduled_display_power(const std::optional<DisplayHours>& hours,
                                     const LocalTime& now) {
    // A wrong clock must never darken the screen in opening hours.
    if (!hours || !now.clock_trusted)
        return DisplayPower::On;
    bool open = std::any_of(hours->clauses.begin(), hours->clauses.end(),
                            [&](const Schedule& clause) { return is_eligible(clause, now); });
    return open ? DisplayPower::On : DisplayPower::Off;
}

std::string describe_display_power(const std::optional<DisplayHours>& hours,
                                   const std::string& source, const LocalTime& now) {
    std::string text =
        std::string("the display is ") + display_power_name(scheduled_display_power(hours, now));
    if (!hours)
        return text + " (no display-hours: always on)";
    text += " (display-hours \"" + hours->text + "\" from " + source;
    if (!now.clock_trusted)
        text += "; the clock is not trusted, so it never sleeps";
    return text + ")";
}

} // namespace beacon
