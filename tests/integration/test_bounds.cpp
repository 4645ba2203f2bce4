// Issue 18, finding 5, end to end: a 2 MB hotline headline and a caption
// file of one 2 MB cue both passed `beacon validate`; the first froze the
// loop when a tap laid it out, the second took 1 GB in libass. Both are now
// refused at their line, by validate and by the player alike.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;

TEST_CASE("validate refuses a 2 MB headline and a 2 MB caption cue at their lines",
          "[e2e][limits]") {
    fs::path dir = test::work_dir("bounds");
    fs::create_directories(dir / "media");
    fs::copy_file(test::test_media() / "clip.mp4", dir / "media/clip.mp4");
    std::ofstream(dir / "media/clip.en.srt") << "1\n00:00:00,000 --> 00:00:02,000\n"
                                             << std::string(2 << 20, 'a') << "\n";
    std::string headline;
    while (headline.size() < (2u << 20))
        headline += "Help is here. ";
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English">
      <headline>)" << headline << R"(</headline>
      <call>Call.</call><sms>Text</sms><web-label>Online:</web-label><scan>Scan</scan>
      <close>Close</close>
    </text>
  </hotline>
  <video id="clip" src="media/clip.mp4">
    <caption lang="en" src="media/clip.en.srt"/>
  </video>
</playlist>
)";
    auto validated = test::run(test::beacon() + " validate " + (dir / "playlist.xml").string());
    INFO(validated.output.substr(0, 2000));
    CHECK(validated.exit_code == 1);
    CHECK(validated.output.find("playlist.xml:5: error: <headline> is ") != std::string::npos);
    CHECK(validated.output.find("playlist.xml:11: error: <video id=\"clip\"> caption \"en\" "
                                "\"media/clip.en.srt\" is refused: it is ") != std::string::npos);
}
