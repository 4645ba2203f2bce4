// The one table of what each target board decodes smoothly (issue 21).

#include "core/decode_limits.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

VideoFacts video(const char* codec, int width, int height, double fps) {
    return {"mov,mp4,m4a,3gp,3g2,mj2", codec, width, height, fps, 10};
}

} // namespace

TEST_CASE("a Raspberry Pi 4 on the Beacon image decodes on its CPU", "[decode_limits]") {
    CHECK_FALSE(decode_problem(TargetBoard::Pi4, video("h264", 1280, 720, 30)));
    auto full_hd = decode_problem(TargetBoard::Pi4, video("h264", 1920, 1080, 30));
    REQUIRE(full_hd);
    CHECK(*full_hd == "1920x1080 H.264 at 30 fps: on the Beacon image a Raspberry Pi 4 decodes "
                      "video on its CPU, which plays up to 1280x720 at 30 fps smoothly (an "
                      "estimate); Raspberry Pi OS's hardware decoder plays up to 1920x1080 at 30 "
                      "fps (platform/README.md, \"Video on a Raspberry Pi\")");
    // Over 1080p even the hardware decoder cannot help.
    auto uhd = decode_problem(TargetBoard::Pi4, video("h264", 3840, 2160, 30));
    REQUIRE(uhd);
    CHECK(uhd->find("re-encode it as H.264, 720p, 30 fps") != std::string::npos);
    // Portrait counts by its pixels.
    CHECK_FALSE(decode_problem(TargetBoard::Pi4, video("h264", 720, 1280, 30)));
}

TEST_CASE("HEVC on a Raspberry Pi 3 is always a warning", "[decode_limits]") {
    auto small = decode_problem(TargetBoard::Pi3, video("hevc", 640, 360, 25));
    REQUIRE(small);
    CHECK(small->find("cannot decode it") != std::string::npos);
    CHECK_FALSE(decode_problem(TargetBoard::Pi3, video("h264", 1280, 720, 25)));
}

TEST_CASE("a kiosk PC plays 1080p60 and warns above", "[decode_limits]") {
    CHECK_FALSE(decode_problem(TargetBoard::Pc, video("h264", 1920, 1080, 60)));
    CHECK_FALSE(decode_problem(TargetBoard::Pc, video("vp9", 1920, 1080, 30)));
    CHECK(decode_problem(TargetBoard::Pc, video("hevc", 3840, 2160, 30)));
    CHECK(board_name(TargetBoard::Pi4) == std::string("pi4"));
}
