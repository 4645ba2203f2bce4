// End to end: the real binary plays real media headless (SDL offscreen,
// libmpv's software renderer) and its frame log is checked.

#include "integration/helpers.h"
#include "integration/thread_status.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

namespace fs = std::filesystem;
using test::FrameRow;

namespace {

// The test playlists' hotline: English, and Spanish unless `english_only`.
std::string hotline_xml(bool english_only = false) {
    std::string english = R"(
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/help">
    <text lang="en" name="English">
      <headline>Help is here.</headline><call>Call free, 24/7.</call>
      <sms>Text HELP to 233733</sms><web-label>Online:</web-label>
      <scan>Scan</scan><close>Close</close>
    </text>)";
    if (english_only)
        return english + "\n  </hotline>";
    return english + R"(
    <text lang="es" name="Español">
      <headline>Aquí hay ayuda.</headline><call>Llamada gratuita.</call>
      <sms>Envíe HELP al 233733</sms><web-label>En línea:</web-label>
      <scan>Escanee</scan><close>Cerrar</close>
    </text>
  </hotline>)";
}

// A 2 s video, a 2 s image and a fact sheet of 1.5 s per language: 7 s a cycle.
fs::path make_playlist(const fs::path& dir, const std::string& extra_items = "") {
    fs::path media = test::test_media();
    fs::create_directories(dir / "media");
    fs::copy_file(media / "clip.mp4", dir / "media/clip.mp4", fs::copy_options::overwrite_existing);
    fs::copy_file(media / "still.png", dir / "media/still.png",
                  fs::copy_options::overwrite_existing);
    std::ofstream out(dir / "playlist.xml");
    out << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en es">)"
        << hotline_xml() << R"(
  <video id="clip" src="media/clip.mp4"/>
  <image id="still" src="media/still.png" duration="2"/>
  <factsheet id="facts" duration="1.5">
    <text lang="en"><title>What is trafficking?</title><point>Force, fraud or coercion.</point></text>
    <text lang="es"><title>¿Qué es la trata?</title><point>Fuerza, fraude o coerción.</point></text>
  </factsheet>)"
        << extra_items << "\n</playlist>\n";
    return dir / "playlist.xml";
}

std::vector<FrameRow> play(const fs::path& playlist, const fs::path& log, double seconds,
                           const std::string& extra = "", std::string* output = nullptr) {
    auto result = test::run(test::beacon() + " play " + playlist.string() +
                            " --headless --size 640x360 --run-for " + std::to_string(seconds) +
                            " --frame-log " + log.string() + " " + extra);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    if (output)
        *output = result.output;
    return test::read_frame_log(log);
}

std::vector<FrameRow> frames_of(const std::vector<FrameRow>& rows) {
    std::vector<FrameRow> frames;
    for (auto& row : rows)
        if (row.type == "frame")
            frames.push_back(row);
    return frames;
}

// A one-frame picture of one colour (0xRRGGBB) and size (WxH), made by
// ffmpeg in the format `path`'s extension names.
void make_picture(const fs::path& path, const std::string& colour, const std::string& size) {
    REQUIRE(test::run("ffmpeg -v error -y -f lavfi -i color=c=" + colour + ":s=" + size +
                      " -frames:v 1 " + path.string())
                .exit_code == 0);
}

// The brightness of the last frame that showed `item`, or -1.
double luma_of(const std::vector<FrameRow>& frames, const std::string& item) {
    double luma = -1;
    for (auto& frame : frames)
        if (frame.item == item)
            luma = frame.luma;
    return luma;
}

// How many times `needle` appears in `text`.
std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++count;
    return count;
}

// The items in the order they appeared, one entry per run of frames.
std::vector<std::string> item_sequence(const std::vector<FrameRow>& frames) {
    std::vector<std::string> sequence;
    for (auto& frame : frames)
        if (frame.screen == "loop" && (sequence.empty() || sequence.back() != frame.item))
            sequence.push_back(frame.item);
    return sequence;
}

} // namespace

TEST_CASE("the loop plays every item in order, twice, with no black frame", "[e2e]") {
    fs::path dir = test::work_dir("loop");
    auto rows = play(make_playlist(dir), dir / "frames.csv", 15);
    auto frames = frames_of(rows);
    REQUIRE(frames.size() > 60);
    auto sequence = item_sequence(frames);
    INFO("sequence size " << sequence.size());
    std::vector<std::string> cycle{"clip", "still", "facts"};
    REQUIRE(sequence.size() >= 6);
    for (std::size_t i = 0; i < sequence.size(); ++i)
        CHECK(sequence[i] == cycle[i % 3]);
    for (auto& frame : frames) {
        INFO("frame at " << frame.t_ms << " ms, item " << frame.item);
        CHECK(frame.luma >= 8);
    }
    // The fact sheet shows each language in turn.
    std::set<std::string> fact_languages;
    for (auto& frame : frames)
        if (frame.item == "facts")
            fact_languages.insert(frame.lang);
    CHECK(fact_languages == std::set<std::string>{"en", "es"});
    // The first content frame comes quickly.
    CHECK(frames.front().t_ms < 1500);
}

