// Issue 18, finding 3, the first wall: `beacon validate` and the player
// check each media file's first bytes, so a "video" that is an mpv EDL file,
// an M3U, PLS or HLS playlist, an ffconcat list or an SDP description is
// reported at its playlist line, and the player neither opens what it names
// nor connects anywhere.

#include "integration/helpers.h"
#include "integration/watchers.h"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;

namespace {

struct Reference {
    const char* id;
    std::string text;
    const char* is;
};

} // namespace

TEST_CASE("media files that name other files are refused at their line, and never followed",
          "[e2e][media][security]") {
    fs::path dir = test::work_dir("media-references");
    fs::create_directories(dir / "root/media");
    fs::create_directories(dir / "outside");
    fs::path secret = dir / "outside/secret.mp4";
    fs::copy_file(test::test_media() / "clip.mp4", secret);
    fs::copy_file(test::test_media() / "clip.mp4", dir / "root/media/good.mp4");
    test::Listener server;
    std::string url = "http://127.0.0.1:" + std::to_string(server.port());
    const std::vector<Reference> references = {
        {"edl", "# mpv EDL v0\n" + secret.string() + "\n", "an mpv EDL file"},
        {"edl-url", "# mpv EDL v0\n" + url + "/e.mp4\n", "an mpv EDL file"},
        {"m3u", "#EXTM3U\n" + url + "/m.mp4\n", "an M3U playlist"},
        {"pls", "[playlist]\nFile1=" + url + "/p.mp4\n", "a PLS playlist"},
        {"hls", "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + url + "/s.ts\n",
         "an HLS playlist"},
        {"concat", "ffconcat version 1.0\nfile " + secret.string() + "\n", "an ffconcat list"},
        {"sdp", "v=0\nc=IN IP4 127.0.0.1\nm=video 5004 RTP/AVP 96\n", "an SDP session"},
        {"plain", secret.string() + "\n", "a text file"},
    };
    std::ofstream playlist(dir / "root/playlist.xml");
    playlist << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English"><headline>Help.</headline><call>Call.</call>
      <sms>Text</sms><web-label>Online:</web-label><scan>Scan</scan><close>Close</close></text>
  </hotline>
)";
    for (auto& reference : references) {
        std::ofstream(dir / "root/media" / (std::string(reference.id) + ".mp4")) << reference.text;
        playlist << "  <video id=\"" << reference.id << "\" src=\"media/" << reference.id
                 << ".mp4\"/>\n";
    }
    playlist << "  <video id=\"good\" src=\"media/good.mp4\"/>\n</playlist>\n";
    playlist.close();

    test::OpenWatch watch(secret);
    auto validated =
        test::run(test::beacon() + " validate " + (dir / "root/playlist.xml").string());
    INFO(validated.output);
    CHECK(validated.exit_code == 1);
    int line = 7; // the first reference's <video>
    for (auto& reference : references) {
        INFO(reference.id);
        std::string expected = "playlist.xml:" + std::to_string(line++) + ": error: <video id=\"" +
                               reference.id + "\"> media \"media/" + reference.id +
                               ".mp4\" is refused: it is " + reference.is;
        CHECK(validated.output.find(expected) != std::string::npos);
    }
    CHECK(validated.output.find("\"good\"") == std::string::npos);

    // The player refuses the playlist as validate does, and so never opens
    // what it names (the references come first: today's player would reach
    // them within the run).
    auto played = test::run(test::beacon() + " play " + (dir / "root/playlist.xml").string() +
                            " --headless --size 320x180 --run-for 4 --state-dir " +
                            (dir / "state").string() + " --usb-dir " + (dir / "none").string());
    INFO(played.output);
    CHECK(played.exit_code == 0);
    CHECK(played.output.find("is refused: it is an mpv EDL file") != std::string::npos);
    CHECK_FALSE(watch.opened());
    CHECK(server.connections() == 0);
}
