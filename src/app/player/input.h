#pragma once

// The input mapper: a person's tap, click or key press, as SDL reports it,
// becomes a KioskEvent. Taps on the hotline screen are hit-tested against the
// very layout the painter draws it with (core/hotline_layout.h), so a tap
// hits what is drawn. It keeps no state and calls nothing back.

#include "core/geometry.h"
#include "core/hotline_layout.h"
#include "core/kiosk_machine.h"
#include "render/rotation.h"

#include <SDL.h>

#include <optional>
#include <string>

namespace beacon::app::player {

struct Press {
    KioskEvent event;
    std::string detail; // for the frame log: "tap", "click language", "key close"...
    // Tab, the arrows or the number pad on the hotline screen: the focus ring
    // moves (the event is then a Tap, which keeps the screen open).
    std::optional<FocusMove> focus_move;
    // Listen tapped, or Enter on it: the screen is read aloud (the event is
    // then a Tap, which keeps the screen open).
    bool speak = false;
};

// What `event` means to the machine, given its state now; nullopt when it
// is not a person's input, or one that means nothing (a key held down, a
// mouse event SDL made up from a touch). `output` is the screen's size in
// pixels, which input arrives in; `rotation` turns it into the layout's.
// `focused` is the focus ring's target on the hotline screen, if any: Enter
// activates it. On the hotline screen, Escape and every key that does not
// move or activate the focus close it (a quick exit from any keyboard).
// `listen`: whether the hotline screen shown has its Listen button.
std::optional<Press> map_input(const SDL_Event& event, const KioskMachine& machine,
                               const render::RotatedOutput& rotation, Size output,
                               ListenButton listen, std::optional<HotlineTarget> focused);

} // namespace beacon::app::player
