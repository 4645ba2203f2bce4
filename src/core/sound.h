#pragma once

// When a video is heard and how loud (issue 24): the facility's settings,
// an item's own choice, quiet hours and the hotline screen decide it here;
// src/media carries the decision out. Pure: the local time is passed in.
//
// Invariants:
// - Silence is the default and the safe side. Sound needs `audio = on` (or
//   the item's audio="on"), no quiet hours now, and the hotline screen shut.
// - With quiet hours set and a clock that cannot be believed, it is quiet:
//   a kiosk that lost its time must not start talking in a shelter at 3 am.

#include "core/playlist.h"
#include "core/schedule.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon {

struct SoundSettings {
    bool audio = false; // `audio = on|off`
    int volume = 70;    // 0-100, linear in loudness as people hear it
    // `quiet-hours`: daily windows ("22:00-07:00"), as a <schedule>'s hours.
    std::vector<TimeWindow> quiet_hours;
    std::string device; // `audio-device`, as the administrator wrote it; empty: ALSA's default
};

// The range of an item's gain="" in dB: enough to level a loud clip among
// quiet ones, not enough to turn a whisper into a shout.
constexpr double min_gain_db = -30;
constexpr double max_gain_db = 12;
constexpr int min_volume = 0;
constexpr int max_volume = 100;

struct AudioDecision {
    bool audible = false;
    // Amplitude factor for the samples (1: as recorded). 0 when not audible.
    double amplitude = 0;
    // Why it is silent, for logs and tests: "audio off", "quiet hours",
    // "hotline", "volume 0"; empty when audible.
    std::string_view silent_because;
};

enum class HotlineShown { No, Yes };

// The decision for `item` (a video) at `now`.
AudioDecision decide_audio(const SoundSettings& settings, const Item& item, const LocalTime& now,
                           HotlineShown hotline);

// Whether quiet hours hold at `now` (untrusted clock: yes, when any are set).
bool in_quiet_hours(const SoundSettings& settings, const LocalTime& now);

// The amplitude factor for `volume` (0-100) and `gain_db`. Loudness as
// people hear it grows with about the 0.6th power of the amplitude (Stevens'
// power law; the "10 dB is twice as loud" rule), so volume 50 is half as
// loud as 100: 10 dB down, amplitude (v/100)^(1/0.6).
double amplitude_for(int volume, double gain_db);

// mpv's `volume` property for an amplitude factor: mpv cubes volume/100
// (player/audio.c: gain = pow(volume / 100, 3)), so this is the cube root.
// Above 100 (a positive gain) needs mpv's volume-max raised to match.
double mpv_volume_for(double amplitude);
// The highest mpv volume mpv_volume_for() can return (volume 100, +12 dB).
double max_mpv_volume();

// Parses `quiet-hours` ("22:00-07:00 12:00-13:30"): the windows, or the
// problem worded for an administrator. An empty text means none.
struct ParsedQuietHours {
    std::vector<TimeWindow> windows;
    std::optional<std::string> problem;
};
ParsedQuietHours parse_quiet_hours(std::string_view text);

// The ALSA device string for `audio-device`: "" (ALSA's default) for an
// empty name, the friendly names resolved against the cards present
// (`card_ids`: ALSA's card ids, /proc/asound/cards' bracketed names), and any
// other name passed through as a full ALSA device name.
//   hdmi       the first HDMI output: the Pi's "vc4hdmi0" card when present,
//              else ALSA's "hdmi" alias (card 0's HDMI/DisplayPort, PCs)
//   headphones the Pi's 3.5 mm jack, card "Headphones" (bcm2835 Headphones)
std::string alsa_device_for(const std::string& name, const std::vector<std::string>& card_ids);

} // namespace beacon
