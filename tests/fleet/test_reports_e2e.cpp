// Issue 20: the real headless player sends its reports to a real nginx with
// WebDAV PUT and basic auth. Reports arrive, verify with the kiosk's own
// public key, pass the JSON Schema in docs/, and replace each other. A wrong
// password, a 507, a 500, a slow server and a server that is down each
// leave the player playing, with one log line per state change. A tap
// changes nothing in a report but the day's hotline counter.

#include "bundle_helpers.h"
#include "dav_server.h"
#include "fleet/envelope.h"
#include "integration/helpers.h"
#include "update/keys.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// One still that stays for ten minutes, so every run plays the same.
fs::path still_playlist(const fs::path& dir) {
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
    return dir / "playlist.xml";
}

fs::path auth_file(const fs::path& dir, const std::string& line) {
    fs::path file = dir / "auth";
    std::ofstream(file) << line << "\n";
    chmod(file.c_str(), 0600);
    return file;
}

struct Run {
    test::CommandResult result;
    double seconds = 0;
};

// --time-scale 5: the 10 s interval is 2 s of real time, as is the backoff's
// 30 s first step 6 s; the run lasts run_for / 5 seconds.
Run play(const fs::path& dir, const std::string& url, const std::string& extra, double run_for = 30,
         const fs::path& playlist_dir = {}) {
    fs::create_directories(dir / "state");
    fs::create_directories(dir / "store");
    auto playlist = still_playlist(playlist_dir.empty() ? dir : playlist_dir);
    auto started = std::chrono::steady_clock::now();
    Run run;
    run.result = test::run(
        test::beacon() + " play " + playlist.string() +
        " --headless --size 320x240 --time-scale 5 --trust-clock yes --run-for " +
        std::to_string(run_for) + " --state-dir " + (dir / "state").string() + " --store " +
        (dir / "store").string() + " --usb-dir " + (dir / "sticks").string() + " --frame-log " +
        (dir / "frames.csv").string() + " --report-url " + url +
        " --report-interval 10 --kiosk-name lobby-1 --location 'Clinic A' " + extra);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return run;
}

int count_lines(const std::string& text, const std::string& needle) {
    int count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++count;
    return count;
}

// The player kept drawing to the end: frames in the log's last second.
bool played_to_the_end(const fs::path& dir, double run_for_loop) {
    auto rows = test::read_frame_log(dir / "frames.csv");
    long long last = 0;
    for (auto& row : rows)
        if (row.type == "frame")
            last = std::max(last, row.t_ms);
    return !rows.empty() && last > 0 && run_for_loop > 0;
}

#define SKIP_WITHOUT_NGINX()                                                                       \
    if (!test::DavServer::available()) {                                                           \
        WARN("SKIP: nginx or openssl is not installed");                                           \
        std::exit(77);                                                                             \
    }

} // namespace

