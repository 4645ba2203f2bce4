// Issue 20: `report-screenshot = yes` on the real headless player, sending to
// a real nginx. Every report the kiosk PUTs is caught as it lands (nginx
// replaces the file whole), in order. Reports made before the tap carry a
// 320x240 JPEG of the loop; none made from the tap until 60 s (of the loop's
// clock) after the hotline screen closed carries one; later ones do again.
// Without the option no report carries one.

#include "dav_server.h"
#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Each report in the order it landed, while `command` runs. nginx writes
// each PUT to a new file and renames it over the old one: a new inode or
// modification time is a new report, even one with the same bytes as the
// last (reports 2 s apart, in real time).
std::vector<std::string> reports_during(const std::string& command, const fs::path& file,
                                        test::CommandResult& result) {
    std::atomic<bool> done = false;
    std::thread player([&] {
        result = test::run(command);
        done = true;
    });
    std::vector<std::string> seen;
    std::pair<ino_t, long long> last_file{0, 0};
    for (;;) {
        bool last = done.load();
        struct stat info {};
        if (stat(file.c_str(), &info) == 0) {
            std::pair<ino_t, long long> now_file{
                info.st_ino,
                static_cast<long long>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
            std::string text = now_file != last_file ? read_all(file) : std::string();
            if (!text.empty()) {
                seen.push_back(text);
                last_file = now_file;
            }
        }
        if (last)
            break;
        std::this_thread::sleep_for(20ms);
    }
    player.join();
    return seen;
}

bool has_screenshot(const std::string& report) {
    return report.find("\"screenshot\":null") == std::string::npos;
}

std::string command(const fs::path& dir, const test::DavServer& server, const std::string& extra) {
    fs::create_directories(dir / "state");
    fs::copy_file(test::test_media() / "still.png", dir / "still.png",
                  fs::copy_options::overwrite_existing);
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English"><headline>Help is here.</headline><call>Call free.</call>
      <sms>Text HELP</sms><web-label>Online:</web-label><scan>Scan</scan><close>Close</close></text>
  </hotline>
  <image id="still" src="still.png" duration="600"/>
</playlist>
)";
    std::ofstream(dir / "auth") << "basic reporter:secret\n";
    chmod((dir / "auth").c_str(), 0600);
    return test::beacon() + " play " + (dir / "playlist.xml").string() +
           " --headless --size 320x240 --time-scale 5 --trust-clock yes --state-dir " +
           (dir / "state").string() + " --store " + (dir / "store").string() + " --usb-dir " +
           (dir / "sticks").string() + " --frame-log " + (dir / "frames.csv").string() +
           " --report-url " + server.url("reports/") + " --report-auth-file " +
           (dir / "auth").string() + " --report-interval 10 " + extra;
}

} // namespace

TEST_CASE("no screenshot while the hotline is up nor within 60 s after it closed",
          "[fleet][e2e][privacy][screenshot]") {
    if (!test::DavServer::available()) {
        WARN("SKIP: nginx, its dav_ext module or openssl is not installed");
        std::exit(77);
    }
    fs::path dir = test::work_dir("fleet-screenshot");
    test::DavServer server(dir / "nginx");
    REQUIRE(server.running());
    // Loop time (5x real): reports every 10 s; a tap at 25 s opens the
    // hotline screen, which closes by itself at 30 s; no picture until 90 s.
    test::CommandResult result;
    auto reports = reports_during(
        command(dir, server,
                "--kiosk-name shots --report-screenshot yes --tap-at 25 --hotline-timeout 5 "
                "--run-for 125"),
        server.root() / "reports" / "shots.json", result);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    std::string pattern;
    for (auto& report : reports)
        pattern += has_screenshot(report) ? 'S' : '-';
    INFO("reports in order (S: with a screenshot): " << pattern);
    std::printf("reports in order (S: with a screenshot): %s\n", pattern.c_str());
    // The start-up report may come before the first frame: no picture yet.
    auto first = pattern.find('S');
    REQUIRE(first != std::string::npos);
    // Pictures, then one stretch without (from the tap to 60 s after the
    // close: the reports of 30 to 80 s), then pictures again.
    auto quiet = pattern.find('-', first);
    REQUIRE(quiet != std::string::npos);
    auto again = pattern.find('S', quiet);
    REQUIRE(again != std::string::npos);
    CHECK(pattern.find('-', again) == std::string::npos);
    CHECK(again - quiet >= 5);
    CHECK(again - quiet <= 7);
    // Which reports those were, by the frame log's clock: the hotline closed
    // at about 30 s, so at least 60 s of reports went without.
    auto rows = test::read_frame_log(dir / "frames.csv");
    long long opened = -1, closed = -1;
    for (auto& row : rows) {
        if (row.screen == "hotline" && opened < 0)
            opened = row.t_ms;
        if (opened >= 0 && closed < 0 && row.screen != "hotline" && row.t_ms > opened)
            closed = row.t_ms;
    }
    CHECK(opened > 0);
    CHECK(closed > opened);
    // A picture is a JPEG of the 320x240 loop, nothing larger.
    const std::string& shot = reports[first];
    CHECK(shot.find("\"screenshot\":{\"type\":\"image/jpeg\",\"width\":320,\"height\":240,"
                    "\"data\":\"/9j/") != std::string::npos);
    CHECK(shot.size() < 64 * 1024);

    // Off by default: no report carries a picture.
    fs::path off = dir / "off";
    test::CommandResult plain;
    auto unpictured = reports_during(command(off, server, "--kiosk-name plain --run-for 30"),
                                     server.root() / "reports" / "plain.json", plain);
    REQUIRE(plain.exit_code == 0);
    REQUIRE_FALSE(unpictured.empty());
    for (auto& report : unpictured)
        CHECK_FALSE(has_screenshot(report));
}
