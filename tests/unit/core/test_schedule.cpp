// Schedules judged against a fake local clock: civil times are whatever the
// test says, including the jumps of a daylight-saving change.

#include "core/kiosk_machine.h"
#include "core/playlist/playlist_parser.h"
#include "core/schedule.h"
#include "unit/core/fake_local_time.h"

#include <catch2/catch.hpp>

using namespace beacon;
using beacon::test::at;
using namespace std::chrono_literals;
using Cmd = KioskCommand::Kind;
using Ev = KioskEvent::Kind;

namespace {

Schedule schedule(const char* days, const char* hours, const char* dates) {
    auto optional = [](const char* text) {
        return text ? std::optional<std::string>(text) : std::nullopt;
    };
    auto parsed = parse_schedule(optional(days), optional(hours), optional(dates));
    REQUIRE(parsed.problems.empty());
    return parsed.schedule;
}

Item sheet(const std::string& id, std::vector<Schedule> schedules = {}) {
    Item item;
    item.kind = ItemKind::FactSheet;
    item.id = id;
    item.duration = 5s;
    item.schedules = std::move(schedules);
    return item;
}

Playlist playlist_of(std::vector<Item> items) {
    Playlist playlist = fallback_playlist();
    playlist.languages = {"en"};
    playlist.items = std::move(items);
    return playlist;
}

} // namespace

TEST_CASE("civil dates and weekdays", "[schedule]") {
    CHECK(weekday_of({1970, 1, 1}) == 3); // Thursday
    CHECK(weekday_of({2025, 3, 9}) == 6); // Sunday
    CHECK(weekday_of({2024, 2, 29}) == 3);
    CHECK(civil_from_days(days_from_civil({2024, 3, 1}) - 1) == CivilDate{2024, 2, 29});
    CHECK(civil_from_days(days_from_civil({2025, 1, 1}) - 1) == CivilDate{2024, 12, 31});
    CHECK_FALSE(parse_civil_date("2025-02-29").has_value());
    CHECK(parse_civil_date("2024-02-29").has_value());
    CHECK_FALSE(parse_civil_date("2025-13-01").has_value());
    CHECK_FALSE(parse_civil_date_time("2025-12-24T24:00").has_value());
}

TEST_CASE("weekdays", "[schedule]") {
    struct Row {
        const char* days;
        const char* when;
        bool eligible;
    };
    // 2025-03-10 is a Monday.
    Row rows[] = {
        {"mon-fri", "2025-03-10 12:00", true},  {"mon-fri", "2025-03-14 12:00", true},
        {"mon-fri", "2025-03-15 12:00", false}, {"mon-fri", "2025-03-16 12:00", false},
        {"sat sun", "2025-03-15 00:00", true},  {"sat,sun", "2025-03-13 23:59", false},
        {"fri-mon", "2025-03-10 08:00", true},  {"fri-mon", "2025-03-12 08:00", false},
        {"wed", "2025-03-12 08:00", true},      {"wed", "2025-03-19 08:00", true},
    };
    for (auto& row : rows) {
        INFO(row.days << " at " << row.when);
        CHECK(is_eligible(schedule(row.days, nullptr, nullptr), at(row.when)) == row.eligible);
    }
}

TEST_CASE("a window across midnight belongs to the day it starts", "[schedule]") {
    Schedule friday_night = schedule("fri", "22:00-06:00", nullptr);
    struct Row {
        const char* when;
        bool eligible;
    };
    // 2025-03-14 is a Friday.
    Row rows[] = {
        {"2025-03-14 21:59", false}, {"2025-03-14 22:00", true}, {"2025-03-14 23:59", true},
        {"2025-03-15 00:00", true},  {"2025-03-15 05:59", true}, {"2025-03-15 06:00", false},
        {"2025-03-15 22:30", false}, // Saturday night is not Friday night
        {"2025-03-14 03:00", false}, // Friday early morning belongs to Thursday
    };
    for (auto& row : rows) {
        INFO(row.when);
        CHECK(is_eligible(friday_night, at(row.when)) == row.eligible);
    }
    // Several windows, and 24:00 as an end.
    Schedule split = schedule(nullptr, "08:00-12:00 18:00-24:00", nullptr);
    CHECK(is_eligible(split, at("2025-03-14 08:00")));
    CHECK_FALSE(is_eligible(split, at("2025-03-14 12:00")));
    CHECK(is_eligible(split, at("2025-03-14 23:59")));
    CHECK_FALSE(is_eligible(split, at("2025-03-15 00:00")));
}

