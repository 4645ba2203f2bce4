// Issue 21: translators get real files. `beacon translate export` and
// `import` run as the real binary on the shipped playlist, checked by
// gettext's own msgfmt, by `beacon validate` and by diff.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// A copy of the shipped playlists folder (the playlist and its media), so
// that imports may write into it.
fs::path shipped_copy(const std::string& name) {
    fs::path dir = test::work_dir(name);
    fs::copy(test::source_dir() / "playlists", dir / "playlists", fs::copy_options::recursive);
    return dir / "playlists";
}

const std::vector<std::string> shipped_languages = {"es", "zh-Hans", "zh-Hant", "vi", "tl",
                                                    "ko", "ar",      "ru",      "ht", "km"};

} // namespace

TEST_CASE("translate export of the shipped playlist passes msgfmt --check in every language",
          "[translate][e2e]") {
    fs::path dir = shipped_copy("translate-export");
    for (auto& lang : shipped_languages) {
        fs::path po = dir / (lang + ".po");
        auto exported =
            test::run(test::beacon() + " translate export " + (dir / "default.xml").string() +
                      " --lang " + lang + " --out " + po.string());
        INFO(lang << ": " << exported.output);
        REQUIRE(exported.exit_code == 0);
        auto checked = test::run("msgfmt --check -o /dev/null " + po.string());
        INFO(checked.output);
        CHECK(checked.exit_code == 0);
        CHECK(checked.output.empty());
        std::string text = test::read_file(po);
        CHECK(text.find("\"Language: " + lang + "\\n\"") != std::string::npos);
        CHECK(text.find("\"Content-Type: text/plain; charset=UTF-8\\n\"") != std::string::npos);
        CHECK(text.find("msgctxt \"factsheet/signs/title\"\nmsgid \"") != std::string::npos);
        CHECK(text.find("#: " + (dir / "default.xml").string() + ":") != std::string::npos);
    }
    // Every shipped text is translated already: statistics from gettext itself.
    auto stats = test::run("msgfmt --statistics -o /dev/null " + (dir / "vi.po").string());
    INFO(stats.output);
    CHECK(stats.output.find(" translated messages.") != std::string::npos);
    CHECK(stats.output.find("untranslated") == std::string::npos);

    // A new language: every msgstr empty, still a valid catalogue.
    fs::path fr = dir / "fr.po";
    auto exported = test::run(test::beacon() + " translate export " +
                              (dir / "default.xml").string() + " --lang fr --out " + fr.string());
    CHECK(exported.exit_code == 0);
    CHECK(exported.output.find("not a language of the playlist yet") != std::string::npos);
    CHECK(test::run("msgfmt --check -o /dev/null " + fr.string()).exit_code == 0);
    CHECK(test::run("msgfmt --statistics -o /dev/null " + fr.string())
              .output.find("0 translated messages") != std::string::npos);
}

TEST_CASE("export then import with no change leaves the playlist byte-identical",
          "[translate][e2e]") {
    fs::path dir = shipped_copy("translate-round-trip");
    fs::path playlist = dir / "default.xml";
    std::string before = test::read_file(playlist);
    for (auto& lang : shipped_languages) {
        fs::path po = dir / (lang + ".po");
        REQUIRE(test::run(test::beacon() + " translate export " + playlist.string() + " --lang " +
                          lang + " --out " + po.string())
                    .exit_code == 0);
        auto imported = test::run(test::beacon() + " translate import " + playlist.string() + " " +
                                  po.string());
        INFO(lang << ": " << imported.output);
        CHECK(imported.exit_code == 0);
        CHECK(imported.output.find("no text changed") != std::string::npos);
        CHECK(test::read_file(playlist) == before);
    }
}