TEST_CASE("media after a fact sheet or a still is loaded behind it and shown the moment it ends",
          "[e2e]") {
    fs::path dir = test::work_dir("ahead");
    // A cycle of clip, still, facts, still-b, clip-b (10 s). Every switch
    // but clip-b->clip can be prepared: a still is decoded by Beacon even
    // behind a video, while the next video can wait loaded in mpv only
    // behind a fact sheet or a still, as mpv is busy playing any video.
    auto playlist = make_playlist(dir, R"(
  <image id="still-b" src="media/still.png" duration="1"/>
  <video id="clip-b" src="media/clip.mp4"/>)");
    auto rows = play(playlist, dir / "frames.csv", 21);
    std::map<std::string, int> prepared_switches;
    // Items got ready for their next turn, each taken off at that turn. A
    // still may be decoded before the item before it has its first frame.
    std::set<std::string> ready_ahead;
    std::string shown;
    for (auto& row : rows) {
        if (row.type == "event" && row.detail.rfind("ready-ahead ", 0) == 0) {
            std::string ready = row.detail.substr(12);
            INFO(ready << " ready at " << row.t_ms << " ms behind " << row.item);
            if (ready.rfind("clip", 0) == 0) // mpv: never behind a video
                CHECK((row.item == "facts" || row.item == "still" || row.item == "still-b"));
            ready_ahead.insert(ready);
        }
        if (row.type != "frame" || row.screen != "loop" || row.item == shown)
            continue;
        INFO("switch from " << shown << " to " << row.item << " at " << row.t_ms << " ms");
        CHECK(row.luma >= 8);
        if (shown == "facts" || shown == "still-b" || row.item.rfind("still", 0) == 0) {
            // The item was loaded, paused on its first frame, before its turn.
            CHECK(ready_ahead.count(row.item) == 1);
            ++prepared_switches[shown + "->" + row.item];
        }
        ready_ahead.erase(row.item);
        shown = row.item;
    }
    CHECK(prepared_switches["clip->still"] >= 1);
    CHECK(prepared_switches["facts->still-b"] >= 1);
    CHECK(prepared_switches["still-b->clip-b"] >= 1);
}

TEST_CASE("a tap shows the hotline in the next frame and the loop then resumes", "[e2e]") {
    fs::path dir = test::work_dir("tap");
    auto rows = play(make_playlist(dir), dir / "frames.csv", 6, "--tap-at 0.8 --hotline-timeout 2");
    std::size_t tap = 0;
    while (tap < rows.size() && !(rows[tap].type == "event" && rows[tap].detail == "tap"))
        ++tap;
    REQUIRE(tap < rows.size());
    CHECK(rows[tap].screen == "loop");
    std::string item_before = rows[tap].item;
    CHECK(item_before == "clip");
    std::size_t next = tap + 1;
    while (next < rows.size() && rows[next].type != "frame")
        ++next;
    REQUIRE(next < rows.size());
    CHECK(rows[next].screen == "hotline");
    CHECK(rows[next].t_ms - rows[tap].t_ms < 100);
    // After the 2 s idle timeout the same video comes back and plays on.
    std::size_t back = next;
    while (back < rows.size() && !(rows[back].type == "frame" && rows[back].screen == "loop"))
        ++back;
    REQUIRE(back < rows.size());
    CHECK(rows[back].t_ms - rows[next].t_ms >= 1900);
    CHECK(rows[back].item == item_before);
    // The clip (2 s long) was paused under the hotline: it still shows for a
    // while after the hotline closes, instead of having ended behind it.
    long long clip_after = 0;
    for (std::size_t i = back; i < rows.size(); ++i)
        if (rows[i].type == "frame" && rows[i].item == "clip")
            clip_after = rows[i].t_ms - rows[back].t_ms;
    CHECK(clip_after > 700);
}

