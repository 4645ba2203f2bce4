// The parser and loader on their own: texts in, a model or diagnostics out,
// media asked of fake ContentRoots. The fixture tables over real folders are
// in ../test_playlist_fixtures.cpp.

#include "core/playlist/playlist_loader.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace beacon;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(BEACON_FIXTURES) / "playlists";

std::string read_fixture(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Every media file is there: for tests of the parse alone.
struct AllThere : ContentRoot {
    PathStatus check(const std::string&) const override { return PathStatus::Ok; }
    std::string resolve(const std::string& relative) const override { return relative; }
};

} // namespace

TEST_CASE("a full playlist becomes the model it describes", "[parser]") {
    auto parsed = parse_playlist(read_fixture(fixtures / "good" / "full.xml"), "full.xml");
    REQUIRE(parsed.playlist);
    const Playlist& playlist = *parsed.playlist;
    CHECK(playlist.languages == std::vector<std::string>{"en", "es", "ar"});
    CHECK(playlist.hotline.phone == "1-888-373-7888");
    CHECK(playlist.hotline.qr_payload == "https://humantraffickinghotline.org/");
    // Texts come in playlist language order, whatever order the file uses.
    REQUIRE(playlist.hotline.texts.size() == 3);
    CHECK(playlist.hotline.texts[1].lang == "es");
    CHECK(playlist.hotline.texts[0].text == std::optional<std::string>("Text HELP to 233733"));
    CHECK_FALSE(playlist.hotline.texts[2].text.has_value());
    CHECK(playlist.hotline.texts[2].interpreters == "اتصل بنا: يتوفر مترجمون فوريون.");

    REQUIRE(playlist.items.size() == 3);
    CHECK(playlist.items[0].kind == ItemKind::Video);
    CHECK(playlist.items[0].src == "media/tiny.mp4");
    CHECK(playlist.items[0].captions.at("en").src == "media/tiny.en.srt");
    CHECK(playlist.items[1].kind == ItemKind::Image);
    CHECK(playlist.items[1].duration == Milliseconds(2500));
    const Item& facts = playlist.items[2];
    CHECK(facts.kind == ItemKind::FactSheet);
    CHECK(facts.duration == Milliseconds(4000));
    CHECK(facts.line == 34);
    // White space inside text is collapsed, as administrators indent XML.
    CHECK(facts.text_for("en")->title == "What is trafficking?");
    CHECK(facts.text_for("en")->points.size() == 2);
    CHECK(facts.text_for("ar")->points[0] == "القوة أو الاحتيال أو الإكراه.");
}

TEST_CASE("parsing needs no filesystem and media checks go through ContentRoot", "[parser]") {
    struct FakeRoot : ContentRoot {
        PathStatus check(const std::string& relative) const override {
            return relative == "media/tiny.png" ? PathStatus::Ok : PathStatus::Missing;
        }
        std::string resolve(const std::string& relative) const override { return relative; }
    } root;
    auto const text = read_fixture(fixtures / "good" / "full.xml");
    auto parsed = parse_playlist(text, "full.xml");
    REQUIRE(parsed.playlist);
    auto checked = load_playlist(text, "full.xml", root);
    CHECK_FALSE(checked.playlist);
    REQUIRE(checked.diagnostics.size() == 2);
    CHECK(checked.diagnostics[0].to_string() ==
          "full.xml:30: error: <video id=\"clip\"> media file \"media/tiny.mp4\" is missing");
    CHECK(checked.diagnostics[1].line == 31);
}

TEST_CASE("text that is not a playlist is reported, not thrown", "[parser]") {
    CHECK(parse_playlist("", "empty.xml").diagnostics.at(0).to_string().find("empty.xml:") == 0);
    CHECK(parse_playlist("<other/>", "x.xml").diagnostics.at(0).to_string() ==
          "x.xml:1: error: the root element must be <playlist>, not <other>");
    CHECK_FALSE(parse_playlist("\xff\xfe<", "bin.xml").playlist);
}

