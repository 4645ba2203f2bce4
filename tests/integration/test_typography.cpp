// Every language of the default content, drawn by the real binary: fact
// sheets at the three screen sizes with nothing cut or missing, the
// right-to-left hotline mirrored with its number intact, `beacon validate`
// catching what no font can draw and what does not fit, and the player
// skipping a language it cannot draw.

#include "integration/helpers.h"

#include "core/hotline_layout.h"
#include "core/playlist/playlist_parser.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> k_languages = {"en", "es", "zh-Hans", "zh-Hant", "vi", "tl",
                                              "ko", "ar", "ru",      "ht",      "km"};
const std::vector<std::string> k_sheets = {"what-is", "who", "signs", "what-to-do"};

fs::path default_playlist() {
    return test::source_dir() / "playlists" / "default.xml";
}

beacon::Playlist parsed_default() {
    std::ifstream in(default_playlist());
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = beacon::parse_playlist(text.str(), "default.xml");
    REQUIRE(parsed.playlist);
    return *parsed.playlist;
}

struct Rendered {
    fs::path png;
    std::string output;
};

Rendered render(const std::string& name, const std::string& args) {
    fs::path out = test::work_dir("typography-" + name) / (name + ".png");
    auto result = test::run(test::beacon() + " render " + default_playlist().string() + " " + args +
                            " --out " + out.string());
    INFO(args << "\n" << result.output);
    REQUIRE(result.exit_code == 0);
    REQUIRE(fs::exists(out));
    return {out, result.output};
}

bool same(SDL_Color a, SDL_Color b) {
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

// Every fact sheet in every language at one screen size.
void check_sheets_at(const std::string& size) {
    for (std::string const& lang : k_languages) {
        for (std::string const& sheet : k_sheets) {
            INFO(sheet << " " << lang << " " << size);
            auto const rendered =
                render(sheet + "-" + lang + "-" + size,
                       "--screen " + sheet + " --lang " + lang + " --size " + size);
            // The renderer says when text was cut, shrunk below its box or
            // left without a font: none of that may happen.
            CHECK(rendered.output.find("does not fit") == std::string::npos);
            CHECK(rendered.output.find("was cut") == std::string::npos);
            CHECK(rendered.output.find("no installed font") == std::string::npos);
            CHECK(rendered.output.find("has no text") == std::string::npos);
            test::Picture picture(rendered.png);
            REQUIRE(picture.ok());
            int const width = picture.width();
            int const height = picture.height();
            SDL_Color const background = picture.at(0, 0);
            int const margin = width * 5 / 100;
            int const footer_top = height * 88 / 100;
            long outside = 0;
            long inside = 0;
            for (int y = 0; y < footer_top; y += 2) {
                for (int x = 0; x < width; x += 2) {
                    bool const text = !same(picture.at(x, y), background);
                    bool const in_margin = x < margin || x >= width - margin || y < margin;
                    (in_margin ? outside : inside) += text;
                }
            }
            CHECK(outside == 0);
            CHECK(inside > 1500);
        }
    }
}

// Bounding box of the amber phone number inside `area`.
struct Box {
    int left = 1 << 30, top = 1 << 30, right = -1, bottom = -1;
};
Box amber_box(const test::Picture& picture, beacon::Rect area) {
    Box box;
    for (int y = area.y; y < area.y + area.height && y < picture.height(); ++y) {
        for (int x = area.x; x < area.x + area.width && x < picture.width(); ++x) {
            SDL_Color const c = picture.at(x, y);
            if (c.r > 0xD0 && c.g > 0x90 && c.g < 0xC8 && c.b < 0x70) {
                box.left = std::min(box.left, x);
                box.right = std::max(box.right, x);
                box.top = std::min(box.top, y);
                box.bottom = std::max(box.bottom, y);
            }
        }
    }
    return box;
}

} // namespace

TEST_CASE("every fact sheet in every language fits 1920x1080 uncut",
          "[typography][render][sweep]") {
    check_sheets_at("1920x1080");
}

TEST_CASE("every fact sheet in every language fits 1280x720 uncut", "[typography][render]") {
    check_sheets_at("1280x720");
}

TEST_CASE("every fact sheet in every language fits portrait 1080x1920 uncut",
          "[typography][render][sweep]") {
    check_sheets_at("1080x1920");
}