TEST_CASE("a broken media file is skipped with one log line", "[e2e]") {
    fs::path dir = test::work_dir("broken");
    auto playlist = make_playlist(dir, "\n  <video id=\"broken\" src=\"media/broken.mp4\"/>");
    // It starts like an MP4 (so it is not refused when the playlist is
    // loaded, as a text file would be: test_media_references.cpp) but
    // nothing after the first box decodes.
    std::ofstream(dir / "media/broken.mp4", std::ios::binary) << std::string("\0\0\0\x18"
                                                                             "ftypmp42",
                                                                             12)
                                                              << "this is not a video\n";
    std::string output;
    auto rows = play(playlist, dir / "frames.csv", 16, "", &output);
    auto sequence = item_sequence(frames_of(rows));
    CHECK(std::count(sequence.begin(), sequence.end(), "broken") == 0);
    CHECK(std::count(sequence.begin(), sequence.end(), "clip") >= 2);
    // Logged once, although it failed on every cycle.
    CHECK(occurrences(output, "\"broken\"") == 1);
}

TEST_CASE("a PNG too large to decode is skipped, not handed to mpv, and a large JPEG is shown",
          "[e2e]") {
    fs::path dir = test::work_dir("still-too-large");
    auto playlist =
        make_playlist(dir, "\n  <image id=\"huge\" src=\"media/huge.png\" duration=\"1\"/>"
                           "\n  <image id=\"photo\" src=\"media/photo.jpg\" duration=\"1\"/>");
    // 81 million pixels, over the 67 million Beacon decodes; and a 4K JPEG
    // of still.png's colour and shape, which TurboJPEG decodes reduced.
    make_picture(dir / "media/huge.png", "0xd9823d", "9000x9000");
    make_picture(dir / "media/photo.jpg", "0x3d8bd9", "3840x2160");
    std::string output;
    // Two cycles of 8 s (the huge picture takes none).
    auto frames = frames_of(play(playlist, dir / "frames.csv", 17, "", &output));
    auto sequence = item_sequence(frames);
    INFO(output);
    CHECK(std::count(sequence.begin(), sequence.end(), "huge") == 0);
    CHECK(std::count(sequence.begin(), sequence.end(), "photo") == 2);
    CHECK(std::count(sequence.begin(), sequence.end(), "clip") >= 2);
    for (auto& frame : frames) {
        INFO("frame at " << frame.t_ms << " ms, item " << frame.item);
        CHECK(frame.luma >= 8); // the skipped picture left no black frame
    }
    // The same picture as still.png: the same brightness.
    CHECK(luma_of(frames, "still") > 60);
    CHECK(std::abs(luma_of(frames, "photo") - luma_of(frames, "still")) < 6);
    // Said once in two cycles, with its size; never given to mpv.
    CHECK(occurrences(output, "9000x9000") == 1);
    CHECK(output.find("mpv shows it instead") == std::string::npos);
}

TEST_CASE("an image SDL_image cannot read is shown by mpv, said once", "[e2e]") {
    fs::path dir = test::work_dir("still-for-mpv");
    auto playlist =
        make_playlist(dir, "\n  <image id=\"sgi\" src=\"media/still.sgi\" duration=\"1\"/>");
    make_picture(dir / "media/still.sgi", "0x3d8bd9", "640x360");
    std::string output;
    // Two cycles of 8 s.
    auto frames = frames_of(play(playlist, dir / "frames.csv", 17, "", &output));
    auto sequence = item_sequence(frames);
    CHECK(std::count(sequence.begin(), sequence.end(), "sgi") == 2);
    // The same picture as still.png, which Beacon draws: the same brightness.
    CHECK(luma_of(frames, "still") > 60);
    CHECK(std::abs(luma_of(frames, "sgi") - luma_of(frames, "still")) < 6);
    INFO(output);
    CHECK(occurrences(output, "mpv shows it instead") == 1);
}

TEST_CASE("an invalid playlist still shows the hotline, never black", "[e2e]") {
    fs::path dir = test::work_dir("invalid");
    std::ofstream(dir / "playlist.xml") << "<playlist languages=\"en\"><oops/></playlist>\n";
    std::string output;
    auto frames = frames_of(play(dir / "playlist.xml", dir / "frames.csv", 2, "", &output));
    REQUIRE_FALSE(frames.empty());
    for (auto& frame : frames) {
        CHECK(frame.screen == "hotline");
        CHECK(frame.luma >= 8);
    }
    CHECK(output.find("playlist.xml:1: error: unknown element <oops>") != std::string::npos);
}

TEST_CASE("SIGTERM exits cleanly and quickly", "[e2e]") {
    fs::path dir = test::work_dir("sigterm");
    auto playlist = make_playlist(dir);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        execl(test::beacon().c_str(), "beacon", "play", playlist.c_str(), "--headless", "--size",
              "640x360", static_cast<char*>(nullptr));
        _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    auto sent = std::chrono::steady_clock::now();
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    auto took = std::chrono::steady_clock::now() - sent;
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(took < std::chrono::seconds(2));
}

