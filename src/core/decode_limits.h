#pragma once

// Which videos a target board plays smoothly, as one table
// (decode_limits.cpp), so `beacon validate --target` and the admin guide
// (platform/README.md, "Video on a Raspberry Pi") state the same limits.
//
// The Beacon image runs Debian 12's kernel, which has no driver for a
// Raspberry Pi's video decoders: there, every video is decoded by the CPU.
// The CPU limits are estimates from the boards' published decoding
// figures, not measurements on a real Pi; the hardware limits apply only on
// Raspberry Pi OS. Pure data and arithmetic: the facts come from a probe.

#include <optional>
#include <string>

namespace beacon {

enum class TargetBoard { Pc, Pi4, Pi3 };

// What a probe of a video file found (libmpv, with the player's options).
struct VideoFacts {
    std::string container; // FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    std::string codec;     // FFmpeg's codec name, e.g. "h264", "hevc"
    int width = 0;
    int height = 0;
    double fps = 0;      // 0 when unknown
    double duration = 0; // seconds; 0 when unknown
    // The first sound track's FFmpeg codec name ("aac", "opus"); empty when
    // the file has no sound track.
    std::string audio_codec;
};

// Why `board` may not play `video` smoothly ("1920x1080 H.264 at 60 fps is
// more than ..."), or nothing when it plays within the table's limits.
std::optional<std::string> decode_problem(TargetBoard board, const VideoFacts& video);

// Why `board` may spend CPU time the video needs on decoding `video`'s
// sound ("E-AC-3 ..."), or nothing for a cheap codec or no sound track.
std::optional<std::string> audio_decode_problem(TargetBoard board, const VideoFacts& video);

// "pc", "pi4", "pi3"
const char* board_name(TargetBoard board);

} // namespace beacon