TEST_CASE("the Arabic hotline is mirrored and its number reads left to right",
          "[typography][render]") {
    beacon::Playlist const playlist = parsed_default();
    for (std::string size : {"1920x1080", "1280x720", "1080x1920"}) {
        INFO(size);
        auto const x = size.find('x');
        beacon::Size const screen{std::stoi(size.substr(0, x)), std::stoi(size.substr(x + 1))};
        auto const arabic =
            render("hotline-ar-" + size, "--screen hotline --lang ar --size " + size);
        auto const english =
            render("hotline-en-" + size, "--screen hotline --lang en --size " + size);
        CHECK(arabic.output.find("no installed font") == std::string::npos);

        // A real decoder reads the QR code of the mirrored screen.
        auto const decoded =
            test::run("(zbarimg -q --raw " + arabic.png.string() + " 2>/dev/null)");
        CHECK(decoded.exit_code == 0);
        CHECK(decoded.output == playlist.hotline.qr_payload + "\n");

        test::Picture ar(arabic.png);
        test::Picture en(english.png);
        REQUIRE(ar.ok());
        REQUIRE(en.ok());
        auto const rtl = beacon::layout_hotline(screen, playlist.languages.size(),
                                                beacon::Direction::RightToLeft);
        auto const ltr = beacon::layout_hotline(screen, playlist.languages.size(),
                                                beacon::Direction::LeftToRight);
        Box const ar_box = amber_box(ar, rtl.phone);
        Box const en_box = amber_box(en, ltr.phone);
        REQUIRE(ar_box.right > 0);
        REQUIRE(en_box.right > 0);
        // Right-aligned in its column for Arabic, left-aligned for English.
        int const slack = screen.width / 100 + 4;
        int const ar_right_gap = rtl.phone.x + rtl.phone.width - 1 - ar_box.right;
        int const ar_left_gap = ar_box.left - rtl.phone.x;
        int const en_right_gap = ltr.phone.x + ltr.phone.width - 1 - en_box.right;
        int const en_left_gap = en_box.left - ltr.phone.x;
        CHECK(ar_right_gap <= slack);
        CHECK(ar_right_gap < ar_left_gap);
        CHECK(en_left_gap <= slack);
        CHECK(en_left_gap < en_right_gap);
        // The same digits in the same order: the number's pixels are
        // identical to the English screen's, only moved.
        REQUIRE(ar_box.right - ar_box.left == en_box.right - en_box.left);
        REQUIRE(ar_box.bottom - ar_box.top == en_box.bottom - en_box.top);
        long different = 0;
        for (int dy = 0; dy <= ar_box.bottom - ar_box.top; ++dy)
            for (int dx = 0; dx <= ar_box.right - ar_box.left; ++dx)
                different += !same(ar.at(ar_box.left + dx, ar_box.top + dy),
                                   en.at(en_box.left + dx, en_box.top + dy));
        CHECK(different == 0);
        // The close target moved to the left, the QR code to the left side.
        CHECK(rtl.close.x < screen.width / 2);
    }
}

TEST_CASE("every language names itself in the picker and marks the current one",
          "[typography][render]") {
    for (std::string const& lang : k_languages) {
        INFO(lang);
        auto const rendered = render("picker-" + lang, "--screen hotline --lang " + lang);
        CHECK(rendered.output.find("no installed font") == std::string::npos);
        CHECK(rendered.output.find("was cut") == std::string::npos);
        CHECK(rendered.output.find("has no text") == std::string::npos);
    }
}

TEST_CASE("validate rejects text no installed font can draw, with file, line and code points",
          "[typography][validate]") {
    fs::path const fixture = fs::path(BEACON_FIXTURES) / "typography" / "missing-glyphs.xml";
    auto const result = test::run(test::beacon() + " validate " + fixture.string());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("missing-glyphs.xml:11: error: <hotline> text in language \"unr\"") !=
          std::string::npos);
    CHECK(result.output.find("missing-glyphs.xml:19: error: <factsheet id=\"facts\"> in language "
                             "\"unr\" has characters no installed font has: U+1E4D0 U+1E4D1") !=
          std::string::npos);
    // English, which every font draws, is not reported (the fixture's lack
    // of <who-answers> is, as a warning, in other words).
    CHECK(result.output.find("language \"en\"") == std::string::npos);
}

