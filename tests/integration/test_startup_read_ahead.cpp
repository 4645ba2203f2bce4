// The real player records the pages its start touched in its state folder,
// and the next start reads them ahead (system/startup_read_ahead.h; issue
// 22's cold first frame). A start a person pressed records nothing.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace {

fs::path video_playlist(const fs::path& dir) {
    return test::media_playlist(dir, "clip.mp4", R"(  <video id="clip" src="media/clip.mp4"/>)");
}

// `seconds`: long enough for libmpv's load and a first video frame under
// the sanitizers too, which run this suite several times slower.
test::CommandResult play(const fs::path& playlist, const fs::path& state, const std::string& extra,
                         const std::string& seconds = "4") {
    fs::create_directories(state);
    return test::run(test::beacon() + " play " + playlist.string() +
                     " --headless --size 320x180 --run-for " + seconds +
                     " --log-level debug --state-dir " + state.string() + " " + extra);
}

std::string read_text(const fs::path& path) {
    std::stringstream text;
    text << std::ifstream(path).rdbuf();
    return text.str();
}

// The record's lines (format: system/startup_pages.h), read here on their
// own rather than with the player's parser: "<size> <mtime> <ranges> <path>".
struct RecordLine {
    std::string ranges;
    std::string path;
};

std::vector<RecordLine> record_lines(const fs::path& record, std::string* header) {
    std::vector<RecordLine> lines;
    std::istringstream text(read_text(record));
    std::getline(text, *header);
    std::string line;
    while (std::getline(text, line)) {
        std::istringstream fields(line);
        std::string size, mtime;
        RecordLine parsed;
        fields >> size >> mtime >> parsed.ranges;
        fields.get();
        std::getline(fields, parsed.path);
        lines.push_back(parsed);
    }
    return lines;
}

} // namespace

TEST_CASE("a start records the pages it touched, and the next start reads them ahead",
          "[e2e][perf][startup-pages]") {
    fs::path dir = test::work_dir("startup-pages-record");
    fs::path playlist = video_playlist(dir);
    fs::path record = dir / "state" / "startup-pages";

    auto first = play(playlist, dir / "state", "");
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    REQUIRE(fs::exists(record));
    std::string header;
    auto lines = record_lines(record, &header);
    CHECK(header == "beacon-startup-pages 1");
    // libmpv was loaded for the video, before the record was made; so was
    // the player itself.
    bool libmpv = false;
    bool player = false;
    for (auto const& line : lines) {
        bool has_ranges = line.ranges.find('+') != std::string::npos;
        libmpv = libmpv || (line.path.find("/libmpv.so") != std::string::npos && has_ranges);
        player = player || (line.path == fs::canonical(BEACON_BINARY).string() && has_ranges);
    }
    CHECK(libmpv);
    CHECK(player);
    CHECK(lines.size() > 50); // libmpv alone maps about 230 libraries
    CHECK(first.output.find("startup pages: recorded") != std::string::npos);
    CHECK(first.output.find("startup pages: read ahead") == std::string::npos);
    // Each write renames a new file over the old one: a new inode.
    struct stat info {};
    REQUIRE(::stat(record.c_str(), &info) == 0);
    auto recorded_inode = info.st_ino;

    auto second = play(playlist, dir / "state", "");
    INFO(second.output);
    REQUIRE(second.exit_code == 0);
    CHECK(second.output.find("startup pages: read ahead") != std::string::npos);
    CHECK(second.output.find("changed or missing") == std::string::npos);
    // The same files: the record is left as it was.
    CHECK(second.output.find("startup pages: recorded") == std::string::npos);
    REQUIRE(::stat(record.c_str(), &info) == 0);
    CHECK(info.st_ino == recorded_inode);
}

TEST_CASE("a record the player cannot use is replaced, never fatal", "[e2e][startup-pages]") {
    fs::path dir = test::work_dir("startup-pages-bad");
    fs::path playlist = video_playlist(dir);
    fs::create_directories(dir / "state");
    {
        std::ofstream bad(dir / "state" / "startup-pages");
        bad << "beacon-startup-pages 1\n4096 1 0+4096 ../../etc/shadow\n";
    }
    auto played = play(playlist, dir / "state", "");
    INFO(played.output);
    REQUIRE(played.exit_code == 0);
    CHECK(played.output.find("not a plain absolute path") != std::string::npos);
    std::string header;
    auto lines = record_lines(dir / "state" / "startup-pages", &header);
    CHECK(header == "beacon-startup-pages 1");
    for (auto const& line : lines)
        CHECK(line.path.front() == '/');
    CHECK(lines.size() > 50);
}

TEST_CASE("a start a person pressed records no pages", "[e2e][privacy][startup-pages]") {
    fs::path dir = test::work_dir("startup-pages-pressed");
    fs::path playlist = video_playlist(dir);
    // A tap at once, long before the video's first frame (libmpv still
    // loading): the hotline's fonts are mapped before any record is made.
    // Escape closes the hotline, so the video plays and the start ends as
    // the quiet one did, with its first video frame.
    auto tapped =
        play(playlist, dir / "state",
             "--tap-at 0 --key-at 0.5:Escape --frame-log " + (dir / "frames.csv").string(), "6");
    INFO(tapped.output);
    REQUIRE(tapped.exit_code == 0);
    bool drew_clip = false;
    for (auto& row : test::read_frame_log(dir / "frames.csv"))
        drew_clip = drew_clip || (row.type == "frame" && row.item == "clip" && row.luma > 8);
    REQUIRE(drew_clip);
    CHECK_FALSE(fs::exists(dir / "state" / "startup-pages"));
    CHECK_FALSE(fs::exists(dir / "state" / "startup-pages.partial"));
}
