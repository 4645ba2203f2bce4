#pragma once

// What is on screen, as one value: the painter draws from it and the frame
// sink records it, so the two cannot disagree. Built by the player from the
// machine (which screen, in which language) and from Shown (what the loop
// shows under the hotline, which the player alone knows: it lags the
// machine until new content is ready to draw).

#include "app/player/probe.h"
#include "core/hotline_layout.h"
#include "core/kiosk_machine.h"

#include <cstddef>
#include <string>

namespace beacon::app::player {

// What the loop shows under the hotline. It changes when a fact sheet is
// drawn, or when a media file's first frame is ready: until then the previous
// content stays, so a switch never shows a black frame.
struct Shown {
    // Media: what mpv draws. Still: an image Beacon decoded and draws itself.
    enum class Kind { Nothing, FactSheet, Media, Still, Notice } kind = Kind::Nothing;
    std::size_t item = 0; // index into items, or into notices for a Notice
    std::string lang;
};

// Refers to the machine's and the player's state: valid until either changes.
struct OnScreen {
    const Playlist& playlist;
    Screen screen;
    const std::string& language; // the machine's: the hotline's when it is open
    const Notice* banner;        // over the loop, if any
    const Shown& shown;
    // The hotline's focus ring (keyboard and switch access), if any.
    std::optional<HotlineTarget> focus = std::nullopt;

    static OnScreen of(const KioskMachine& machine, const Shown& shown,
                       std::optional<HotlineTarget> focus = std::nullopt) {
        return {machine.playlist(),
                machine.screen(),
                machine.language(),
                machine.banner_notice(),
                shown,
                machine.hotline_open() ? focus : std::nullopt};
    }
    // The frame log's columns for it.
    FrameRowContext row() const;
};

} // namespace beacon::app::player
