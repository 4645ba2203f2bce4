#include "core/time_checks.h"

#include <algorithm>
#include <cstdio>

namespace beacon {

namespace {

// Minutes of a day at which whether `schedules` allow playing can change:
// midnight and every window's start and end. The set of allowed moments is
// a union of spans that each begin at one of these (or at `from` itself).
std::vector<int> boundaries(const std::vector<Schedule>& schedules) {
    std::vector<int> minutes = {0};
    for (Schedule const& schedule : schedules)
        for (TimeWindow const& window : schedule.windows) {
            minutes.push_back(window.start_minute);
            if (window.end_minute < 1440)
                minutes.push_back(window.end_minute);
        }
    std::sort(minutes.begin(), minutes.end());
    minutes.erase(std::unique(minutes.begin(), minutes.end()), minutes.end());
    return minutes;
}

// Days worth trying: the week from `from` on, and the week from each date
// range's first day after it. Within the span where the same date ranges
// apply, whether a day allows playing repeats every week, and such a span
// starts either at `from` or at some range's first day.
std::vector<long long> candidate_days(const std::vector<Schedule>& schedules, long long today) {
    std::vector<long long> starts = {today};
    for (Schedule const& schedule : schedules)
        for (DateRange const& range : schedule.dates) {
            long long const first = days_from_civil(range.first);
            if (first > today)
                starts.push_back(first);
        }
    std::vector<long long> days;
    for (long long start : starts)
        for (long long day = start; day <= start + 7; ++day)
            days.push_back(day);
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    return days;
}

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

std::string element_name(ItemKind kind) {
    switch (kind) {
    case ItemKind::Video:
        return "video";
    case ItemKind::Image:
        return "image";
    case ItemKind::FactSheet:
        break;
    }
    return "factsheet";
}

} // namespace

std::string to_string(const CivilDateTime& moment) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", moment.minute_of_day / 60,
                  moment.minute_of_day % 60);
    return moment.date.to_string() + " " + text;
}

std::optional<CivilDateTime> first_eligible(const std::vector<Schedule>& schedules,
                                            const CivilDateTime& from) {
    long long const today = days_from_civil(from.date);
    std::vector<int> const minutes = boundaries(schedules);
    for (long long day : candidate_days(schedules, today)) {
        CivilDate const date = civil_from_days(day);
        LocalTime moment{date, weekday_of(date), 0, true};
        std::vector<int> tried = minutes;
        if (day == today) {
            std::erase_if(tried, [&](int minute) { return minute < from.minute_of_day; });
            tried.insert(tried.begin(), from.minute_of_day);
        }
        for (int minute : tried) {
            moment.minute_of_day = minute;
            if (is_eligible(schedules, moment))
                return CivilDateTime{date, minute};
        }
    }
    return std::nullopt;
}

bool in_loop(const std::vector<Item>& items, std::size_t index, const LocalTime& now) {
    auto eligible_now = [&](const Item& item) {
        return item.scheduled() && is_eligible(item.schedules, now);
    };
    bool const any_scheduled_now = std::any_of(items.begin(), items.end(), eligible_now);
    const Item& item = items[index];
    return any_scheduled_now ? eligible_now(item) : !item.scheduled();
}

Diagnostics time_warnings(const Playlist& playlist, const CivilDateTime& now) {
    Diagnostics found;
    for (Notice const& notice : playlist.notices)
        if (!(now < notice.expires))
            found.push_back({playlist.source, notice.line,
                             "<notice id=" + quoted(notice.id) + "> expired at " +
                                 to_string(notice.expires) + " (it is " + to_string(now) +
                                 "): the kiosk will not show it; remove it or change expires",
                             Severity::Warning});
    for (Item const& item : playlist.items)
        if (item.scheduled() && !first_eligible(item.schedules, now))
            found.push_back({playlist.source, item.line,
                             "<" + element_name(item.kind) + " id=" + quoted(item.id) +
                                 "> never plays: no moment from " + to_string(now) +
                                 " on is allowed by its <schedule>" +
                                 (item.schedules.size() > 1 ? "s (its own and its group's)" : "") +
                                 "; check its days, hours and dates",
                             Severity::Warning});
    return found;
}

} // namespace beacon
