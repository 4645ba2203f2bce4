// MpvPlayer's sound (issue 24): what the next file sounds like, muting at
// once, and audio-output trouble said once. The decision itself is
// core/sound.h's.
#include "media/mpv_library.h"
#include "media/mpv_player.h"

#include <cstring>
#include <mpv/client.h>

namespace beacon::media {

void MpvPlayer::set_audio(const AudioOutput& audio) {
    auto set_string = [this](const char* name, std::string value) {
        request({0, [this, name, value](std::uint64_t reply_id) {
                     const char* text = value.c_str();
                     return m_api->set_property_async(m_mpv, reply_id, name, MPV_FORMAT_STRING,
                                                      &text);
                 }});
    };
    // Without a sound track the device, volume and mute do not matter:
    // they are sent when a file is to be heard, before its track is chosen.
    if (audio.enabled) {
        if (audio.device != m_audio.device) {
            // Changing it makes mpv reopen its output.
            set_string("audio-device", audio.device.empty() ? "auto" : "alsa/" + audio.device);
            m_audio.device = audio.device;
            m_audio_trouble_reported.reset();
        }
        if (audio.volume != m_audio.volume) {
            request({0, [this, volume = audio.volume](std::uint64_t reply_id) {
                         double value = volume;
                         return m_api->set_property_async(m_mpv, reply_id, "volume",
                                                          MPV_FORMAT_DOUBLE, &value);
                     }});
            m_audio.volume = audio.volume;
        }
        if (audio.muted != m_audio.muted)
            send_mute(audio.muted);
    }
    m_audio.enabled = audio.enabled;
    send_track_choice();
}

void MpvPlayer::set_muted(bool muted) {
    // Without a sound track there is nothing to mute, and nothing is sent:
    // m_audio keeps what mpv has, and set_audio() sends the mute with the
    // next file to be heard.
    if (m_audio.enabled && muted != m_audio.muted) {
        // Opening: silent first, then the device let go. Closing: the
        // track back first (still muted), then heard.
        if (muted)
            send_mute(true);
        m_audio.muted = muted;
        send_track_choice();
        if (!muted)
            send_mute(false);
    }
}

void MpvPlayer::send_track_choice() {
    // A muted file (the hotline screen is up) has no sound track either:
    // with aid=no mpv closes its audio output (loadfile.c, mp_switch_track_n:
    // uninit_audio_out() when no audio track is left), even while paused.
    // On a device only one program can open (hw:/plughw:, HDMI or the Pi's
    // jack without dmix) that is what lets the Listen speech be heard. When
    // the screen closes, aid=auto opens the device again and mpv picks the
    // sound up where the paused picture is.
    bool track = m_audio.enabled && !m_audio.muted;
    if (track == m_audio_track)
        return;
    m_audio_track = track;
    request({0, [this, track](std::uint64_t reply_id) {
                 const char* text = track ? "auto" : "no";
                 return m_api->set_property_async(m_mpv, reply_id, "aid", MPV_FORMAT_STRING, &text);
             }});
}

void MpvPlayer::send_mute(bool muted) {
    m_audio.muted = muted;
    request({0, [this, muted](std::uint64_t reply_id) {
                 int flag = muted ? 1 : 0;
                 return m_api->set_property_async(m_mpv, reply_id, "mute", MPV_FORMAT_FLAG, &flag);
             }});
}

bool MpvPlayer::take_audio_message(const char* prefix, const char* text) {
    // Audio output trouble (prefix "ao", "ao/alsa") repeats for every file
    // and every write while a device is missing or gone; the video plays on
    // regardless. One line per device says so. It does not say the sound
    // is gone for good: after an underrun ("Broken pipe") mpv recovers at
    // once, and a device plugged back in is found at the next video.
    if (std::strcmp(prefix, "ao") != 0 && std::strncmp(prefix, "ao/", 3) != 0)
        return false;
    std::string device = m_audio.device;
    if (m_audio_trouble_reported == device)
        return true;
    m_audio_trouble_reported = device;
    std::string said = text;
    if (!said.empty() && said.back() == '\n')
        said.pop_back();
    log::warning("sound: ALSA device \"" + (device.empty() ? "default" : device) +
                 "\" cannot play (mpv: " + said + "); videos play on, silent while it cannot");
    return true;
}

} // namespace beacon::media