TEST_CASE("a daylight-saving change is just a jump in civil time", "[schedule][dst]") {
    // US spring forward, 2025-03-09: 01:59 is followed by 03:00.
    Schedule early = schedule(nullptr, "01:00-03:30", nullptr);
    Schedule skipped = schedule(nullptr, "02:00-02:30", nullptr);
    Schedule after = schedule(nullptr, "03:00-04:00", nullptr);
    for (const char* when : {"2025-03-09 01:58", "2025-03-09 01:59", "2025-03-09 03:00"}) {
        INFO(when);
        CHECK(is_eligible(early, at(when)));
        CHECK_FALSE(is_eligible(skipped, at(when))); // the hour that never happens
    }
    CHECK_FALSE(is_eligible(after, at("2025-03-09 01:59")));
    CHECK(is_eligible(after, at("2025-03-09 03:00"))); // starts at once after the jump
    // Fall back, 2025-11-02: 01:00-01:59 happens twice; a window covering it
    // is open both times, and a window ending at 01:30 opens again.
    Schedule night = schedule(nullptr, "00:00-01:30", nullptr);
    CHECK(is_eligible(night, at("2025-11-02 01:29")));
    CHECK_FALSE(is_eligible(night, at("2025-11-02 01:45")));
    CHECK(is_eligible(night, at("2025-11-02 01:00"))); // the second 01:00
    // A crossing window over the change still ends at its civil end.
    Schedule overnight = schedule("sat", "23:00-02:30", nullptr);
    CHECK(is_eligible(overnight, at("2025-03-09 01:59"))); // Sunday, from Saturday
    CHECK_FALSE(is_eligible(overnight, at("2025-03-09 03:00")));
}

TEST_CASE("date ranges, and an untrusted clock ignores them", "[schedule]") {
    Schedule december = schedule(nullptr, nullptr, "2025-12-01..2025-12-31 2026-01-06");
    CHECK(is_eligible(december, at("2025-12-01 00:00")));
    CHECK(is_eligible(december, at("2025-12-31 23:59")));
    CHECK_FALSE(is_eligible(december, at("2026-01-01 00:00")));
    CHECK(is_eligible(december, at("2026-01-06 12:00")));
    // A board without a real-time clock that booted in 1970, or a clock never
    // synchronised: the dates are not believed, so nothing expires.
    CHECK(is_eligible(december, at("1970-01-01 00:05", false)));
    CHECK(is_eligible(december, at("2027-06-01 12:00", false)));
    // Weekdays and hours still apply.
    Schedule weekday_december = schedule("mon-fri", "09:00-17:00", "2025-12-01..2025-12-31");
    CHECK(is_eligible(weekday_december, at("2030-06-03 10:00", false))); // a Monday
    CHECK_FALSE(is_eligible(weekday_december, at("2030-06-03 18:00", false)));
    // An item's own schedule and its group's must both allow it.
    std::vector<Schedule> both = {december, schedule("sat sun", nullptr, nullptr)};
    CHECK(is_eligible(both, at("2025-12-06 10:00")));
    CHECK_FALSE(is_eligible(both, at("2025-12-08 10:00")));
}

TEST_CASE("impossible schedules are reported", "[schedule][parser]") {
    auto problems = [](const char* days, const char* hours, const char* dates) {
        auto optional = [](const char* text) {
            return text ? std::optional<std::string>(text) : std::nullopt;
        };
        return parse_schedule(optional(days), optional(hours), optional(dates)).problems;
    };
    CHECK(problems(nullptr, "08:00-08:00", nullptr) ==
          std::vector<std::string>{"<schedule> hours window \"08:00-08:00\" has zero length"});
    CHECK(problems(nullptr, "00:00-00:00", nullptr).size() == 1);
    CHECK(problems(nullptr, nullptr, "2025-12-31..2025-12-01") ==
          std::vector<std::string>{
              "<schedule> date range \"2025-12-31..2025-12-01\" ends before it starts"});
    CHECK(problems("", nullptr, nullptr).size() == 1);
    CHECK(problems("monday", nullptr, nullptr).size() == 1);
    CHECK(problems(nullptr, "24:00-01:00", nullptr).size() == 1);
    CHECK(problems(nullptr, "8:00-9:00", nullptr).size() == 1);
    CHECK(problems(nullptr, nullptr, "2025-02-29").size() == 1);
    CHECK(problems("mon-fri", "22:00-06:00 00:00-24:00", "2025-01-01..2025-01-01").empty());
}

