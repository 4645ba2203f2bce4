// Issue 20: `beacon fleet` on a folder of reports (fresh, late, offline, a bad
// signature, an unknown key, a known name with a new key, a hostile name),
// read back by real outside readers: headless Chromium renders index.html
// (its DOM is checked and a screenshot kept for a person to look at), and
// promtool checks metrics.prom.

#include "core/fleet_report.h"
#include "fleet/envelope.h"
#include "fleet/screenshot.h"
#include "integration/helpers.h"
#include "update/keys.h"

#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace beacon;

namespace {

bool have(const char* tool) {
    return test::run(std::string("command -v ") + tool).exit_code == 0;
}

FleetReport report_of(const std::string& name, const std::string& location, long long hours_ago) {
    long long hour = static_cast<long long>(std::time(nullptr)) / 3600 - hours_ago;
    FleetReport report;
    report.name = name;
    report.location = location;
    report.beacon_version = "0.1.0";
    report.arch = "x86_64";
    report.day = civil_from_days(hour / 24);
    report.hour = static_cast<int>(hour % 24);
    report.clock_trusted = true;
    report.content = {"v-2026", 1700000100, "playlist.xml"};
    report.render_path = "software";
    report.display_mode = "fullscreen";
    report.memory_bytes = 60 << 20;
    report.store_free_bytes = 8ull << 30;
    CivilDate today = *report.day;
    long long day = days_from_civil(today);
    report.hotline = {{civil_from_days(day - 2), {{"en", 3}, {"es", 1}}},
                      {civil_from_days(day - 1), {{"en", 1}, {"ar", 2}}},
                      {today, {{"en", 2}}}};
    return report;
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

std::string sealed(const update::KeyPair& key, const FleetReport& report) {
    auto text = fleet::seal_report(key.secret_key, report_json(report));
    REQUIRE(text);
    return text.value();
}

} // namespace

TEST_CASE("the dashboard in a real browser, and metrics.prom through promtool",
          "[fleet][dashboard]") {
    bool chromium = have("chromium"), promtool = have("promtool");
    if (!chromium || !promtool) {
        WARN("SKIP: chromium or promtool is not installed");
        std::exit(77);
    }
    fs::path dir = test::work_dir("fleet-dashboard");
    fs::path reports = dir / "reports", keys = dir / "keys", out = dir / "out";
    fs::create_directories(reports);
    fs::create_directories(keys);
    auto enrol = [&](const std::string& name, const update::KeyPair& key) {
        write(keys / (name + ".pub"), update::format_public_key(key.public_key));
    };
    auto key = [] { return update::generate_key_pair().release_value(); };

    auto fresh = key(), late = key(), offline = key(), bad = key(), stranger = key(),
         old_key = key(), new_key = key(), hostile = key();
    enrol("lobby-1", fresh);
    enrol("ward-2", late);
    enrol("entrance", offline);
    enrol("cafe", bad);
    enrol("desk-9", old_key);
    enrol("hostile", hostile);
    // lobby-1 sends a screenshot: a real JPEG made by ffmpeg.
    auto made = test::run("ffmpeg -v error -f lavfi -i testsrc=size=320x180 -frames:v 1 -y " +
                          (dir / "shot.jpg").string());
    REQUIRE(made.exit_code == 0);
    std::ifstream jpeg_file(dir / "shot.jpg", std::ios::binary);
    std::string jpeg{std::istreambuf_iterator<char>(jpeg_file), std::istreambuf_iterator<char>()};
    auto with_shot = report_of("lobby-1", "Clinic A", 0);
    auto thumbnail = fleet::screenshot_of_jpeg(jpeg, 320, 180);
    REQUIRE(thumbnail);
    with_shot.screenshot = thumbnail.value();
    write(reports / "lobby-1.json", sealed(fresh, with_shot));
    write(reports / "ward-2.json", sealed(late, report_of("ward-2", "Clinic A", 3)));
    auto behind = report_of("entrance", "Clinic B", 30);
    behind.content.sequence = 1600000000; // still on an old bundle
    write(reports / "entrance.json", sealed(offline, behind));
    auto cafe = report_of("cafe", "Clinic B", 0);
    cafe.screenshot = thumbnail.value(); // never shown: the signature fails
    std::string forged = sealed(bad, cafe);
    forged[forged.find("\"Clinic B\"") + 1] = 'X'; // altered after signing
    write(reports / "cafe.json", forged);
    write(reports / "new-kiosk.json", sealed(stranger, report_of("new-kiosk", "Clinic B", 0)));
    write(reports / "desk-9.json", sealed(new_key, report_of("desk-9", "Clinic A", 0)));
    auto evil = report_of("hostile", "<img src=x onerror=alert(1)>", 0);
    evil.content.label = "<script>document.title='owned'</script>";
    evil.skipped_today = {{"failed", 2}};
    write(reports / "hostile.json", sealed(hostile, evil));
    write(reports / "garbage.json", "{\"not\": \"a report\"}\n");

    auto ran = test::run(test::beacon() + " fleet " + reports.string() + " --out " + out.string() +
                         " --keys " + keys.string());
    INFO(ran.output);
    CHECK(ran.exit_code == 1); // some kiosks are late, offline or untrusted
    REQUIRE(fs::exists(out / "index.html"));
    REQUIRE(fs::exists(out / "metrics.prom"));

    auto dom = test::run("chromium --headless --no-sandbox --disable-gpu --dump-dom file://" +
                         (out / "index.html").string() + " 2>/dev/null");
    REQUIRE(dom.exit_code == 0);
    auto row = [&](const std::string& name) {
        auto at = dom.output.find("data-name=\"" + name + "\"");
        REQUIRE(at != std::string::npos);
        return dom.output.substr(at, dom.output.find("</tr>", at) - at);
    };
    CHECK(row("lobby-1").find("data-state=\"online\" data-trust=\"enrolled\"") !=
          std::string::npos);
    CHECK(row("ward-2").find("data-state=\"late\"") != std::string::npos);
    CHECK(row("entrance").find("data-state=\"offline\"") != std::string::npos);
    CHECK(row("entrance").find("(old)") != std::string::npos);
    CHECK(row("cafe").find("data-trust=\"bad signature\"") != std::string::npos);
    // A forged report arrived just now, but is never shown as online.
    CHECK(row("cafe").find("data-state=\"untrusted\"") != std::string::npos);
    CHECK(row("cafe").find("online") == std::string::npos);
    CHECK(row("garbage").find("data-state=\"untrusted\"") != std::string::npos);
    // Nothing of a forged report is believed, its location included.
    CHECK(dom.output.find("Xlinic") == std::string::npos);
    CHECK(row("new-kiosk").find("data-trust=\"unknown key\"") != std::string::npos);
    CHECK(row("desk-9").find("data-trust=\"new key for a known name\"") != std::string::npos);
    CHECK(row("garbage").find("not a signed Beacon report") != std::string::npos);
    // Nothing from a report became markup: the page has no script, its only
    // image is lobby-1's inline thumbnail, and the title is still the
    // dashboard's.
    CHECK(dom.output.find("<script") == std::string::npos);
    auto image = dom.output.find("<img");
    REQUIRE(image != std::string::npos);
    CHECK(dom.output.find("<img", image + 1) == std::string::npos);
    CHECK(dom.output.compare(image, 51, "<img class=\"thumb\" src=\"data:image/jpeg;base64,/9j/") ==
          0);
    CHECK(row("lobby-1").find("<img") != std::string::npos);
    CHECK(row("cafe").find("<img") == std::string::npos);
    CHECK(dom.output.find("&lt;script&gt;") != std::string::npos);
    CHECK(dom.output.find("<title>Beacon fleet</title>") != std::string::npos);
    // The weekly chart: bars for each language on the days it was opened.
    CHECK(dom.output.find("id=\"hotline-chart\"") != std::string::npos);
    CHECK(dom.output.find("data-lang=\"ar\"") != std::string::npos);
    CHECK(dom.output.find("<h2>Clinic A</h2>") != std::string::npos);

    fs::path png = dir / "dashboard.png";
    auto shot =
        test::run("chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
                  "--window-size=1280,1700 --screenshot=" +
                  png.string() + " file://" + (out / "index.html").string() + " 2>/dev/null");
    REQUIRE(shot.exit_code == 0);
    test::Picture picture(png);
    REQUIRE(picture.ok());
    CHECK(picture.width() == 1280);
    // The page is drawn: the background is light, and red ("offline" and
    // the bad-signature row) appears somewhere.
    bool red = false;
    for (int y = 0; y < picture.height() && !red; y += 2)
        for (int x = 0; x < picture.width() && !red; x += 2) {
            SDL_Color c = picture.at(x, y);
            red = c.r > 150 && c.g < 60 && c.b < 80;
        }
    CHECK(red);
    std::printf("dashboard screenshot: %s\n", png.c_str());

    // A forged report's kiosk is not up for a monitor either.
    std::ifstream metrics(out / "metrics.prom");
    std::string line;
    int cafe_up = 0;
    while (std::getline(metrics, line))
        if (line.rfind("beacon_kiosk_up{kiosk=\"cafe\"", 0) == 0) {
            CHECK(line.substr(line.size() - 2) == " 0");
            ++cafe_up;
        }
    CHECK(cafe_up == 1);

    auto checked = test::run("promtool check metrics < " + (out / "metrics.prom").string());
    INFO(checked.output);
    CHECK(checked.exit_code == 0);
}
