// Issue 23, the person who taps, checked as an outside reader would: the
// real binary renders and plays, tesseract reads the words, zbarimg decodes
// the QR code, and the frame log shows the keyboard's focus moving.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

fs::path default_playlist() {
    return test::source_dir() / "playlists" / "default.xml";
}

std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The shipped hotline in English and Spanish, with one plain picture in the
// loop: whatever a render of its loop shows besides the picture is the
// footer's.
fs::path small_playlist(const std::string& name, const std::string& hotline_attributes = "",
                        const std::string& items = "") {
    fs::path dir = test::work_dir("taps-" + name);
    fs::create_directories(dir / "media");
    fs::copy_file(test::test_media() / "still.png", dir / "media" / "still.png",
                  fs::copy_options::overwrite_existing);
    std::string shipped = read(default_playlist());
    std::size_t begin = shipped.find("<hotline ");
    std::size_t end = shipped.find("</hotline>") + std::string("</hotline>").size();
    std::string hotline = shipped.substr(begin, end - begin);
    hotline.replace(0, 9, "<hotline " + hotline_attributes + " ");
    // Only English and Spanish.
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
        if (lang == "en" || lang == "es")
            kept += hotline.substr(text, close - text);
        at = close;
    }
    std::ofstream(dir / "playlist.xml")
        << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist languages=\"en es\">\n"
        << kept << "\n"
        << (items.empty() ? "  <image id=\"still\" src=\"media/still.png\" duration=\"30\"/>\n"
                          : items)
        << "</playlist>\n";
    return dir / "playlist.xml";
}

fs::path render(const fs::path& playlist, const std::string& name, const std::string& args) {
    fs::path out = test::work_dir("taps-render-" + name) / (name + ".png");
    auto result = test::run(test::beacon() + " render " + playlist.string() + " " + args +
                            " --out " + out.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    REQUIRE(fs::exists(out));
    return out;
}

// Sparse-text page segmentation (--psm 11): a screen is not a page of
// prose, and the default mode skipped the large amber number now and then.
std::string ocr(const fs::path& png, const std::string& languages, const std::string& psm = "11") {
    auto result = test::run("tesseract " + png.string() + " - -l " + languages + " --psm " + psm +
                            " 2>/dev/null");
    REQUIRE(result.exit_code == 0);
    return result.output;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string without_spaces(std::string text) {
    text.erase(
        std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }),
        text.end());
    return text;
}

std::string decoded_qr(const fs::path& png) {
    // zbar prints D-Bus noise on stderr; only its stdout is the payload.
    return test::run("(zbarimg -q --raw " + png.string() + " 2>/dev/null)").output;
}

} // namespace

TEST_CASE("tesseract reads the number in English and Spanish, standard and discreet",
          "[e2e][ocr][discreet]") {
    for (std::string style : {"standard", "discreet"}) {
        for (std::string lang : {"en", "es"}) {
            INFO(style << " " << lang);
            auto png = render(default_playlist(), "ocr-" + style + "-" + lang,
                              "--screen hotline --lang " + lang + " --hotline-style " + style +
                                  " --qr tel");
            std::string const text = ocr(png, lang == "en" ? "eng" : "spa");
            INFO(text);
            CHECK(without_spaces(text).find("1-888-373-7888") != std::string::npos);
            if (style == "discreet") {
                CHECK(lower(text).find("traffick") == std::string::npos);
                CHECK(lower(text).find("trata") == std::string::npos);
                CHECK(lower(text).find("victim") == std::string::npos);
                CHECK(lower(text).find("polic") == std::string::npos);
                // The neutral title is there instead, and who answers.
                CHECK(lower(text).find(lang == "en" ? "help line" : "ayuda") != std::string::npos);
                CHECK(lower(text).find(lang == "en" ? "immigration" : "inmigraci") !=
                      std::string::npos);
            } else {
                // The method can find the word: the standard screen shows it
                // in its web address.
                CHECK(lower(text).find("traffick") != std::string::npos);
            }
        }
    }
}