TEST_CASE("the loop plays only the items eligible now", "[schedule][kiosk]") {
    Schedule mornings = schedule(nullptr, "06:00-12:00", nullptr);
    Schedule evenings = schedule(nullptr, "18:00-23:00", nullptr);
    KioskMachine machine(playlist_of({sheet("filler"), sheet("am", {mornings}),
                                      sheet("pm", {evenings}), sheet("am2", {mornings})}),
                         {});
    TimePoint now{};
    KioskEvent start{Ev::Start};
    start.local_time = at("2025-03-10 09:00");
    CHECK(machine.handle(start, now) == KioskCommands{{Cmd::ShowItem, 1, "en"}});
    now += 5s;
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowItem, 3, "en"}});
    now += 5s;
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowItem, 1, "en"}});
    // In the afternoon nothing is scheduled: the unscheduled items play.
    KioskEvent tick{Ev::Tick};
    tick.local_time = at("2025-03-10 14:00");
    now += 5s;
    CHECK(machine.handle(tick, now) == KioskCommands{{Cmd::ShowItem, 0, "en"}});
    now += 5s;
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowItem, 0, "en"}});
    tick.local_time = at("2025-03-10 19:00");
    now += 5s;
    CHECK(machine.handle(tick, now) == KioskCommands{{Cmd::ShowItem, 2, "en"}});
}

TEST_CASE("nothing eligible and nothing unscheduled shows the hotline, never black",
          "[schedule][kiosk]") {
    Schedule mornings = schedule(nullptr, "06:00-12:00", nullptr);
    KioskConfig config;
    config.schedule_recheck = 30s;
    KioskMachine machine(playlist_of({sheet("am", {mornings}), sheet("am2", {mornings})}), config);
    TimePoint now{};
    KioskEvent start{Ev::Start};
    start.local_time = at("2025-03-10 05:59");
    CHECK(machine.handle(start, now) ==
          KioskCommands{{Cmd::StopMedia}, {Cmd::ShowHotline, 0, "en"}});
    CHECK(machine.screen() == Screen::Hotline);
    CHECK(machine.next_deadline() == now + 30s);
    // Still nothing at the re-check: the hotline stays, nothing is re-sent.
    now += 30s;
    KioskEvent tick{Ev::Tick};
    tick.local_time = at("2025-03-10 05:59");
    CHECK(machine.handle(tick, now) == KioskCommands{{Cmd::ShowHotline, 0, "en"}});
    // At 06:00 the loop starts by itself.
    now += 30s;
    tick.local_time = at("2025-03-10 06:00");
    CHECK(machine.handle(tick, now) == KioskCommands{{Cmd::HideHotline}, {Cmd::ShowItem, 0, "en"}});
    CHECK(machine.screen() == Screen::Loop);
}

TEST_CASE("schedules wait for a local time, then apply", "[schedule][kiosk]") {
    // Before any local time is known every item is eligible (the loop never
    // waits on the clock to show something).
    Schedule mornings = schedule(nullptr, "06:00-12:00", nullptr);
    KioskMachine machine(playlist_of({sheet("filler"), sheet("am", {mornings})}), {});
    TimePoint now{};
    CHECK(machine.handle({Ev::Start}, now) == KioskCommands{{Cmd::ShowItem, 0, "en"}});
    KioskEvent tick{Ev::Tick};
    tick.local_time = at("2025-03-10 07:00");
    now += 5s;
    CHECK(machine.handle(tick, now) == KioskCommands{{Cmd::ShowItem, 1, "en"}});
}

TEST_CASE("groups give their schedule to their items", "[schedule][parser]") {
    auto parsed = parse_playlist(R"(<playlist languages="en">
  <hotline phone="1" web="w" qr="q"><text lang="en" name="English"><headline>h</headline>
    <call>c</call><sms>s</sms><web-label>w</web-label><scan>s</scan><close>c</close></text>
  </hotline>
  <factsheet id="a" duration="5"><text lang="en"><title>t</title><point>p</point></text></factsheet>
  <group>
    <schedule days="sat sun"/>
    <factsheet id="b" duration="5">
      <schedule hours="22:00-02:00"/>
      <text lang="en"><title>t</title><point>p</point></text>
    </factsheet>
  </group>
</playlist>)",
                                 "g.xml");
    REQUIRE(parsed.diagnostics.empty());
    auto& items = parsed.playlist->items;
    REQUIRE(items.size() == 2);
    CHECK_FALSE(items[0].scheduled());
    REQUIRE(items[1].schedules.size() == 2);
    CHECK(items[1].schedules[0].weekdays == 0x60);                  // the group's: sat, sun
    CHECK(is_eligible(items[1].schedules, at("2025-03-16 01:00"))); // Sunday, from Saturday night
    CHECK_FALSE(is_eligible(items[1].schedules, at("2025-03-17 01:00"))); // Monday, from Sunday
    CHECK_FALSE(is_eligible(items[1].schedules, at("2025-03-15 12:00")));
}
