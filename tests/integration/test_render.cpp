// `beacon render` writes what the player would show; these tests look at its
// pixels and decode its QR code with zbarimg, a decoder that is not ours.

#include "integration/helpers.h"

#include "core/playlist/playlist_parser.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

fs::path default_playlist() {
    return test::source_dir() / "playlists" / "default.xml";
}

std::string configured_qr_payload() {
    std::ifstream in(default_playlist());
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = beacon::parse_playlist(text.str(), "default.xml");
    REQUIRE(parsed.playlist);
    return parsed.playlist->hotline.qr_payload;
}

fs::path render(const std::string& name, const std::string& args) {
    fs::path out = test::work_dir("render-" + name) / (name + ".png");
    auto result = test::run(test::beacon() + " render " + default_playlist().string() + " " + args +
                            " --out " + out.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    REQUIRE(fs::exists(out));
    return out;
}

bool same(SDL_Color a, SDL_Color b) {
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

} // namespace

TEST_CASE("the hotline's QR code decodes to the configured payload", "[render]") {
    std::string payload = configured_qr_payload();
    for (std::string size : {"1920x1080", "1280x720", "1080x1920"}) {
        for (std::string lang : {"en", "es"}) {
            INFO(size << " " << lang);
            auto png = render("hotline-" + lang + "-" + size,
                              "--screen hotline --lang " + lang + " --size " + size);
            // zbar prints D-Bus noise on stderr; only its stdout is the payload.
            auto decoded = test::run("(zbarimg -q --raw " + png.string() + " 2>/dev/null)");
            CHECK(decoded.exit_code == 0);
            CHECK(decoded.output == payload + "\n");
        }
    }
}

TEST_CASE("a fact sheet has text inside its margins and none outside", "[render]") {
    for (std::string size : {"1920x1080", "1280x720", "1080x1920"}) {
        INFO(size);
        test::Picture picture(render("factsheet-" + size, "--screen what-is --size " + size));
        REQUIRE(picture.ok());
        int width = picture.width(), height = picture.height();
        SDL_Color background = picture.at(0, 0);
        // The margin: 5% of the width on each side and at the top, above the
        // footer band (the bottom 15%, which has its own colour).
        int margin = width * 5 / 100;
        int footer_top = height * 85 / 100;
        long outside = 0, inside = 0;
        for (int y = 0; y < footer_top; y += 2) {
            for (int x = 0; x < width; x += 2) {
                bool in_margin = x < margin || x >= width - margin || y < margin;
                bool text = !same(picture.at(x, y), background);
                if (in_margin && text)
                    ++outside;
                if (!in_margin && text)
                    ++inside;
            }
        }
        CHECK(outside == 0);
        CHECK(inside > 2000);
        // The footer shows the hotline number: it is not a flat band.
        SDL_Color footer = picture.at(width / 2, height - 3);
        long footer_text = 0;
        for (int y = footer_top; y < height; y += 2)
            for (int x = 0; x < width; x += 2)
                footer_text +=
                    !same(picture.at(x, y), footer) && !same(picture.at(x, y), background);
        CHECK(footer_text > 200);
    }
}

TEST_CASE("render refuses what does not exist", "[render]") {
    auto out = (test::work_dir("render-refuse") / "x.png").string();
    auto base = test::beacon() + " render " + default_playlist().string();
    CHECK(test::run(base + " --screen no-such-item --out " + out).exit_code == 1);
    CHECK(test::run(base + " --screen hotline --lang xx --out " + out).exit_code == 1);
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("a still is drawn fitted on black bars, by Beacon or by mpv alike", "[render]") {
    // Red on the left, blue on the right, 4:1: on a 640x360 screen it fills
    // the width, 160 rows high, between bars of 100 rows.
    fs::path dir = test::work_dir("render-still");
    // The default playlist's own media, next to the two pictures.
    fs::copy(default_playlist().parent_path() / "media", dir / "media",
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    std::string halves = "-f lavfi -i color=c=red:s=200x100 -f lavfi -i color=c=blue:s=200x100 "
                         "-filter_complex hstack -frames:v 1 ";
    // PNG is SDL_image's to read; SGI is not, so the player has mpv show it.
    for (std::string name : {"halves.png", "halves.sgi"})
        REQUIRE(
            test::run("ffmpeg -v error -y " + halves + (dir / "media" / name).string()).exit_code ==
            0);
    std::ifstream in(default_playlist());
    std::stringstream text;
    text << in.rdbuf();
    std::string playlist = text.str();
    playlist.replace(playlist.rfind("</playlist>"), std::string("</playlist>").size(),
                     R"(<image id="png" src="media/halves.png" duration="5"/>
  <image id="sgi" src="media/halves.sgi" duration="5"/>
</playlist>)");
    std::ofstream(dir / "playlist.xml") << playlist;
    auto near = [](SDL_Color got, SDL_Color want) {
        return std::abs(got.r - want.r) <= 12 && std::abs(got.g - want.g) <= 12 &&
               std::abs(got.b - want.b) <= 12;
    };
    for (std::string id : {"png", "sgi"}) {
        INFO("image " << id);
        fs::path out = dir / (id + ".png");
        auto result = test::run(test::beacon() + " render " + (dir / "playlist.xml").string() +
                                " --screen " + id + " --size 640x360 --out " + out.string());
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        test::Picture picture(out);
        REQUIRE(picture.ok());
        for (int x : {10, 320, 630}) {
            CHECK(near(picture.at(x, 50), {0, 0, 0, 255}));  // bar above
            CHECK(near(picture.at(x, 280), {0, 0, 0, 255})); // bar below, above the footer
        }
        CHECK(near(picture.at(10, 110), {255, 0, 0, 255}));
        CHECK(near(picture.at(300, 250), {255, 0, 0, 255}));
        CHECK(near(picture.at(340, 110), {0, 0, 255, 255}));
        CHECK(near(picture.at(630, 250), {0, 0, 255, 255}));
    }
}
