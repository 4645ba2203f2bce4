// `text-scale` reaches the loop's footer band (issue 23, part 6), measured
// on rendered pixels: the amber band at the bottom of a picture item and of
// a fact sheet is found by its colour, and the height of the text in it
// (the rows with any pixel that is not amber) is compared at text-scale 1
// and 1.5. The band grows with the scale but never past 15% of the
// screen's height (render/sheet_layout.h, footer_share_max), and tesseract
// still reads the number in the larger band.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

// render/scene.h: palette::accent, the band's colour.
bool amber(SDL_Color c) {
    return std::abs(c.r - 0xF2) <= 6 && std::abs(c.g - 0xB1) <= 6 && std::abs(c.b - 0x34) <= 6;
}

struct Band {
    int height = 0;      // rows of amber up from the bottom, at the far edge
    int text_height = 0; // from the first to the last row with text in it
};

// The footer band of a rendered PNG. The text sits on the reading side
// (left, for English), so the right-most column is band colour only.
Band measure_band(const fs::path& png) {
    test::Picture picture(png);
    REQUIRE(picture.ok());
    int const width = picture.width();
    int const height = picture.height();
    Band band;
    while (band.height < height && amber(picture.at(width - 2, height - 1 - band.height)))
        ++band.height;
    int first = -1, last = -1;
    for (int y = height - band.height; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (!amber(picture.at(x, y))) {
                if (first < 0)
                    first = y;
                last = y;
                break;
            }
        }
    }
    band.text_height = first < 0 ? 0 : last - first + 1;
    return band;
}

fs::path scale_playlist() {
    fs::path dir = test::work_dir("text-scale-playlist");
    fs::create_directories(dir / "media");
    fs::copy_file(test::test_media() / "still.png", dir / "media" / "still.png",
                  fs::copy_options::overwrite_existing);
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
)" << test::k_english_hotline << R"(  <image id="still" src="media/still.png" duration="30"/>
  <factsheet id="facts" duration="20">
    <text lang="en"><title>Work</title><point>Ask for help.</point></text>
  </factsheet>
</playlist>
)";
    return dir / "playlist.xml";
}

fs::path render(const fs::path& playlist, const std::string& screen, const std::string& scale) {
    fs::path out = test::work_dir("text-scale-" + screen + "-" + scale) / "frame.png";
    auto result =
        test::run(test::beacon() + " render " + playlist.string() + " --screen " + screen +
                  " --lang en --size 1920x1080 --text-scale " + scale + " --out " + out.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    return out;
}

} // namespace

TEST_CASE("text-scale 1.5 enlarges the loop's footer band and its text, within 15% of the height",
          "[e2e][text-scale]") {
    fs::path playlist = scale_playlist();
    // Over a picture (8% of the shorter side at 1) and under a fact sheet
    // (a tenth of the height at 1).
    for (std::string screen : {"still", "facts"}) {
        INFO(screen);
        Band one = measure_band(render(playlist, screen, "1"));
        fs::path larger_png = render(playlist, screen, "1.5");
        Band larger = measure_band(larger_png);
        WARN(screen << ": band " << one.height << " px, text " << one.text_height
                    << " px at text-scale 1; band " << larger.height << " px, text "
                    << larger.text_height << " px at 1.5 (text x"
                    << double(larger.text_height) / one.text_height << ")");
        REQUIRE(one.height > 0);
        REQUIRE(one.text_height > 0);
        CHECK(larger.height == Approx(one.height * 1.5).margin(2));
        CHECK(larger.height <= 1080 * 15 / 100);
        // The text grows with the band (within a few pixels of glyph
        // rounding), not just the band around it.
        CHECK(double(larger.text_height) / one.text_height > 1.35);
        // And still reads as the number.
        fs::path const band = larger_png.parent_path() / "band.png";
        auto cut = test::run("ffmpeg -v error -y -i " + larger_png.string() +
                             " -vf crop=1920:" + std::to_string(larger.height) +
                             ":0:" + std::to_string(1080 - larger.height) + " " + band.string());
        REQUIRE(cut.exit_code == 0);
        auto read = test::run("tesseract " + band.string() + " - -l eng --psm 6 2>/dev/null");
        std::string text;
        for (char c : read.output)
            if (!std::isspace(static_cast<unsigned char>(c)))
                text += c;
        INFO(read.output);
        CHECK(text.find("1-888-373-7888") != std::string::npos);
    }
}

