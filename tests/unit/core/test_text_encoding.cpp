// Issue 21, "Files saved by Notepad": a file that is not UTF-8 is refused at
// its line and column, naming the bytes found and, when they read as
// Windows-1252 (Notepad's "ANSI"), the word they probably were. The same
// words come from load_xml() (playlists, manifests) and from the file
// readers (system/text_decoding.h).

#include "core/playlist/playlist_parser.h"
#include "core/text_encoding.h"

#include <catch2/catch.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <utility>

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

namespace {

// Unicode's table of well-formed UTF-8 byte sequences (Table 3-7), written
// out range by range: the reference the scan is held to. Returns the length
// of the sequence at `i`, or 0 where it is not well formed.
std::size_t well_formed_length(const std::string& text, std::size_t i) {
    struct Row {
        unsigned char lead_low, lead_high;
        unsigned char second_low, second_high;
        std::size_t length;
    };
    static constexpr Row rows[] = {
        {0x00, 0x7F, 0, 0, 1},       {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3},
        {0xE1, 0xEC, 0x80, 0xBF, 3}, {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3},
        {0xF0, 0xF0, 0x90, 0xBF, 4}, {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
    };
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    for (const Row& row : rows) {
        if (byte(0) < row.lead_low || byte(0) > row.lead_high)
            continue;
        if (row.length == 1)
            return 1;
        if (text.size() - i < row.length || byte(1) < row.second_low || byte(1) > row.second_high)
            return 0;
        for (std::size_t k = 2; k < row.length; ++k)
            if (byte(k) < 0x80 || byte(k) > 0xBF)
                return 0;
        return row.length;
    }
    return 0;
}

// Where the reference finds the first ill-formed byte: its line and column
// (characters from 1), or nothing.
std::optional<std::pair<int, int>> reference_problem(const std::string& text) {
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = well_formed_length(text, i);
        if (length == 0)
            return std::pair{line, column};
        if (text[i] == '\n') {
            ++line;
            column = 0;
        }
        ++column;
        i += length;
    }
    return std::nullopt;
}

} // namespace

// The scan takes ASCII eight bytes at a time and two- and three-byte
// sequences without decoding them; every other sequence goes the long way.
// Each way must judge every sequence as the table does, wherever it falls
// against the eight-byte words, and at the end of the text.
TEST_CASE("every byte sequence is judged as Unicode's table judges it, at every alignment",
          "[encoding]") {
    const unsigned char seconds[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                     0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xFF};
    const unsigned char laters[] = {0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xE1};
    const unsigned char fourths[] = {0x41, 0x80, 0xBF, 0xC0};
    std::size_t checked = 0;
    std::size_t refused = 0;
    std::size_t disagreements = 0;
    std::string first_disagreement;
    for (unsigned lead = 0x80; lead <= 0xFF; ++lead)
        for (unsigned char second : seconds)
            for (unsigned char third : laters)
                for (unsigned char fourth : fourths) {
                    std::string const sequence{char(lead), char(second), char(third), char(fourth)};
                    // Before it, 0 to 8 ASCII letters after two lines (one
                    // with a character of two bytes), so it starts at every
                    // place in an eight-byte word; after it, 0, 2 or 9
                    // letters, so that it ends the text, or is followed by
                    // less or more than a word of ASCII.
                    for (std::size_t before = 0; before <= 8; ++before)
                        for (std::size_t cut : {1, 2, 3, 4})
                            for (std::size_t after : {0, 2, 9}) {
                                std::string const text =
                                    "ab\n\xC3\xA9\n" + std::string(before, 'x') +
                                    sequence.substr(0, cut) + std::string(after, 'y');
                                auto const expected = reference_problem(text);
                                auto const found = find_invalid_utf8(text);
                                ++checked;
                                refused += found ? 1 : 0;
                                bool const agree = found.has_value() == expected.has_value() &&
                                                   (!found || (found->line == expected->first &&
                                                               found->column == expected->second));
                                if (agree)
                                    continue;
                                if (disagreements++ == 0) {
                                    std::ostringstream out;
                                    out << std::hex << "bytes " << lead << " " << int(second) << " "
                                        << int(third) << " " << int(fourth) << std::dec
                                        << ", first " << cut << ", after " << before
                                        << " letters: scan "
                                        << (found ? std::to_string(found->line) + ":" +
                                                        std::to_string(found->column)
                                                  : "valid")
                                        << ", table "
                                        << (expected ? std::to_string(expected->first) + ":" +
                                                           std::to_string(expected->second)
                                                     : "valid");
                                    first_disagreement = out.str();
                                }
                            }
                }
    INFO(first_disagreement);
    CHECK(disagreements == 0);
    // Both verdicts were reached many times.
    CHECK(refused > checked / 4);
    CHECK(refused < checked);
}
