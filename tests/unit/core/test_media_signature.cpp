// Issue 18, finding 3: a media file is accepted only when its first bytes
// are a real container (video), an image format (picture) or SRT/WebVTT
// (captions); files that name other files or addresses are refused whatever
// their name, and check_media() reports them at their playlist line.

#include "core/media_signature.h"
#include "core/playlist/playlist_loader.h"

#include <catch2/catch.hpp>

#include <map>

using namespace beacon;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int value : values)
        out.push_back(static_cast<char>(value));
    return out;
}

std::string mpeg_ts() {
    std::string out(188 * 3, '\xFF');
    for (std::size_t i = 0; i < out.size(); i += 188)
        out[i] = '\x47';
    return out;
}

const std::string mp4 = bytes({0, 0, 0, 0x18}) + "ftypmp42" + bytes({0, 0, 0, 0}) + "mp42isom";
const std::string png = "\x89PNG\r\n\x1A\n" + bytes({0, 0, 0, 13}) + "IHDR";
const std::string srt = "1\n00:00:00,000 --> 00:00:01,000\nHelp is here.\n";

// Text formats mpv or FFmpeg would follow, in several spellings each.
const std::vector<std::string> references = {
    "# mpv EDL v0\n/etc/passwd\n",
    "\xEF\xBB\xBF# mpv EDL v0\n/outside.mp4\n",
    "\n\n  # MPV EDL v0\n../../x.mp4\n",
    "edl://%10%/outside.mp4",
    "#EXTM3U\nhttp://127.0.0.1:8000/x.mp4\n",
    "#extm3u\r\n#EXTINF:10,x\r\nhttp://example.org/a.mp4\r\n",
    "#EXTINF:10,x\nhttp://example.org/a.mp4\n",
    "#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:1,\nhttp://127.0.0.1/seg.ts\n",
    "[playlist]\nFile1=http://127.0.0.1/x.mp4\n",
    "[Playlist]\r\nFile1=/etc/passwd\r\n",
    "ffconcat version 1.0\nfile /outside.mp4\n",
    "file '/outside.mp4'\n",
    "v=0\no=- 0 0 IN IP4 127.0.0.1\nm=video 5004 RTP/AVP 96\n",
    "<?xml version=\"1.0\"?><MPD><BaseURL>http://x/</BaseURL></MPD>",
    "<smil><body><video src=\"http://x/a.mp4\"/></body></smil>",
    "http://127.0.0.1:8000/x.mp4\n",
    "/etc/passwd\n",
    "av://lavfi:testsrc\n",
    "",
    "just some words\n",
};

} // namespace

TEST_CASE("files that name other files or addresses are refused for every use", "[media]") {
    for (auto& head : references)
        for (MediaUse use : {MediaUse::Video, MediaUse::Image, MediaUse::Caption}) {
            INFO("\"" << head << "\" as use " << static_cast<int>(use));
            auto problem = media_problem(head, use);
            REQUIRE(problem.has_value());
            CHECK(problem->rfind("it is ", 0) == 0);
        }
    CHECK(*media_problem(references[0], MediaUse::Video) ==
          "it is an mpv EDL file, which names other files to play");
    CHECK(media_problem(references[7], MediaUse::Video)->find("HLS") != std::string::npos);
    CHECK(media_problem(references[8], MediaUse::Video)->find("PLS") != std::string::npos);
}

TEST_CASE("only real containers are videos, only image formats are pictures", "[media]") {
    std::string mkv = bytes({0x1A, 0x45, 0xDF, 0xA3}) + "webm";
    std::string avi = "RIFF" + bytes({1, 2, 3, 4}) + "AVI LIST";
    std::string ogg = "OggS" + bytes({0, 2});
    std::string ps = bytes({0, 0, 1, 0xBA, 0x44});
    std::string mov = bytes({0, 0, 0, 8}) + "wide" + bytes({0, 0, 0, 0}) + "mdat";
    for (auto& video : {mp4, mkv, avi, ogg, ps, mov, mpeg_ts()}) {
        CHECK_FALSE(media_problem(video, MediaUse::Video));
        CHECK(media_problem(video, MediaUse::Image));
    }
    std::string jpeg = bytes({0xFF, 0xD8, 0xFF, 0xE0});
    std::string webp = "RIFF" + bytes({1, 2, 3, 4}) + "WEBPVP8 ";
    for (auto& picture : {png, jpeg, std::string("GIF89a"), std::string("GIF87a"), webp}) {
        CHECK_FALSE(media_problem(picture, MediaUse::Image));
        CHECK(*media_problem(picture, MediaUse::Video) == "it is a picture, not a video");
    }
    // Binary data that is no known format, and a container's metadata that
    // happens to hold an address.
    CHECK(media_problem(bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), MediaUse::Video));
    CHECK_FALSE(media_problem(mp4 + "http://example.org/ # mpv EDL", MediaUse::Video));
    // A single 0x47 is not a transport stream.
    CHECK(media_problem("G" + std::string(100, 'x'), MediaUse::Video));
}

