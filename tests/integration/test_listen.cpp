// The hotline screen's Listen button (issue 23, part 5), from outside: it is
// drawn and focusable where speech = on and espeak-ng has a voice (English),
// absent for Khmer (no voice) and with speech off; Enter on it sends the
// spoken screen to ALSA (the file plugin of a test HOME, sound_rig.h), heard
// as non-silent audio of a plausible length; with speech off nothing is.

#include "integration/helpers.h"
#include "integration/sound_rig.h"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;

namespace {

// A playlist of one fact sheet (no video: the speech core is the only one
// to open ALSA) with the shipped hotline in English and Khmer.
fs::path listen_playlist(const fs::path& dir, const std::string& languages) {
    fs::create_directories(dir);
    std::ifstream in(test::source_dir() / "playlists/default.xml");
    std::stringstream all;
    all << in.rdbuf();
    std::string shipped = all.str();
    std::size_t begin = shipped.find("<hotline ");
    std::size_t end = shipped.find("</hotline>") + std::string("</hotline>").size();
    std::string hotline = shipped.substr(begin, end - begin);
    // Only the English and Khmer texts.
    std::string kept;
    std::size_t at = 0;
    while (true) {
        std::size_t text = hotline.find("<text lang=\"", at);
        if (text == std::string::npos) {
            kept += hotline.substr(at);
            break;
        }
        std::size_t close = hotline.find("</text>", text) + 7;
        std::string lang = hotline.substr(text + 12, hotline.find('"', text + 12) - text - 12);
        kept += hotline.substr(at, text - at);
        if (lang == "en" || lang == "km")
            kept += hotline.substr(text, close - text);
        at = close;
    }
    std::ofstream(dir / "playlist.xml")
        << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist languages=\"" << languages
        << "\">\n"
        << kept << "\n"
        << "  <factsheet id=\"facts\" duration=\"60\">\n"
           "    <text lang=\"en\"><title>Work</title><point>Ask for help.</point></text>\n"
           "    <text lang=\"km\"><title>ការងារ</title><point>សុំជំនួយ។</point></text>\n"
           "  </factsheet>\n</playlist>\n";
    return dir / "playlist.xml";
}

struct Heard {
    std::vector<std::string> focus;
    bool listen_pressed = false;
    test::Levels levels;
};

// Opens the hotline, Tabs twice and presses Enter, with `config`.
Heard press_listen(const std::string& name, const std::string& languages, const std::string& config,
                   const std::string& extra = "") {
    auto dir = test::work_dir(name);
    auto playlist = listen_playlist(dir, languages);
    std::ofstream(dir / "beacon.conf") << config;
    auto home = test::recording_home(dir);
    auto result =
        test::run("HOME=" + home.string() + " " + test::beacon() + " play " + playlist.string() +
                  " --headless --size 640x360 --run-for 12" + " --frame-log " +
                  (dir / "frames.csv").string() + " --config " + (dir / "beacon.conf").string() +
                  " --state-dir " + dir.string() +
                  " --tap-at 1 --key-at 1.5:Tab --key-at 2:Tab --key-at 2.5:Return " + extra);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    // Privacy: nothing the press caused is logged.
    CHECK(result.output.find("speech") == std::string::npos);
    CHECK(result.output.find("listen") == std::string::npos);
    Heard heard;
    for (auto& row : test::read_frame_log(dir / "frames.csv")) {
        if (row.type == "focus")
            heard.focus.push_back(row.detail);
        if (row.type == "event" && row.detail == "key listen")
            heard.listen_pressed = true;
    }
    heard.levels = test::measure(dir / "sound.raw");
    return heard;
}

} // namespace

TEST_CASE("Listen is drawn for English with speech on, never for Khmer or with speech off",
          "[e2e][speech][listen]") {
    auto dir = test::work_dir("listen_render");
    auto playlist = (test::source_dir() / "playlists/default.xml").string();
    auto render = [&](const std::string& lang, const std::string& extra) {
        return test::run(test::beacon() + " render " + playlist + " --screen hotline --lang " +
                         lang + " --size 1280x720 --focus listen " + extra + " --out " +
                         (dir / (lang + ".png")).string());
    };
    auto en = render("en", "--speech on");
    INFO(en.output);
    CHECK(en.exit_code == 0);
    for (auto [lang, extra] : {std::pair<std::string, std::string>{"km", "--speech on"},
                               {"en", "--speech off"},
                               {"en", ""}}) {
        auto absent = render(lang, extra);
        INFO(lang << " " << extra << ": " << absent.output);
        CHECK(absent.exit_code == 1);
        CHECK(absent.output.find("--focus listen: the hotline screen has no such target") !=
              std::string::npos);
    }
}

TEST_CASE("Enter on Listen speaks the hotline screen through ALSA", "[e2e][speech][listen]") {
    auto heard = press_listen("listen_on", "en km", "speech = on\nvolume = 100\n");
    CHECK(heard.focus == std::vector<std::string>{"close", "listen"});
    CHECK(heard.listen_pressed);
    WARN("Listen, English, volume 100: RMS " << heard.levels.rms << " over " << heard.levels.seconds
                                             << " s");
    // Recorded in real time from 2.5 s to the end of the 12 s run: the
    // words (about 25 s) fill most of it.
    CHECK(heard.levels.seconds > 4);
    CHECK(heard.levels.rms > 0.01);
}

TEST_CASE("speech off: no Listen in the focus order and nothing heard", "[e2e][speech][listen]") {
    auto heard = press_listen("listen_off", "en km", "speech = off\nvolume = 100\n");
    CHECK(heard.focus == std::vector<std::string>{"close", "language en"});
    CHECK_FALSE(heard.listen_pressed);
    CHECK(heard.levels.rms == 0);
}

TEST_CASE("Khmer, which espeak-ng has no voice for, has no Listen", "[e2e][speech][listen]") {
    auto heard = press_listen("listen_km", "km en", "speech = on\nvolume = 100\n");
    CHECK(heard.focus == std::vector<std::string>{"close", "language km"});
    CHECK(heard.levels.rms == 0);
}

TEST_CASE("closing the hotline screen stops the speech at once", "[e2e][speech][listen]") {
    // Escape 3 s after Enter on Listen, and 6.5 s before the run ends.
    auto heard =
        press_listen("listen_close", "en km", "speech = on\nvolume = 100\n", "--key-at 5.5:Escape");
    CHECK(heard.listen_pressed);
    WARN("Listen, closed 3 s after Enter: RMS " << heard.levels.rms << " over "
                                                << heard.levels.seconds << " s");
    CHECK(heard.levels.rms > 0.01);
    CHECK(heard.levels.seconds < 5);
}