TEST_CASE("import of an edited PO changes exactly the intended texts", "[translate][e2e]") {
    fs::path dir = shipped_copy("translate-edit");
    fs::path playlist = dir / "default.xml";
    fs::path original = dir / "original.xml";
    fs::copy_file(playlist, original);
    fs::path po = dir / "vi.po";
    REQUIRE(test::run(test::beacon() + " translate export " + playlist.string() +
                      " --lang vi --out " + po.string())
                .exit_code == 0);
    std::string text = test::read_file(po);
    // A reviewer rewords the headline, marks a doubtful close label fuzzy,
    // and writes a point with characters XML must escape.
    auto retranslate = [&](const std::string& context, const std::string& str,
                           const std::string& flag = "") {
        auto at = text.find("msgctxt \"" + context + "\"");
        REQUIRE(at != std::string::npos);
        auto msgstr = text.find("\nmsgstr \"", at) + 1;
        auto end = text.find('\n', msgstr);
        text.replace(msgstr, end - msgstr, "msgstr \"" + str + "\"");
        if (!flag.empty())
            text.insert(text.rfind('\n', at) + 1, "#, " + flag + "\n");
    };
    retranslate("hotline/headline", "Trợ giúp bí mật, 24/7");
    retranslate("hotline/close", "ĐÓNG LẠI", "fuzzy");
    retranslate("factsheet/signs/point 1", "Lương & giấy tờ bị <giữ lại>");
    write(po, text);

    auto imported =
        test::run(test::beacon() + " translate import " + playlist.string() + " " + po.string());
    INFO(imported.output);
    REQUIRE(imported.exit_code == 0);
    CHECK(imported.output.find("2 text(s) in vi changed") != std::string::npos);
    CHECK(imported.output.find("1 fuzzy or empty left out") != std::string::npos);

    auto validated = test::run(test::beacon() + " validate " + playlist.string());
    INFO(validated.output);
    CHECK(validated.exit_code == 0);
    auto diff = test::run("diff " + original.string() + " " + playlist.string());
    INFO(diff.output);
    // Two lines changed, nothing else: layout and comments kept.
    std::istringstream lines(diff.output);
    std::vector<std::string> changed;
    for (std::string line; std::getline(lines, line);)
        if (line[0] == '<' || line[0] == '>')
            changed.push_back(line);
    REQUIRE(changed.size() == 4);
    CHECK(changed[1].find("<headline>Trợ giúp bí mật, 24/7</headline>") != std::string::npos);
    CHECK(changed[3].find("<point>Lương &amp; giấy tờ bị &lt;giữ lại&gt;</point>") !=
          std::string::npos);
    CHECK(test::read_file(playlist).find("<close>Đóng</close>") != std::string::npos);
}

TEST_CASE("a malformed PO, or one that would break the playlist, changes nothing",
          "[translate][e2e]") {
    fs::path dir = shipped_copy("translate-refused");
    fs::path playlist = dir / "default.xml";
    std::string before = test::read_file(playlist);
    fs::path po = dir / "vi.po";
    REQUIRE(test::run(test::beacon() + " translate export " + playlist.string() +
                      " --lang vi --out " + po.string())
                .exit_code == 0);
    std::string good = test::read_file(po);

    std::string broken = good;
    auto at = broken.find("msgctxt \"hotline/scan\"");
    broken.insert(at, "msgstr \"unterminated\n");
    write(po, broken);
    int line = 1 + static_cast<int>(std::count(broken.begin(), broken.begin() + at, '\n'));
    auto malformed =
        test::run(test::beacon() + " translate import " + playlist.string() + " " + po.string());
    INFO(malformed.output);
    CHECK(malformed.exit_code == 1);
    CHECK(malformed.output.find(po.string() + ":" + std::to_string(line) + ": error: ") !=
          std::string::npos);
    CHECK(test::read_file(playlist) == before);

    // A headline longer than any screen takes: the result would not load.
    std::string too_long = good;
    auto headline = too_long.find("msgctxt \"hotline/headline\"");
    auto msgstr = too_long.find("\nmsgstr \"", headline) + 1;
    too_long.replace(msgstr, too_long.find('\n', msgstr) - msgstr,
                     "msgstr \"" + std::string(500, 'x') + "\"");
    write(po, too_long);
    auto invalid =
        test::run(test::beacon() + " translate import " + playlist.string() + " " + po.string());
    INFO(invalid.output);
    CHECK(invalid.exit_code == 1);
    CHECK(invalid.output.find("would not be valid") != std::string::npos);
    CHECK(invalid.output.find("default.xml:") != std::string::npos);
    CHECK(test::read_file(playlist) == before);

    // Loads, but `beacon validate` refuses it: a character no font draws.
    std::string no_font = good;
    auto point = no_font.find("msgctxt \"factsheet/signs/point 1\"");
    auto point_str = no_font.find("\nmsgstr \"", point) + 1;
    no_font.replace(point_str, no_font.find('\n', point_str) - point_str,
                    "msgstr \"Dấu hiệu \xF0\x9E\x93\x90\"");
    write(po, no_font);
    auto unfontable =
        test::run(test::beacon() + " translate import " + playlist.string() + " " + po.string());
    INFO(unfontable.output);
    CHECK(unfontable.exit_code == 1);
    CHECK(unfontable.output.find("U+1E4D0") != std::string::npos);
    CHECK(unfontable.output.find("would not pass `beacon validate`") != std::string::npos);
    CHECK(test::read_file(playlist) == before);
    CHECK_FALSE(fs::exists(playlist.string() + ".beacon-new"));
}
