#pragma once

// The sound settings in effect for the next video (issue 24): the
// configuration file's `audio`, `volume`, `quiet-hours` and `audio-device`
// are read again when the file changed since the last video, so a facility
// that edits beacon.conf hears the change at the next item, without a
// restart. Command-line values still win, as at start-up. Other keys keep
// the values the player started with.
//
// Threading: main thread only. One stat() per video; the file is read only
// when its size or time changed.

#include "app/options.h"
#include "core/sound.h"

#include <filesystem>
#include <optional>

namespace beacon::app::player {

class SoundConfig {
  public:
    explicit SoundConfig(const Options& options);
    // The settings for the video about to load.
    const SoundSettings& current();

  private:
    struct Stamp {
        std::filesystem::file_time_type time;
        std::uintmax_t size = 0;
        bool operator==(const Stamp&) const = default;
    };
    std::optional<Stamp> stamp() const;
    void reread();

    const Options& m_options; // outlives the player (run_player's)
    SoundSettings m_settings;
    std::optional<Stamp> m_stamp; // of the file m_settings came from
};

} // namespace beacon::app::player
