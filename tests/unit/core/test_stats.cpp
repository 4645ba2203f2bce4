// Daily counters: only per-day counts, bounded, and a CSV that says nothing
// about the order or time of events.

#include "core/stats.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

const CivilDate monday{2025, 3, 10};
const CivilDate tuesday{2025, 3, 11};

} // namespace

TEST_CASE("counts per day, per item and per language", "[stats]") {
    DailyStats stats;
    stats.add(monday, Counter::Play, "intro");
    stats.add(monday, Counter::Play, "intro");
    stats.add(monday, Counter::Hotline, "es");
    stats.add(tuesday, Counter::Play, "intro");
    stats.add(tuesday, Counter::Update, "installed");
    CHECK(stats.count(monday, Counter::Play, "intro") == 2);
    CHECK(stats.count(tuesday, Counter::Play, "intro") == 1);
    CHECK(stats.count(monday, Counter::Hotline, "en") == 0);
    CHECK(stats.to_csv() == "date,counter,key,count\n"
                            "2025-03-10,play,intro,2\n"
                            "2025-03-10,hotline,es,1\n"
                            "2025-03-11,play,intro,1\n"
                            "2025-03-11,update,installed,1\n");
}

TEST_CASE("the CSV does not depend on the order of events", "[stats][privacy]") {
    DailyStats first, second;
    first.add(monday, Counter::Hotline, "en");
    first.add(monday, Counter::Play, "b");
    first.add(monday, Counter::Play, "a");
    second.add(monday, Counter::Play, "a");
    second.add(monday, Counter::Play, "b");
    second.add(monday, Counter::Hotline, "en");
    CHECK(first.to_csv() == second.to_csv());
}

TEST_CASE("a reader's change of language moves the day's count", "[stats]") {
    DailyStats stats;
    stats.add(monday, Counter::Hotline, "en");
    stats.move(monday, Counter::Hotline, "en", "es");
    CHECK(stats.count(monday, Counter::Hotline, "en") == 0);
    CHECK(stats.count(monday, Counter::Hotline, "es") == 1);
    CHECK(stats.to_csv().find(",en,") == std::string::npos); // no zero rows
    stats.move(tuesday, Counter::Hotline, "en", "es");       // nothing to move
    CHECK(stats.count(tuesday, Counter::Hotline, "es") == 0);
}

TEST_CASE("history and size are bounded", "[stats]") {
    DailyStats stats;
    long long first = days_from_civil({2024, 1, 1});
    for (long long day = 0; day < 400; ++day)
        stats.add(civil_from_days(first + day), Counter::Play, "x");
    CHECK(stats.day_count() == DailyStats::max_days);
    // The oldest days went first.
    CHECK(stats.count(civil_from_days(first), Counter::Play, "x") == 0);
    CHECK(stats.count(civil_from_days(first + 399), Counter::Play, "x") == 1);

    DailyStats keys;
    for (int i = 0; i < 1000; ++i)
        keys.add(monday, Counter::Play, "item-" + std::to_string(i));
    CHECK(keys.count(monday, Counter::Play, "item-127") == 1);
    CHECK(keys.count(monday, Counter::Play, "item-128") == 0);
    // Existing keys still count when the day is full.
    keys.add(monday, Counter::Play, "item-0");
    CHECK(keys.count(monday, Counter::Play, "item-0") == 2);
    // Keys are cut and cleaned, so a row never breaks the CSV.
    keys.add(tuesday, Counter::Play, std::string(200, 'k') + ",\n");
    CHECK(keys.to_csv().size() < DailyStats::max_keys_per_day * 100 + 200);
    CHECK(stats_key("a,b\nc") == "a_b_c");
    CHECK(stats_key(std::string(100, 'z')).size() == DailyStats::max_key_length);
}

TEST_CASE("the CSV reads back, and bad rows are reported and skipped", "[stats]") {
    DailyStats stats;
    stats.add(monday, Counter::Play, "intro", 41);
    stats.add(monday, Counter::Hotline, "en");
    stats.add(tuesday, Counter::Update, "rejected");
    auto back = parse_stats_csv(stats.to_csv(), "stats.csv");
    CHECK(back.diagnostics.empty());
    CHECK(back.stats == stats);

    auto parsed = parse_stats_csv("date,counter,key,count\n"
                                  "2025-03-10,play,intro,3\n"
                                  "2025-03-10 08:15,play,intro,1\n"
                                  "2025-03-10,tap,intro,1\n"
                                  "2025-03-10,play,intro\n"
                                  "2025-03-10,play,in tro,1\n"
                                  "2025-03-10,play,intro,-4\n"
                                  "2025-02-30,play,intro,1\n",
                                  "stats.csv");
    CHECK(parsed.stats.count(monday, Counter::Play, "intro") == 3);
    std::vector<int> lines;
    for (auto& diagnostic : parsed.diagnostics)
        lines.push_back(diagnostic.line);
    CHECK(lines == std::vector<int>{3, 4, 5, 6, 7, 8});
}

TEST_CASE("hours awake: one whole-hour row a day, read back, and files from before read as "
          "before",
          "[stats][display]") {
    DailyStats stats;
    stats.add(monday, Counter::Awake, "hours", 13);
    stats.add(monday, Counter::Hotline, "es");
    CHECK(stats.to_csv() == "date,counter,key,count\n"
                            "2025-03-10,hotline,es,1\n"
                            "2025-03-10,awake,hours,13\n");
    auto back = parse_stats_csv(stats.to_csv(), "stats.csv");
    CHECK(back.diagnostics.empty());
    CHECK(back.stats == stats);
    CHECK(back.stats.count(monday, Counter::Awake, "hours") == 13);
    // A file written before display-hours existed has no awake row.
    auto old = parse_stats_csv("date,counter,key,count\n2025-03-10,play,intro,3\n", "stats.csv");
    CHECK(old.diagnostics.empty());
    CHECK(old.stats.count(monday, Counter::Awake, "hours") == 0);
}
