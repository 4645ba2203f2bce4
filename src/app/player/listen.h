#pragma once

// The hotline screen's Listen button (issue 23, part 5): whether it is
// shown, and reading the screen aloud when it is pressed.
//
// The sound rule: the button is shown in a language when
//   - `speech = on` (off by default: sound in a public place can endanger
//     the person who tapped),
//   - sound may be heard now: volume above 0 and no quiet hours (a clock
//     that cannot be believed counts as quiet hours, as for videos),
//   - ALSA opens the configured `audio-device`, or says another program
//     holds it (check_device(): when the player starts, and at item
//     boundaries at most every k_device_recheck, so a USB card unplugged
//     or plugged in later is noticed; never because of a tap, and never
//     while the hotline screen is up: an open can take time),
//   - and espeak-ng has a voice for the language.
// `audio = off` does not hide it: that setting is about videos' sound, and
// the button speaks only when a person asks.
//
// Privacy: nothing here writes a log line. A press is a tap, and nothing a
// tap causes may be logged (issue 18); a failure to speak stays silent.
//
// Threading: main thread; the words are synthesised on a worker thread,
// which pushes Wake::SpeechReady when they are ready for poll().

#include "core/hotline_layout.h"
#include "core/playlist.h"
#include "core/schedule.h"
#include "core/sound.h"
#include "media/speech.h"

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace beacon::media {
class SpeechPlayer;
}

namespace beacon::app::player {

class Listen {
  public:
    explicit Listen(bool speech);
    ~Listen();

    // How often, at most, check_device() opens the device again when the
    // setting is unchanged: a card unplugged or plugged in shows within
    // this and one item.
    static constexpr std::chrono::seconds k_device_recheck{10};

    // A new playlist: which of its languages have a voice.
    void set_playlist(const Playlist& playlist);
    // Opens and closes the `audio-device` of `settings` when it was never
    // checked, the setting changed, or k_device_recheck has passed since
    // the last check (`now`: the loop's clock). For the loop's item
    // boundaries only: the open happens here, on the calling thread.
    void check_device(const SoundSettings& settings, std::chrono::steady_clock::time_point now);
    // The languages whose hotline screen shows the button, by the rule
    // above, with `settings` and the local time `now`; opens no device (a
    // setting not yet checked counts as a device that does not open).
    // Returns whether the answer changed since the last call.
    bool update(const SoundSettings& settings, const LocalTime& now);
    const std::vector<std::string>& languages() const { return m_shown; }
    ListenButton button(const std::string& lang) const;

    // Reads the hotline screen in `lang` aloud (hotline_speech.h: exactly
    // what `beacon speak` writes), cutting off what it was saying.
    void speak(const Playlist& playlist, const std::string& lang, const SoundSettings& settings);
    // On Wake::SpeechReady: plays the words synthesised for speak().
    void take_ready();
    // The hotline screen closed or changed language: silence at once, and
    // words still being synthesised are dropped when ready.
    void stop();
    // On Wake::SpeechReady too: the speech core's news. Then
    // holds_device(): whether it still has the audio device open (after
    // stop(), until mpv has closed it). The video's sound waits for that
    // (Player, HideHotline): a device only one program may open would
    // refuse it otherwise, and the video would stay silent to its end.
    void poll();
    bool holds_device() const;

  private:
    bool m_speech;
    std::vector<std::string> m_voiced; // of the playlist, with a voice
    std::vector<std::string> m_shown;
    // The `audio-device` setting last checked, when, and whether ALSA
    // opened its device.
    std::optional<std::string> m_checked_setting;
    std::chrono::steady_clock::time_point m_checked_at;
    bool m_device_opens = false;

    struct Pending {
        // Set by the synthesis thread before it pushes Wake::SpeechReady,
        // so the loop, woken, always finds it ready.
        std::future<Result<media::Speech>> speech;
        // The synthesis thread itself: its destructor waits for it to end.
        std::future<void> synthesis;
        std::string device;
        double volume = 0;
        bool cancelled = false; // stop() came first: not played
    };
    std::optional<Pending> m_pending;
    // Created at the first press; silent until then.
    std::unique_ptr<media::SpeechPlayer> m_player;
};

} // namespace beacon::app::player
