#include "core/decode_limits.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace beacon {

namespace {

// The largest picture and frame rate a decoder keeps up with. Sizes are
// compared by pixel count, so a portrait 1080x1920 video counts as 1080p.
struct Limit {
    int width = 0;
    int height = 0;
    double fps = 0;
};

constexpr Limit none{0, 0, 0};
constexpr Limit up_to_720p30{1280, 720, 30};
constexpr Limit up_to_1080p30{1920, 1080, 30};
constexpr Limit up_to_1080p60{1920, 1080, 60};
constexpr Limit up_to_2160p30{3840, 2160, 30};

struct Row {
    TargetBoard board;
    std::string_view codec; // FFmpeg's name; "" for every codec not listed
    Limit cpu;              // the Beacon image: decoded by the CPU
    Limit hardware;         // Raspberry Pi OS (V4L2 decoders), or a PC's GPU
};

// The one table. platform/README.md says the same in words.
constexpr Row k_limits[] = {
    // Pi 3: four Cortex-A53 cores; H.264 only in hardware (Raspberry Pi OS).
    {TargetBoard::Pi3, "h264", up_to_720p30, up_to_1080p30},
    {TargetBoard::Pi3, "hevc", none, none},
    {TargetBoard::Pi3, "", none, none},
    // Pi 4: four Cortex-A72 cores; H.264 1080p and HEVC 4K in hardware.
    {TargetBoard::Pi4, "h264", up_to_720p30, up_to_1080p30},
    {TargetBoard::Pi4, "hevc", up_to_720p30, up_to_2160p30},
    {TargetBoard::Pi4, "", up_to_720p30, none},
    // A mini PC with an Intel or AMD iGPU: its CPU alone manages 1080p60.
    {TargetBoard::Pc, "h264", up_to_1080p60, up_to_1080p60},
    {TargetBoard::Pc, "hevc", up_to_1080p60, up_to_1080p60},
    {TargetBoard::Pc, "", up_to_1080p60, none},
};

const Row& row_for(TargetBoard board, std::string_view codec) {
    const Row* fallback = nullptr;
    for (const Row& row : k_limits) {
        if (row.board != board)
            continue;
        if (row.codec == codec)
            return row;
        if (row.codec.empty())
            fallback = &row;
    }
    return *fallback;
}

bool within(const Limit& limit, const VideoFacts& video) {
    long long const pixels = static_cast<long long>(video.width) * video.height;
    return pixels <= static_cast<long long>(limit.width) * limit.height &&
           (video.fps <= 0 || video.fps <= limit.fps + 0.5);
}

std::string describe(const Limit& limit) {
    if (limit.width == 0)
        return "cannot decode it";
    char text[64];
    std::snprintf(text, sizeof text, "plays up to %dx%d at %g fps", limit.width, limit.height,
                  limit.fps);
    return text;
}

std::string codec_label(std::string_view codec) {
    if (codec == "h264")
        return "H.264";
    if (codec == "hevc")
        return "HEVC";
    return std::string(codec);
}

} // namespace

const char* board_name(TargetBoard board) {
    switch (board) {
    case TargetBoard::Pi4:
        return "pi4";
    case TargetBoard::Pi3:
        return "pi3";
    case TargetBoard::Pc:
        break;
    }
    return "pc";
}

std::optional<std::string> decode_problem(TargetBoard board, const VideoFacts& video) {
    Row const& row = row_for(board, video.codec);
    if (within(row.cpu, video))
        return std::nullopt;
    char what[96];
    std::snprintf(what, sizeof what, "%dx%d %s", video.width, video.height,
                  codec_label(video.codec).c_str());
    std::string text = what;
    if (video.fps > 0) {
        char rate[32];
        std::snprintf(rate, sizeof rate, " at %.3g fps", video.fps);
        text += rate;
    }
    if (board == TargetBoard::Pc)
        return text + " is more than a kiosk PC " + describe(row.cpu) +
               " smoothly; re-encode it as H.264 or HEVC, 1080p or less";
    std::string const pi = board == TargetBoard::Pi4 ? "Raspberry Pi 4" : "Raspberry Pi 3";
    text += ": on the Beacon image a " + pi + " decodes video on its CPU, which " +
            describe(row.cpu) + " smoothly (an estimate)";
    if (within(row.hardware, video))
        text += "; Raspberry Pi OS's hardware decoder " + describe(row.hardware) +
                " (platform/README.md, \"Video on a Raspberry Pi\")";
    else
        text += ", and its hardware decoder " + describe(row.hardware) +
                "; re-encode it as H.264, 720p, 30 fps";
    return text;
}

// Sound codecs a Pi's Cortex-A cores decode in a few percent of one core
// (FFmpeg's NEON decoders): AAC, MP3, Opus, Vorbis, FLAC and plain PCM.
// Anything else (AC-3 and E-AC-3 surround, DTS, TrueHD, WMA Pro) costs many
// times more and is then downmixed to two channels, on cores that are
// already decoding the picture. A PC does not notice either.
std::optional<std::string> audio_decode_problem(TargetBoard board, const VideoFacts& video) {
    static constexpr std::string_view cheap[] = {"aac", "mp3", "mp2", "opus", "vorbis", "flac"};
    std::string_view codec = video.audio_codec;
    if (board == TargetBoard::Pc || codec.empty() || codec.starts_with("pcm_") ||
        std::find(std::begin(cheap), std::end(cheap), codec) != std::end(cheap))
        return std::nullopt;
    return "its sound is " + std::string(codec) + ": decoding it on --target " + board_name(board) +
           " takes CPU time the picture needs; AAC or Opus in stereo costs little (ffmpeg -c:a "
           "aac -ac 2)";
}

} // namespace beacon
