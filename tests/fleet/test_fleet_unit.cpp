// Issue 20: the fleet library on its own: the signed envelope, the device
// key, the credentials file, reading hostile reports, liveness, escaping.

#include "core/fleet_report.h"
#include "fleet/dashboard.h"
#include "fleet/device_key.h"
#include "fleet/enrol.h"
#include "fleet/envelope.h"
#include "fleet/kiosk_facts.h"
#include "fleet/report_auth.h"
#include "fleet/report_reader.h"
#include "fleet/screenshot.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace beacon;
using namespace beacon::fleet;

namespace {

fs::path work(const std::string& name) {
    fs::path dir = fs::path(BEACON_WORK_DIR) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

update::KeyPair new_key() {
    return update::generate_key_pair().release_value();
}

} // namespace

TEST_CASE("a sealed report opens with its key, and not after one changed byte", "[fleet]") {
    auto key = new_key();
    FleetReport report;
    report.name = "lobby-1";
    std::string json = report_json(report);
    auto sealed = seal_report(key.secret_key, json);
    REQUIRE(sealed);
    auto opened = open_report(sealed.value(), "lobby-1.json");
    REQUIRE(opened);
    CHECK(opened.value().seal == OpenedReport::Seal::Valid);
    CHECK(opened.value().report == json);
    CHECK(opened.value().key.bytes == key.public_key.bytes);
    std::string altered = sealed.value();
    altered[altered.find("lobby-1") + 2] = 'X';
    auto forged = open_report(altered, "lobby-1.json");
    REQUIRE(forged);
    CHECK(forged.value().seal == OpenedReport::Seal::BadSignature);
    // Not an envelope at all, or too large: an error, never a crash.
    CHECK(!open_report("{}", "x.json"));
    CHECK(!open_report(std::string(max_envelope_bytes + 1, ' '), "x.json"));
    CHECK(!open_report(sealed.value().substr(0, 200), "x.json"));
}

TEST_CASE("the device key is made once, private, and kept", "[fleet]") {
    fs::path state = work("device-key");
    PosixFileSystem files;
    auto first = load_or_make_device_key(files, state);
    REQUIRE(first);
    CHECK(first.value().made);
    struct stat info {};
    REQUIRE(stat((state / "device.key").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(fs::exists(state / "device.pub"));
    auto again = load_or_make_device_key(files, state);
    REQUIRE(again);
    CHECK(!again.value().made);
    CHECK(again.value().public_key.bytes == first.value().public_key.bytes);
    // Made readable by others (a careless copy): made private again, said so.
    chmod((state / "device.key").c_str(), 0644);
    auto exposed = load_or_make_device_key(files, state);
    REQUIRE(exposed);
    CHECK(exposed.value().fix);
    REQUIRE(stat((state / "device.key").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("the credentials file: basic or bearer, and private", "[fleet]") {
    CHECK(parse_report_auth("basic reporter:secret\n", "auth").value() ==
          "Authorization: Basic cmVwb3J0ZXI6c2VjcmV0");
    CHECK(parse_report_auth("# made by the admin\n\nbearer abc.def\n", "auth").value() ==
          "Authorization: Bearer abc.def");
    auto no_colon = parse_report_auth("basic reporter\n", "auth");
    REQUIRE(!no_colon);
    CHECK(no_colon.error().message.rfind("auth:1: ", 0) == 0);
    CHECK(!parse_report_auth("bearer a\nbearer b\n", "auth"));
    CHECK(!parse_report_auth("token x\n", "auth"));
    CHECK(!parse_report_auth("", "auth"));
    fs::path dir = work("auth");
    fs::path file = dir / "auth";
    std::ofstream(file) << "basic reporter:secret\n";
    PosixFileSystem files;
    chmod(file.c_str(), 0644);
    auto refused = load_report_auth(files, file);
    REQUIRE(!refused);
    CHECK(refused.error().message.find("other users can read it") != std::string::npos);
    chmod(file.c_str(), 0600);
    CHECK(load_report_auth(files, file));
}

TEST_CASE("liveness from the report's hour and interval", "[fleet]") {
    CHECK(liveness(100, 300, 100) == Liveness::Online);
    CHECK(liveness(100, 300, 101) == Liveness::Online);
    CHECK(liveness(100, 300, 102) == Liveness::Late);
    CHECK(liveness(100, 300, 103) == Liveness::Late);
    CHECK(liveness(100, 300, 104) == Liveness::Offline);
    // A kiosk reporting every 6 hours is online for 12 hours.
    CHECK(liveness(100, 6 * 3600, 112) == Liveness::Online);
    CHECK(liveness(100, 6 * 3600, 113) == Liveness::Late);
}

TEST_CASE("hostile reports: types checked, texts cut and escaped", "[fleet]") {
    auto key = new_key();
    std::string json = R"({"name":"<b>x</b>","location":12,"interval_seconds":-5,)"
                       R"("memory_bytes":"lots","content":{"sequence":-1},)"
                       R"("skipped_today":{"failed":"many","ok":2},"hotline":[1,{"day":"bad"}],)"
                       R"("beacon_version":")" +
                       std::string(10'000, 'v') + "\"}";
    auto sealed = seal_report(key.secret_key, json);
    REQUIRE(sealed);
    auto row = read_report(sealed.value(), "x.json", 1000, {});
    CHECK(row.trust == Trust::Unknown);
    CHECK(row.name == "<b>x</b>");
    CHECK(row.location.empty());
    CHECK(row.interval_seconds == 300);
    CHECK(!row.memory_bytes);
    CHECK(row.content_sequence == 0);
    CHECK(row.skipped_today == std::map<std::string, long long>{{"ok", 2}});
    CHECK(row.hotline.empty());
    CHECK(row.beacon_version.size() == max_field_text);
    auto page = make_dashboard({row}, 1000, {});
    CHECK(page.html.find("<b>x") == std::string::npos);
    CHECK(page.html.find("&lt;b&gt;x&lt;/b&gt;") != std::string::npos);
    CHECK(page.metrics.find("kiosk=\"<b>x</b>\"") != std::string::npos);
    CHECK(label_escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
    CHECK(html_escape("'\"&<>") == "&#39;&quot;&amp;&lt;&gt;");
}

TEST_CASE("a known name with another key is flagged, an enrolled key trusted", "[fleet]") {
    auto enrolled_key = new_key(), other = new_key();
    EnrolledKeys enrolled;
    enrolled.by_name["lobby-1"] = enrolled_key.public_key;
    FleetReport report;
    report.name = "lobby-1";
    auto mine = seal_report(enrolled_key.secret_key, report_json(report)).release_value();
    auto theirs = seal_report(other.secret_key, report_json(report)).release_value();
    CHECK(read_report(mine, "lobby-1.json", 0, enrolled).trust == Trust::Enrolled);
    CHECK(read_report(theirs, "lobby-1.json", 0, enrolled).trust == Trust::NewKey);
    auto page = make_dashboard({read_report(mine, "lobby-1.json", 0, enrolled)}, 0, {});
    CHECK(page.all_well);
    page = make_dashboard({read_report(theirs, "lobby-1.json", 0, enrolled)}, 0, {});
    CHECK(!page.all_well);
}

TEST_CASE("a stick asking for enrolment gets the kiosk's public key", "[fleet]") {
    fs::path usb = work("enrol");
    fs::create_directories(usb / "STICK");
    fs::create_directories(usb / "OTHER");
    std::ofstream(usb / "STICK" / enrol_request_name) << "";
    PosixFileSystem files;
    auto written = enrol_on_sticks(files, usb, "lobby 1", "beacon-public-key-v1 00\n");
    REQUIRE(written.size() == 1);
    CHECK(written[0] == usb / "STICK" / "beacon-enrol-lobby_1.pub");
    CHECK(!fs::exists(usb / "OTHER" / "beacon-enrol-lobby_1.pub"));
    // Already there with the same key: not written again.
    CHECK(enrol_on_sticks(files, usb, "lobby 1", "beacon-public-key-v1 00\n").empty());
    CHECK(enrol_on_sticks(files, usb / "missing", "x", "k").empty());
}

TEST_CASE("boots are counted once per kernel boot id", "[fleet]") {
    fs::path dir = work("boots");
    std::ofstream(dir / "boot_id") << "aaaa\n";
    PosixFileSystem files;
    CHECK(count_boot(files, dir, dir / "boot_id") == 1);
    CHECK(count_boot(files, dir, dir / "boot_id") == 1); // a restart of the player
    std::ofstream(dir / "boot_id") << "bbbb\n";
    CHECK(count_boot(files, dir, dir / "boot_id") == 2);
    CHECK(count_boot(files, dir / "missing", dir / "boot_id") == 0);
}

TEST_CASE("a screenshot is shown only when it is base64 of a JPEG, within limits",
          "[fleet][screenshot]") {
    auto key = new_key();
    auto shot_json = [&](const std::string& data, int width, int height) {
        std::string json = R"({"name":"k","screenshot":{"type":"image/jpeg","width":)" +
                           std::to_string(width) + R"(,"height":)" + std::to_string(height) +
                           R"(,"data":")" + data + "\"}}";
        auto sealed = seal_report(key.secret_key, json);
        REQUIRE(sealed);
        return read_report(sealed.value(), "k.json", 0, {});
    };
    auto good = shot_json("/9j/4AAQ", 320, 180);
    REQUIRE(good.screenshot);
    CHECK(good.screenshot->width == 320);
    auto page = make_dashboard({good}, 0, {});
    CHECK(page.html.find("src=\"data:image/jpeg;base64,/9j/4AAQ\" width=\"320\"") !=
          std::string::npos);
    // Not a JPEG, not base64 (a quote would leave the attribute), too wide,
    // too large.
    CHECK_FALSE(shot_json("iVBORw0K", 320, 180).screenshot);
    CHECK_FALSE(shot_json("/9j/4AA\\\"><script>", 320, 180).screenshot);
    CHECK_FALSE(shot_json("/9j/4AAQ", 321, 180).screenshot);
    CHECK_FALSE(shot_json("/9j/4AAQ", 320, 0).screenshot);
    CHECK_FALSE(shot_json("/9j/" + std::string(FleetReport::Screenshot::max_base64, 'A'), 320, 180)
                    .screenshot);

    // The kiosk's side: base64 of the JPEG, refused when it would not fit.
    auto made = screenshot_of_jpeg("\xFF\xD8\xFF\xE0", 320, 240);
    REQUIRE(made);
    CHECK(made.value().jpeg_base64 == "/9j/4A==");
    CHECK(is_base64(made.value().jpeg_base64));
    CHECK_FALSE(screenshot_of_jpeg(std::string(40 * 1024, 'x'), 320, 240));
    CHECK_FALSE(screenshot_of_jpeg("\xFF\xD8\xFF", 640, 480));
    FleetReport report;
    report.screenshot = made.value();
    CHECK(report_json(report).find(R"("screenshot":{"type":"image/jpeg","width":320,)"
                                   R"("height":240,"data":"/9j/4A=="})") != std::string::npos);
    report.screenshot.reset();
    CHECK(report_json(report).find(R"("screenshot":null)") != std::string::npos);
}
