// The local civil time src/system hands the pure core (core/schedule.h),
// read with the real time-zone database.

#include "core/schedule.h"
#include "system/service.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <string>

using namespace beacon;

TEST_CASE("the system's local time walks through a daylight-saving change",
          "[schedule][dst][system]") {
    // What src/system hands the core around the US spring-forward and
    // fall-back of 2025, read with the real time-zone database.
    const char* saved = std::getenv("TZ");
    std::string previous = saved ? saved : "";
    ::setenv("TZ", "America/New_York", 1);
    ::tzset();
    auto minute_at = [](std::time_t utc) {
        LocalTime local = service::local_time(utc, true);
        return local.date.to_string() + " " + std::to_string(local.minute_of_day / 60) + ":" +
               std::to_string(local.minute_of_day % 60) + " d" + std::to_string(local.weekday);
    };
    // 2025-03-09 06:59 UTC is 01:59 EST; a minute later it is 03:00 EDT.
    std::time_t before_spring = 1741503540;
    CHECK(minute_at(before_spring) == "2025-03-09 1:59 d6");
    CHECK(minute_at(before_spring + 60) == "2025-03-09 3:0 d6");
    // 2025-11-02 05:59 UTC is 01:59 EDT; a minute later it is 01:00 EST again.
    std::time_t before_fall = 1762063140;
    CHECK(minute_at(before_fall) == "2025-11-02 1:59 d6");
    CHECK(minute_at(before_fall + 60) == "2025-11-02 1:0 d6");
    // A window is open whenever the wall clock shows a time inside it.
    auto parsed = parse_schedule(std::nullopt, "01:30-02:30", std::nullopt);
    REQUIRE(parsed.problems.empty());
    Schedule const& early = parsed.schedule;
    CHECK(is_eligible(early, service::local_time(before_spring, true)));
    CHECK_FALSE(is_eligible(early, service::local_time(before_spring + 60, true)));
    CHECK(is_eligible(early, service::local_time(before_fall + 30 * 60 + 60, true)));
    // Midnight is where the counters' files are dated.
    CHECK(service::local_midnight({2025, 3, 9}) == 1741496400); // 05:00 UTC
    if (saved)
        ::setenv("TZ", previous.c_str(), 1);
    else
        ::unsetenv("TZ");
    ::tzset();
}
