// The Listen button and the audio device (issue 23, part 5), from outside:
//  - on a device only one program may open (hw:/plughw:, HDMI or the Pi's
//    jack without dmix), the speech is heard over a paused video whose
//    sound is on, and the video's sound comes back after the screen closes;
//  - a device that goes away, or comes, is noticed without a restart and
//    without a tap causing the check.
//
// A device only one program may open, headless: ALSA's `file` plugin (the
// rig of sound_rig.h) whose pipe command takes an exclusive lock with
// `flock -n`. The program that opens it first holds the lock until it
// closes the device (alsa-lib's pclose() waits for the command to end), and
// is recorded to its own file (open.PID.raw); a second program that opens
// it meanwhile is heard by nobody (its sound goes to /dev/null), as on a
// real single-open device where it would get EBUSY. So a recording of the
// speech proves that the video's mpv core had let the device go while the
// hotline screen was up. What it cannot prove: the kernel's own EBUSY,
// which needs a real card (checked on the booted image).

#include "integration/helpers.h"
#include "integration/sound_rig.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

// 20 s of a 440 Hz tone at half scale under a plain picture: long enough
// to play under the whole hotline visit and after.
// The .asoundrc of a single-open default device (see the top of the file).
std::string single_open_asoundrc(const fs::path& dir) {
    // $$: the shell popen() starts, one number per opening.
    std::string command = "|flock -n " + (dir / "device.lock").string() + " " +
                          test::pacer_command(dir / "open.$$.raw", dir / "open.$$.idx") +
                          " || exec cat > /dev/null";
    return R"(pcm.!default {
    type plug
    slave { pcm "beacon_capture"; format S16_LE; rate 48000; channels 2 }
}
pcm.beacon_capture {
    type file
    slave.pcm "null"
    file ")" +
           command + R"("
    format "raw"
}
)";
}

struct Opening {
    fs::path raw;
    double first = 0; // when its first sound arrived (seconds since the epoch)
    double last = 0;
    test::Levels levels;
};

// Every opening of the single-open device that recorded sound, in order.
std::vector<Opening> openings(const fs::path& dir) {
    std::vector<Opening> found;
    for (auto& entry : fs::directory_iterator(dir)) {
        auto name = entry.path().filename().string();
        if (name.rfind("open.", 0) != 0 || entry.path().extension() != ".raw" ||
            fs::file_size(entry.path()) < 4)
            continue;
        Opening opening{entry.path()};
        fs::path index = entry.path();
        index.replace_extension(".idx");
        std::ifstream in(index);
        double when = 0;
        std::size_t bytes = 0;
        while (in >> when >> bytes) {
            if (opening.first == 0)
                opening.first = when;
            opening.last = when;
        }
        opening.levels = test::measure(entry.path());
        found.push_back(opening);
    }
    std::sort(found.begin(), found.end(),
              [](const Opening& a, const Opening& b) { return a.first < b.first; });
    return found;
}

std::vector<test::FrameRow> rows_of(const fs::path& dir, const std::string& type) {
    std::vector<test::FrameRow> rows;
    for (auto& row : test::read_frame_log(dir / "frames.csv"))
        if (row.type == type)
            rows.push_back(row);
    return rows;
}

} // namespace

TEST_CASE("on a single-open device, Listen is heard over a paused video with sound, and the "
          "video's sound comes back after",
          "[e2e][speech][listen][sound]") {
    auto dir = test::work_dir("listen_single_open");
    fs::create_directories(dir / "media");
    fs::copy_file(test::tone_clip(20), dir / "media/tone.mp4",
                  fs::copy_options::overwrite_existing);
    fs::path home = dir / "home";
    fs::create_directories(home);
    std::ofstream(home / ".asoundrc") << single_open_asoundrc(dir);
    std::ofstream(dir / "playlist.xml")
        << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist languages=\"en\">\n"
        << test::k_english_hotline
        << "  <video id=\"tone\" src=\"media/tone.mp4\"/>\n</playlist>\n";
    std::ofstream(dir / "beacon.conf") << "audio = on\nspeech = on\nvolume = 100\n";
    // Tap at 2 s; Tab, Tab, Enter on Listen; Escape at 9 s; 6 s more.
    auto result = test::run("HOME=" + home.string() + " " + test::beacon() + " play " +
                            (dir / "playlist.xml").string() +
                            " --headless --size 320x240 --run-for 15 --frame-log " +
                            (dir / "frames.csv").string() + " --config " +
                            (dir / "beacon.conf").string() + " --state-dir " + dir.string() +
                            " --tap-at 2 --key-at 3:Tab --key-at 3.5:Tab --key-at 4:Return"
                            " --key-at 9:Escape");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK(result.output.find("speech") == std::string::npos); // a tap logs nothing
    bool pressed = false;
    for (auto& row : rows_of(dir, "event"))
        pressed = pressed || row.detail == "key listen";
    REQUIRE(pressed);

    auto heard = openings(dir);
    for (auto& opening : heard)
        WARN(opening.raw.filename().string()
             << ": " << opening.levels.seconds << " s, RMS " << opening.levels.rms << ", "
             << opening.levels.frequency << " Hz, arrived " << opening.first << "-"
             << opening.last);
    // The tone before the tap, the speech, the tone after the close.
    REQUIRE(heard.size() >= 3);
    CHECK(heard[0].levels.frequency == Approx(440).margin(20));
    CHECK(heard[0].levels.rms > 0.25);
    // The speech: a voice (sox's rough frequency about 1300 Hz, RMS about
    // 0.09), not the tone (440 Hz at 0.35).
    CHECK(heard[1].levels.rms > 0.01);
    CHECK(heard[1].levels.seconds > 2);
    CHECK_FALSE(
        (heard[1].levels.frequency == Approx(440).margin(20) && heard[1].levels.rms > 0.25));
    // The video's own sound again, after the speech, at full level.
    Opening const& after = heard.back();
    CHECK(after.first > heard[1].first);
    CHECK(after.levels.frequency == Approx(440).margin(20));
    CHECK(after.levels.rms > 0.25);
    CHECK(after.levels.seconds > 2);
}

