// Issue 25, display power, as the real binary runs it headless (SDL's
// offscreen driver, where no sleep method exists, so the black screen and
// the frozen loop are all there is): the frame log's `display` rows, the
// absence of loop frames while asleep, a tap that wakes straight to the
// hotline and sleeps again after its timeout, the daily "hours awake"
// figure, and that neither sleep nor a tap leaves a log line about a tap.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

// minimal.xml with display-hours on its <playlist>.
void write_playlist(const fs::path& file, const std::string& hours) {
    std::ifstream minimal(fs::path(BEACON_FIXTURES) / "playlists/good/minimal.xml");
    std::stringstream text;
    text << minimal.rdbuf();
    std::string playlist = text.str();
    auto at = playlist.find("<playlist languages=\"en\"");
    REQUIRE(at != std::string::npos);
    playlist.insert(at + 9, " display-hours=\"" + hours + "\"");
    std::ofstream(file) << playlist;
}

// The rows of `type` "display", in order, as "on"/"off" with their times.
std::vector<test::FrameRow> display_rows(const std::vector<test::FrameRow>& rows) {
    std::vector<test::FrameRow> out;
    for (auto& row : rows)
        if (row.type == "display")
            out.push_back(row);
    return out;
}

std::string dump(const std::vector<test::FrameRow>& rows) {
    std::string text;
    for (auto& row : rows)
        text += std::to_string(row.t_ms) + "," + row.type + "," + row.screen + "," + row.item +
                "," + row.detail + "\n";
    return text;
}

// Hours that cannot include the local time now: a one-hour window starting
// two hours from now.
std::string hours_away_from_now() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::snprintf(text, sizeof text, "%02d:00-%02d:00", (local.tm_hour + 2) % 24,
                  (local.tm_hour + 3) % 24);
    return text;
}

std::set<std::string> lines_of(const std::string& text) {
    std::set<std::string> lines;
    std::stringstream stream(text);
    std::string line;
    while (std::getline(stream, line))
        lines.insert(line);
    return lines;
}

} // namespace

