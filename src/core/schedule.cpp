#include "core/schedule.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace beacon {

namespace {

constexpr std::array<std::string_view, 7> day_names = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

std::vector<std::string_view> tokens(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t' ||
                                   text[i] == '\n' || text[i] == '\r'))
            ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '\t' &&
               text[i] != '\n' && text[i] != '\r')
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
    return out;
}

std::optional<int> number(std::string_view text, std::size_t digits) {
    if (text.size() != digits)
        return std::nullopt;
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<int> day_index(std::string_view name) {
    for (std::size_t i = 0; i < day_names.size(); ++i)
        if (day_names[i] == name)
            return static_cast<int>(i);
    return std::nullopt;
}

// "HH:MM", 00:00 to 24:00.
std::optional<int> clock_minute(std::string_view text) {
    if (text.size() != 5 || text[2] != ':')
        return std::nullopt;
    auto hours = number(text.substr(0, 2), 2);
    auto minutes = number(text.substr(3, 2), 2);
    if (!hours || !minutes || *minutes > 59 || *hours > 24 || (*hours == 24 && *minutes != 0))
        return std::nullopt;
    return *hours * 60 + *minutes;
}

int days_in_month(int year, int month) {
    static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : lengths[month - 1];
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

void parse_days(std::string_view text, ParsedSchedule& out) {
    std::uint8_t mask = 0;
    for (auto token : tokens(text)) {
        auto dash = token.find('-');
        auto first = day_index(token.substr(0, dash));
        auto last = dash == std::string_view::npos ? first : day_index(token.substr(dash + 1));
        if (!first || !last) {
            out.problems.push_back("<schedule> days has " + quoted(token) +
                                   ": expected mon, tue, wed, thu, fri, sat, sun or a range "
                                   "such as mon-fri");
            continue;
        }
        // A range may wrap around the week: fri-mon is Friday to Monday.
        for (int day = *first;; day = (day + 1) % 7) {
            mask |= static_cast<std::uint8_t>(1u << day);
            if (day == *last)
                break;
        }
    }
    if (mask == 0 && out.problems.empty())
        out.problems.push_back("<schedule> days names no day, so the item would never play");
    out.schedule.weekdays = mask;
}

void parse_hours(std::string_view text, ParsedSchedule& out) {
    auto list = tokens(text);
    if (list.empty())
        out.problems.push_back("<schedule> hours is empty: expected windows such as "
                               "\"08:00-12:00 22:00-02:00\"");
    for (auto token : list) {
        auto dash = token.find('-');
        std::optional<int> start, end;
        if (dash != std::string_view::npos) {
            start = clock_minute(token.substr(0, dash));
            end = clock_minute(token.substr(dash + 1));
        }
        if (!start || !end || *start == 1440) {
            out.problems.push_back("<schedule> hours has " + quoted(token) +
                                   ": expected HH:MM-HH:MM, from 00:00 to 24:00");
            continue;
        }
        if (*start == *end) {
            out.problems.push_back("<schedule> hours window " + quoted(token) + " has zero length");
            continue;
        }
        // An end of 00:00 means midnight at the end of the day, like 24:00.
        out.schedule.windows.push_back({*start, *end == 0 ? 1440 : *end});
    }
}

void parse_dates(std::string_view text, ParsedSchedule& out) {
    auto list = tokens(text);
    if (list.empty())
        out.problems.push_back("<schedule> dates is empty: expected ranges such as "
                               "\"2025-12-01..2026-01-06\"");
    for (auto token : list) {
        auto dots = token.find("..");
        auto first = parse_civil_date(token.substr(0, dots));
        auto last =
            dots == std::string_view::npos ? first : parse_civil_date(token.substr(dots + 2));
        if (!first || !last) {
            out.problems.push_back("<schedule> dates has " + quoted(token) +
                                   ": expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, with real "
                                   "dates");
            continue;
        }
        if (*last < *first) {
            out.problems.push_back("<schedule> date range " + quoted(token) +
                                   " ends before it starts");
            continue;
        }
        out.schedule.dates.push_back({*first, *last});
    }
}

bool day_allowed(const Schedule& schedule, const CivilDate& date, int weekday, bool trusted) {
    if (!(schedule.weekdays & (1u << weekday)))
        return false;
    if (!trusted || schedule.dates.empty())
        return true;
    return std::any_of(schedule.dates.begin(), schedule.dates.end(), [&](const DateRange& range) {
        return range.first <= date && date <= range.last;
    });
}

} // namespace

std::string CivilDate::to_string() const {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
long long days_from_civil(const CivilDate& date) {
    long long y = date.year - (date.month <= 2 ? 1 : 0);
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long mp = (date.month + 9) % 12;
    long long doy = (153 * mp + 2) / 5 + date.day - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(long long days) {
    days += 719468;
    long long era = (days >= 0 ? days : days - 146096) / 146097;
    long long doe = days - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

int weekday_of(const CivilDate& date) {
    long long days = days_from_civil(date);
    // 1970-01-01 was a Thursday (index 3).
    return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::optional<CivilDate> parse_civil_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    auto year = number(text.substr(0, 4), 4);
    auto month = number(text.substr(5, 2), 2);
    auto day = number(text.substr(8, 2), 2);
    if (!year || !month || !day || *year < 1970 || *month < 1 || *month > 12 || *day < 1 ||
        *day > days_in_month(*year, *month))
        return std::nullopt;
    return CivilDate{*year, *month, *day};
}

std::optional<CivilDateTime> parse_civil_date_time(std::string_view text) {
    if (text.size() != 16 || (text[10] != 'T' && text[10] != ' '))
        return std::nullopt;
    auto date = parse_civil_date(text.substr(0, 10));
    auto minute = clock_minute(text.substr(11));
    if (!date || !minute || *minute == 1440)
        return std::nullopt;
    return CivilDateTime{*date, *minute};
}

bool is_eligible(const Schedule& schedule, const LocalTime& now) {
    bool trusted = now.clock_trusted;
    if (schedule.windows.empty())
        return day_allowed(schedule, now.date, now.weekday, trusted);
    CivilDate yesterday = civil_from_days(days_from_civil(now.date) - 1);
    int yesterday_weekday = (now.weekday + 6) % 7;
    int minute = now.minute_of_day;
    for (auto& window : schedule.windows) {
        if (window.start_minute < window.end_minute) {
            if (minute >= window.start_minute && minute < window.end_minute &&
                day_allowed(schedule, now.date, now.weekday, trusted))
                return true;
            continue;
        }
        // Crosses midnight: the evening part today, the early part from yesterday.
        if (minute >= window.start_minute && day_allowed(schedule, now.date, now.weekday, trusted))
            return true;
        if (minute < window.end_minute &&
            day_allowed(schedule, yesterday, yesterday_weekday, trusted))
            return true;
    }
    return false;
}

bool is_eligible(const std::vector<Schedule>& schedules, const LocalTime& now) {
    return std::all_of(schedules.begin(), schedules.end(),
                       [&](const Schedule& schedule) { return is_eligible(schedule, now); });
}

ParsedSchedule parse_schedule(const std::optional<std::string>& days,
                              const std::optional<std::string>& hours,
                              const std::optional<std::string>& dates) {
    ParsedSchedule out;
    if (days)
        parse_days(*days, out);
    if (hours)
        parse_hours(*hours, out);
    if (dates)
        parse_dates(*dates, out);
    return out;
}

} // namespace beacon
