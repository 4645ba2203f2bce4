// Issue 23, part 7: contrast measured, not assumed. Every screen Beacon
// draws (the hotline in both styles, a fact sheet, the loop's footer), in
// every language of the shipped playlist, at every checked size, is
// rendered by the real binary; each text run's contrast ratio against the
// background it sits on is computed from the PNG's pixels with WCAG 2's
// relative luminance. Every run must reach 7:1 (AAA, the body-text level;
// nothing may be below 4.5:1 either, which 7:1 implies).
//
// How a text run is found from pixels:
// - Hotline screens: the boxes come from core's layout_hotline(), the very
//   function the renderer draws into, so each box holds one run.
// - Fact sheets and the footer: the picture is cut into zones of rows that
//   share a dominant colour (the navy page, the amber footer band), and
//   each zone into lines: runs of rows with any pixel off the zone's colour.
// In a box or line the background is its most frequent colour, and the ink
// is the colour with the highest contrast against it among those that
// cover at least a few pixels (a lone anti-aliased pixel is not ink). A box
// with no ink at all fails too, so a text that vanished cannot pass.

#include "integration/helpers.h"

#include "core/hotline_layout.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> languages = {"en", "es", "zh-Hans", "zh-Hant", "vi", "tl",
                                            "ko", "ar", "ru",      "ht",      "km"};
const std::vector<beacon::Size> sizes = {{1920, 1080}, {1280, 720}, {1080, 1920}};

double channel(int value) {
    double const c = value / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(SDL_Color color) {
    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b);
}

double contrast(SDL_Color a, SDL_Color b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb)
        std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

Uint32 key(SDL_Color c) {
    return (Uint32(c.r) << 16) | (Uint32(c.g) << 8) | c.b;
}

SDL_Color color_of(Uint32 k) {
    return {Uint8(k >> 16), Uint8(k >> 8), Uint8(k), 255};
}

struct Measured {
    bool has_ink = false;
    double ratio = 0;
    SDL_Color background{}, ink{};
};

// The box's background (most frequent colour) and its ink (the colour of
// highest contrast against it covering at least `min_pixels` pixels).
Measured measure(const test::Picture& picture, beacon::Rect box, int min_pixels = 4) {
    std::map<Uint32, int> counts;
    int const right = std::min(picture.width(), box.x + box.width);
    int const bottom = std::min(picture.height(), box.y + box.height);
    for (int y = std::max(0, box.y); y < bottom; ++y)
        for (int x = std::max(0, box.x); x < right; ++x)
            ++counts[key(picture.at(x, y))];
    Measured measured;
    if (counts.empty())
        return measured;
    Uint32 background = counts.begin()->first;
    for (auto& [k, n] : counts)
        if (n > counts[background])
            background = k;
    measured.background = color_of(background);
    for (auto& [k, n] : counts) {
        if (k == background || n < min_pixels)
            continue;
        double const ratio = contrast(color_of(k), measured.background);
        if (ratio > measured.ratio) {
            measured.ratio = ratio;
            measured.ink = color_of(k);
        }
    }
    // Ink is what stands out; faint edge blends alone are not text.
    measured.has_ink = measured.ratio >= 1.5;
    return measured;
}

// Lines of text: zones of rows with one dominant colour, cut at rows with
// nothing but that colour.
std::vector<beacon::Rect> text_lines(const test::Picture& picture, int top, int bottom) {
    int const width = picture.width();
    auto dominant = [&](int y) {
        std::map<Uint32, int> counts;
        for (int x = 0; x < width; x += 2)
            ++counts[key(picture.at(x, y))];
        Uint32 best = counts.begin()->first;
        for (auto& [k, n] : counts)
            if (n > counts[best])
                best = k;
        return best;
    };
    std::vector<beacon::Rect> lines;
    int start = -1;
    Uint32 zone = 0;
    for (int y = top; y <= bottom; ++y) {
        bool inked = false;
        Uint32 const here = y < bottom ? dominant(y) : 0;
        if (y < bottom) {
            for (int x = 0; x < width && !inked; ++x)
                inked = key(picture.at(x, y)) != here;
        }
        bool const same_zone = start >= 0 && here == zone;
        if (inked && start < 0) {
            start = y;
            zone = here;
        } else if (start >= 0 && (!inked || !same_zone)) {
            lines.push_back({0, start, width, y - start});
            start = inked ? y : -1;
            zone = here;
        }
    }
    return lines;
}

fs::path render(const fs::path& playlist, const std::string& name, const std::string& args) {
    // A folder per picture: work_dir() empties its folder, and CTest runs
    // the contrast cases in parallel.
    fs::path out = test::work_dir("contrast-" + name) / (name + ".png");
    auto result = test::run(test::beacon() + " render " + playlist.string() + " " + args +
                            " --out " + out.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    return out;
}

std::string size_text(beacon::Size size) {
    return std::to_string(size.width) + "x" + std::to_string(size.height);
}

// The lowest ratio of each screen, written for the record.
void note(const std::string& line) {
    // Beside the work folders (work_dir() empties its folder on each call).
    std::ofstream(fs::path(BEACON_WORK_DIR) / "contrast.txt", std::ios::app) << line << "\n";
}

void check_run(const std::string& what, const Measured& measured, double& lowest) {
    INFO(what << ": ink #" << std::hex << key(measured.ink) << " on #" << key(measured.background)
              << std::dec << ", ratio " << measured.ratio);
    CHECK(measured.has_ink);
    CHECK(measured.ratio >= 7.0);
    lowest = std::min(lowest, measured.ratio);
}

fs::path shipped() {
    return test::source_dir() / "playlists" / "default.xml";
}

void check_hotline(const std::string& style) {
    for (beacon::Size size : sizes) {
        double lowest = 99;
        for (std::string const& lang : languages) {
            std::string const name = "hotline-" + style + "-" + lang + "-" + size_text(size);
            test::Picture picture(render(shipped(), name,
                                         "--screen hotline --lang " + lang + " --size " +
                                             size_text(size) + " --hotline-style " + style));
            REQUIRE(picture.ok());
            auto layout = beacon::layout_hotline(size, languages.size(),
                                                 lang == "ar" ? beacon::Direction::RightToLeft
                                                              : beacon::Direction::LeftToRight);
            std::vector<std::pair<std::string, beacon::Rect>> runs = {
                {"headline", layout.headline},
                {"phone", layout.phone},
                {"call", layout.call_line},
                {"text line", layout.text_line},
                {"who answers", layout.who_answers},
                {"qr caption", layout.qr_caption},
                {"close", layout.close}};
            if (style == "standard")
                runs.push_back({"web", layout.web});
            for (std::size_t i = 0; i < layout.languages.size(); ++i)
                runs.push_back({"language " + languages[i], layout.languages[i]});
            for (auto& [what, box] : runs)
                check_run(name + " " + what, measure(picture, box), lowest);
        }
        note("hotline " + style + " " + size_text(size) + ": lowest " + std::to_string(lowest));
    }
}

} // namespace

