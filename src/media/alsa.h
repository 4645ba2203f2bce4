#pragma once

// The little Beacon asks of ALSA directly: which sound cards there are (to
// resolve `audio-device = hdmi`), and keeping alsa-lib from printing its own
// errors. mpv does the playing (ao=alsa); ALSA is reached only through the
// libasound that libmpv already loaded, so no command maps it for nothing.

#include <string>
#include <vector>

namespace beacon::media {

// ALSA's card ids ("vc4hdmi0", "Headphones", "PCH"), from /proc/asound/cards;
// empty when there is no sound card (or no /proc/asound).
std::vector<std::string> alsa_card_ids();

// Whether `device` (empty: "default") is there to play on: ALSA opens it
// for playback now (closed again at once), or says it is busy. Busy counts
// as there: on a device only one program may open (hw:, plughw:) the
// video's mpv core holds it while a video is heard, and gives it up under
// the hotline screen (MpvPlayer::set_muted). The Listen button's test that
// sound can be heard (app/player/listen.h). Loads libasound when libmpv
// has not yet: only a kiosk with speech = on asks. Errors are not printed.
bool alsa_device_opens(const std::string& device);

// alsa-lib writes each error straight to stderr ("ALSA lib pcm.c:2666:
// Unknown PCM hdmi"), once per item that tries a missing device. mpv's own
// messages about the same failure are reported (once) by MpvPlayer; this
// silences the duplicate. A no-op when libasound is not loaded.
void quiet_alsa_library_errors();

} // namespace beacon::media