TEST_CASE("validate names a fact sheet too long to be read at some screen size",
          "[typography][validate]") {
    fs::path const fixture = fs::path(BEACON_FIXTURES) / "typography" / "too-long.xml";
    auto const result = test::run(test::beacon() + " validate " + fixture.string());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("too-long.xml:15: error: <factsheet id=\"too-long\"> in language "
                             "\"en\" does not fit") != std::string::npos);
    CHECK(result.output.find("1280x720") != std::string::npos);
    CHECK(result.output.find("id=\"fits\"") == std::string::npos);
}

TEST_CASE("validate reports each file's typography under its own name, every repeat at its line",
          "[typography][validate]") {
    // The fact sheets are checked on a second thread while each file parses:
    // what it finds must come back to the right file and the right item.
    fs::path const fixtures = fs::path(BEACON_FIXTURES) / "typography";
    fs::path const dir = test::work_dir("typography-several");
    std::ifstream original(fixtures / "too-long.xml");
    std::string text((std::istreambuf_iterator<char>(original)), std::istreambuf_iterator<char>());
    auto const end = text.rfind("</playlist>");
    REQUIRE(end != std::string::npos);
    auto const first = text.find("  <factsheet id=\"too-long\"");
    REQUIRE(first != std::string::npos);
    std::string sheet = text.substr(first, end - first);
    // The same too-long sheet twice more under new ids, at new lines.
    std::string repeated = text.substr(0, end);
    for (std::string id : {"again", "once-more"}) {
        std::string copy = sheet;
        copy.replace(copy.find("too-long"), 8, id);
        repeated += copy;
    }
    repeated += "</playlist>\n";
    std::ofstream(dir / "repeated.xml") << repeated;
    int const lines = static_cast<int>(std::count(text.begin(), text.begin() + end, '\n'));
    int const sheet_lines = static_cast<int>(std::count(sheet.begin(), sheet.end(), '\n'));

    auto const result =
        test::run(test::beacon() + " validate " + (dir / "repeated.xml").string() + " " +
                  (fixtures / "missing-glyphs.xml").string() + " " + default_playlist().string());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    std::string const repeated_name = (dir / "repeated.xml").string();
    auto const at = [&](const std::string& what) { return result.output.find(what); };
    auto const too_long = at(repeated_name + ":15: error: <factsheet id=\"too-long\">");
    auto const again = at(repeated_name + ":" + std::to_string(lines + 2) +
                          ": error: <factsheet id=\"again\"> in language \"en\" does not fit");
    auto const once_more =
        at(repeated_name + ":" + std::to_string(lines + sheet_lines + 2) +
           ": error: <factsheet id=\"once-more\"> in language \"en\" does not fit");
    auto const glyphs = at("missing-glyphs.xml:19: error: <factsheet id=\"facts\">");
    auto const fine = at(default_playlist().string() + ": ok,");
    CHECK(too_long != std::string::npos);
    CHECK(again != std::string::npos);
    CHECK(once_more != std::string::npos);
    CHECK(glyphs != std::string::npos);
    CHECK(fine != std::string::npos);
    // In file order, and within a file in line order.
    CHECK(too_long < again);
    CHECK(again < once_more);
    CHECK(once_more < glyphs);
    CHECK(glyphs < fine);
    CHECK(at("id=\"fits\"") == std::string::npos);
}

TEST_CASE("the default content validates in all eleven languages", "[typography][validate]") {
    auto const result = test::run(test::beacon() + " validate " + default_playlist().string());
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("11 languages") != std::string::npos);
}

