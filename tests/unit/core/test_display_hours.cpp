// display-hours and the sleep policy, against the fake local clock
// (fake_local_time.h) and a fake steady `now`: weekdays, windows crossing
// midnight, a daylight-saving change, an untrusted clock, taps at night and
// a wake that keeps failing.

#include "core/display_hours.h"
#include "core/display_sleep.h"
#include "unit/core/fake_local_time.h"

#include <catch2/catch.hpp>

using namespace beacon;
using test::at;
using namespace std::chrono_literals;

namespace {

DisplayHours hours(const char* text) {
    auto parsed = parse_display_hours(text);
    INFO(text);
    REQUIRE(parsed.problems.empty());
    REQUIRE(parsed.hours.has_value());
    return *parsed.hours;
}

bool on_at(const DisplayHours& hours, const char* when, bool trusted = true) {
    return scheduled_display_power(hours, at(when, trusted)) == DisplayPower::On;
}

} // namespace

TEST_CASE("display-hours: weekdays and their windows", "[display][schedule]") {
    auto week = hours("mon-fri 07:00-20:00; sat 09:00-13:00");
    REQUIRE(week.clauses.size() == 2);
    // 2026-12-07 is a Monday.
    CHECK_FALSE(on_at(week, "2026-12-07 06:59"));
    CHECK(on_at(week, "2026-12-07 07:00"));
    CHECK(on_at(week, "2026-12-07 19:59"));
    CHECK_FALSE(on_at(week, "2026-12-07 20:00"));
    CHECK(on_at(week, "2026-12-11 12:00"));       // Friday
    CHECK_FALSE(on_at(week, "2026-12-12 08:59")); // Saturday, before 09:00
    CHECK(on_at(week, "2026-12-12 09:00"));
    CHECK_FALSE(on_at(week, "2026-12-12 13:00"));
    CHECK_FALSE(on_at(week, "2026-12-13 12:00")); // Sunday: no clause
    // Days alone: the whole day; hours alone: every day.
    auto sundays = hours("sun");
    CHECK(on_at(sundays, "2026-12-13 03:00"));
    CHECK_FALSE(on_at(sundays, "2026-12-14 03:00"));
    auto daily = hours("08:00-18:00 , 19:00-21:00");
    CHECK(on_at(daily, "2026-12-13 19:30"));
    CHECK_FALSE(on_at(daily, "2026-12-13 18:30"));
    // Words in any order, as in a <schedule>.
    CHECK(on_at(hours("07:00-20:00 mon-fri"), "2026-12-07 07:00"));
}

TEST_CASE("display-hours: a window crossing midnight belongs to the day it starts",
          "[display][schedule]") {
    auto nights = hours("fri-sat 18:00-02:00");
    CHECK(on_at(nights, "2026-12-11 23:00"));       // Friday evening
    CHECK(on_at(nights, "2026-12-12 01:59"));       // Saturday, from Friday
    CHECK_FALSE(on_at(nights, "2026-12-12 02:00")); // Saturday morning
    CHECK(on_at(nights, "2026-12-13 01:00"));       // Sunday, from Saturday
    CHECK_FALSE(on_at(nights, "2026-12-14 01:00")); // Monday: Sunday has no window
    CHECK_FALSE(on_at(nights, "2026-12-11 01:00")); // Friday: Thursday has none
    // 00:00 as an end means midnight.
    auto evening = hours("mon 18:00-00:00");
    CHECK(on_at(evening, "2026-12-07 23:59"));
    CHECK_FALSE(on_at(evening, "2026-12-08 00:00"));
}

TEST_CASE("display-hours: a daylight-saving change is a jump in civil time",
          "[display][schedule][dst]") {
    // Europe, spring forward on Sunday 2026-03-29: 01:59 is followed by 03:00.
    auto sunday_morning = hours("sun 02:30-09:00");
    CHECK_FALSE(on_at(sunday_morning, "2026-03-29 01:59"));
    CHECK(on_at(sunday_morning, "2026-03-29 03:00")); // wakes at once after the jump
    // Fall back on Sunday 2026-10-25: 02:00-02:59 happens twice; a window
    // ending at 02:30 is closed after it and open again the second time.
    auto night = hours("sat 22:00-02:30");
    CHECK(on_at(night, "2026-10-25 02:29"));
    CHECK_FALSE(on_at(night, "2026-10-25 02:45"));
    CHECK(on_at(night, "2026-10-25 02:00")); // the second 02:00
    CHECK_FALSE(on_at(night, "2026-10-25 03:00"));
}

TEST_CASE("display-hours: no hours, or an untrusted clock, is always on", "[display][schedule]") {
    CHECK(scheduled_display_power(std::nullopt, at("2026-12-13 03:00")) == DisplayPower::On);
    auto week = hours("mon-fri 07:00-20:00");
    CHECK_FALSE(on_at(week, "2026-12-13 03:00"));
    CHECK(on_at(week, "2026-12-13 03:00", false));
    CHECK(on_at(week, "1970-01-01 00:05", false)); // a board that booted without a clock
}