TEST_CASE("display-hours: the display sleeps when they close, with no loop frames, and wakes "
          "when they open",
          "[e2e][display]") {
    fs::path dir = test::work_dir("display-hours-close-open");
    fs::create_directories(dir);
    // Monday 2026-12-07 19:58: open until 19:59, closed for a minute, open
    // again at 20:00. The preview clock runs 30 times faster (--time-scale),
    // so the minutes pass in two seconds each.
    write_playlist(dir / "hours.xml", "mon 07:00-19:59 20:00-21:00");
    fs::path log = dir / "frames.csv";
    auto played = test::run(test::beacon() + " play " + (dir / "hours.xml").string() +
                            " --headless --size 320x180 --time-scale 30 --run-for 170"
                            " --at \"2026-12-07 19:58\" --state-dir " +
                            dir.string() + " --frame-log " + log.string());
    INFO(played.output);
    REQUIRE(played.exit_code == 0);
    auto rows = test::read_frame_log(log);
    INFO(dump(rows));
    auto display = display_rows(rows);
    REQUIRE(display.size() == 2);
    CHECK(display[0].detail == "off");
    CHECK(display[1].detail == "on");
    // On the minute, in loop time (the preview's wall clock runs with it,
    // from the player's construction, a few milliseconds before the loop's
    // clock starts: up to a few loop seconds at 30 times); a loaded machine
    // may be late by a turn.
    CHECK(display[0].t_ms >= 55'000);
    CHECK(display[0].t_ms < 75'000);
    CHECK(display[1].t_ms >= 115'000);
    CHECK(display[1].t_ms < 135'000);
    int before = 0, during = 0, after = 0;
    for (auto& row : rows) {
        if (row.type != "frame")
            continue;
        if (row.t_ms <= display[0].t_ms)
            ++before;
        else if (row.t_ms < display[1].t_ms)
            ++during;
        else
            ++after;
    }
    CHECK(before > 0);
    CHECK(during == 0); // asleep: nothing is drawn at all
    CHECK(after > 0);   // the loop is back
    // What the log says: the preview's verdict, and that no method exists here.
    CHECK(played.output.find("preview: at 2026-12-07 19:58 the display is on (display-hours") !=
          std::string::npos);
    CHECK(played.output.find("display power: no way to switch the screen itself off here") !=
          std::string::npos);
}

// (No ';' in a test's name: CTest would cut the name there.)
TEST_CASE("display-hours: a tap on the sleeping display wakes it straight to the hotline, which "
          "sleeps again after its timeout, is counted like any opening and is logged nowhere",
          "[e2e][display][privacy]") {
    fs::path dir = test::work_dir("display-hours-tap");
    fs::create_directories(dir);
    write_playlist(dir / "closed.xml", hours_away_from_now());
    auto play = [&](const std::string& name, const std::string& extra) {
        fs::create_directories(dir / name);
        return test::run(test::beacon() + " play " + (dir / "closed.xml").string() +
                         " --headless --size 320x180 --time-scale 5 --run-for 20"
                         " --hotline-timeout 6 --trust-clock yes --usb-dir " +
                         (dir / "sticks").string() + " --state-dir " + (dir / name).string() +
                         " --frame-log " + (dir / name / "frames.csv").string() + " " + extra);
    };
    auto quiet = play("quiet", "");
    auto tapped = play("tapped", "--tap-at 4");
    INFO(quiet.output << "---\n" << tapped.output);
    REQUIRE(quiet.exit_code == 0);
    REQUIRE(tapped.exit_code == 0);

    // Untouched: asleep from the first turn, and not one frame.
    auto quiet_rows = test::read_frame_log(dir / "quiet/frames.csv");
    auto quiet_display = display_rows(quiet_rows);
    REQUIRE(quiet_display.size() == 1);
    CHECK(quiet_display[0].detail == "off");
    for (auto& row : quiet_rows)
        CHECK(row.type != "frame");

    auto rows = test::read_frame_log(dir / "tapped/frames.csv");
    INFO(dump(rows));
    // off, then the tap, display on, the hotline at once; off after the timeout.
    std::size_t tap = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].type == "event" && rows[i].detail == "tap") {
            tap = i;
            break;
        }
    REQUIRE(tap < rows.size());
    CHECK(rows[tap].t_ms >= 4'000);
    for (std::size_t i = 0; i < tap; ++i)
        CHECK(rows[i].type != "frame"); // no loop frames while asleep
    REQUIRE(tap + 2 < rows.size());
    CHECK(rows[tap + 1].type == "display");
    CHECK(rows[tap + 1].detail == "on");
    CHECK(rows[tap + 2].type == "frame");
    CHECK(rows[tap + 2].screen == "hotline");
    std::size_t off_again = rows.size();
    for (std::size_t i = tap + 2; i < rows.size(); ++i) {
        if (rows[i].type == "display") {
            CHECK(rows[i].detail == "off");
            off_again = i;
            break;
        }
        if (rows[i].type == "frame")
            CHECK(rows[i].screen == "hotline"); // never the loop in between
    }
    REQUIRE(off_again < rows.size());
    CHECK(rows[off_again].t_ms >= rows[tap].t_ms + 6'000);
    CHECK(rows[off_again].t_ms < rows[tap].t_ms + 9'000);
    for (std::size_t i = off_again + 1; i < rows.size(); ++i)
        CHECK(rows[i].type != "frame");

    // Counted like any hotline opening, and the tap kept no "awake" hours.
    std::ifstream stats(dir / "tapped/stats.csv");
    std::stringstream text;
    text << stats.rdbuf();
    CHECK(text.str().find(",hotline,en,1\n") != std::string::npos);
    CHECK(text.str().find(",awake,") == std::string::npos);
    // The loop's first item started while the display slept: not seen, not counted.
    CHECK(text.str().find(",play,") == std::string::npos);

    // Privacy: the tap's wake and sleep wrote no log line.
    auto before = lines_of(quiet.output);
    for (auto& line : lines_of(tapped.output))
        CHECK(before.contains(line));
}

TEST_CASE("validate --at says whether the display is on or off, with --display-hours "
          "overriding the playlist's",
          "[cli][validate][display]") {
    fs::path dir = test::work_dir("display-hours-validate");
    fs::create_directories(dir);
    write_playlist(dir / "hours.xml", "mon-fri 07:00-20:00; sat 09:00-13:00");
    auto validate = [&](const std::string& extra) {
        return test::run("cd " + dir.string() + " && " + test::beacon() + " validate hours.xml " +
                         extra);
    };
    auto saturday = validate("--at \"2026-12-12 12:00\"");
    INFO(saturday.output);
    CHECK(saturday.exit_code == 0);
    CHECK(saturday.output.find("hours.xml: at 2026-12-12 12:00 the display is on (display-hours "
                               "\"mon-fri 07:00-20:00; sat 09:00-13:00\" from hours.xml)") !=
          std::string::npos);
    auto sunday = validate("--at \"2026-12-13 12:00\"");
    CHECK(sunday.output.find("at 2026-12-13 12:00 the display is off") != std::string::npos);
    // What a beacon.conf would set, given on validate's command line.
    auto overridden = validate("--display-hours \"sun 10:00-14:00\" --at \"2026-12-13 12:00\"");
    INFO(overridden.output);
    CHECK(overridden.output.find("at 2026-12-13 12:00 the display is on (display-hours \"sun "
                                 "10:00-14:00\" from the command line)") != std::string::npos);
    // A wrong word is the playlist's error at its line.
    write_playlist(dir / "bad.xml", "mon-fry 07:00-20:00");
    auto bad = validate("bad.xml");
    INFO(bad.output);
    CHECK(bad.exit_code == 1);
    CHECK(bad.output.find("bad.xml:2: error: <playlist> display-hours has \"mon-fry\"") !=
          std::string::npos);
}
