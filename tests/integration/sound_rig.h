#pragma once

// ALSA's `file` plugin as a test HOME's default device (issue 24's rig, used
// by test_sound.cpp and test_listen.cpp): what Beacon sends to ALSA is
// recorded (48 kHz, 16-bit stereo), paced to real time by a small reader on
// a pipe, and measured with sox.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace test {

// The command ALSA's `file` plugin pipes the sound to: a reader that takes
// it at 48 kHz x 4 bytes a second at most, appends it to `raw`, and notes
// in `index` when each piece came (seconds since the epoch, bytes). Both
// files are appended to: each opening of the device starts a new reader (a
// video's mpv core closes the device under the hotline screen and opens it
// again after), and what all of them heard is kept, in order. The reader is
// compiled (sound_pacer.cpp), so it starts at once even on a loaded host.
inline std::string pacer_command(const std::filesystem::path& raw,
                                 const std::filesystem::path& index) {
    return std::string(BEACON_SOUND_PACER) + " " + raw.string() + " " + index.string();
}

// A `seconds`-long clip: a 440 Hz tone (RMS 0.354) over a plain picture,
// H.264 and AAC, made once per test run and shared by the tests.
inline std::filesystem::path tone_clip(int seconds) {
    std::string const name = "tone440-" + std::to_string(seconds) + "s";
    std::filesystem::path clip = test_media() / (name + ".mp4");
    if (!std::filesystem::exists(clip)) {
        // Made under a name of this process's own, then renamed: parallel
        // tests never see half a file.
        std::filesystem::path partial =
            test_media() / (name + "." + std::to_string(getpid()) + ".mp4");
        std::string const duration = std::to_string(seconds);
        auto made = run(
            "ffmpeg -v error -y -f lavfi -i \"aevalsrc=0.5*sin(2*PI*440*t):s=48000:d=" + duration +
            "\" -f lavfi -i color=c=0x3d8bd9:s=320x240:r=25:d=" + duration +
            " -c:v libx264 -pix_fmt yuv420p -c:a aac -b:a 128k -shortest " + partial.string());
        REQUIRE(made.exit_code == 0);
        std::filesystem::rename(partial, clip);
    }
    return clip;
}

// A HOME whose .asoundrc makes ALSA's default device record to
// dir/sound.raw (with dir/sound.idx), through `plug` so the format is fixed.
// `file_command`: another target for the file plugin ("|..." is a pipe).
inline std::filesystem::path recording_home(const std::filesystem::path& dir,
                                            const std::string& file_command = "") {
    std::filesystem::path home = dir / "home";
    std::filesystem::create_directories(home);
    std::string target = file_command.empty()
                             ? "|exec " + pacer_command(dir / "sound.raw", dir / "sound.idx")
                             : file_command;
    std::ofstream(home / ".asoundrc") << R"(pcm.!default {
    type plug
    slave { pcm "beacon_capture"; format S16_LE; rate 48000; channels 2 }
}
pcm.beacon_capture {
    type file
    slave.pcm "null"
    file ")" << target << R"("
    format "raw"
}
)";
    return home;
}

struct Levels {
    double seconds = 0;
    double rms = 0;
    double frequency = 0;
};

// sox's statistics of raw 48 kHz 16-bit stereo (its left channel: the
// tone is the same in both); zeros when there is none.
inline Levels measure(const std::filesystem::path& raw) {
    Levels levels;
    if (!std::filesystem::exists(raw) || std::filesystem::file_size(raw) < 4)
        return levels;
    auto stat =
        test::run("sox -t raw -r 48000 -e signed -b 16 -c 2 " + raw.string() + " -n remix 1 stat");
    INFO(stat.output);
    REQUIRE(stat.exit_code == 0);
    std::istringstream lines(stat.output);
    std::string line;
    while (std::getline(lines, line)) {
        auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string name = line.substr(0, colon);
        double value = std::atof(line.c_str() + colon + 1);
        if (name.rfind("Length (seconds)", 0) == 0)
            levels.seconds = value;
        else if (name.rfind("RMS     amplitude", 0) == 0)
            levels.rms = value;
        else if (name.rfind("Rough   frequency", 0) == 0)
            levels.frequency = value;
    }
    return levels;
}

} // namespace test
