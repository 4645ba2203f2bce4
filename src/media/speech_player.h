#pragma once

// Plays the hotline screen's Listen speech (issue 23, part 5) through ALSA,
// at the device and volume videos use, with a sound-only mpv core of its own.
//
// Why a second core rather than the video's: the video under the hotline
// screen is paused there, with its position and frame kept for when the
// screen closes; loading the speech into its core would lose them. This
// core exists only from the first Listen to the screen's closing.
//
// Why a memfd: the spoken WAV goes to mpv as `fdclose://N`, an anonymous
// in-memory file, so nothing of what was asked for (or that anyone asked)
// is left in a file system, and nothing needs removing.
//
// Privacy: the core is created with terminal=no and no log messages
// requested, so a Listen press never writes a log line, from mpv or here.
// Failures come back as values for the caller to keep quiet about.
//
// Threading: main thread only.

#include "core/result.h"
#include "media/speech.h"

#include <string>

struct mpv_handle;

namespace beacon::media {

struct MpvLibrary;

class SpeechPlayer {
  public:
    SpeechPlayer() = default;
    SpeechPlayer(const SpeechPlayer&) = delete;
    SpeechPlayer& operator=(const SpeechPlayer&) = delete;
    ~SpeechPlayer();

    // Starts `speech`, cutting off whatever was being said. `device`: the
    // ALSA device name (empty: ALSA's default); `mpv_volume`: mpv's volume
    // property (core/sound.h: mpv_volume_for).
    Status play(const Speech& speech, const std::string& device, double mpv_volume);
    // Silence at once; the core stays for the next play().
    void stop();

  private:
    Status start_core();
    void drain_events();

    MpvLibrary const* m_api = nullptr;
    mpv_handle* m_mpv = nullptr; // owned: terminate_destroy() in the destructor
};

} // namespace beacon::media
