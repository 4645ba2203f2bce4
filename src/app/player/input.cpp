#include "app/player/input.h"

#include "render/screens.h"

namespace beacon::app::player {

namespace {

Press press_at(int x, int y, const char* what, const KioskMachine& machine, Size screen) {
    if (machine.screen() == Screen::Hotline) {
        // The very layout draw_hotline() uses, so taps hit what is drawn.
        auto layout = render::hotline_layout(machine.playlist(), machine.language(), screen);
        auto hit = hit_test(layout, x, y);
        if (hit.kind == HotlineHit::Kind::Close)
            return {{KioskEvent::Kind::CloseHotline}, std::string(what) + " close"};
        if (hit.kind == HotlineHit::Kind::Language)
            return {{KioskEvent::Kind::PickLanguage, hit.language_index},
                    std::string(what) + " language"};
    }
    return {{KioskEvent::Kind::Tap}, what};
}

} // namespace

std::optional<Press> map_input(const SDL_Event& event, const KioskMachine& machine,
                               const render::RotatedOutput& rotation, Size output) {
    switch (event.type) {
    case SDL_FINGERDOWN: {
        int x = static_cast<int>(event.tfinger.x * output.width);
        int y = static_cast<int>(event.tfinger.y * output.height);
        rotation.to_logical(output, x, y);
        return press_at(x, y, "tap", machine, rotation.logical_size(output));
    }
    case SDL_MOUSEBUTTONDOWN:
        if (event.button.which == SDL_TOUCH_MOUSEID)
            return std::nullopt;
        {
            int x = event.button.x, y = event.button.y;
            rotation.to_logical(output, x, y);
            return press_at(x, y, "click", machine, rotation.logical_size(output));
        }
    case SDL_KEYDOWN:
        if (event.key.repeat)
            return std::nullopt;
        if (event.key.keysym.sym == SDLK_ESCAPE && machine.hotline_open())
            return Press{{KioskEvent::Kind::CloseHotline}, "key close"};
        return Press{{KioskEvent::Kind::Tap}, "key"};
    default:
        return std::nullopt;
    }
}

} // namespace beacon::app::player