TEST_CASE("validating ten thousand items checks each distinct text once",
          "[typography][validate]") {
    beacon::Playlist const source = parsed_default();
    fs::path const dir = test::work_dir("typography-10k");
    std::ofstream out(dir / "big.xml");
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist languages=\"en ar km\">\n"
        << "  <hotline phone=\"1-888-373-7888\" web=\"example.org\" qr=\"https://example.org/\">\n";
    for (std::string lang : {"en", "ar", "km"}) {
        auto const* words = source.hotline.text_for(lang);
        REQUIRE(words);
        out << "    <text lang=\"" << lang << "\" name=\"" << words->name << "\"><headline>"
            << words->headline << "</headline><call>" << words->call << "</call>"
            << (words->text ? "<sms>" + *words->text + "</sms>"
                            : "<interpreters>" + words->interpreters + "</interpreters>")
            << "<web-label>" << words->web_label << "</web-label><scan>" << words->scan
            << "</scan><close>" << words->close << "</close></text>\n";
    }
    out << "  </hotline>\n";
    for (int i = 0; i < 10000; ++i) {
        // The four fact sheets over and over: 10,000 items, few distinct texts.
        std::size_t const sheets[] = {1, 2, 4, 5};
        beacon::Item const& item = source.items[sheets[i % 4]];
        REQUIRE(item.kind == beacon::ItemKind::FactSheet);
        out << "  <factsheet id=\"sheet-" << i << "\" duration=\"10\">\n";
        for (std::string lang : {"en", "ar", "km"}) {
            auto const* text = item.text_for(lang);
            // Two points each keep the file under the 16 MB a playlist may have.
            out << "    <text lang=\"" << lang << "\"><title>" << text->title << "</title>";
            for (std::size_t p = 0; p < 2; ++p)
                out << "<point>" << text->points.at(p) << "</point>";
            out << "</text>\n";
        }
        out << "  </factsheet>\n";
    }
    out << "</playlist>\n";
    out.close();
    auto const start = std::chrono::steady_clock::now();
    auto const result = test::run(test::beacon() + " validate " + (dir / "big.xml").string());
    auto const seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(result.output.substr(0, 2000));
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("10000 items, 3 languages") != std::string::npos);
    WARN("validated 10,000 items in 3 languages in " << seconds << " s");
}

TEST_CASE("the player skips a language it cannot draw and says so once", "[typography][e2e]") {
    fs::path const dir = test::work_dir("typography-skip");
    fs::copy_file(fs::path(BEACON_FIXTURES) / "typography" / "missing-glyphs.xml",
                  dir / "playlist.xml");
    fs::path const log = dir / "frames.csv";
    auto const result =
        test::run(test::beacon() + " play " + (dir / "playlist.xml").string() +
                  " --headless --size 640x360 --run-for 4.5 --frame-log " + log.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    auto const rows = test::read_frame_log(log);
    int english = 0;
    for (auto const& row : rows) {
        if (row.type != "frame" || row.screen != "loop")
            continue;
        CHECK(row.lang != "unr");
        english += row.lang == "en";
    }
    CHECK(english >= 3); // one fact sheet, one drawable language: shown again and again
    std::string const message = "in language \"unr\": no installed font has U+1E4D0";
    auto const first = result.output.find(message);
    CHECK(first != std::string::npos);
    CHECK(result.output.find(message, first + 1) == std::string::npos);
}

TEST_CASE("validate checks every caption file's characters too", "[typography][validate]") {
    fs::path const dir = test::work_dir("typography-captions");
    fs::create_directories(dir / "media");
    fs::copy_file(test::test_media() / "clip.mp4", dir / "media/clip.mp4");
    std::ofstream(dir / "media/clip.en.srt")
        << "1\n00:00:00,000 --> 00:00:01,000\n<i>Help</i> is here.\n";
    std::ofstream(dir / "media/clip.ar.srt")
        << "WEBVTT\n\n00:00.000 --> 00:01.000\nالمساعدة هنا \U0001E4D0\n";
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en ar">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English">
      <headline>Help is here.</headline><call>Call any time.</call>
      <sms>Text HELP to 233733</sms><web-label>Online:</web-label>
      <scan>Scan</scan><close>Close</close>
    </text>
    <text lang="ar" name="العربية">
      <headline>المساعدة هنا</headline><call>اتصل في أي وقت.</call>
      <interpreters>يتوفر مترجمون.</interpreters><web-label>عبر الإنترنت:</web-label>
      <scan>امسح الرمز</scan><close>إغلاق</close>
    </text>
  </hotline>
  <video id="clip" src="media/clip.mp4">
    <caption lang="en" src="media/clip.en.srt"/>
    <caption lang="ar" src="media/clip.ar.srt"/>
  </video>
</playlist>
)";
    auto const result = test::run(test::beacon() + " validate " + (dir / "playlist.xml").string());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("playlist.xml:17: error: <video id=\"clip\"> caption "
                             "\"media/clip.ar.srt\" in language \"ar\" has characters no installed "
                             "font has: U+1E4D0") != std::string::npos);
    CHECK(result.output.find("clip.en.srt") == std::string::npos);
}