TEST_CASE("text-scale never cuts the shipped hotline's words, in any language or size",
          "[e2e][text-scale][sweep]") {
    // Rendering the hotline lays it out in every language of the playlist,
    // and the renderer says when a text did not fit its box and was cut.
    // Before sizes down to the usual minimum were allowed, 1.1 already cut
    // the caption under the QR code in several languages, and 1.5 the end
    // of the Russian who-answers line.
    fs::path const playlist = test::source_dir() / "playlists" / "default.xml";
    for (std::string scale : {"1", "1.1", "1.25", "1.5"}) {
        for (std::string size : {"1280x720", "1920x1080"}) {
            for (std::string style : {"standard", "discreet"}) {
                fs::path out = test::work_dir("text-scale-hotline") / "hotline.png";
                auto result =
                    test::run(test::beacon() + " render " + playlist.string() +
                              " --screen hotline --size " + size + " --text-scale " + scale +
                              " --hotline-style " + style + " --out " + out.string() + " 2>&1");
                INFO(scale << " " << size << " " << style << "\n" << result.output);
                REQUIRE(result.exit_code == 0);
                CHECK(result.output.find("was cut") == std::string::npos);
            }
        }
    }
}

TEST_CASE("validate lays out the hotline screen: a cut text is an error at its line, an unscaled "
          "one a warning, and the renderer agrees",
          "[e2e][text-scale][cli]") {
    fs::path dir = test::work_dir("validate-hotline-fit");
    // Line 4 is <text lang="en">: its who-answers line is far too long for
    // its place at any size.
    std::string who_answers;
    for (int i = 0; i < 6; ++i)
        who_answers += "Confidential, not the police, not immigration, never a record. ";
    std::string const playlist = (dir / "long.xml").string();
    std::ofstream(playlist)
        << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist languages=\"en\">\n"
           "  <hotline phone=\"1-888-373-7888\" web=\"example.org\" qr=\"https://example.org/\">\n"
           "    <text lang=\"en\" name=\"English\">\n"
           "      <headline>Help is here.</headline><call>Call free, 24/7.</call>\n"
           "      <sms>Text HELP to 233733</sms><web-label>Online:</web-label>\n"
           "      <scan>Scan</scan><close>Close</close>\n"
           "      <who-answers>"
        << who_answers
        << "</who-answers>\n"
           "    </text>\n  </hotline>\n"
           "  <factsheet id=\"one\" duration=\"3\">\n"
           "    <text lang=\"en\"><title>One</title><point>Ask for help.</point></text>\n"
           "  </factsheet>\n</playlist>\n";
    auto validated = test::run(test::beacon() + " validate " + playlist);
    INFO(validated.output);
    CHECK(validated.exit_code == 1);
    CHECK(validated.output.find(playlist + ":4: error: <hotline> text in language \"en\": \"" +
                                who_answers.substr(0, 40)) != std::string::npos);
    CHECK(validated.output.find("at 1920x1080, 1280x720, 1080x1920 does not fit its place even "
                                "at the smallest size, and would be cut") != std::string::npos);
    // What validate says is what the kiosk would do.
    auto rendered = test::run(test::beacon() + " render " + playlist +
                              " --screen hotline --size 1280x720 --out " +
                              (dir / "long.png").string() + " 2>&1");
    INFO(rendered.output);
    CHECK(rendered.output.find("was cut: \"" + who_answers.substr(0, 40)) != std::string::npos);

    // The shipped hotline fits everywhere at the usual sizes, and at
    // text-scale 1.5 some lines keep the usual size: warnings, at the line
    // of their language's <text>.
    std::string const shipped = (test::source_dir() / "playlists" / "default.xml").string();
    auto usual = test::run(test::beacon() + " validate " + shipped);
    INFO(usual.output);
    CHECK(usual.exit_code == 0);
    CHECK(usual.output.find("hotline screen") == std::string::npos);
    auto larger = test::run(test::beacon() + " validate " + shipped + " --text-scale 1.5");
    INFO(larger.output);
    std::istringstream lines(larger.output);
    std::string line;
    int warnings = 0;
    while (std::getline(lines, line)) {
        if (line.find("on the hotline screen") == std::string::npos)
            continue;
        ++warnings;
        CHECK(line.find(": warning: <hotline> text in language \"") != std::string::npos);
        CHECK(line.find("does not fit at text-scale 1.5, and is shown at the usual size") !=
              std::string::npos);
    }
    CHECK(warnings >= 5);
    CHECK(larger.output.find("would be cut") == std::string::npos);
}