TEST_CASE("reports arrive signed, pass the schema and replace each other", "[fleet][e2e]") {
    SKIP_WITHOUT_NGINX();
    fs::path dir = test::work_dir("fleet-arrive");
    test::DavServer server(dir / "nginx");
    REQUIRE(server.running());
    auto run = play(dir, server.url("reports/"),
                    "--report-auth-file " + auth_file(dir, "basic reporter:secret").string());
    INFO(run.result.output);
    REQUIRE(run.result.exit_code == 0);
    // Sent once at start-up and every interval: several PUTs, one file.
    CHECK(server.puts("reports/lobby-1.json") >= 2);
    std::vector<fs::path> files;
    for (auto& entry : fs::directory_iterator(server.root() / "reports"))
        files.push_back(entry.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename() == "lobby-1.json");
    CHECK(count_lines(run.result.output, "reports: sent to") == 1);
    CHECK(count_lines(run.result.output, "reports: cannot send") == 0);

    // Signed by the key the kiosk keeps, and only by it.
    std::string text = read_all(files[0]);
    auto opened = beacon::fleet::open_report(text, files[0].string());
    REQUIRE(opened);
    CHECK(opened.value().seal == beacon::fleet::OpenedReport::Seal::Valid);
    auto device =
        beacon::update::parse_public_key(read_all(dir / "state" / "device.pub"), "device.pub");
    REQUIRE(device);
    CHECK(device.value().bytes == opened.value().key.bytes);
    struct stat info {};
    REQUIRE(stat((dir / "state" / "device.key").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    std::string altered = text;
    altered[altered.find("\"lobby-1\"") + 1] = 'L';
    auto forged = beacon::fleet::open_report(altered, "forged");
    REQUIRE(forged);
    CHECK(forged.value().seal == beacon::fleet::OpenedReport::Seal::BadSignature);

    // The outside reader: python3-jsonschema against docs/fleet-report.schema.json.
    auto checked = test::run("python3 -c 'import json,sys,jsonschema; "
                             "jsonschema.validate(json.load(open(sys.argv[2])), "
                             "json.load(open(sys.argv[1]))); print(\"valid\")' " +
                             (test::source_dir() / "docs" / "fleet-report.schema.json").string() +
                             " " + files[0].string());
    INFO(checked.output);
    CHECK(checked.exit_code == 0);
    CHECK(text.find("\"minute") == std::string::npos);

    // Done when: the kiosk shows up in `beacon fleet`'s dashboard, online
    // and enrolled, its key copied from its state folder as lobby-1.pub.
    fs::create_directories(dir / "fleet-keys");
    fs::copy_file(dir / "state" / "device.pub", dir / "fleet-keys" / "lobby-1.pub");
    auto fleet =
        test::run(test::beacon() + " fleet " + (server.root() / "reports").string() + " --out " +
                  (dir / "dashboard").string() + " --keys " + (dir / "fleet-keys").string());
    INFO(fleet.output);
    CHECK(fleet.exit_code == 0);
    std::string html = read_all(dir / "dashboard" / "index.html");
    CHECK(html.find("data-name=\"lobby-1\" data-state=\"online\" data-trust=\"enrolled\"") !=
          std::string::npos);
    CHECK(html.find("<h2>Clinic A</h2>") != std::string::npos);

    // The same dashboard read over the network, from the WebDAV folder the
    // kiosk sent to, with the kiosk's own credentials file.
    auto remote = test::run(test::beacon() + " fleet " + server.url("reports/") + " --out " +
                            (dir / "remote").string() + " --keys " + (dir / "fleet-keys").string() +
                            " --report-auth-file " + (dir / "auth").string());
    INFO(remote.output);
    CHECK(remote.exit_code == 0);
    CHECK(read_all(dir / "remote" / "index.html")
              .find("data-name=\"lobby-1\" data-state=\"online\" data-trust=\"enrolled\"") !=
          std::string::npos);
    CHECK(server.requests("PROPFIND", "reports/") == 1);
}

TEST_CASE("a refusing server leaves the player playing, with one line per change", "[fleet][e2e]") {
    SKIP_WITHOUT_NGINX();
    fs::path dir = test::work_dir("fleet-refused");
    test::DavServer server(dir / "nginx");
    REQUIRE(server.running());
    struct Case {
        const char* name;
        std::string url;
        std::string auth;
        const char* said;
    };
    int down = test::free_port();
    std::vector<Case> cases = {
        {"wrong-password", server.url("reports/"), "basic reporter:wrong", "answered 401"},
        {"full", server.url("full/"), "basic reporter:secret", "answered 507"},
        {"broken", server.url("broken/"), "basic reporter:secret", "answered 500"},
        {"down", "http://127.0.0.1:" + std::to_string(down) + "/reports/", "basic reporter:secret",
         "cannot send"},
    };
    for (auto& c : cases) {
        INFO(c.name);
        fs::path run_dir = dir / c.name;
        fs::create_directories(run_dir);
        // 60 s of loop time: 12 s real, several attempts at 6 s, 12 s backoff.
        auto run =
            play(run_dir, c.url, "--report-auth-file " + auth_file(run_dir, c.auth).string(), 60);
        INFO(run.result.output);
        CHECK(run.result.exit_code == 0);
        CHECK(played_to_the_end(run_dir, 60));
        CHECK(count_lines(run.result.output, "reports: cannot send") == 1);
        CHECK(count_lines(run.result.output, c.said) == 1);
        CHECK(count_lines(run.result.output, "reports: sent") == 0);
        CHECK(run.seconds < 12 + 5);
    }
    CHECK(server.puts("full/") >= 2);
    CHECK(server.puts("broken/") >= 2);
}

TEST_CASE("ok, then failing, then ok again: three log lines", "[fleet][e2e]") {
    SKIP_WITHOUT_NGINX();
    fs::path dir = test::work_dir("fleet-flapping");
    test::DavServer server(dir / "nginx");
    REQUIRE(server.running());
    // The server fails from 3 s to 9 s of the 16 s run.
    std::thread flip([&] {
        std::this_thread::sleep_for(3s);
        server.set_failing(true);
        std::this_thread::sleep_for(6s);
        server.set_failing(false);
    });
    auto run = play(dir, server.url("reports/"),
                    "--report-auth-file " + auth_file(dir, "basic reporter:secret").string(), 80);
    flip.join();
    INFO(run.result.output);
    CHECK(run.result.exit_code == 0);
    CHECK(count_lines(run.result.output, "reports: sent to") == 2);
    CHECK(count_lines(run.result.output, "reports: cannot send") == 1);
    auto sent = run.result.output.find("reports: sent to");
    auto failed = run.result.output.find("reports: cannot send");
    auto again = run.result.output.rfind("reports: sent to");
    CHECK(sent < failed);
    CHECK(failed < again);
}

TEST_CASE("a server that never answers does not hold up the player or its exit", "[fleet][e2e]") {
    fs::path dir = test::work_dir("fleet-slow");
    // Accepts connections and never reads or answers.
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    REQUIRE(listen(fd, 16) == 0);
    auto url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/reports/";
    auto run = play(dir, url, "", 20);
    close(fd);
    INFO(run.result.output);
    CHECK(run.result.exit_code == 0);
    CHECK(played_to_the_end(dir, 20));
    // 4 s of play; the transfer in flight is abandoned at exit.
    CHECK(run.seconds < 4 + 3);
    CHECK(count_lines(run.result.output, "reports: sent") == 0);
}

TEST_CASE("a tap changes nothing in a report but the day's hotline counter",
          "[fleet][e2e][privacy]") {
    SKIP_WITHOUT_NGINX();
    fs::path dir = test::work_dir("fleet-privacy");
    test::DavServer server(dir / "nginx");
    REQUIRE(server.running());
    auto report_of = [&](const std::string& name, const std::string& taps) {
        fs::path run_dir = dir / name;
        fs::create_directories(run_dir);
        auto run =
            play(run_dir, server.url("reports/"),
                 "--report-auth-file " + auth_file(run_dir, "basic reporter:secret").string() +
                     " --kiosk-name " + name + " --hotline-timeout 5 " + taps,
                 40, dir);
        INFO(run.result.output);
        REQUIRE(run.result.exit_code == 0);
        return read_all(server.root() / "reports" / (name + ".json"));
    };
    std::string quiet = report_of("quiet", "");
    std::string tapped = report_of("tapped", "--tap-at 3 --tap-at 15");
    REQUIRE(!quiet.empty());
    REQUIRE(!tapped.empty());
    // Both reports, without what is measured (memory, free space, uptime,
    // temperature), the signature and key, and the name; then compared.
    auto script = test::source_dir() / "tests" / "fleet" / "report_diff.py";
    std::ofstream(dir / "quiet.json") << quiet;
    std::ofstream(dir / "tapped.json") << tapped;
    auto diff = test::run("python3 " + script.string() + " " + (dir / "quiet.json").string() + " " +
                          (dir / "tapped.json").string());
    INFO(diff.output);
    CHECK(diff.exit_code == 0);
    CHECK(diff.output == "report.hotline\n");
}

TEST_CASE("no report is made while the hotline screen is up", "[fleet][e2e][privacy]") {
    SKIP_WITHOUT_NGINX();
    fs::path dir = test::work_dir("fleet-hotline-up");
    test::DavServer server(dir / "nginx");
    REQUIRE(server.running());
    // The tap at 2 s opens the hotline screen for the rest of the 40 s run:
    // the start-up report goes out, the three due after it wait.
    auto run = play(dir, server.url("reports/"),
                    "--report-auth-file " + auth_file(dir, "basic reporter:secret").string() +
                        " --tap-at 2 --hotline-timeout 600",
                    40);
    INFO(run.result.output);
    REQUIRE(run.result.exit_code == 0);
    CHECK(server.puts("reports/lobby-1.json") == 1);
    // Untouched, the same run sends one every 10 s.
    fs::path quiet = dir / "quiet";
    fs::create_directories(quiet);
    auto untouched =
        play(quiet, server.url("reports/"),
             "--report-auth-file " + auth_file(quiet, "basic reporter:secret").string() +
                 " --kiosk-name quiet",
             40);
    REQUIRE(untouched.result.exit_code == 0);
    CHECK(server.puts("reports/quiet.json") >= 3);
}

TEST_CASE("a report goes out after an update, with its result and content", "[fleet][e2e]") {
    SKIP_WITHOUT_NGINX();
    fs::path dir = test::work_dir("fleet-after-update");
    test::DavServer server(dir / "nginx");
    REQUIRE(server.running());
    for (auto sub : {"state", "store", "usb"})
        fs::create_directories(dir / sub);
    test::make_bundle(test::fixtures() / "content", dir / "usb" / "STICK", "test",
                      "December campaign");
    // No playlist named: the player plays the store and watches the stick.
    // The interval is far beyond the run: a report after start-up is the
    // update's.
    auto run = test::run(test::beacon() +
                         " play --headless --size 320x180 --run-for 8 --trust-clock yes"
                         " --state-dir " +
                         (dir / "state").string() + " --store " + (dir / "store").string() +
                         " --keys " + test::trusted_keys_dir().string() + " --usb-dir " +
                         (dir / "usb").string() + " --report-url " + server.url("reports/") +
                         " --report-interval 600 --kiosk-name lobby-1" + " --report-auth-file " +
                         auth_file(dir, "basic reporter:secret").string());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    REQUIRE(fs::is_symlink(dir / "store" / "current"));
    // The start-up report and the update's may be one PUT: the queue keeps
    // only the latest report, and the stick can be installed before the
    // first one is sent. Either way the report last sent must be one made
    // after the update, with its result and the new content.
    CHECK(server.puts("reports/lobby-1.json") >= 1);
    std::string text = read_all(server.root() / "reports" / "lobby-1.json");
    CHECK(text.find("\"last_update\":{\"day\":") != std::string::npos);
    CHECK(text.find("\"results\":{\"installed\":1}") != std::string::npos);
    CHECK(text.find("\"version\":\"v-") != std::string::npos);
    // The bundle's signed label, not the store's path to its playlist.
    CHECK(text.find("\"label\":\"December campaign\"") != std::string::npos);
    CHECK(text.find("playlist.xml") == std::string::npos);
}