TEST_CASE("the contrast measure is WCAG's, and it can fail", "[contrast]") {
    CHECK(contrast({0, 0, 0, 255}, {255, 255, 255, 255}) == Approx(21.0));
    CHECK(contrast({0x77, 0x77, 0x77, 255}, {255, 255, 255, 255}) == Approx(4.48).epsilon(0.01));
    // A grey caption of the kind the issue suspected, on Beacon's navy.
    CHECK(contrast({0x6B, 0x7A, 0x8F, 255}, {0x10, 0x24, 0x3E, 255}) < 4.5);
}

TEST_CASE("contrast: the standard hotline screen, every language and size",
          "[contrast][e2e][sweep]") {
    check_hotline("standard");
}

TEST_CASE("contrast: the discreet hotline screen, every language and size",
          "[contrast][e2e][sweep]") {
    check_hotline("discreet");
}

TEST_CASE("contrast: the Listen button and the narrower headline, languages with a voice",
          "[contrast][e2e][speech][sweep]") {
    for (beacon::Size size : sizes) {
        double lowest = 99;
        for (std::string const& lang : {"en", "es", "zh-Hans", "vi", "ar", "ru"}) {
            std::string const name = "hotline-listen-" + lang + "-" + size_text(size);
            test::Picture picture(render(shipped(), name,
                                         "--screen hotline --speech on --lang " + lang +
                                             " --size " + size_text(size)));
            REQUIRE(picture.ok());
            auto layout = beacon::layout_hotline(
                size, languages.size(),
                lang == "ar" ? beacon::Direction::RightToLeft : beacon::Direction::LeftToRight,
                beacon::QrSpace::Shown, beacon::ListenButton::Shown);
            REQUIRE(layout.listen.width > 0);
            check_run(name + " listen", measure(picture, layout.listen), lowest);
            check_run(name + " headline", measure(picture, layout.headline), lowest);
        }
        note("hotline with Listen " + size_text(size) + ": lowest " + std::to_string(lowest));
    }
}

TEST_CASE("contrast: a fact sheet, every language and size", "[contrast][e2e][sweep]") {
    for (beacon::Size size : sizes) {
        double lowest = 99;
        std::size_t runs = 0;
        for (std::string const& lang : languages) {
            std::string const name = "factsheet-" + lang + "-" + size_text(size);
            test::Picture picture(render(
                shipped(), name, "--screen who --lang " + lang + " --size " + size_text(size)));
            REQUIRE(picture.ok());
            auto lines = text_lines(picture, 0, picture.height());
            // A title, points and the footer: several lines at least.
            CHECK(lines.size() >= 4);
            for (auto& line : lines) {
                ++runs;
                check_run(name + " line at y=" + std::to_string(line.y), measure(picture, line),
                          lowest);
            }
        }
        note("factsheet " + size_text(size) + ": " + std::to_string(runs) + " lines, lowest " +
             std::to_string(lowest));
    }
}

TEST_CASE("contrast: the loop footer over a picture, both styles", "[contrast][e2e][sweep]") {
    fs::path dir = test::work_dir("contrast-footer");
    fs::create_directories(dir / "media");
    fs::copy_file(test::test_media() / "still.png", dir / "media" / "still.png",
                  fs::copy_options::overwrite_existing);
    std::ifstream in(shipped());
    std::stringstream text;
    text << in.rdbuf();
    std::string xml = text.str();
    std::size_t const items = xml.find("</hotline>") + std::string("</hotline>").size();
    xml = xml.substr(0, items) +
          "\n  <image id=\"still\" src=\"media/still.png\" duration=\"10\"/>\n</playlist>\n";
    std::ofstream(dir / "playlist.xml") << xml;
    for (std::string style : {"standard", "discreet"}) {
        for (beacon::Size size : sizes) {
            double lowest = 99;
            for (std::string const& lang : languages) {
                std::string const name = "footer-" + style + "-" + lang + "-" + size_text(size);
                test::Picture picture(render(dir / "playlist.xml", name,
                                             "--screen still --lang " + lang + " --size " +
                                                 size_text(size) + " --hotline-style " + style));
                REQUIRE(picture.ok());
                int const band = std::max(24, std::min(size.width, size.height) * 8 / 100);
                Measured const footer = measure(picture, {0, size.height - band, size.width, band});
                check_run(name, footer, lowest);
            }
            note("footer " + style + " " + size_text(size) + ": lowest " + std::to_string(lowest));
        }
    }
}