TEST_CASE("the discreet loop footer shows no revealing word", "[e2e][ocr][discreet]") {
    fs::path playlist = small_playlist("footer");
    for (std::string lang : {"en", "es"}) {
        for (std::string style : {"standard", "discreet"}) {
            INFO(style << " " << lang);
            auto png = render(playlist, "footer-" + style + "-" + lang,
                              "--screen still --lang " + lang + " --hotline-style " + style);
            // The band alone (8% of the height, at the bottom), cut out with
            // ffmpeg: on the whole screen tesseract finds no text in a plain
            // picture with one thin band.
            fs::path const band = png.parent_path() / "band.png";
            auto cut = test::run("ffmpeg -v error -y -i " + png.string() +
                                 " -vf crop=1920:86:0:994 " + band.string());
            REQUIRE(cut.exit_code == 0);
            std::string const text = lower(ocr(band, lang == "en" ? "eng" : "spa", "6"));
            INFO(text);
            CHECK(without_spaces(text).find("1-888-373-7888") != std::string::npos);
            bool const neutral =
                text.find(lang == "en" ? "help line" : "ayuda") != std::string::npos;
            CHECK(neutral == (style == "discreet"));
            CHECK(text.find("traffick") == std::string::npos);
        }
    }
}

TEST_CASE("zbarimg decodes the tel: and sms: payloads exactly; off shows no code", "[e2e][qr]") {
    for (std::string size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        auto tel = render(default_playlist(), "qr-tel-" + size,
                          "--screen hotline --lang es --qr tel --size " + size);
        CHECK(decoded_qr(tel) == "tel:18883737888\n");
        auto sms = render(default_playlist(), "qr-sms-" + size,
                          "--screen hotline --lang en --qr sms --size " + size);
        CHECK(decoded_qr(sms) == "sms:233733?body=HELP\n");
        // Korean has no text line: its code dials, as validate says.
        auto ko = render(default_playlist(), "qr-sms-ko-" + size,
                         "--screen hotline --lang ko --qr sms --size " + size);
        CHECK(decoded_qr(ko) == "tel:18883737888\n");
        auto off = render(default_playlist(), "qr-off-" + size,
                          "--screen hotline --lang en --qr off --size " + size);
        CHECK(decoded_qr(off).empty());
        // With no code the number fills the space: tesseract still reads it.
        CHECK(without_spaces(ocr(off, "eng")).find("1-888-373-7888") != std::string::npos);
    }
}

TEST_CASE("validate names each language without who answers, at its line", "[e2e][who-answers]") {
    fs::path dir = test::work_dir("taps-who");
    std::string text = read(default_playlist());
    // Spanish loses its sentence; the media are found through a link-free
    // copy of the folder.
    std::size_t es = text.find("<text lang=\"es\"");
    std::size_t who = text.find("<who-answers>", es);
    std::size_t end = text.find("</who-answers>", who) + std::string("</who-answers>").size();
    text.erase(who, end - who);
    fs::copy(test::source_dir() / "playlists" / "media", dir / "media",
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    std::ofstream(dir / "playlist.xml") << text;
    int const line = static_cast<int>(std::count(text.begin(), text.begin() + es, '\n')) + 1;
    auto result = test::run(test::beacon() + " validate " + (dir / "playlist.xml").string());
    INFO(result.output);
    CHECK(result.output.find("playlist.xml:" + std::to_string(line) +
                             ": warning: the hotline's text in \"es\" has no <who-answers>") !=
          std::string::npos);
    // The shipped playlist has it in every language, in both styles.
    for (std::string style : {"standard", "discreet"}) {
        auto shipped = test::run(test::beacon() + " validate " + default_playlist().string() +
                                 " --hotline-style " + style + " --qr tel");
        INFO(shipped.output);
        CHECK(shipped.exit_code == 0);
        CHECK(shipped.output.find("who-answers") == std::string::npos);
    }
    // A discreet screen that names the cause is refused.
    std::string revealing = read(default_playlist());
    std::size_t title = revealing.find("<discreet>");
    revealing.replace(title, std::string("<discreet>").size(),
                      "<discreet>Human trafficking hotline. ");
    std::ofstream(dir / "revealing.xml") << revealing;
    auto refused = test::run(test::beacon() + " validate " + (dir / "revealing.xml").string() +
                             " --hotline-style discreet");
    INFO(refused.output);
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("says \"traffick\", which the discreet style must never show") !=
          std::string::npos);
}

