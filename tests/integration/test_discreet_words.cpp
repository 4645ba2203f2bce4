// The discreet wording (issue 23, part 1) is neutral in every language, in
// the translators' own files: each language's PO file, as `beacon translate
// export` writes it from the shipped playlist, compiled by msgfmt and read
// back from the compiled catalogue with msgunfmt.
//
// The deny list is not a guess at each language: it is the words the same
// catalogue uses for "trafficking", "victim" and "police" in its standard
// strings, and the test first proves each word is there, in the
// translation of the English sentence that says it:
//   "What is human trafficking?"       factsheet/what-is/title
//   "Who can be a victim?"             factsheet/who/title
//   "The hotline is not the police..." factsheet/what-to-do/point 3
// Then none of those words (nor the English ones, which some languages
// borrow) may appear in any string the discreet hotline screen or the
// loop's footer shows in that language. The one such string the PO file
// cannot carry, a language's <interpreters> line (the English source has
// <sms> instead, so there is nothing to translate from), is read from the
// shipped playlist through the player's own parser and held to the same list.

#include "integration/helpers.h"
#include "integration/read_file.h"

#include "core/playlist/playlist_parser.h"

#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace {

struct Denied {
    std::string trafficking, victim, police;
};

// Lower case as the test compares (ASCII letters only: the scripts of the
// other languages are matched as written, in the case their titles use).
const std::map<std::string, Denied> k_denied = {
    {"en", {"traffick", "victim", "police"}},       {"es", {"trata de", "víctima", "policía"}},
    {"zh-Hans", {"贩运", "受害者", "警察"}},        {"zh-Hant", {"販運", "受害者", "警察"}},
    {"vi", {"buôn người", "nạn nhân", "cảnh sát"}}, {"tl", {"trafficking", "biktima", "pulis"}},
    {"ko", {"인신매매", "피해자", "경찰"}},         {"ar", {"الاتجار", "ضحية", "الشرطة"}},
    {"ru", {"торговл", "жертв", "полиц"}},          {"ht", {"trafik", "viktim", "lapolis"}},
    {"km", {"ការជួញដូរ", "ជនរងគ្រោះ", "ប៉ូលិស"}},
};

// What the discreet hotline screen and the loop's footer show of a
// language's hotline text (the headline, the web label and the web scan
// caption are not shown in the discreet style). <sms> is exported only
// where the language has one, and <interpreters> never (the English source
// has none to translate from): those two are checked where present.
const char* const k_discreet_shown[] = {
    "discreet", "call",     "sms",   "interpreters", "who-answers",
    "scan-tel", "scan-sms", "close", "listen",
};

std::string ascii_lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// A quoted PO string's text, its escapes decoded.
std::string unquote(const std::string& line, std::size_t from) {
    std::string text;
    std::size_t const open = line.find('"', from);
    for (std::size_t i = open + 1; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) {
            char const next = line[++i];
            text += next == 'n' ? '\n' : next == 't' ? '\t' : next;
        } else {
            text += line[i];
        }
    }
    return text;
}

// context -> translation, from `msgunfmt --no-wrap` of a compiled catalogue
// (one line per keyword; every playlist string has a context).
std::map<std::string, std::string> compiled_strings(const fs::path& po, const fs::path& mo) {
    auto compiled = test::run("msgfmt -o " + mo.string() + " " + po.string());
    INFO(compiled.output);
    REQUIRE(compiled.exit_code == 0);
    auto read = test::run("msgunfmt --no-wrap " + mo.string() + " 2>/dev/null");
    REQUIRE(read.exit_code == 0);
    std::map<std::string, std::string> strings;
    std::istringstream lines(read.output);
    std::string line, context;
    while (std::getline(lines, line)) {
        if (line.rfind("msgctxt ", 0) == 0)
            context = unquote(line, 7);
        else if (line.rfind("msgstr ", 0) == 0 && !context.empty())
            strings[context] = unquote(line, 6);
        else if (line.empty())
            context.clear();
    }
    return strings;
}

} // namespace

TEST_CASE("the discreet wording names no trafficking, victim or police in any of the 11 languages",
          "[translate][discreet][e2e]") {
    fs::path dir = test::work_dir("discreet-words");
    std::string const playlist = (test::source_dir() / "playlists" / "default.xml").string();
    auto parsed = beacon::parse_playlist(test::read_file(playlist), "default.xml");
    REQUIRE(parsed.playlist);
    beacon::Playlist const& shipped = *parsed.playlist;
    int interpreters_checked = 0;
    for (auto const& [lang, denied] : k_denied) {
        INFO(lang);
        fs::path po = dir / (lang + ".po");
        auto exported = test::run(test::beacon() + " translate export " + playlist + " --lang " +
                                  lang + " --out " + po.string());
        INFO(exported.output);
        REQUIRE(exported.exit_code == 0);
        auto strings = compiled_strings(po, dir / (lang + ".mo"));
        // English exports its own words as the translations.
        REQUIRE(strings.count("hotline/discreet") == 1);
        auto said = [&](const std::string& context) {
            auto found = strings.find(context);
            REQUIRE(found != strings.end());
            return ascii_lower(found->second);
        };
        // The deny list is the catalogue's own words.
        CHECK(said("factsheet/what-is/title").find(denied.trafficking) != std::string::npos);
        CHECK(said("factsheet/who/title").find(denied.victim) != std::string::npos);
        CHECK(said("factsheet/what-to-do/point 3").find(denied.police) != std::string::npos);

        Denied const& english = k_denied.at("en");
        std::size_t checked = 0;
        for (const char* element : k_discreet_shown) {
            auto found = strings.find(std::string("hotline/") + element);
            if (found == strings.end())
                continue; // sms and interpreters: one or the other
            ++checked;
            std::string const text = ascii_lower(found->second);
            INFO(element << ": " << found->second);
            for (auto const* word : {&denied.trafficking, &denied.victim, &denied.police,
                                     &english.trafficking, &english.victim, &english.police})
                CHECK(text.find(*word) == std::string::npos);
        }
        CHECK(checked >= 7);

        // The line the PO file leaves out, as the kiosk shows it.
        beacon::HotlineText const* shown = shipped.hotline.text_for(lang);
        REQUIRE(shown != nullptr);
        if (!shown->text) {
            ++interpreters_checked;
            std::string const text = ascii_lower(shown->interpreters);
            INFO("interpreters: " << shown->interpreters);
            REQUIRE_FALSE(text.empty());
            for (auto const* word : {&denied.trafficking, &denied.victim, &denied.police,
                                     &english.trafficking, &english.victim, &english.police})
                CHECK(text.find(*word) == std::string::npos);
        }
    }
    // English and Spanish have <sms>; the nine others say interpreters answer.
    CHECK(interpreters_checked == 9);
}
