#pragma once

// The hotline screen's Listen button (issue 23, part 5): whether it is
// shown, and reading the screen aloud when it is pressed.
//
// The sound rule: the button is shown in a language when
//   - `speech = on` (off by default: sound in a public place can endanger
//     the person who tapped),
//   - sound may be heard now: volume above 0 and no quiet hours (a clock
//     that cannot be believed counts as quiet hours, as for videos),
//   - ALSA opens the configured `audio-device` (checked when the player
//     starts and when the device setting changes, never because of a tap),
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

    // A new playlist: which of its languages have a voice.
    void set_playlist(const Playlist& playlist);
    // The languages whose hotline screen shows the button, by the rule
    // above, with `settings` and the local time `now`. Returns whether the
    // answer changed since the last call.
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

  private:
    bool m_speech;
    std::vector<std::string> m_voiced; // of the playlist, with a voice
    std::vector<std::string> m_shown;
    // The audio-device last checked, and whether ALSA opened it.
    std::optional<std::string> m_checked_device;
    bool m_device_opens = false;

    struct Pending {
        std::future<Result<media::Speech>> speech;
        std::string device;
        double volume = 0;
        bool cancelled = false; // stop() came first: not played
    };
    std::optional<Pending> m_pending;
    // Created at the first press; silent until then.
    std::unique_ptr<media::SpeechPlayer> m_player;
};

} // namespace beacon::app::player
