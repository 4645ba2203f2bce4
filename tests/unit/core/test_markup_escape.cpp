// The one escaper for markup (core/markup_escape.h): what the signed
// manifest and the fleet dashboard both write.

#include "core/manifest.h"
#include "core/markup_escape.h"

#include <catch2/catch.hpp>

using namespace beacon;

TEST_CASE("markup escaping: the five specials, kept whitespace, no control", "[escape]") {
    CHECK(markup_escaped("'\"&<>") == "&#39;&quot;&amp;&lt;&gt;");
    CHECK(markup_escaped("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d");
    CHECK(markup_escaped(std::string("a\x01\x1f"
                                     "b",
                                     4)) == "a  b");
    CHECK(markup_escaped(std::string("a\0b", 3)) == "a b");
    CHECK(markup_escaped("Lương & giấy") == "Lương &amp; giấy");
    CHECK(markup_escaped("") == "");
}

TEST_CASE("a manifest written with the shared escaper reads back the same", "[escape][manifest]") {
    Manifest manifest;
    manifest.sequence = 7;
    manifest.label = "Mary's \"December\" <campaign> & more";
    manifest.created = "2026-12-06\tby\nhand";
    manifest.files.push_back({"media/Mary's & Jo.png", 1, std::string(64, 'a'), 0});
    manifest.files.push_back({"playlist.xml", 1, std::string(64, 'b'), 0});
    std::string text = write_manifest(manifest);
    CHECK(text.find("'") == std::string::npos);
    auto parsed = parse_manifest(text, "written");
    INFO(text);
    REQUIRE(parsed.manifest);
    CHECK(parsed.manifest->label == manifest.label);
    CHECK(parsed.manifest->created == manifest.created);
    REQUIRE(parsed.manifest->files.size() == 2);
    CHECK(parsed.manifest->files[0].path == manifest.files[0].path);
}
