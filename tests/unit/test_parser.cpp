// Table tests over tests/data/playlists/{good,bad}. Each bad fixture NAME.xml
// has NAME.expected beside it: the exact diagnostics, one per line.

#include "core/playlist_parser.h"
#include "system/files.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace beacon;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(BEACON_FIXTURES) / "playlists";

ParsedPlaylist load_fixture(const fs::path& file) {
    auto text = read_text_file(file);
    REQUIRE(text.ok());
    DirectoryContentRoot root(file.parent_path());
    return load_playlist(text.value(), file.filename().string(), root);
}

std::string joined(const Diagnostics& diagnostics) {
    std::string out;
    for (auto& diagnostic : diagnostics)
        out += diagnostic.to_string() + "\n";
    return out;
}

} // namespace

TEST_CASE("every bad fixture gives exactly its expected diagnostics", "[parser]") {
    int checked = 0;
    for (auto& entry : fs::directory_iterator(fixtures / "bad")) {
        if (entry.path().extension() != ".xml")
            continue;
        auto expected_path = fs::path(entry.path()).replace_extension(".expected");
        INFO("fixture " << entry.path().filename());
        REQUIRE(fs::exists(expected_path));
        auto expected = read_text_file(expected_path);
        REQUIRE(expected.ok());
        auto parsed = load_fixture(entry.path());
        CHECK_FALSE(parsed.playlist.has_value());
        CHECK(joined(parsed.diagnostics) == expected.value());
        ++checked;
    }
    CHECK(checked >= 15);
}

TEST_CASE("every good fixture parses without diagnostics", "[parser]") {
    for (auto& entry : fs::directory_iterator(fixtures / "good")) {
        if (entry.path().extension() != ".xml")
            continue;
        INFO("fixture " << entry.path().filename());
        auto parsed = load_fixture(entry.path());
        CHECK(joined(parsed.diagnostics).empty());
        CHECK(parsed.playlist.has_value());
    }
}

TEST_CASE("a full playlist becomes the model it describes", "[parser]") {
    auto parsed = load_fixture(fixtures / "good" / "full.xml");
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
    auto text = read_text_file(fixtures / "good" / "full.xml");
    REQUIRE(text.ok());
    auto parsed = parse_playlist(text.value(), "full.xml");
    REQUIRE(parsed.playlist);
    auto checked = load_playlist(text.value(), "full.xml", root);
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
