// The daily "hours awake" figure as StatsRecorder keeps it: whole hours only,
// a part-hour carried within the day and dropped at midnight, and the file
// holding nothing finer than the hour.

#include "system/stats_file.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace beacon;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

TEST_CASE("hours awake are whole hours, carried within a day, dropped at midnight",
          "[stats][display]") {
    fs::path dir = fs::temp_directory_path() / "beacon-awake-hours";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const CivilDate monday{2026, 12, 7}, tuesday{2026, 12, 8};
    {
        StatsRecorder recorder(dir, dir / "sticks");
        for (int i = 0; i < 100; ++i) // 100 turns of 1.5 minutes: 150 minutes
            recorder.count_awake(monday, 90s);
        CHECK(recorder.stats().count(monday, Counter::Awake, "hours") == 2);
        recorder.count_awake(monday, 29min); // 59 minutes carried
        CHECK(recorder.stats().count(monday, Counter::Awake, "hours") == 2);
        recorder.count_awake(tuesday, 2min); // the carry stays with Monday
        CHECK(recorder.stats().count(tuesday, Counter::Awake, "hours") == 0);
        recorder.count_awake(tuesday, 59min);
        CHECK(recorder.stats().count(tuesday, Counter::Awake, "hours") == 1);
        recorder.save(tuesday);
    }
    std::ifstream file(dir / "stats.csv");
    std::stringstream text;
    text << file.rdbuf();
    CHECK(text.str() == "date,counter,key,count\n"
                        "2026-12-07,awake,hours,2\n"
                        "2026-12-08,awake,hours,1\n");
    fs::remove_all(dir);
}
