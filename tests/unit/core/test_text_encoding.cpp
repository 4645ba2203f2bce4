// Issue 21, "Files saved by Notepad": a file that is not UTF-8 is refused at
// its line and column, naming the bytes found and, when they read as
// Windows-1252 (Notepad's "ANSI"), the word they probably were. The same
// words come from load_xml() (playlists, manifests) and from the file
// readers (system/text_decoding.h).

#include "core/playlist/playlist_parser.h"
#include "core/text_encoding.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

// A playlist whose fact-sheet title, on line 14, is `title`.
std::string playlist_titled(const std::string& title) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English">
      <headline>Help is here.</headline>
      <call>Call free, 24/7.</call>
      <sms>Text HELP to 233733</sms>
      <web-label>Online:</web-label>
      <scan>Scan to open the website</scan>
      <close>Close</close>
    </text>
  </hotline>
  <factsheet id="one" duration="5">
    <text lang="en"><title>)" +
           title + R"(</title><point>Point</point></text>
  </factsheet>
</playlist>
)";
}

} // namespace

TEST_CASE("Windows-1252 text is refused at its line and column with what it probably was",
          "[encoding]") {
    auto parsed = parse_playlist(playlist_titled("La cl\xEDnica abre"), "clinic.xml");
    REQUIRE(parsed.diagnostics.size() == 1);
    auto& problem = parsed.diagnostics[0];
    CHECK(problem.line == 14);
    // 4 spaces, <text lang="en"> (16), <title> (7), "La cl" (5): column 33.
    CHECK(problem.column == 33);
    CHECK(problem.to_string() ==
          "clinic.xml:14:33: error: this file is not UTF-8 (found bytes ED 6E): probably "
          "\"clínica\" in Windows-1252 (Notepad's \"ANSI\"); in Notepad use Save As → "
          "Encoding: UTF-8");
}

TEST_CASE("the column counts characters, not bytes", "[encoding]") {
    auto problem = find_invalid_utf8("ab\ncaf\xC3\xA9 \xE9t\xE9");
    REQUIRE(problem);
    CHECK(problem->line == 2);
    CHECK(problem->column == 6); // c a f é space, then the bad byte
    CHECK(problem->message.find("found bytes E9 74") != std::string::npos);
    CHECK(problem->message.find("probably \"été\"") != std::string::npos);
}

TEST_CASE("each kind of invalid UTF-8 names its bytes", "[encoding]") {
    struct Case {
        std::string text;
        std::string bytes;
    };
    for (auto& sample : {
             Case{"a\x80", "80"},
             Case{"\xC0\xAF", "C0 AF"},
             Case{"\xE0\x80\xAF", "E0 80 AF"},
             Case{"\xED\xA0\x80", "ED A0 80"},
             Case{"\xF4\x90\x80\x80", "F4 90 80 80"},
             Case{"\xF5\x80", "F5"},
             Case{"x\xE2\x82", "E2 82"},
         }) {
        INFO(sample.bytes);
        auto problem = find_invalid_utf8(sample.text);
        REQUIRE(problem);
        CHECK(problem->message.find("(found bytes " + sample.bytes + ")") != std::string::npos);
    }
}

TEST_CASE("bytes Windows-1252 leaves undefined get no guess", "[encoding]") {
    auto problem = find_invalid_utf8("x\x81y");
    REQUIRE(problem);
    CHECK(problem->message.find("probably") == std::string::npos);
    CHECK(problem->message.find("in Notepad use Save As") != std::string::npos);
}

TEST_CASE("UTF-8 with or without a byte order mark is accepted", "[encoding]") {
    CHECK_FALSE(find_invalid_utf8("plain ASCII, long enough for the eight-byte path"));
    CHECK_FALSE(find_invalid_utf8("\xEF\xBB\xBF"
                                  "caf\xC3\xA9 \xF0\x9F\x98\x80 \xE4\xB8\xAD"));
    CHECK_FALSE(parse_playlist("\xEF\xBB\xBF" + playlist_titled("Cl\xC3\xADnica"), "p.xml")
                    .diagnostics.size());
}

TEST_CASE("a UTF-16 or UTF-32 text that reached a parser undecoded is named as such",
          "[encoding]") {
    using namespace std::string_literals;
    CHECK(byte_order_mark("\xFF\xFE<\0"s) == ByteOrderMark::Utf16LittleEndian);
    CHECK(byte_order_mark("\xFE\xFF\0<"s) == ByteOrderMark::Utf16BigEndian);
    CHECK(byte_order_mark("\xFF\xFE\0\0<\0\0\0"s) == ByteOrderMark::Utf32LittleEndian);
    CHECK(byte_order_mark("\0\0\xFE\xFF"s) == ByteOrderMark::Utf32BigEndian);
    auto parsed = parse_playlist("\xFF\xFE<\0p\0/\0>\0"s, "p.xml");
    REQUIRE(parsed.diagnostics.size() == 1);
    CHECK(parsed.diagnostics[0].to_string() ==
          "p.xml:1:1: error: this file is UTF-16 (Notepad's \"Unicode\"), not UTF-8; in Notepad "
          "use Save As → Encoding: UTF-8");
}
