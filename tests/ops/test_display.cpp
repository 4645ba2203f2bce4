// Rotation in Beacon's own composition, checked on real pictures drawn by the
// binary: the amber hotline band that runs along the bottom of an upright
// picture must run along the matching edge once turned.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;

namespace {

bool amber(SDL_Color c) {
    return c.r > 200 && c.g > 140 && c.g < 210 && c.b < 90;
}

// The fraction of amber pixels in a one-pixel line along an edge, inset by 3.
double amber_along(const test::Picture& picture, char edge) {
    int count = 0, total = 0;
    int w = picture.width(), h = picture.height();
    if (edge == 'b' || edge == 't') {
        int y = edge == 'b' ? h - 3 : 2;
        for (int x = 0; x < w; x += 4, ++total)
            count += amber(picture.at(x, y));
    } else {
        int x = edge == 'r' ? w - 3 : 2;
        for (int y = 0; y < h; y += 4, ++total)
            count += amber(picture.at(x, y));
    }
    return static_cast<double>(count) / total;
}

} // namespace

TEST_CASE("rotation turns the whole composition", "[ops][display][rotation]") {
    fs::path dir = test::work_dir("rotation");
    fs::path playlist = test::source_dir() / "playlists/default.xml";
    struct Row {
        int degrees;
        char band_edge;
    };
    for (Row row : {Row{0, 'b'}, Row{90, 'l'}, Row{180, 't'}, Row{270, 'r'}}) {
        INFO("rotation " << row.degrees);
        fs::path out = dir / ("rot" + std::to_string(row.degrees) + ".png");
        auto result = test::run(test::beacon() + " render " + playlist.string() +
                                " --screen what-is --size 800x480 --rotation " +
                                std::to_string(row.degrees) + " --out " + out.string());
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        test::Picture picture(out);
        REQUIRE(picture.ok());
        // The picture keeps the screen's size; the layout inside is turned.
        CHECK(picture.width() == 800);
        CHECK(picture.height() == 480);
        for (char edge : {'b', 'l', 't', 'r'}) {
            INFO("edge " << edge);
            if (edge == row.band_edge)
                CHECK(amber_along(picture, edge) > 0.9);
            else
                CHECK(amber_along(picture, edge) < 0.5);
        }
    }
}

TEST_CASE("a bad rotation is refused on the command line and reported in the file",
          "[ops][display][config]") {
    auto result = test::run(test::beacon() + " render x.xml --screen hotline --rotation 45 --out "
                                             "/dev/null");
    CHECK(result.exit_code == 2);
    CHECK(result.output.find("--rotation: expected 0, 90, 180 or 270") != std::string::npos);
}

TEST_CASE("the configuration file sets the new keys and reports bad lines", "[ops][config]") {
    fs::path dir = test::work_dir("config-keys");
    fs::create_directories(dir / "state");
    std::ofstream(dir / "beacon.conf") << "# a kiosk\n"
                                          "log-level = warning\n"
                                          "rotation = 45\n"
                                          "state-dir = "
                                       << (dir / "state").string()
                                       << "\n"
                                          "notice-every = often\n"
                                          "trust-clock = maybe\n"
                                          "language-rotation = 5\n"
                                          "screen-saver = off\n";
    auto result = test::run(
        test::beacon() + " play " +
        (test::source_dir() / "tests/data/playlists/good/minimal.xml").string() + " --config " +
        (dir / "beacon.conf").string() + " --headless --size 320x180 --run-for 0.5");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    std::string conf = (dir / "beacon.conf").string();
    for (std::string expected :
         {conf + ":3: error: rotation: expected 0, 90, 180 or 270, got \"45\" (ignored)",
          conf + ":5: error: notice-every: expected a number of items from 0 to 1000, got "
                 "\"often\" (ignored)",
          conf + ":6: error: trust-clock: expected auto, yes or no, got \"maybe\" (ignored)",
          conf + ":8: error: unknown key \"screen-saver\" (ignored)"})
        CHECK(result.output.find(expected) != std::string::npos);
    // log-level = warning took effect: no info lines.
    CHECK(result.output.find("info:") == std::string::npos);
    // state-dir took effect: the counters were written there.
    CHECK(fs::exists(dir / "state/stats.csv"));
}
