// Issue 20: the fleet report's JSON, built in core from a struct.

#include "core/fleet_report.h"

#include <catch2/catch.hpp>

using namespace beacon;

TEST_CASE("json_string escapes quotes, backslashes and control characters", "[fleet]") {
    CHECK(json_string("plain") == "\"plain\"");
    CHECK(json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(json_string(std::string("new\nline\ttab\x01\x7f", 14)) ==
          "\"new\\u000aline\\u0009tab\\u0001\\u007f\"");
    CHECK(json_string("Ελληνικά · العربية") == "\"Ελληνικά · العربية\"");
}

TEST_CASE("json_string replaces invalid UTF-8, byte by byte", "[fleet]") {
    const std::string replacement = "\xEF\xBF\xBD";
    CHECK(json_string("a\xFF"
                      "b") == "\"a" + replacement + "b\"");
    CHECK(json_string("\xC0\xAF") == "\"" + replacement + replacement + "\""); // overlong '/'
    CHECK(json_string("\xED\xA0\x80") == "\"" + replacement + replacement + replacement + "\"");
    CHECK(json_string("cut \xE2\x82") == "\"cut " + replacement + replacement + "\"");
}

TEST_CASE("a report has the hour, never the minute, and cut texts", "[fleet][privacy]") {
    FleetReport report;
    report.name = std::string(500, 'n');
    report.day = CivilDate{2026, 12, 6};
    report.hour = 11;
    std::string json = report_json(report);
    CHECK(json.find("\"sent\":{\"day\":\"2026-12-06\",\"hour\":11}") != std::string::npos);
    CHECK(json.find("minute\":") == std::string::npos);
    CHECK(json.find(std::string(FleetReport::max_text, 'n') + "\"") != std::string::npos);
    CHECK(json.find(std::string(FleetReport::max_text + 1, 'n')) == std::string::npos);
    // A name cut inside a multi-byte character loses the whole character.
    report.name = std::string(FleetReport::max_text - 1, 'x') + "é";
    CHECK(report_json(report).find("x\",") != std::string::npos);
    // No trusted clock: no day and hour at all.
    report.day.reset();
    report.hour.reset();
    CHECK(report_json(report).find("\"sent\":null") != std::string::npos);
}

TEST_CASE("the counters in a report are the daily ones", "[fleet]") {
    DailyStats stats;
    CivilDate today{2026, 12, 6}, yesterday{2026, 12, 5}, long_ago{2026, 11, 1};
    stats.add(today, Counter::Skip, "failed", 2);
    stats.add(yesterday, Counter::Skip, "cannot-play");
    stats.add(today, Counter::Play, "poster", 7);
    stats.add(yesterday, Counter::Update, "installed");
    stats.add(long_ago, Counter::Update, "refused-signature");
    stats.add(today, Counter::Hotline, "en", 3);
    stats.add(yesterday, Counter::Hotline, "ar");
    stats.add(long_ago, Counter::Hotline, "es"); // more than a week ago
    FleetReport report;
    add_counters(report, stats, today);
    CHECK(report.skipped_today == std::map<std::string, long long>{{"failed", 2}});
    CHECK(report.plays_today == std::map<std::string, long long>{{"poster", 7}});
    REQUIRE(report.last_update);
    CHECK(report.last_update->day == yesterday);
    CHECK(report.last_update->results == std::map<std::string, long long>{{"installed", 1}});
    REQUIRE(report.hotline.size() == 2);
    CHECK(report.hotline[0].first == yesterday);
    CHECK(report.hotline[1].second.at("en") == 3);
    std::string json = report_json(report);
    CHECK(json.find("\"hotline\":[{\"day\":\"2026-12-05\",\"opened\":{\"ar\":1}},"
                    "{\"day\":\"2026-12-06\",\"opened\":{\"en\":3}}]") != std::string::npos);
    CHECK(json.find("\"skipped_today\":{\"failed\":2}") != std::string::npos);
}

TEST_CASE("skip counters survive the stats file", "[fleet][stats]") {
    DailyStats stats;
    stats.add(CivilDate{2026, 12, 6}, Counter::Skip, "failed");
    auto parsed = parse_stats_csv(stats.to_csv(), "stats.csv");
    CHECK(parsed.diagnostics.empty());
    CHECK(parsed.stats == stats);
}
