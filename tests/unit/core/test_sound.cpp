// When a video is heard and how loud (issue 24), judged with a fake clock.

#include "core/playlist/playlist_parser.h"
#include "core/sound.h"
#include "unit/core/fake_local_time.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace beacon;
using beacon::test::at;

namespace {

Item video(std::optional<bool> audio = std::nullopt, double gain_db = 0) {
    Item item;
    item.kind = ItemKind::Video;
    item.id = "clip";
    item.audio = audio;
    item.gain_db = gain_db;
    return item;
}

SoundSettings settings(bool audio, const std::string& quiet = "") {
    SoundSettings s;
    s.audio = audio;
    auto parsed = parse_quiet_hours(quiet);
    REQUIRE_FALSE(parsed.problem);
    s.quiet_hours = parsed.windows;
    return s;
}

double db(double amplitude) {
    return 20 * std::log10(amplitude);
}

std::string playlist_with(const std::string& video_attributes) {
    return R"(<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English"><headline>H</headline><call>C</call>
      <sms>Text HELP to 233733</sms><web-label>W</web-label><scan>S</scan><close>Close</close>
    </text>
  </hotline>
  <video id="clip" src="clip.mp4" )" +
           video_attributes + R"(/>
</playlist>)";
}

} // namespace

TEST_CASE("silence is the default; audio on makes a video heard", "[sound]") {
    auto noon = at("2026-12-07 12:00");
    CHECK_FALSE(decide_audio(settings(false), video(), noon, HotlineShown::No).audible);
    CHECK(decide_audio(settings(false), video(), noon, HotlineShown::No).silent_because ==
          "audio off");
    CHECK(decide_audio(settings(true), video(), noon, HotlineShown::No).audible);
    // The item's own choice wins over the configuration, both ways.
    CHECK(decide_audio(settings(false), video(true), noon, HotlineShown::No).audible);
    CHECK_FALSE(decide_audio(settings(true), video(false), noon, HotlineShown::No).audible);
    // Images and fact sheets are never heard.
    Item image = video(true);
    image.kind = ItemKind::Image;
    CHECK_FALSE(decide_audio(settings(true), image, noon, HotlineShown::No).audible);
}

TEST_CASE("the hotline screen and volume 0 silence a video", "[sound]") {
    auto noon = at("2026-12-07 12:00");
    auto hotline = decide_audio(settings(true), video(true), noon, HotlineShown::Yes);
    CHECK_FALSE(hotline.audible);
    CHECK(hotline.silent_because == "hotline");
    SoundSettings zero = settings(true);
    zero.volume = 0;
    CHECK(decide_audio(zero, video(), noon, HotlineShown::No).silent_because == "volume 0");
}

TEST_CASE("quiet hours mute every item and may cross midnight", "[sound]") {
    auto quiet = settings(true, "22:00-07:00");
    CHECK(decide_audio(quiet, video(true), at("2026-12-07 21:59"), HotlineShown::No).audible);
    CHECK(
        decide_audio(quiet, video(true), at("2026-12-07 22:00"), HotlineShown::No).silent_because ==
        "quiet hours");
    CHECK_FALSE(decide_audio(quiet, video(true), at("2026-12-08 03:30"), HotlineShown::No).audible);
    CHECK_FALSE(decide_audio(quiet, video(true), at("2026-12-08 06:59"), HotlineShown::No).audible);
    CHECK(decide_audio(quiet, video(true), at("2026-12-08 07:00"), HotlineShown::No).audible);
    // Two windows.
    auto lunch = settings(true, "12:00-13:30 22:00-24:00");
    CHECK(in_quiet_hours(lunch, at("2026-12-07 13:29")));
    CHECK_FALSE(in_quiet_hours(lunch, at("2026-12-07 13:30")));
    CHECK(in_quiet_hours(lunch, at("2026-12-07 23:59")));
}

TEST_CASE("with quiet hours set, an untrusted clock means quiet", "[sound]") {
    // A board without a battery that never synchronised thinks it is
    // 1970-01-01 00:00; its time of day means nothing.
    auto quiet = settings(true, "22:00-07:00");
    auto unknown = at("1970-01-01 12:00", false);
    CHECK(in_quiet_hours(quiet, unknown));
    CHECK_FALSE(decide_audio(quiet, video(true), unknown, HotlineShown::No).audible);
    // Without quiet hours the clock does not matter.
    CHECK(decide_audio(settings(true), video(true), unknown, HotlineShown::No).audible);
}

