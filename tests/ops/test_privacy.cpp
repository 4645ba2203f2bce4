// The statistics privacy test: the real binary runs twice, headless, with a
// fresh state folder each time, once untouched and once with a tap. Every
// file Beacon wrote is then compared: the tap may leave nothing but one more
// on that day's hotline counter. No time of day, no order of events, no
// per-tap record, in the contents or in the files' times.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include <ctime>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace {

fs::path playlist_in(const fs::path& dir) {
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en es">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English"><headline>Help is here.</headline><call>Call free.</call>
      <sms>Text HELP</sms><web-label>Online:</web-label><scan>Scan</scan><close>Close</close></text>
    <text lang="es" name="Español"><headline>Aquí hay ayuda.</headline><call>Llamada.</call>
      <sms>Envíe HELP</sms><web-label>En línea:</web-label><scan>Escanee</scan><close>Cerrar</close></text>
  </hotline>
  <factsheet id="facts" duration="60">
    <text lang="en"><title>What is trafficking?</title><point>Force, fraud or coercion.</point></text>
    <text lang="es"><title>¿Qué es la trata?</title><point>Fuerza, fraude o coerción.</point></text>
  </factsheet>
</playlist>
)";
    return dir / "playlist.xml";
}

struct Written {
    std::map<std::string, std::string> contents; // path relative to the folder -> bytes
    std::map<std::string, std::time_t> mtimes;
};

Written everything_in(const fs::path& folder) {
    Written written;
    for (auto& entry : fs::recursive_directory_iterator(folder)) {
        auto name = fs::relative(entry.path(), folder).string();
        struct stat info;
        REQUIRE(::stat(entry.path().c_str(), &info) == 0);
        written.mtimes[name] = info.st_mtime;
        if (entry.is_regular_file()) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream bytes;
            bytes << in.rdbuf();
            written.contents[name] = bytes.str();
        }
    }
    return written;
}

std::set<std::string> lines_of(const std::string& text) {
    std::set<std::string> lines;
    std::stringstream stream(text);
    std::string line;
    while (std::getline(stream, line))
        lines.insert(line);
    return lines;
}

std::time_t today_midnight() {
    std::time_t now = std::time(nullptr);
    std::tm parts{};
    localtime_r(&now, &parts);
    parts.tm_hour = parts.tm_min = parts.tm_sec = 0;
    parts.tm_isdst = -1;
    return std::mktime(&parts);
}

std::string today() {
    std::time_t now = std::time(nullptr);
    std::tm parts{};
    localtime_r(&now, &parts);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

test::CommandResult play(const fs::path& dir, const std::string& extra) {
    fs::create_directories(dir / "state");
    return test::run(test::beacon() + " play " + playlist_in(dir).string() +
                     " --headless --size 320x180 --run-for 2.5 --state-dir " +
                     (dir / "state").string() + " --usb-dir " + (dir / "sticks").string() + " " +
                     extra);
}

} // namespace

TEST_CASE("a tap leaves no trace beyond that day's counter", "[ops][privacy][stats]") {
    fs::path quiet_dir = test::work_dir("privacy-quiet");
    fs::path tapped_dir = test::work_dir("privacy-tapped");
    auto quiet = play(quiet_dir, "");
    auto tapped = play(tapped_dir, "--tap-at 1");
    INFO(quiet.output << tapped.output);
    REQUIRE(quiet.exit_code == 0);
    REQUIRE(tapped.exit_code == 0);

    Written before = everything_in(quiet_dir / "state");
    Written after = everything_in(tapped_dir / "state");
    // The counters file, and the record of the pages the start touched
    // (system/startup_read_ahead.h), which a start records before any press
    // or not at all: a tap adds no file.
    std::set<std::string> names_before, names_after;
    for (auto& [name, time] : before.mtimes)
        names_before.insert(name);
    for (auto& [name, time] : after.mtimes)
        names_after.insert(name);
    CHECK(names_before == std::set<std::string>{"stats.csv", "startup-pages"});
    CHECK(names_after.contains("stats.csv"));
    CHECK(std::includes(names_before.begin(), names_before.end(), names_after.begin(),
                        names_after.end()));

    // The only difference: one more on today's hotline counter.
    auto quiet_lines = lines_of(before.contents["stats.csv"]);
    auto tapped_lines = lines_of(after.contents["stats.csv"]);
    std::set<std::string> added, removed;
    for (auto& line : tapped_lines)
        if (!quiet_lines.contains(line))
            added.insert(line);
    for (auto& line : quiet_lines)
        if (!tapped_lines.contains(line))
            removed.insert(line);
    CHECK(removed.empty());
    CHECK(added == std::set<std::string>{today() + ",hotline,en,1"});

    // Every row is a day's count: no time of day, nothing per event.
    std::regex row(R"(\d{4}-\d{2}-\d{2},(play|hotline|update),[A-Za-z0-9_.-]+,[1-9]\d*)");
    for (auto& line : tapped_lines)
        if (line != "date,counter,key,count")
            CHECK(std::regex_match(line, row));
    CHECK_FALSE(std::regex_search(after.contents["stats.csv"], std::regex(R"(\d{1,2}:\d{2})")));

    // Not in the files' times either: they all say "today", at midnight.
    std::time_t midnight = today_midnight();
    for (auto const* written : {&before, &after})
        for (auto& [name, time] : written->mtimes) {
            INFO(name);
            CHECK(time == midnight);
        }
    // And nothing about it in the log.
    CHECK(tapped.output.find("tap") == std::string::npos);
    CHECK(tapped.output.find("hotline") == std::string::npos);
}

TEST_CASE("the counters reach a stick that asks for them", "[ops][stats]") {
    fs::path dir = test::work_dir("stats-export");
    fs::create_directories(dir / "sticks/ADMIN");
    std::ofstream(dir / "sticks/ADMIN/beacon-export-stats") << "";
    // Counters from earlier days, as a kiosk that has run for a while has.
    fs::create_directories(dir / "state");
    std::ofstream(dir / "state/stats.csv") << "date,counter,key,count\n"
                                              "2025-01-01,play,facts,7\n"
                                              "2025-01-01,hotline,es,2\n";
    auto result = play(dir, "--tap-at 1");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    fs::path exported;
    for (auto& entry : fs::directory_iterator(dir / "sticks/ADMIN"))
        if (entry.path().filename().string().rfind("beacon-stats-", 0) == 0)
            exported = entry.path();
    REQUIRE_FALSE(exported.empty());
    std::ifstream in(exported);
    std::stringstream text;
    text << in.rdbuf();
    // Written as soon as the stick was seen: the day counts, in the state
    // file's format, and nothing else.
    CHECK(text.str() == "date,counter,key,count\n"
                        "2025-01-01,play,facts,7\n"
                        "2025-01-01,hotline,es,2\n");
    // The state file itself now has today's counts on top.
    std::ifstream state(dir / "state/stats.csv");
    std::stringstream saved;
    saved << state.rdbuf();
    CHECK(saved.str().find(today() + ",hotline,en,1") != std::string::npos);
    CHECK(saved.str().find("2025-01-01,play,facts,7") != std::string::npos);
    CHECK(result.output.find("exported") != std::string::npos);
}