TEST_CASE("captions are SRT or WebVTT text", "[media]") {
    for (std::string captions :
         {srt, "\xEF\xBB\xBF" + srt, std::string("1\r\n00:00:00,000 --> 00:00:01,000\r\nHi\r\n"),
          std::string("00:00:00,000 --> 00:00:01,000\nNo number\n"),
          std::string("WEBVTT\n\n00:00.000 --> 00:01.000\nHelp at http://example.org\n"),
          std::string("WEBVTT - Kiosk\n\n"), std::string("WEBVTT")})
        CHECK_FALSE(media_problem(captions, MediaUse::Caption));
    for (std::string other : {mp4, png, std::string("WEBVTTX\n"), std::string("1\nHello\n"),
                              std::string("1\n00:00:00,000 --> 00:00:01,000\n\0x", 34)})
        CHECK(media_problem(other, MediaUse::Caption));
}

TEST_CASE("check_media reports a media file that is a reference at its line", "[media][parser]") {
    // A content root whose files hold the given bytes.
    struct Root : ContentRoot {
        std::map<std::string, std::string> files;
        PathStatus check(const std::string&) const override { return PathStatus::Ok; }
        std::string resolve(const std::string& relative) const override { return relative; }
        std::optional<std::string> format_problem(const std::string& relative,
                                                  MediaUse use) const override {
            return media_problem(files.at(relative), use);
        }
    } root;
    root.files = {{"media/a.mp4", mp4},
                  {"media/edl.mp4", references[0]},
                  {"media/a.png", png},
                  {"media/a.srt", srt},
                  {"media/m3u.srt", references[4]}};
    std::string text = R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English"><headline>Help.</headline><call>Call.</call>
      <sms>Text</sms><web-label>Online:</web-label><scan>Scan</scan><close>Close</close></text>
  </hotline>
  <video id="good" src="media/a.mp4"><caption lang="en" src="media/a.srt"/></video>
  <video id="edl" src="media/edl.mp4"/>
  <image id="pic" src="media/a.png" duration="2"/>
  <video id="cap" src="media/a.mp4">
    <caption lang="en" src="media/m3u.srt"/>
  </video>
  <image id="notpic" src="media/a.mp4" duration="2"/>
</playlist>
)";
    auto loaded = load_playlist(text, "p.xml", root);
    CHECK_FALSE(loaded.playlist);
    std::vector<std::string> lines;
    for (auto& diagnostic : loaded.diagnostics)
        lines.push_back(diagnostic.to_string());
    CHECK(lines ==
          std::vector<std::string>{
              "p.xml:8: error: <video id=\"edl\"> media \"media/edl.mp4\" is refused: it is an "
              "mpv EDL file, which names other files to play",
              "p.xml:11: error: <video id=\"cap\"> caption \"en\" \"media/m3u.srt\" is refused: "
              "it is an M3U playlist, which names other files or addresses to play",
              "p.xml:13: error: <image id=\"notpic\"> media \"media/a.mp4\" is refused: it is a "
              "video, not a picture"});
}

// Found by fuzz_media_probe: an SGI magic number in front of SDP lines was
// taken as a picture, while FFmpeg probed the same bytes as SDP (which opens
// network streams). Short magic numbers now need the header fields FFmpeg's
// own probe checks, and an SDP connection line is refused wherever it is.
TEST_CASE("short magic numbers need a valid header, and SDP lines are refused anywhere",
          "[media-signature]") {
    std::string sgi = bytes({0x01, 0xDA, 0, 1, 0, 3, 0, 64, 0, 64, 0, 3}) + std::string(500, '\0');
    std::string bmp = "BM" + bytes({0x36, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0}) +
                      std::string(40, '\0');
    CHECK_FALSE(media_problem(sgi, MediaUse::Image));
    CHECK_FALSE(media_problem(bmp, MediaUse::Image));

    std::string bad_sgi = sgi;
    bad_sgi[2] = 0x76; // storage must be 0 (verbatim) or 1 (run-length)
    CHECK(media_problem(bad_sgi, MediaUse::Image));
    std::string bad_bmp = bmp;
    bad_bmp[14] = 0; // an info header of 0 bytes
    CHECK(media_problem(bad_bmp, MediaUse::Image));

    std::string sdp = "\nv=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\n";
    for (const std::string* head : std::vector<const std::string*>{&sgi, &bmp, &png, &mp4}) {
        INFO(*head);
        auto problem = media_problem(*head + sdp, MediaUse::Image);
        REQUIRE(problem);
        CHECK(problem->find("SDP") != std::string::npos);
        CHECK(media_problem(*head + sdp, MediaUse::Video));
    }
}
