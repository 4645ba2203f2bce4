#pragma once

// When an item may play: weekdays, daily time windows and date ranges, judged
// against a local civil time that the caller reads (src/system) and passes in.
// Nothing here reads a clock or knows a time zone: a daylight-saving change is
// just a jump in the civil time handed in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon {

struct CivilDate {
    int year = 1970;
    int month = 1; // 1-12
    int day = 1;   // 1-31

    auto operator<=>(const CivilDate&) const = default;
    std::string to_string() const; // "2025-03-09"
};

// Days since 1970-01-01 (negative before it), proleptic Gregorian.
long long days_from_civil(const CivilDate& date);
CivilDate civil_from_days(long long days);
// 0 = Monday ... 6 = Sunday.
int weekday_of(const CivilDate& date);
std::optional<CivilDate> parse_civil_date(std::string_view text); // "YYYY-MM-DD"

// The wall clock in the system's time zone, read once per loop turn.
struct LocalTime {
    CivilDate date;
    int weekday = 3;       // 0 = Monday ... 6 = Sunday; 1970-01-01 was a Thursday
    int minute_of_day = 0; // 0-1439
    // False when the date cannot be believed: earlier than the build date, or
    // never synchronised. Date ranges and notice expiry are then not judged.
    bool clock_trusted = false;
};

// [start, end) in minutes since midnight. end < start crosses midnight: the
// part after midnight belongs to the day the window started on.
// Invariant (after parsing): start != end, both in 0..1440.
struct TimeWindow {
    int start_minute = 0;
    int end_minute = 1440;
};

// Inclusive on both ends.
struct DateRange {
    CivilDate first;
    CivilDate last;
};

struct Schedule {
    std::uint8_t weekdays = 0x7F;    // bit 0 = Monday ... bit 6 = Sunday
    std::vector<TimeWindow> windows; // empty = the whole day
    std::vector<DateRange> dates;    // empty = every date
};

// True when `schedule` allows playing at `now`. With an untrusted clock the
// date ranges are ignored (rather than letting every item expire).
bool is_eligible(const Schedule& schedule, const LocalTime& now);
// Every schedule in `schedules` must allow it (an item's own and its group's).
bool is_eligible(const std::vector<Schedule>& schedules, const LocalTime& now);

// Parses the attributes of a <schedule> element; each absent attribute means
// "no restriction". Every problem is returned, worded for an administrator.
struct ParsedSchedule {
    Schedule schedule;
    std::vector<std::string> problems;
};
ParsedSchedule parse_schedule(const std::optional<std::string>& days,
                              const std::optional<std::string>& hours,
                              const std::optional<std::string>& dates);

// A local civil date and time, "YYYY-MM-DDTHH:MM" (notice expiry).
struct CivilDateTime {
    CivilDate date;
    int minute_of_day = 0;

    auto operator<=>(const CivilDateTime&) const = default;
};
std::optional<CivilDateTime> parse_civil_date_time(std::string_view text);

} // namespace beacon
