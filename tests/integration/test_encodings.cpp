// Issue 21, finding 2: files saved by Notepad. A UTF-16 ("Unicode") playlist
// used to be refused as malformed XML, and the kiosk showed the built-in
// hotline; a Windows-1252 ("ANSI") one passed validate and showed "cl?nica".
// Now UTF-16 and UTF-32 files with a byte order mark are read (and that is
// said once), and anything else that is not UTF-8 is refused at its line and
// column, by validate, the player, the config reader and the caption check.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;

namespace {

const std::string clinic_title = "La clínica abre"; // UTF-8 here

// A one-sheet playlist; the title (with í) is on line 14, column 33 at 'í'.
std::string playlist_text() {
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
  <factsheet id="clinic" duration="1">
    <text lang="en"><title>)" +
           clinic_title + R"(</title><point>Open every day.</point></text>
  </factsheet>
</playlist>
)";
}

// `text` (UTF-8) re-encoded with iconv, with a byte order mark.
fs::path write_encoded(const fs::path& dir, const std::string& name, const std::string& text,
                       const std::string& encoding, const std::string& mark) {
    fs::path utf8 = dir / (name + ".utf8");
    std::ofstream(utf8, std::ios::binary) << text;
    fs::path out = dir / name;
    auto result = test::run("(printf '" + mark + "'; iconv -f UTF-8 -t " + encoding + " " +
                            utf8.string() + ") > " + out.string());
    REQUIRE(result.exit_code == 0);
    return out;
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++count;
    return count;
}

} // namespace

TEST_CASE("validate reads UTF-16 and UTF-32 playlists and says so once", "[cli][encoding]") {
    fs::path dir = test::work_dir("encodings-unicode");
    struct Case {
        std::string name, encoding, mark, said;
    };
    for (auto& sample : {
             Case{"le16.xml", "UTF-16LE", "\\377\\376", "UTF-16 (Notepad's \"Unicode\")"},
             Case{"be16.xml", "UTF-16BE", "\\376\\377",
                  "UTF-16 big-endian (Notepad's \"Unicode big endian\")"},
             Case{"le32.xml", "UTF-32LE", "\\377\\376\\0\\0", "UTF-32"},
         }) {
        fs::path file =
            write_encoded(dir, sample.name, playlist_text(), sample.encoding, sample.mark);
        auto result = test::run(test::beacon() + " validate " + file.string());
        INFO(result.output);
        CHECK(result.exit_code == 0);
        CHECK(occurrences(result.output, file.string() + ": read as " + sample.said +
                                             "; saving it as UTF-8 is better\n") == 1);
        CHECK(result.output.find(file.string() + ": ok, 1 items, 1 languages") !=
              std::string::npos);
    }
}

TEST_CASE("validate refuses a Windows-1252 playlist at its line and column", "[cli][encoding]") {
    fs::path dir = test::work_dir("encodings-ansi");
    fs::path file = write_encoded(dir, "ansi.xml", playlist_text(), "WINDOWS-1252", "");
    auto result = test::run("cd " + dir.string() + " && " + test::beacon() + " validate ansi.xml");
    CHECK(result.exit_code == 1);
    CHECK(result.output ==
          "ansi.xml:14:33: error: this file is not UTF-8 (found bytes ED 6E): probably "
          "\"clínica\" in Windows-1252 (Notepad's \"ANSI\"); in Notepad use Save As → "
          "Encoding: UTF-8\n");
}

TEST_CASE("a damaged UTF-16 file is refused, not shown with holes", "[cli][encoding]") {
    fs::path dir = test::work_dir("encodings-damaged");
    // A high surrogate (D800) with no low one after it, in the title.
    std::string text = playlist_text();
    fs::path file = write_encoded(dir, "damaged.xml", text, "UTF-16LE", "\\377\\376");
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto at = bytes.find(std::string("\xED\0", 2)); // 'í' is ED 00 in UTF-16LE
    REQUIRE(at != std::string::npos);
    bytes[at] = '\x00';
    bytes[at + 1] = '\xD8';
    std::ofstream(file, std::ios::binary) << bytes;
    auto result = test::run(test::beacon() + " validate " + file.string());
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("damaged.xml:14:33: error: this file starts as UTF-16") !=
          std::string::npos);
}

