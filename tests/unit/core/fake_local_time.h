#pragma once
// The fake local clock the core tests judge schedules and notices against:
// a civil time is whatever the test says ("2025-03-09 01:59").

#include "core/schedule.h"

#include <catch2/catch.hpp>
#include <string>

namespace beacon::test {

inline LocalTime at(const std::string& text, bool trusted = true) {
    auto when = parse_civil_date_time(text);
    REQUIRE(when.has_value());
    return {when->date, weekday_of(when->date), when->minute_of_day, trusted};
}

} // namespace beacon::test