// Issue 22: SDL's offscreen and kmsdrm drivers cannot wait for events, and
// SDL_WaitEventTimeout() then sleeps a millisecond at a time: a kiosk
// showing one fact sheet woke about 900 times a second. The loop must sleep
// until its next deadline instead (events/event_wait.h).
TEST_CASE("a loop showing a fact sheet sleeps until something is due", "[e2e][issue22]") {
    fs::path dir = test::work_dir("idle-loop");
    {
        std::ofstream out(dir / "playlist.xml");
        out << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">)"
            << hotline_xml(true) << R"(
  <factsheet id="facts" duration="60">
    <text lang="en"><title>What is trafficking?</title><point>Force, fraud or coercion.</point></text>
  </factsheet>
</playlist>
)";
    }
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::string const playlist = (dir / "playlist.xml").string();
        std::string const state = (dir / "state").string();
        std::string const usb = (dir / "no-usb").string();
        execl(test::beacon().c_str(), "beacon", "play", playlist.c_str(), "--headless", "--size",
              "640x360", "--state-dir", state.c_str(), "--usb-dir", usb.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    // The fact sheet is drawn within the first second; then nothing is due
    // for a minute but the clock's turn of the minute. (Were start-up slow
    // on a loaded machine and inside the window, it would add a few
    // hand-overs from the font worker, not hundreds: the frame log is no
    // help here, as it is written out only when its buffer fills.)
    std::this_thread::sleep_for(std::chrono::seconds(3));
    std::string const thread_status =
        "/proc/" + std::to_string(child) + "/task/" + std::to_string(child) + "/status";
    long const before = test::voluntary_switches(thread_status);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    long const after = test::voluntary_switches(thread_status);
    bool const still_running = waitpid(child, nullptr, WNOHANG) == 0;
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(still_running);
    REQUIRE(before >= 0);
    REQUIRE(after >= before);
    INFO("the loop's thread went to sleep " << after - before << " times in 2 s");
    CHECK(after - before < 60);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a video's last frame stays on screen for its frame period before the next item",
          "[e2e]") {
    fs::path dir = test::work_dir("last-frame");
    fs::create_directories(dir / "media");
    // 0.2 s at 30 fps (6 frames): many ends in a short run. Matroska: its
    // blocks carry no duration, so mpv does not know how long the last frame
    // lasts and reports the end as soon as that frame is drawn (in MP4 it
    // takes the container's duration and reports it a frame later).
    auto made = test::run("ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=30 -t 0.2 "
                          "-c:v libx264 -pix_fmt yuv420p " +
                          (dir / "media/short.mkv").string());
    REQUIRE(made.exit_code == 0);
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">)" << hotline_xml(true)
                                        << R"(
  <video id="short" src="media/short.mkv"/>
  <factsheet id="facts" duration="1">
    <text lang="en"><title>What is trafficking?</title><point>Force, fraud or coercion.</point></text>
  </factsheet>
</playlist>
)";
    auto frames = frames_of(play(dir / "playlist.xml", dir / "frames.csv", 30));
    // From the video's last new frame to the fact sheet's first: a redraw
    // of that frame, which mpv asks for as it lets the file go, is not one.
    // Without the hold these switches come 1-3 ms after that frame.
    std::vector<long long> last_frame_ms;
    std::optional<long long> last_new; // of the video being shown
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (frames[i].item == "short" && frames[i].detail != "redraw")
            last_new = frames[i].t_ms;
        if (i > 0 && frames[i - 1].item == "short" && frames[i].item == "facts" && last_new)
            last_frame_ms.push_back(frames[i].t_ms - *std::exchange(last_new, std::nullopt));
    }
    REQUIRE(last_frame_ms.size() >= 20);
    std::size_t cut_short = 0;
    for (long long ms : last_frame_ms) {
        UNSCOPED_INFO("last frame on screen " << ms << " ms");
        cut_short += ms < 15 ? 1 : 0;
    }
    CHECK(cut_short == 0);
}