TEST_CASE("quiet-hours is written like a schedule's hours", "[sound]") {
    CHECK(parse_quiet_hours("").windows.empty());
    CHECK_FALSE(parse_quiet_hours("  ").problem);
    auto windows = parse_quiet_hours("22:00-07:00").windows;
    REQUIRE(windows.size() == 1);
    CHECK(windows[0].start_minute == 22 * 60);
    CHECK(windows[0].end_minute == 7 * 60);
    auto bad = parse_quiet_hours("10pm-7am");
    REQUIRE(bad.problem);
    CHECK(*bad.problem ==
          "quiet-hours has \"10pm-7am\": expected HH:MM-HH:MM, from 00:00 to 24:00");
    CHECK(parse_quiet_hours("08:00-08:00").problem);
}

TEST_CASE("volume is linear in loudness: 10 dB per halving", "[sound]") {
    CHECK(amplitude_for(100, 0) == Approx(1.0));
    CHECK(amplitude_for(0, 0) == 0);
    CHECK(db(amplitude_for(50, 0)) == Approx(-10.0).margin(0.05));
    CHECK(db(amplitude_for(25, 0)) == Approx(-20.07).margin(0.05));
    CHECK(db(amplitude_for(70, 0)) == Approx(-5.17).margin(0.05));
    CHECK(db(amplitude_for(20, 0)) == Approx(-23.3).margin(0.05));
    // Gain adds decibels, within its range.
    CHECK(db(amplitude_for(100, -6)) == Approx(-6.0).margin(0.01));
    CHECK(db(amplitude_for(50, 6)) == Approx(-4.0).margin(0.05));
    CHECK(db(amplitude_for(100, 40)) == Approx(max_gain_db).margin(0.01));
    // Out of range volumes are clamped, never amplified.
    CHECK(amplitude_for(250, 0) == Approx(1.0));
}

TEST_CASE("mpv's cubic volume is undone", "[sound]") {
    CHECK(mpv_volume_for(1.0) == Approx(100));
    CHECK(mpv_volume_for(0.125) == Approx(50));
    CHECK(mpv_volume_for(0) == 0);
    // +12 dB at volume 100 stays within the volume-max the player sets.
    CHECK(mpv_volume_for(amplitude_for(100, max_gain_db)) <= max_mpv_volume());
    CHECK(max_mpv_volume() == 159);
}

TEST_CASE("friendly device names map to ALSA devices", "[sound]") {
    CHECK(alsa_device_for("", {}).empty());
    CHECK(alsa_device_for("default", {}).empty());
    CHECK(alsa_device_for("hdmi", {"PCH", "NVidia"}) == "hdmi");
    CHECK(alsa_device_for("hdmi", {"Headphones", "vc4hdmi0", "vc4hdmi1"}) ==
          "hdmi:CARD=vc4hdmi0,DEV=0");
    CHECK(alsa_device_for("headphones", {"Headphones"}) == "plughw:CARD=Headphones,DEV=0");
    CHECK(alsa_device_for("plughw:CARD=Device,DEV=0", {}) == "plughw:CARD=Device,DEV=0");
}

TEST_CASE("a video's audio and gain attributes", "[sound][parser]") {
    auto parsed = parse_playlist(playlist_with(R"(audio="on" gain="-6.5")"), "p.xml");
    REQUIRE(parsed.playlist);
    auto& item = parsed.playlist->items.at(0);
    CHECK(item.audio == true);
    CHECK(item.gain_db == -6.5);

    parsed = parse_playlist(playlist_with(R"(audio="off" gain="+3")"), "p.xml");
    REQUIRE(parsed.playlist);
    CHECK(parsed.playlist->items.at(0).audio == false);
    CHECK(parsed.playlist->items.at(0).gain_db == 3);

    parsed = parse_playlist(playlist_with(""), "p.xml");
    REQUIRE(parsed.playlist);
    CHECK_FALSE(parsed.playlist->items.at(0).audio.has_value());
    CHECK(parsed.playlist->items.at(0).gain_db == 0);

    for (auto bad : {R"(audio="yes")", R"(gain="20")", R"(gain="1e1")", R"(gain="-31")",
                     R"(gain="loud")", R"(gain="3.")"}) {
        INFO(bad);
        auto refused = parse_playlist(playlist_with(bad), "p.xml");
        CHECK_FALSE(refused.playlist);
        REQUIRE_FALSE(refused.diagnostics.empty());
        CHECK(refused.diagnostics[0].to_string().find("p.xml:7: error: <video id=\"clip\">") == 0);
    }
}
