// Issue 21, "Language codes": codes are BCP 47 with a real language subtag,
// a near miss gets a suggestion, and one wrong code is one error, where it
// was written. Mistyped element names get a "did you mean" too. The core
// tests use the catalog of the shipped languages; ICU's is tested with
// src/system (tests/unit/test_text_files.cpp).

#include "core/language_catalog.h"
#include "core/playlist/playlist_parser.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

std::string hotline_text(const std::string& lang) {
    return R"(
    <text lang=")" +
           lang + R"(" name="N">
      <headline>H</headline><call>C</call><sms>S</sms>
      <web-label>W</web-label><scan>S</scan><close>C</close>
    </text>)";
}

std::string sheet_text(const std::string& lang) {
    return "\n    <text lang=\"" + lang + "\"><title>T</title><point>P</point></text>";
}

// A playlist declaring `declared`, with each of its texts in the languages
// `written` (two fact sheets and a notice: a code is used four times).
std::string playlist(const std::string& declared, const std::vector<std::string>& written) {
    std::string hotline, sheet, notice;
    for (auto& lang : written) {
        hotline += hotline_text(lang);
        sheet += sheet_text(lang);
        notice += "\n    <text lang=\"" + lang + "\">Closed</text>";
    }
    return "<playlist languages=\"" + declared + "\">\n  <hotline phone=\"1\" web=\"w\" qr=\"q\">" +
           hotline + "\n  </hotline>\n  <factsheet id=\"a\" duration=\"5\">" + sheet +
           "\n  </factsheet>\n  <factsheet id=\"b\" duration=\"5\">" + sheet +
           "\n  </factsheet>\n  <notice id=\"n\" expires=\"2030-01-01T00:00\">" + notice +
           "\n  </notice>\n</playlist>\n";
}

std::vector<std::string> messages(const ParsedPlaylist& parsed) {
    std::vector<std::string> out;
    for (auto& diagnostic : parsed.diagnostics)
        out.push_back(diagnostic.to_string());
    return out;
}

} // namespace

TEST_CASE("the test playlist is valid when its codes are right", "[parser][language]") {
    CHECK(messages(parse_playlist(playlist("en es", {"en", "es"}), "p.xml")).empty());
}

TEST_CASE("a well-formed code that is no language is refused once, with a suggestion",
          "[parser][language]") {
    auto parsed = parse_playlist(playlist("en sp", {"en", "sp"}), "p.xml");
    CHECK(messages(parsed) ==
          std::vector<std::string>{
              "p.xml:1: error: <playlist> languages has \"sp\", which is not a language code "
              "(BCP 47, such as \"es\" or \"pt-BR\"); did you mean \"es\"?"});
}

TEST_CASE("texts in a language the playlist does not list give one error, where first written",
          "[parser][language]") {
    // Before: 4 texts in "sp" and 4 missing "es" texts gave 8 errors.
    auto parsed = parse_playlist(playlist("en es", {"en", "sp"}), "p.xml");
    CHECK(messages(parsed) ==
          std::vector<std::string>{"p.xml:7: error: <text lang=\"sp\"> uses language \"sp\", which "
                                   "is not in the playlist's languages (en es); did you mean "
                                   "\"es\"?"});
}

TEST_CASE("a text missing in one language is still reported", "[parser][language]") {
    auto parsed = parse_playlist(playlist("en es", {"en"}), "p.xml");
    CHECK(parsed.diagnostics.size() == 4);
}

TEST_CASE("malformed codes get the conventional spelling as a suggestion", "[parser][language]") {
    auto parsed = parse_playlist(playlist("en ar_SA", {"en"}), "p.xml");
    REQUIRE_FALSE(parsed.diagnostics.empty());
    CHECK(parsed.diagnostics[0].message.find("\"ar_SA\", which is not a language code") !=
          std::string::npos);
    CHECK(parsed.diagnostics[0].message.find("did you mean \"ar-SA\"?") != std::string::npos);
}

TEST_CASE("the shipped catalog knows the shipped languages and their near misses", "[language]") {
    auto& catalog = shipped_language_catalog();
    for (auto code : {"en", "es", "zh-Hans", "zh-Hant", "vi", "tl", "ko", "ar", "ru", "ht", "km"})
        CHECK(catalog.is_known(code));
    CHECK_FALSE(catalog.is_known("sp"));
    CHECK(catalog.suggest("sp") == "es");
    CHECK(catalog.suggest("english") == "en");
    CHECK(catalog.suggest("vn") == "vi");
    CHECK(catalog.suggest("ar_SA") == "ar-SA");
    CHECK(catalog.suggest("zh_hant") == "zh-Hant");
    CHECK_FALSE(catalog.suggest("xq").has_value());
}

TEST_CASE("a mistyped element name gets the nearest name of the grammar", "[parser][language]") {
    auto text = playlist("en", {"en"});
    text.replace(text.find("<factsheet id=\"b\""), 10, "<factshet");
    text.replace(text.rfind("</factsheet>"), 12, "</factshet>");
    auto parsed = parse_playlist(text, "p.xml");
    REQUIRE(parsed.diagnostics.size() == 1);
    CHECK(parsed.diagnostics[0].message ==
          "unknown element <factshet> in <playlist>; did you mean <factsheet>?");
    auto far = playlist("en", {"en"});
    far.replace(far.find("<title>T</title>"), 16, "<slide>T</slide>");
    parsed = parse_playlist(far, "p.xml");
    REQUIRE_FALSE(parsed.diagnostics.empty());
    CHECK(parsed.diagnostics[0].message.find("did you mean") == std::string::npos);
    CHECK(nearest_name("headlin", std::vector<std::string>{"headline", "call"}) == "headline");
    CHECK(nearest_name("titel", std::vector<std::string>{"title", "point"}) == "title");
}

TEST_CASE("edit distance counts a swap of neighbours as one edit", "[language]") {
    CHECK(edit_distance("factsheet", "factshete") == 1);
    CHECK(edit_distance("EN", "en") == 0);
    CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("codes are written in BCP 47's conventional case, as the XSD's pattern wants",
          "[parser][language]") {
    auto parsed = parse_playlist(playlist("en zh-hans", {"en", "zh-hans"}), "p.xml");
    REQUIRE(parsed.diagnostics.size() == 1);
    CHECK(parsed.diagnostics[0].message.find("did you mean \"zh-Hans\"?") != std::string::npos);
    CHECK(parse_playlist(playlist("en zh-Hant es-419", {"en", "zh-Hant", "es-419"}), "p.xml")
              .diagnostics.empty());
}