TEST_CASE("the player plays a UTF-16 playlist, saying once how it read it", "[e2e][encoding]") {
    fs::path dir = test::work_dir("encodings-play-unicode");
    fs::path file = write_encoded(dir, "playlist.xml", playlist_text(), "UTF-16LE", "\\377\\376");
    auto result = test::run(test::beacon() + " play " + file.string() +
                            " --headless --size 640x360 --run-for 2 --frame-log " +
                            (dir / "frames.csv").string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK(occurrences(result.output, "read as UTF-16 (Notepad's \"Unicode\")") == 1);
    CHECK(result.output.find("built-in hotline") == std::string::npos);
    bool clinic_shown = false;
    for (auto& row : test::read_frame_log(dir / "frames.csv"))
        clinic_shown = clinic_shown || (row.type == "frame" && row.item == "clinic");
    CHECK(clinic_shown);
}

TEST_CASE("the player logs a Windows-1252 playlist once, at its place, and shows the hotline",
          "[e2e][encoding]") {
    fs::path dir = test::work_dir("encodings-play-ansi");
    fs::path file = write_encoded(dir, "playlist.xml", playlist_text(), "WINDOWS-1252", "");
    auto result = test::run(test::beacon() + " play " + file.string() +
                            " --headless --size 640x360 --run-for 2 --frame-log " +
                            (dir / "frames.csv").string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK(occurrences(result.output, file.string() +
                                         ":14:33: error: this file is not UTF-8 (found bytes "
                                         "ED 6E)") == 1);
    CHECK(occurrences(result.output, "showing the built-in US hotline") == 1);
    for (auto& row : test::read_frame_log(dir / "frames.csv"))
        CHECK(row.item != "clinic");
}

TEST_CASE("beacon.conf follows the same rules", "[cli][encoding]") {
    fs::path dir = test::work_dir("encodings-config");
    fs::path playlist = dir / "playlist.xml";
    std::ofstream(playlist) << playlist_text();
    std::string config = "# Clínica San José\nlog-level = info\n";
    fs::path unicode = write_encoded(dir, "unicode.conf", config, "UTF-16LE", "\\377\\376");
    auto read = test::run(test::beacon() + " play " + playlist.string() + " --config " +
                          unicode.string() + " --headless --size 320x180 --run-for 0.5");
    INFO(read.output);
    CHECK(read.exit_code == 0);
    CHECK(read.output.find("unknown key") == std::string::npos);
    CHECK(read.output.find(unicode.string() + ": read as UTF-16") != std::string::npos);
    fs::path ansi = write_encoded(dir, "ansi.conf", config, "WINDOWS-1252", "");
    std::string expected = ansi.string() +
                           ":1:5: error: this file is not UTF-8 (found bytes ED 6E): probably "
                           "\"Clínica\" in Windows-1252";
    // The kiosk still plays, with the defaults, and says why; a kiosk that
    // would not start over a comment's accent would be a black screen.
    auto played = test::run(test::beacon() + " play " + playlist.string() + " --config " +
                            ansi.string() + " --headless --size 320x180 --run-for 0.5");
    INFO(played.output);
    CHECK(played.exit_code == 0);
    CHECK(played.output.find(expected) != std::string::npos);
    // ...and the administrator's check refuses the file.
    auto checked = test::run(test::beacon() + " config check " + ansi.string());
    INFO(checked.output);
    CHECK(checked.exit_code == 1);
    CHECK(checked.output.find(expected) != std::string::npos);
}

TEST_CASE("validate refuses a Windows-1252 caption at its line and column", "[cli][encoding]") {
    fs::path dir = test::work_dir("encodings-caption");
    fs::create_directories(dir / "media");
    fs::copy_file(test::test_media() / "clip.mp4", dir / "media/clip.mp4");
    write_encoded(dir / "media", "clip.es.srt",
                  "1\n00:00:00,000 --> 00:00:02,000\nLa clínica abre\n", "WINDOWS-1252", "");
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English">
      <headline>Help is here.</headline><call>Call.</call><sms>Text</sms>
      <web-label>Online:</web-label><scan>Scan</scan><close>Close</close>
    </text>
  </hotline>
  <video id="clip" src="media/clip.mp4">
    <caption lang="en" src="media/clip.es.srt"/>
  </video>
</playlist>
)";
    auto result = test::run(test::beacon() + " validate " + (dir / "playlist.xml").string());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("media/clip.es.srt:3:6: error: this file is not UTF-8 (found bytes "
                             "ED 6E): probably \"clínica\"") != std::string::npos);
}