// Issue 22: on SDL's software renderer mpv renders straight into the window
// surface (no copy through a texture), unless the picture is turned, which
// draws through a texture. Either way each video shows its own picture, the
// footer stays over it, and a switch between two videos holds a picture
// rather than black.
TEST_CASE("video frames drawn straight into the window or through a texture look the same",
          "[e2e]") {
    fs::path dir = test::work_dir("direct-surface");
    fs::create_directories(dir / "media");
    for (auto [name, colour] : {std::pair{"light", "0xE0E0E0"}, std::pair{"dark", "0x404040"}}) {
        auto made = test::run("ffmpeg -v error -y -f lavfi -i color=c=" + std::string(colour) +
                              ":s=640x360:r=30 -t 1 -c:v libx264 -pix_fmt yuv420p " +
                              (dir / "media" / (std::string(name) + ".mp4")).string());
        REQUIRE(made.exit_code == 0);
    }
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">)" << hotline_xml(true)
                                        << R"(
  <video id="light" src="media/light.mp4"/>
  <video id="dark" src="media/dark.mp4"/>
</playlist>
)";
    for (auto [rotation, way] : {std::pair{"0", "straight into the window surface"},
                                 std::pair{"90", "through a texture"}}) {
        INFO("rotation " << rotation);
        std::string output;
        auto frames = frames_of(play(dir / "playlist.xml", dir / "frames.csv", 7,
                                     std::string("--rotation ") + rotation, &output));
        CHECK(occurrences(output, std::string("mpv: video frames are drawn ") + way) == 1);
        CHECK(occurrences(output, "mpv: video frames are drawn") == 1);
        std::map<std::string, std::pair<double, double>> luma_range; // new frames only
        for (auto& frame : frames) {
            INFO("frame at " << frame.t_ms << " ms, item " << frame.item << ", luma "
                             << frame.luma);
            CHECK(frame.luma >= 8);
            if (frame.detail == "redraw")
                continue;
            auto [at, fresh] = luma_range.try_emplace(frame.item, frame.luma, frame.luma);
            at->second.first = std::min(at->second.first, frame.luma);
            at->second.second = std::max(at->second.second, frame.luma);
        }
        CHECK(item_sequence(frames).size() >= 5);
        REQUIRE(luma_range.count("light") == 1);
        REQUIRE(luma_range.count("dark") == 1);
        // One flat picture each: every new frame of a video averages the same.
        for (auto& [item, range] : luma_range) {
            INFO(item << " luma " << range.first << "-" << range.second);
            CHECK(range.second - range.first < 4);
        }
        // The footer and the bars cover the same rows of both, so the
        // difference is the videos' (50 levels on the turned screen, where
        // the bars take most of it).
        CHECK(luma_range["light"].first > luma_range["dark"].second + 30);
    }
}

TEST_CASE("setup problems are on screen for the first minutes, then go by themselves", "[e2e]") {
    fs::path dir = test::work_dir("setup-notice");
    fs::path playlist = make_playlist(dir);
    std::ofstream(dir / "beacon.conf") << "notice-every = 4\ncolour = red\n";
    // As beacon-boot-config writes it: one problem per line.
    std::ofstream(dir / "problems.txt")
        << "\nBEACON partition: keys: beacon/keys/odd.pub is not a regular file\n\n";
    auto events_of = [](const std::vector<FrameRow>& rows) {
        std::vector<FrameRow> events;
        for (auto& row : rows)
            if (row.type == "event" && row.detail.rfind("setup-notice", 0) == 0)
                events.push_back(row);
        return events;
    };
    // The loop's clock runs 100 times faster: its 3 minutes pass in 1.8 s.
    std::string fast = "--time-scale 100 ";
    auto events = events_of(play(playlist, dir / "frames.csv", 240,
                                 fast + "--config " + (dir / "beacon.conf").string() +
                                     " --config-name beacon/beacon.conf --setup-problems " +
                                     (dir / "problems.txt").string()));
    REQUIRE(events.size() == 2);
    CHECK(events[0].t_ms < 1000);
    CHECK(events[0].detail.find("Setup problem: ") != std::string::npos);
    CHECK(events[0].detail.find("colour") != std::string::npos);
    // Named as the administrator knows the file, not by the copy read.
    CHECK(events[0].detail.find("beacon/beacon.conf:2:") != std::string::npos);
    CHECK(events[0].detail.find("(and 1 more: see the journal)") != std::string::npos);
    CHECK(events[1].detail == "setup-notice ended");
    CHECK(events[1].t_ms >= 180'000);
    CHECK(events[1].t_ms < 190'000);

    // Nothing wrong, nothing shown.
    std::ofstream(dir / "good.conf") << "notice-every = 4\n";
    std::ofstream(dir / "none.txt") << "\n";
    CHECK(events_of(play(playlist, dir / "quiet.csv", 10,
                         fast + "--config " + (dir / "good.conf").string() + " --setup-problems " +
                             (dir / "none.txt").string()))
              .empty());
}
