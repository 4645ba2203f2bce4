// MpvPlayer's sound (issue 24): what the next file sounds like, muting at
// once, and audio-output trouble said once. The decision itself is
// core/sound.h's.
#include "media/mpv_library.h"
#include "media/mpv_player.h"

#include <cstring>
#include <mpv/client.h>

namespace beacon::media {

void MpvPlayer::set_audio(const AudioOutput& audio) {
    AudioOutput before = m_audio.value_or(AudioOutput{});
    bool first = !m_audio;
    m_audio = audio;
    auto set_string = [this](const char* name, std::string value) {
        request({0, [this, name, value](std::uint64_t reply_id) {
                     const char* text = value.c_str();
                     return m_api->set_property_async(m_mpv, reply_id, name, MPV_FORMAT_STRING,
                                                      &text);
                 }});
    };
    if (first || audio.device != before.device) {
        // Changing it makes mpv reopen its output (for the file after this).
        set_string("audio-device", audio.device.empty() ? "auto" : "alsa/" + audio.device);
        m_audio_trouble_reported.reset();
    }
    if (first || audio.volume != before.volume)
        request({0, [this, volume = audio.volume](std::uint64_t reply_id) {
                     double value = volume;
                     return m_api->set_property_async(m_mpv, reply_id, "volume", MPV_FORMAT_DOUBLE,
                                                      &value);
                 }});
    if (first || audio.muted != before.muted)
        set_muted(audio.muted);
    if (first || audio.enabled != before.enabled)
        set_string("aid", audio.enabled ? "auto" : "no");
}

void MpvPlayer::set_muted(bool muted) {
    if (m_audio)
        m_audio->muted = muted;
    request({0, [this, muted](std::uint64_t reply_id) {
                 int flag = muted ? 1 : 0;
                 return m_api->set_property_async(m_mpv, reply_id, "mute", MPV_FORMAT_FLAG, &flag);
             }});
}

bool MpvPlayer::take_audio_message(const char* prefix, const char* text) {
    // Audio output trouble (prefix "ao", "ao/alsa") repeats for every file
    // and every write while a device is missing or gone; the video plays on
    // regardless. One line per device says so.
    if (std::strcmp(prefix, "ao") != 0 && std::strncmp(prefix, "ao/", 3) != 0)
        return false;
    std::string device = m_audio ? m_audio->device : std::string();
    if (m_audio_trouble_reported == device)
        return true;
    m_audio_trouble_reported = device;
    std::string said = text;
    if (!said.empty() && said.back() == '\n')
        said.pop_back();
    log::warning("sound: ALSA device \"" + (device.empty() ? "default" : device) +
                 "\" cannot play (mpv: " + said + "); videos play on silently");
    return true;
}

} // namespace beacon::media
