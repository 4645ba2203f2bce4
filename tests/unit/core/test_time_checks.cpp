// Content that parses but will not show as meant at a given moment: expired
// notices and schedules that never allow an item (issue 21, Found 3).

#include "core/time_checks.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

CivilDateTime moment(const std::string& text) {
    auto parsed = parse_civil_date_time(text);
    REQUIRE(parsed.has_value());
    return *parsed;
}

Schedule schedule(const char* days, const char* hours, const char* dates) {
    auto opt = [](const char* text) {
        return text ? std::optional<std::string>(text) : std::nullopt;
    };
    ParsedSchedule parsed = parse_schedule(opt(days), opt(hours), opt(dates));
    REQUIRE(parsed.problems.empty());
    return parsed.schedule;
}

Item scheduled_item(std::vector<Schedule> schedules) {
    Item item;
    item.id = "poster";
    item.line = 12;
    item.kind = ItemKind::Image;
    item.schedules = std::move(schedules);
    return item;
}

} // namespace

TEST_CASE("first_eligible finds the next allowed moment", "[schedule][time_checks]") {
    // 2026-12-06 is a Sunday.
    auto weekdays = schedule("mon-fri", "09:00-17:00", nullptr);
    CHECK(to_string(*first_eligible({weekdays}, moment("2026-12-06 11:00"))) == "2026-12-07 09:00");
    CHECK(to_string(*first_eligible({weekdays}, moment("2026-12-07 10:30"))) == "2026-12-07 10:30");
    CHECK(to_string(*first_eligible({weekdays}, moment("2026-12-07 17:00"))) == "2026-12-08 09:00");
    // A window across midnight, started the day before a range ends.
    auto night = schedule(nullptr, "22:00-02:00", "2026-12-10");
    CHECK(to_string(*first_eligible({night}, moment("2026-12-11 01:00"))) == "2026-12-11 01:00");
    CHECK(to_string(*first_eligible({night}, moment("2026-12-06 11:00"))) == "2026-12-10 22:00");
    // A range far ahead is still found.
    auto later = schedule("sat", nullptr, "2030-03-01..2030-03-31");
    CHECK(to_string(*first_eligible({later}, moment("2026-12-06 11:00"))) == "2030-03-02 00:00");
    CHECK(first_eligible({}, moment("2026-12-06 11:00")).has_value());
}

TEST_CASE("schedules that can never match from now on", "[schedule][time_checks]") {
    CivilDateTime const now = moment("2026-12-06 11:00");
    // Every date already past.
    CHECK_FALSE(first_eligible({schedule(nullptr, nullptr, "2025-01-01..2025-12-31")}, now));
    // The only date is a Monday, the only day Saturday.
    CHECK_FALSE(first_eligible({schedule("sat", nullptr, "2026-12-07")}, now));
    // The item's days and its group's days have nothing in common.
    CHECK_FALSE(first_eligible(
        {schedule("mon", nullptr, nullptr), schedule("tue", nullptr, nullptr)}, now));
    // Hours that do not overlap.
    CHECK_FALSE(first_eligible(
        {schedule(nullptr, "08:00-09:00", nullptr), schedule(nullptr, "10:00-11:00", nullptr)},
        now));
    // Today's window, already over, on the last allowed day.
    CHECK_FALSE(first_eligible({schedule(nullptr, "08:00-10:00", "2026-12-06")}, now));
}

TEST_CASE("time_warnings: expired notices and items that never play", "[notice][time_checks]") {
    Playlist playlist = fallback_playlist();
    playlist.source = "clinic.xml";
    Notice expired;
    expired.id = "flu";
    expired.line = 30;
    expired.expires = moment("2026-11-30 18:00");
    Notice current = expired;
    current.id = "shelter";
    current.line = 34;
    current.expires = moment("2026-12-24 08:00");
    playlist.notices = {expired, current};
    playlist.items = {scheduled_item({schedule(nullptr, nullptr, "2025-06-01..2025-06-30")}),
                      scheduled_item({schedule("mon-fri", nullptr, nullptr)})};
    playlist.items[1].id = "weekday";
    playlist.items[1].line = 20;

    Diagnostics found = time_warnings(playlist, moment("2026-12-06 11:00"));
    REQUIRE(found.size() == 2);
    CHECK(found[0].severity == Severity::Warning);
    CHECK(found[0].to_string() ==
          "clinic.xml:30: warning: <notice id=\"flu\"> expired at 2026-11-30 18:00 (it is "
          "2026-12-06 11:00): the kiosk will not show it; remove it or change expires");
    CHECK(found[1].to_string() ==
          "clinic.xml:12: warning: <image id=\"poster\"> never plays: no moment from "
          "2026-12-06 11:00 on is allowed by its <schedule>; check its days, hours and dates");
    // Seen from before they end, both are fine.
    CHECK(time_warnings(playlist, moment("2025-06-10 12:00")).empty());
}
