// Hostile media: every file is made with ffmpeg here, put in one playlist
// between good items, and played by the real binary headless. The loop must
// survive each one: no crash, each item skipped (with a log line) or played,
// and never a black frame.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace {

void ffmpeg(const fs::path& out, const std::string& args) {
    auto result = test::run("ffmpeg -v error -y " + args + " " + out.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    REQUIRE(fs::file_size(out) > 0);
}

struct Hostile {
    const char* id;
    const char* file;
    enum class Expect { Skipped, Played, Either } expect;
};

// In playlist order; "good" opens the loop and "facts" closes it.
const Hostile k_items[] = {
    // Files that do not even start like a container (empty, text, an EDL
    // or a playlist named .mp4) are refused when the playlist is loaded
    // (test_media_references.cpp); these start like one and go wrong later.
    {"header-only", "header.mp4", Hostile::Expect::Skipped},
    {"truncated", "truncated.mp4", Hostile::Expect::Either},
    {"garbage-after-ftyp", "garbage.mp4", Hostile::Expect::Skipped},
    {"audio-only", "audio.mp4", Hostile::Expect::Skipped},
    {"portrait", "portrait.mp4", Hostile::Expect::Played},
    {"uhd-hevc", "uhd-hevc.mp4", Hostile::Expect::Played},
    {"vp9", "vp9.webm", Hostile::Expect::Played},
    {"huge-png", "huge.png", Hostile::Expect::Played},
};

void make_media(const fs::path& media) {
    fs::create_directories(media);
    const std::string pattern = "-f lavfi -i testsrc2=rate=30:size=";
    ffmpeg(media / "good.mp4", pattern + "640x360 -t 1 -c:v libx264 -pix_fmt yuv420p");
    const std::string ftyp("\0\0\0\x18"
                           "ftypmp42\0\0\0\0mp42isom",
                           24);
    std::ofstream(media / "header.mp4", std::ios::binary) << ftyp;
    // The index comes first, so the cut leaves a file that starts to play and
    // then runs out of data mid-frame.
    ffmpeg(media / "whole.mp4",
           pattern + "640x360 -t 2 -c:v libx264 -pix_fmt yuv420p -movflags +faststart");
    {
        std::ifstream whole(media / "whole.mp4", std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(whole)), {});
        std::ofstream(media / "truncated.mp4", std::ios::binary)
            << bytes.substr(0, bytes.size() / 2);
    }
    std::ofstream(media / "garbage.mp4", std::ios::binary)
        << ftyp << "This is a text file with a video's name.\n";
    ffmpeg(media / "audio.mp4", "-f lavfi -i sine=frequency=440:duration=1 -c:a aac");
    ffmpeg(media / "portrait.mp4", pattern + "360x640 -t 1 -c:v libx264 -pix_fmt yuv420p");
    ffmpeg(media / "uhd-hevc.mp4", pattern + "3840x2160 -t 1 -c:v libx265 -preset ultrafast "
                                             "-x265-params log-level=error -tag:v hvc1");
    ffmpeg(media / "vp9.webm",
           pattern + "640x360 -t 1 -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 500k");
    ffmpeg(media / "huge.png", "-f lavfi -i color=c=0xd9823d:size=8000x8000 -frames:v 1");
}

// The player's one log line for an item it skips names the item.
bool logged_skip(const std::string& output, const std::string& id) {
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line))
        if (line.find("item \"" + id + "\"") != std::string::npos &&
            line.find("skipping it") != std::string::npos)
            return true;
    return false;
}

fs::path make_playlist(const fs::path& dir) {
    std::ofstream out(dir / "playlist.xml");
    out << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
)" << test::k_english_hotline
        << R"(  <video id="good" src="media/good.mp4"/>
)";
    for (auto& item : k_items) {
        if (std::string(item.file).ends_with(".png"))
            out << "  <image id=\"" << item.id << "\" src=\"media/" << item.file
                << "\" duration=\"2\"/>\n";
        else
            out << "  <video id=\"" << item.id << "\" src=\"media/" << item.file << "\"/>\n";
    }
    out << R"(  <factsheet id="facts" duration="1">
    <text lang="en"><title>What is trafficking?</title><point>Force, fraud or coercion.</point></text>
  </factsheet>
</playlist>
)";
    return dir / "playlist.xml";
}

} // namespace

TEST_CASE("the loop survives hostile media: each file skipped or played, never black",
          "[robustness][e2e]") {
    fs::path dir = test::work_dir("hostile");
    make_media(dir / "media");
    auto log = dir / "frames.csv";
    auto result = test::run(test::beacon() + " play " + make_playlist(dir).string() +
                            " --headless --size 640x360 --run-for 24 --frame-log " + log.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);

    std::map<std::string, int> frames_of;
    std::vector<std::string> sequence;
    for (auto& row : test::read_frame_log(log)) {
        if (row.type != "frame")
            continue;
        INFO("frame at " << row.t_ms << " ms, item " << row.item);
        CHECK(row.luma >= 8);
        ++frames_of[row.item];
        if (sequence.empty() || sequence.back() != row.item)
            sequence.push_back(row.item);
    }
    // The loop went all the way round and started again.
    auto facts = std::find(sequence.begin(), sequence.end(), "facts");
    REQUIRE(facts != sequence.end());
    CHECK(std::find(facts, sequence.end(), "good") != sequence.end());

    for (auto& item : k_items) {
        INFO("item " << item.id);
        bool played = frames_of[item.id] > 0;
        bool skipped = logged_skip(result.output, item.id);
        CHECK((played || skipped));
        if (item.expect == Hostile::Expect::Played)
            CHECK(played);
        if (item.expect == Hostile::Expect::Skipped) {
            CHECK_FALSE(played);
            CHECK(skipped);
        }
    }
}