TEST_CASE("display-hours: problems are worded for display-hours, every one",
          "[display][schedule]") {
    auto bad = parse_display_hours("mon-fry 07:00-20:00; sat 9:00-13:00; sun 10:00-10:00");
    CHECK_FALSE(bad.hours.has_value());
    REQUIRE(bad.problems.size() == 3);
    CHECK(bad.problems[0] == "display-hours has \"mon-fry\": expected mon, tue, wed, thu, fri, "
                             "sat, sun or a range such as mon-fri (in \"mon-fry 07:00-20:00\")");
    CHECK(bad.problems[1].find("\"9:00-13:00\"") != std::string::npos);
    CHECK(bad.problems[2].find("zero length") != std::string::npos);
    auto empty = parse_display_hours(" ; ");
    REQUIRE(empty.problems.size() == 1);
    CHECK(empty.problems[0].find("display-hours is empty") == 0);
}

TEST_CASE("display sleep: hours close, open, and the retry of a failed wake", "[display]") {
    TimePoint t0{};
    DisplaySleep sleep({5s, 60s});
    CHECK(sleep.update(true, false, t0) == DisplayAction::None);
    CHECK(sleep.awake_by_hours());
    CHECK(sleep.update(false, false, t0 + 1s) == DisplayAction::Sleep);
    CHECK(sleep.asleep());
    CHECK(sleep.update(false, false, t0 + 2s) == DisplayAction::None); // once per change
    CHECK(sleep.update(true, false, t0 + 10s) == DisplayAction::Wake);
    CHECK_FALSE(sleep.asleep());
    sleep.wake_done(false, t0 + 10s);
    CHECK(sleep.wake_failing());
    CHECK(sleep.next_deadline() == t0 + 15s);
    CHECK(sleep.update(true, false, t0 + 14s) == DisplayAction::None);
    CHECK(sleep.update(true, false, t0 + 15s) == DisplayAction::Wake);
    sleep.wake_done(false, t0 + 15s);
    // Still failing a minute after the first failure: restart, once.
    TimePoint t = t0 + 15s;
    int wakes = 0;
    DisplayAction last = DisplayAction::None;
    while (t < t0 + 70s && last != DisplayAction::RestartDisplayPath) {
        t = *sleep.next_deadline();
        last = sleep.update(true, false, t);
        if (last == DisplayAction::Wake) {
            ++wakes;
            sleep.wake_done(false, t);
        }
    }
    CHECK(last == DisplayAction::RestartDisplayPath);
    CHECK(t == t0 + 70s);
    CHECK(wakes == 10); // 20 s, 25 s ... 65 s
    CHECK(sleep.update(true, false, t0 + 70s) != DisplayAction::RestartDisplayPath); // once
    // A success ends the failing.
    CHECK(sleep.update(true, false, t0 + 75s) == DisplayAction::Wake);
    sleep.wake_done(true, t0 + 75s);
    CHECK_FALSE(sleep.wake_failing());
    CHECK_FALSE(sleep.next_deadline());
}

TEST_CASE("display sleep: a tap wakes for the hotline, which sleeps again when it closes",
          "[display]") {
    TimePoint t0{};
    DisplaySleep sleep;
    CHECK(sleep.tap() == DisplayAction::None); // awake: the tap is the loop's
    REQUIRE(sleep.update(false, false, t0) == DisplayAction::Sleep);
    CHECK(sleep.tap() == DisplayAction::Wake);
    CHECK_FALSE(sleep.asleep());
    CHECK_FALSE(sleep.awake_by_hours()); // a tap is not counted as hours awake
    CHECK(sleep.update(false, true, t0 + 1s) == DisplayAction::None);
    CHECK(sleep.hotline_closed() == DisplayAction::Sleep);
    CHECK(sleep.asleep());
    // The hours open while the hotline is read: it stays awake after.
    CHECK(sleep.tap() == DisplayAction::Wake);
    CHECK(sleep.update(true, true, t0 + 2s) == DisplayAction::None);
    CHECK(sleep.hotline_closed() == DisplayAction::None);
    CHECK(sleep.awake_by_hours());
    // The hours close while someone reads: sleep when they are done.
    CHECK(sleep.update(false, true, t0 + 3s) == DisplayAction::None);
    CHECK_FALSE(sleep.asleep());
    CHECK(sleep.update(false, false, t0 + 4s) == DisplayAction::None); // closing is the cue
    CHECK(sleep.hotline_closed() == DisplayAction::Sleep);
    // A failed wake for a tap is retried, but outside the hours it never
    // restarts the display path.
    CHECK(sleep.tap() == DisplayAction::Wake);
    sleep.wake_done(false, t0 + 5s);
    for (auto t = t0 + 10s; t < t0 + 200s; t += 5s) {
        auto action = sleep.update(false, true, t);
        CHECK(action != DisplayAction::RestartDisplayPath);
        if (action == DisplayAction::Wake)
            sleep.wake_done(false, t);
    }
}