TEST_CASE("a device unplugged or plugged in later hides or brings back Listen, without a restart",
          "[e2e][speech][listen]") {
    auto dir = test::work_dir("listen_device_comes_and_goes");
    // ALSA_CONFIG_PATH names the top-level configuration file, which
    // alsa-lib reads again at the next open when it changed (a new inode or
    // time: snd_config_update_r); a ~/.asoundrc is read once per process.
    // The device is the rig's recorder (sound_rig.h) or a card that is not
    // there, as an unplugged USB adapter.
    fs::path home = test::recording_home(dir);
    std::string recorder;
    {
        std::ifstream in(home / ".asoundrc");
        std::stringstream all;
        all << in.rdbuf();
        recorder = all.str();
    }
    fs::remove(home / ".asoundrc");
    std::string const top = "pcm.null { type null }\n";
    auto working = recorder;
    working.replace(working.find("pcm.!default"), 12, "pcm.default");
    std::ofstream(dir / "working.conf") << top << working;
    std::ofstream(dir / "missing.conf") << top << "pcm.default { type hw card 29 }\n";
    fs::copy_file(dir / "working.conf", dir / "alsa.conf");
    std::ofstream(dir / "playlist.xml")
        << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist languages=\"en\">\n"
        << test::k_english_hotline
        << "  <factsheet id=\"one\" duration=\"3\">\n"
           "    <text lang=\"en\"><title>One</title><point>Ask for help.</point></text>\n"
           "  </factsheet>\n"
           "  <factsheet id=\"two\" duration=\"3\">\n"
           "    <text lang=\"en\"><title>Two</title><point>Ask for help.</point></text>\n"
           "  </factsheet>\n</playlist>\n";
    std::ofstream(dir / "beacon.conf") << "speech = on\nvolume = 100\n";
    // Three visits to the hotline, each Tab, Tab, Escape: at 1 s with the
    // device there; at 16 s after it was unplugged (once the first visit's
    // focus reached Listen); at 31 s after it came back (once the second
    // visit's focus reached the language button instead). The device is
    // checked at item boundaries (3 s apart) at most every 10 s, so each
    // change is seen before the next visit. Conditions, not sleeps, move
    // the device: a loaded machine starts late.
    std::string frames = (dir / "frames.csv").string();
    std::string config = (dir / "alsa.conf").string();
    auto wait_for = [&](const std::string& pattern) {
        return "i=0; until grep -q '" + pattern + "' " + frames +
               " 2>/dev/null || [ $i -ge 200 ]; do sleep 0.2; i=$((i + 1)); done; ";
    };
    // A new file moved into place: a new inode, whatever the clock says.
    auto install = [&](const std::string& name) {
        return "cp " + (dir / name).string() + " " + config + ".new && mv " + config + ".new " +
               config + "; ";
    };
    std::string visits;
    for (double at : {1.0, 16.0, 31.0})
        visits += " --tap-at " + std::to_string(at) + " --key-at " + std::to_string(at + 0.5) +
                  ":Tab --key-at " + std::to_string(at + 1) + ":Tab --key-at " +
                  std::to_string(at + 1.5) + ":Escape";
    auto result = test::run(
        "( (" + wait_for(",focus,.*,listen") + install("missing.conf") +
        wait_for(",focus,.*,language en") + install("working.conf") + ") & HOME=" + home.string() +
        " ALSA_CONFIG_PATH=" + config + " " + test::beacon() + " play " +
        (dir / "playlist.xml").string() + " --headless --size 320x240 --run-for 34 --frame-log " +
        frames + " --config " + (dir / "beacon.conf").string() + " --state-dir " + dir.string() +
        visits + "; status=$?; kill %1 2>/dev/null; wait; exit $status )");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    // Nothing about the device or the button is logged.
    CHECK(result.output.find("speech") == std::string::npos);
    CHECK(result.output.find("listen") == std::string::npos);
    CHECK(result.output.find("ALSA lib") == std::string::npos);
    std::vector<std::string> focus;
    for (auto& row : rows_of(dir, "focus"))
        focus.push_back(row.detail);
    CHECK(focus ==
          std::vector<std::string>{"close", "listen", "close", "language en", "close", "listen"});
}
