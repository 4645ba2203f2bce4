// Table tests over tests/data/playlists/{good,bad}. Each bad fixture NAME.xml
// has NAME.expected beside it: the exact diagnostics, one per line. Media
// are checked in the fixtures' real folders (DirectoryContentRoot), so these
// run with src/system.

#include "core/playlist/playlist_loader.h"
#include "system/content_root.h"
#include "system/files.h"
#include "system/icu_language_catalog.h"
#include "system/text_decoding.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace beacon;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(BEACON_FIXTURES) / "playlists";

// As the player reads a file: decoded (system/text_decoding.h), languages
// judged by ICU.
ParsedPlaylist load_fixture(const fs::path& file) {
    auto text = read_text_file(file);
    REQUIRE(text.ok());
    DecodedText decoded = decode_text(text.value(), file.filename().string());
    if (!decoded.ok())
        return {std::nullopt, {*decoded.error()}};
    DirectoryContentRoot root(file.parent_path());
    return load_playlist(decoded.text(), file.filename().string(), root, {},
                         icu_language_catalog());
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
