// Issue 21, finding 9: the hotline a kiosk shows when its content cannot be
// played is the last validated content's, then the configured country's,
// and the US one only when nothing else exists. Checked on the rendered
// screen: tesseract reads the number back from the PNG.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string digits_of(const std::string& text) {
    std::string digits;
    std::copy_if(text.begin(), text.end(), std::back_inserter(digits),
                 [](unsigned char c) { return std::isdigit(c) != 0; });
    return digits;
}

// The digits tesseract reads on a rendered screen.
std::string digits_on(const fs::path& png) {
    auto ocr = test::run("tesseract " + png.string() + " stdout 2>/dev/null");
    REQUIRE(ocr.exit_code == 0);
    return digits_of(ocr.output);
}

// minimal.xml with another phone number, and optionally a missing picture,
// which makes it fail validation.
std::string playlist(const std::string& phone, bool broken) {
    std::string text = read(fs::path(BEACON_FIXTURES) / "playlists/good/minimal.xml");
    text.replace(text.find("1-888-373-7888"), 14, phone);
    if (broken)
        text.replace(text.find("</playlist>"), 11,
                     "  <image id=\"gone\" src=\"media/gone.png\" duration=\"5\"/>\n</playlist>");
    return text;
}

} // namespace

TEST_CASE("the fallback hotline: last validated content, then the country, then the US",
          "[cli][fallback]") {
    if (test::run("command -v tesseract").exit_code != 0) {
        WARN("SKIPPED: tesseract is not installed (scripts/install-deps.sh installs it)");
        return;
    }
    fs::path dir = test::work_dir("fallback");
    std::ofstream(dir / "broken.xml") << playlist("1-888-373-7888", true);

    // A store whose installed content has the Canadian hotline's number.
    fs::create_directories(dir / "content");
    std::ofstream(dir / "content/playlist.xml") << playlist("1-833-900-1010", false);
    REQUIRE(test::run(test::beacon() + " keygen --out " + (dir / "keys").string()).exit_code == 0);
    fs::create_directories(dir / "trusted");
    fs::copy_file(dir / "keys/beacon.pub", dir / "trusted/beacon.pub");
    auto bundled =
        test::run(test::beacon() + " bundle --key " + (dir / "keys/beacon.key").string() +
                  " --from " + (dir / "content").string() + " --out " + (dir / "bundle").string());
    REQUIRE(bundled.exit_code == 0);
    auto installed =
        test::run(test::beacon() + " install " + (dir / "bundle").string() + " --store " +
                  (dir / "store").string() + " --keys " + (dir / "trusted").string());
    INFO(installed.output);
    REQUIRE(installed.exit_code == 0);

    auto render = [&](const std::string& name, const std::string& options) {
        auto result = test::run(test::beacon() + " render " + (dir / "broken.xml").string() +
                                " --screen hotline --size 1280x720 --out " + (dir / name).string() +
                                " " + options);
        INFO(name << ": " << result.output);
        CHECK(result.exit_code == 1); // the playlist itself is refused
        CHECK(result.output.find("error: <image id=\"gone\">") != std::string::npos);
        REQUIRE(fs::exists(dir / name));
        return result.output;
    };
    std::string const no_store = "--store " + (dir / "no-store").string();

    // The last content that validated wins, even over a configured country.
    auto content =
        render("last-content.png", "--store " + (dir / "store").string() + " --country GB");
    CHECK(content.find("the hotline of the last content that validated") != std::string::npos);
    CHECK(digits_on(dir / "last-content.png").find("18339001010") != std::string::npos);

    auto country = render("country-gb.png", no_store + " --country gb");
    CHECK(country.find("the built-in hotline of country GB") != std::string::npos);
    std::string gb = digits_on(dir / "country-gb.png");
    CHECK(gb.find("08000121700") != std::string::npos);
    CHECK(gb.find("18883737888") == std::string::npos);

    auto mexico = render("country-mx.png", no_store + " --country MX");
    CHECK(digits_on(dir / "country-mx.png").find("8005533000") != std::string::npos);

    auto nothing = render("us.png", no_store);
    CHECK(nothing.find("the built-in US hotline") != std::string::npos);
    CHECK(digits_on(dir / "us.png").find("18883737888") != std::string::npos);

    // The player makes the same choice, through the same function, and the
    // country may come from beacon.conf.
    std::ofstream(dir / "beacon.conf") << "country = GB\n";
    auto played = test::run(test::beacon() + " play " + (dir / "broken.xml").string() +
                            " --headless --run-for 0.5 " + no_store + " --config " +
                            (dir / "beacon.conf").string());
    INFO(played.output);
    CHECK(played.exit_code == 0);
    CHECK(played.output.find("showing the built-in hotline of country GB") != std::string::npos);

    // A country Beacon has no hotline for is refused with the ones it has.
    auto unknown = test::run(test::beacon() + " render " + (dir / "broken.xml").string() +
                             " --screen hotline --out x.png --country FR");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.output.find("(CA, GB, MX, US), got \"FR\"") != std::string::npos);
}
