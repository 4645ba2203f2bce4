// Issue 18, finding 5: sizes are bounded where they are read. Every text of
// a playlist (hotline words, fact-sheet titles and points, notice texts,
// attribute values) and every caption file and cue has a limit, stated in
// playlists/README.md; one byte over it is refused at its line, the limit
// itself is accepted.

#include "core/media_signature.h"
#include "core/playlist/playlist_parser.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

// `what` is replaced by a text of `size` bytes; it sits on line `line`.
struct Slot {
    const char* what;
    std::size_t limit;
    int line;
};

std::string playlist_with(const std::string& what, const std::string& text) {
    std::string playlist = R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English">
      <headline>{headline}</headline>
      <call>{call}</call>
      <sms>{sms}</sms>
      <web-label>{web-label}</web-label>
      <scan>{scan}</scan>
      <close>{close}</close>
    </text>
  </hotline>
  <factsheet id="one" duration="5">
    <text lang="en"><title>{title}</title>
      <point>{point}</point></text>
  </factsheet>
  <notice id="n" expires="2030-01-01T00:00">
    <text lang="en">{notice}</text>
  </notice>
</playlist>
)";
    for (std::string key :
         {"headline", "call", "sms", "web-label", "scan", "close", "title", "point", "notice"}) {
        std::string marker = "{" + key + "}";
        playlist.replace(playlist.find(marker), marker.size(), key == what ? text : "Words");
    }
    return playlist;
}

// A text of exactly `size` bytes: three-byte characters and ASCII words.
std::string text_of(std::size_t size) {
    std::string text;
    while (text.size() + 5 <= size) // ends with a letter: white space at the ends is trimmed
        text += "\xE5\xB8\xAE ";
    text += std::string(size - text.size(), 'a');
    return text;
}

} // namespace

TEST_CASE("every playlist text is bounded, and the bound itself is fine", "[parser][limits]") {
    for (const Slot& slot : {
             Slot{"headline", max_label_bytes, 5},
             Slot{"call", max_label_bytes, 6},
             Slot{"sms", max_label_bytes, 7},
             Slot{"web-label", max_label_bytes, 8},
             Slot{"scan", max_label_bytes, 9},
             Slot{"close", max_label_bytes, 10},
             Slot{"title", max_label_bytes, 14},
             Slot{"point", max_paragraph_bytes, 15},
             Slot{"notice", max_paragraph_bytes, 18},
         }) {
        INFO(slot.what);
        auto fits = parse_playlist(playlist_with(slot.what, text_of(slot.limit)), "p.xml");
        for (auto& diagnostic : fits.diagnostics)
            UNSCOPED_INFO(diagnostic.to_string());
        CHECK(fits.playlist.has_value());
        for (std::size_t size : {slot.limit + 1, std::size_t(2) << 20}) {
            auto parsed = parse_playlist(playlist_with(slot.what, text_of(size)), "p.xml");
            CHECK_FALSE(parsed.playlist.has_value());
            REQUIRE(parsed.diagnostics.size() == 1);
            INFO(parsed.diagnostics[0].to_string().substr(0, 200));
            CHECK(parsed.diagnostics[0].line == slot.line);
            CHECK(parsed.diagnostics[0].message.find(std::to_string(size) + " bytes long") !=
                  std::string::npos);
        }
    }
}

TEST_CASE("attribute values are bounded", "[parser][limits]") {
    std::string playlist = playlist_with("", "");
    std::string web = "web=\"example.org\"";
    playlist.replace(playlist.find(web), web.size(),
                     "web=\"" + std::string(max_attribute_bytes + 1, 'w') + "\"");
    auto parsed = parse_playlist(playlist, "p.xml");
    CHECK_FALSE(parsed.playlist.has_value());
    REQUIRE(parsed.diagnostics.size() == 1);
    CHECK(parsed.diagnostics[0].line == 3);
}

TEST_CASE("caption files and cues are bounded", "[media][limits]") {
    std::string cue = "1\n00:00:00,000 --> 00:00:01,000\n";
    std::string fine = cue + std::string(max_caption_cue_bytes - cue.size() - 1, 'a');
    CHECK_FALSE(caption_problem(fine, fine.size()));
    // One cue of 2 MB took 1 GB in libass.
    std::string huge = cue + std::string(2 << 20, 'a') + "\n";
    CHECK(caption_problem(huge.substr(0, max_caption_bytes), huge.size())->find("at most 524288") !=
          std::string::npos);
    std::string long_cue = cue + std::string(max_caption_cue_bytes, 'a') + "\n";
    CHECK(caption_problem(long_cue, long_cue.size())->find("a cue is longer") != std::string::npos);
    // Many short cues add up to a long file, not a long cue.
    std::string many;
    for (int i = 1; many.size() < max_caption_bytes - 100; ++i)
        many += std::to_string(i) + "\n00:00:00,000 --> 00:00:01,000\nHelp is here.\n\n";
    CHECK_FALSE(caption_problem(many, many.size()));
    // A file grown past the limit is refused by its size alone.
    CHECK(caption_problem(fine, max_caption_bytes + 1));
}
