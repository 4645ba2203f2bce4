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
// The device: on a device only one program may open, the video's core can
// have it back only once this core has let it go. holds_device() says
// whether it has, from mpv's `current-ao` (empty when no audio output is
// open), observed and reported through `wake_event` like a video core's
// events.
//
// Threading: main thread only; mpv's wakeup callback only pushes an SDL
// event of type `wake_event`.

#include "core/result.h"
#include "media/speech.h"

#include <cstdint>
#include <string>

struct mpv_handle;

namespace beacon::media {

struct MpvLibrary;

class SpeechPlayer {
  public:
    // `wake_event`: the SDL event type pushed when this core has news for
    // poll(); 0: none is pushed.
    explicit SpeechPlayer(std::uint32_t wake_event) : m_wake_event(wake_event) {}
    SpeechPlayer(const SpeechPlayer&) = delete;
    SpeechPlayer& operator=(const SpeechPlayer&) = delete;
    ~SpeechPlayer();

    // Starts `speech`, cutting off whatever was being said. `device`: the
    // ALSA device name (empty: ALSA's default); `mpv_volume`: mpv's volume
    // property (core/sound.h: mpv_volume_for).
    Status play(const Speech& speech, const std::string& device, double mpv_volume);
    // Silence at once; the core stays for the next play(). The device is
    // let go a moment later (holds_device()).
    void stop();
    // Takes the core's events (on `wake_event`, and before play()).
    void poll();
    // Whether this core has its audio output open, as of the last poll().
    bool holds_device() const { return m_holds_device; }

  private:
    Status start_core();

    std::uint32_t m_wake_event = 0;
    MpvLibrary const* m_api = nullptr;
    mpv_handle* m_mpv = nullptr; // owned: terminate_destroy() in the destructor
    bool m_holds_device = false;
};

} // namespace beacon::media
