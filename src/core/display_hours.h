#pragma once

// When the display is lit: `display-hours` ("mon-fri 07:00-20:00; sat
// 09:00-13:00"), in the words and by the rules of an item's <schedule>
// (core/schedule.h, whose parser reads each clause). The configuration's
// display-hours overrides the playlist's (<playlist display-hours="...">).
// What to do about them is core/display_sleep.h's business.
//
// Invariants:
// - No display-hours, or an untrusted clock: the display is always on.
// - A clause is days and/or hour windows; the display is on when any clause
//   allows the local time. A window may cross midnight: its early part
//   belongs to the day it started on, as for items.
// - Nothing here reads a clock; local time and `now` are passed in.

#include "core/schedule.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon {

struct DisplayHours {
    std::vector<Schedule> clauses; // never empty after parsing
    std::string text;              // as written, for messages

    bool operator==(const DisplayHours& other) const { return text == other.text; }
};

struct ParsedDisplayHours {
    std::optional<DisplayHours> hours; // unset when there are problems
    std::vector<std::string> problems; // worded for an administrator
};

// Clauses are separated by ';'. In each, day names and ranges (mon, fri-mon)
// and windows (HH:MM-HH:MM) in any order; no days: every day; no windows:
// the whole day.
ParsedDisplayHours parse_display_hours(std::string_view text);

enum class DisplayPower { On, Off };
const char* display_power_name(DisplayPower power); // "on", "off"

// What the hours say for `now`: On without hours or with an untrusted clock.
DisplayPower scheduled_display_power(const std::optional<DisplayHours>& hours,
                                     const LocalTime& now);

// "the display is off (display-hours \"mon-fri 07:00-20:00\" from SOURCE)",
// or "the display is on (no display-hours: always on)": what validate --at
// and play --at say about a moment.
std::string describe_display_power(const std::optional<DisplayHours>& hours,
                                   const std::string& source, const LocalTime& now);

} // namespace beacon