TEST_CASE("white space in text is collapsed whichever way it is written", "[parser]") {
    auto title_of = [](const std::string& title) {
        std::string const xml =
            "<playlist languages=\"en\"><hotline phone=\"1\" web=\"w\" qr=\"q\"><text lang=\"en\" "
            "name=\"E\"><headline>h</headline><call>c</call><sms>s</sms><web-label>w</web-label>"
            "<scan>s</scan><close>c</close></text></hotline><factsheet id=\"f\" duration=\"5\">"
            "<text lang=\"en\"><title>" +
            title + "</title><point>p</point></text></factsheet></playlist>";
        auto parsed = parse_playlist(xml, "t.xml");
        for (auto& diagnostic : parsed.diagnostics)
            UNSCOPED_INFO(diagnostic.to_string());
        REQUIRE(parsed.playlist);
        return parsed.playlist->items.at(0).text_for("en")->title;
    };
    CHECK(title_of("One line as written") == "One line as written");
    CHECK(title_of("x") == "x");
    CHECK(title_of("two  spaces") == "two spaces");
    CHECK(title_of(" leading") == "leading");
    CHECK(title_of("trailing ") == "trailing");
    CHECK(title_of("a\tb") == "a b");
    CHECK(title_of("a b\n") == "a b");
    CHECK(title_of("\n    indented\n    over lines\n  ") == "indented over lines");
    CHECK(title_of("a &#32; b") == "a b"); // entities are decoded first
    CHECK(title_of("ends in two  ") == "ends in two");
}

TEST_CASE("each item is handed over as soon as it has parsed", "[parser]") {
    auto const text = read_fixture(fixtures / "good" / "full.xml");
    AllThere const root;
    std::vector<Item> seen;
    auto parsed =
        load_playlist(text, "full.xml", root, [&seen](const Item& item) { seen.push_back(item); });
    REQUIRE(parsed.playlist);
    // Every item, of every kind, in order, complete, and as it is in the
    // result (validate loads the decoder at the first video).
    REQUIRE(seen.size() == parsed.playlist->items.size());
    REQUIRE(seen.size() >= 3);
    for (std::size_t i = 0; i < seen.size(); ++i) {
        const Item& item = parsed.playlist->items[i];
        CHECK(seen[i].kind == item.kind);
        CHECK(seen[i].id == item.id);
        CHECK(seen[i].line == item.line);
        CHECK(seen[i].src == item.src);
    }
    CHECK(seen[0].kind == ItemKind::Video);
    const Item& facts = parsed.playlist->items.at(2);
    REQUIRE(seen[2].kind == ItemKind::FactSheet);
    REQUIRE(seen[2].texts.size() == 3);
    CHECK(seen[2].text_for("ar")->points == facts.text_for("ar")->points);

    SECTION("a fact sheet that does not parse is not handed over") {
        std::string broken = text;
        auto const title = broken.find("<title>");
        REQUIRE(title != std::string::npos);
        broken.insert(title, "<subtitle>x</subtitle>");
        seen.clear();
        auto failed = load_playlist(broken, "full.xml", root,
                                    [&seen](const Item& item) { seen.push_back(item); });
        CHECK_FALSE(failed.playlist);
        // The video and the picture before it were; it was not.
        CHECK(seen.size() == 2);
        for (const Item& item : seen)
            CHECK(item.kind != ItemKind::FactSheet);
    }
}

TEST_CASE("the XML document is handed over only when asked for", "[parser]") {
    auto const text = read_fixture(fixtures / "good" / "full.xml");
    AllThere const root;
    auto freed = load_playlist(text, "full.xml", root);
    REQUIRE(freed.playlist);
    XmlDocument kept;
    CHECK_FALSE(kept.parsed());
    auto handed = load_playlist(text, "full.xml", root, {}, kept);
    REQUIRE(handed.playlist);
    CHECK(kept.parsed());
    CHECK(handed.playlist->items.size() == freed.playlist->items.size());
    // Also when the XML does not parse: the caller frees nothing either way.
    XmlDocument broken_xml;
    auto broken = load_playlist("<playlist", "broken.xml", root, {}, broken_xml);
    CHECK_FALSE(broken.playlist);
    CHECK(broken_xml.parsed());
}
