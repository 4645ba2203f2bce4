#include "core/sound.h"

#include <algorithm>
#include <cmath>

namespace beacon {

bool in_quiet_hours(const SoundSettings& settings, const LocalTime& now) {
    if (settings.quiet_hours.empty())
        return false;
    // A time of day from a clock that was never set (a board without a
    // battery wakes at midnight 1970) says nothing: silence is the safe side.
    if (!now.clock_trusted)
        return true;
    Schedule quiet;
    quiet.windows = settings.quiet_hours;
    return is_eligible(quiet, now);
}

AudioDecision decide_audio(const SoundSettings& settings, const Item& item, const LocalTime& now,
                           HotlineShown hotline) {
    if (item.kind != ItemKind::Video || !item.audio.value_or(settings.audio))
        return {false, 0, "audio off"};
    if (in_quiet_hours(settings, now))
        return {false, 0, "quiet hours"};
    if (hotline == HotlineShown::Yes)
        return {false, 0, "hotline"};
    double amplitude = amplitude_for(settings.volume, item.gain_db);
    if (amplitude <= 0)
        return {false, 0, "volume 0"};
    return {true, amplitude, {}};
}

double amplitude_for(int volume, double gain_db) {
    double level = std::clamp(volume, min_volume, max_volume) / 100.0;
    double gain = std::clamp(gain_db, min_gain_db, max_gain_db);
    return std::pow(level, 1 / 0.6) * std::pow(10.0, gain / 20);
}

double mpv_volume_for(double amplitude) {
    return 100 * std::cbrt(std::max(amplitude, 0.0));
}

double max_mpv_volume() {
    return std::ceil(mpv_volume_for(amplitude_for(max_volume, max_gain_db)));
}

ParsedQuietHours parse_quiet_hours(std::string_view text) {
    ParsedQuietHours out;
    if (text.find_first_not_of(" \t") == std::string_view::npos)
        return out;
    // The same windows as a <schedule>'s hours (the same parser), so the
    // two cannot disagree about "22:00-07:00" or "24:00".
    auto parsed = parse_schedule(std::nullopt, std::string(text), std::nullopt);
    if (!parsed.problems.empty()) {
        std::string problem = parsed.problems.front();
        constexpr std::string_view schedule_hours = "<schedule> hours";
        if (problem.starts_with(schedule_hours))
            problem = "quiet-hours" + problem.substr(schedule_hours.size());
        out.problem = problem;
        return out;
    }
    out.windows = parsed.schedule.windows;
    return out;
}

std::string alsa_device_for(const std::string& name, const std::vector<std::string>& card_ids) {
    auto has_card = [&](std::string_view id) {
        return std::find(card_ids.begin(), card_ids.end(), id) != card_ids.end();
    };
    if (name.empty() || name == "default")
        return "";
    if (name == "hdmi")
        // The Pi's KMS driver names its HDMI cards vc4hdmi0 and vc4hdmi1; its
        // "hdmi" PCM (alsa-lib's vc4-hdmi.conf) packs IEC958 frames for it.
        return has_card("vc4hdmi0") ? "hdmi:CARD=vc4hdmi0,DEV=0" : "hdmi";
    if (name == "headphones")
        // plughw: the jack's driver takes few rates and formats; plug converts.
        return "plughw:CARD=Headphones,DEV=0";
    return name;
}

} // namespace beacon