TEST_CASE("keyboard: Tab alone reaches Close, the frame log shows the focus, Enter closes",
          "[e2e][keyboard]") {
    fs::path playlist = small_playlist("keys");
    fs::path dir = test::work_dir("taps-keys-run");
    fs::path log = dir / "frames.csv";
    auto result = test::run(test::beacon() + " play " + playlist.string() +
                            " --headless --size 1280x720 --run-for 6 --state-dir " +
                            (dir / "state").string() + " --usb-dir " + (dir / "usb").string() +
                            " --frame-log " + log.string() +
                            " --tap-at 1 --key-at 1.6:Tab --key-at 2.2:Tab --key-at 2.8:Tab "
                            "--key-at 3.4:Tab --key-at 4:Return");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    auto rows = test::read_frame_log(log);
    std::vector<std::string> focus;
    bool closed = false, hotline_after = false, loop_after = false;
    for (auto& row : rows) {
        if (row.type == "focus") {
            CHECK(row.screen == "hotline");
            focus.push_back(row.detail);
        }
        if (row.type == "event" && row.detail == "key close")
            closed = true;
        // Closed: every frame drawn after it is the loop's.
        if (closed && row.type == "frame") {
            hotline_after = hotline_after || row.screen == "hotline";
            loop_after = loop_after || row.screen == "loop";
        }
    }
    CHECK(focus == std::vector<std::string>{"close", "language en", "language es", "close"});
    CHECK(closed);
    CHECK_FALSE(hotline_after);
    CHECK(loop_after);
}

TEST_CASE("keyboard: any other key closes the hotline at once; the number pad moves the focus",
          "[e2e][keyboard][quick-exit]") {
    fs::path playlist = small_playlist("anykey");
    fs::path dir = test::work_dir("taps-anykey-run");
    fs::path log = dir / "frames.csv";
    auto result = test::run(test::beacon() + " play " + playlist.string() +
                            " --headless --size 1280x720 --run-for 5 --state-dir " +
                            (dir / "state").string() + " --usb-dir " + (dir / "usb").string() +
                            " --frame-log " + log.string() +
                            " --tap-at 1 --key-at '1.6:Keypad 6' --key-at '2.2:Keypad 6' "
                            "--key-at 2.8:Q");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    std::vector<std::string> focus, events;
    for (auto& row : test::read_frame_log(log)) {
        if (row.type == "focus")
            focus.push_back(row.detail);
        if (row.type == "event")
            events.push_back(row.detail);
    }
    CHECK(focus == std::vector<std::string>{"close", "language en"});
    CHECK(std::find(events.begin(), events.end(), "key close") != events.end());
}

TEST_CASE("validate checks that fact sheets fit at the kiosk's text-scale", "[e2e][text-scale]") {
    auto at_one =
        test::run(test::beacon() + " validate " + default_playlist().string() + " --text-scale 1");
    INFO(at_one.output);
    CHECK(at_one.exit_code == 0);
    // The shipped sheets were written for the usual size: half as large
    // again, the longest no longer fit a portrait screen.
    auto larger = test::run(test::beacon() + " validate " + default_playlist().string() +
                            " --text-scale 1.5");
    INFO(larger.output);
    CHECK(larger.exit_code == 1);
    CHECK(larger.output.find(": error: <factsheet id=\"what-to-do\"> in language \"en\" does not "
                             "fit the screen at a readable size at 1080x1920 (72 px with "
                             "text-scale 1.5)") != std::string::npos);
    CHECK(larger.output.find("default.xml:") != std::string::npos);
}
