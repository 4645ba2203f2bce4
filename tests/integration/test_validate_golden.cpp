// `beacon validate`'s typography verdicts stay byte-identical through
// performance work (issue 22): a generated playlist of 400 fact sheets in
// every language of the default content (Arabic, Khmer, Chinese and the
// rest, their real words), some fitting, some overflowing at one screen
// size or all three, some with a word too long for any line, some with
// characters no installed font has, many repeating earlier words, is
// validated and its output compared with tests/data/validate-golden.txt,
// which the binary wrote before the typography check was made faster.
//
// 400 sheets in 11 languages make more than 4,096 distinct layouts, so the text engine's
// layout cache is cleared and refilled on the way, as in a large playlist.

#include "integration/helpers.h"

#include "core/playlist/playlist_parser.h"
#include "core/translation/playlist_texts.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

// The default playlist's hotline, then `sheets` generated fact sheets.
std::string generated_playlist(int sheets) {
    std::string const source = test::read_file(test::source_dir() / "playlists" / "default.xml");
    auto parsed = beacon::parse_playlist(source, "default.xml");
    REQUIRE(parsed.playlist);
    beacon::Playlist const& playlist = *parsed.playlist;
    // Every title and point of the default fact sheets, per language.
    std::map<std::string, std::vector<std::string>> titles, points;
    for (beacon::Item const& item : playlist.items)
        for (beacon::FactSheetText const& text : item.texts) {
            titles[text.lang].push_back(text.title);
            for (std::string const& point : text.points)
                points[text.lang].push_back(point);
        }
    REQUIRE(titles.size() >= 11);
    std::vector<std::string> languages;
    for (auto const& [lang, words] : titles)
        languages.push_back(lang);

    std::string const end_of_hotline = "</hotline>";
    auto const cut = source.find(end_of_hotline);
    REQUIRE(cut != std::string::npos);
    std::string xml = source.substr(0, cut + end_of_hotline.size()) + "\n";
    for (int i = 0; i < sheets; ++i) {
        xml += "  <factsheet id=\"sheet-" + std::to_string(i) + "\" duration=\"10\">\n";
        for (int k = 0; k < static_cast<int>(languages.size()); ++k) {
            std::string const& lang = languages[k];
            auto const& lang_titles = titles[lang];
            auto const& lang_points = points[lang];
            // Every third sheet repeats an earlier sheet's words exactly.
            int const seed = i % 3 == 2 ? i / 7 : i;
            std::string title = lang_titles[seed % lang_titles.size()];
            if (i % 3 != 2)
                title += " " + std::to_string(i); // words of its own
            xml += "    <text lang=\"" + lang + "\">\n      <title>" +
                   beacon::xml_escaped(title, 0) + "</title>\n";
            // 1 to 6 points of one to three of the default's points each:
            // some fit everywhere, many overflow at one size or more.
            int const count = 1 + (seed * 7 + k * 3) % 6;
            for (int p = 0; p < count; ++p) {
                std::string point = lang_points[(seed + p * 3) % lang_points.size()];
                for (int joined = 1; joined <= (seed + p + k) % 3; ++joined)
                    point += " " + lang_points[(seed + p * 3 + joined) % lang_points.size()];
                if (seed % 11 == 4 && p == 0)
                    point += " " + std::string(60 + seed % 40, 'W'); // splits at every size
                if (seed % 13 == 6 && p == 0)
                    point += " \xF0\x9E\x93\x90"; // U+1E4D0: no installed font
                if (seed % 5 == 1)
                    point += " " + std::to_string(seed * 31 + p); // words of its own
                xml += "      <point>" + beacon::xml_escaped(point, 0) + "</point>\n";
            }
            xml += "    </text>\n";
        }
        xml += "  </factsheet>\n";
    }
    xml += "</playlist>\n";
    return xml;
}

} // namespace

TEST_CASE("validate of a large generated playlist says exactly what it said before",
          "[validate][typography]") {
    fs::path const dir = test::work_dir("validate-golden");
    fs::path const playlist = dir / "generated.xml";
    {
        std::ofstream out(playlist, std::ios::binary);
        out << generated_playlist(400);
    }
    auto const result = test::run(test::beacon() + " validate " + playlist.string());
    // The playlist's folder differs from run to run; the golden file says
    // "PLAYLIST" instead.
    std::string output = result.output;
    for (auto at = output.find(playlist.string()); at != std::string::npos;
         at = output.find(playlist.string()))
        output.replace(at, playlist.string().size(), "PLAYLIST");
    std::string const golden =
        test::read_file(test::source_dir() / "tests" / "data" / "validate-golden.txt");
    if (output != golden) {
        std::ofstream(dir / "actual.txt", std::ios::binary) << output;
        FAIL("validate's output differs from tests/data/validate-golden.txt; it is in "
             << (dir / "actual.txt").string());
    }
    // The playlist exercises every verdict: a test of nothing would pass too.
    CHECK(result.exit_code != 0);
    CHECK(golden.find("does not fit the screen at a readable size at 1920x1080") !=
          std::string::npos);
    CHECK(golden.find("at 1080x1920 (48 px)") != std::string::npos);
    CHECK(golden.find("no installed font has: U+1E4D0") != std::string::npos);
    CHECK(golden.find("language \"ar\"") != std::string::npos);
    CHECK(golden.find("language \"km\"") != std::string::npos);
    CHECK(golden.find("language \"zh-Hans\"") != std::string::npos);
}
