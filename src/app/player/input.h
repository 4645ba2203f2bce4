#pragma once

// The input mapper: a person's tap, click or key press, as SDL reports it,
// becomes a KioskEvent. Taps on the hotline screen are hit-tested against the
// very layout the painter draws it with (core/hotline_layout.h), so a tap
// hits what is drawn. It keeps no state and calls nothing back.

#include "core/geometry.h"
#include "core/kiosk_machine.h"
#include "render/rotation.h"

#include <SDL.h>

#include <optional>
#include <string>

namespace beacon::app::player {

struct Press {
    KioskEvent event;
    std::string detail; // for the frame log: "tap", "click language", "key close"...
};

// What `event` means to the machine, given its state now; nullopt when it
// is not a person's input, or one that means nothing (a key held down, a
// mouse event SDL made up from a touch). `output` is the screen's size in
// pixels, which input arrives in; `rotation` turns it into the layout's.
std::optional<Press> map_input(const SDL_Event& event, const KioskMachine& machine,
                               const render::RotatedOutput& rotation, Size output);

} // namespace beacon::app::player
