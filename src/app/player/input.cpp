#include "app/player/input.h"

#include "render/screens.h"

namespace beacon::app::player {

namespace {

Press press_at(int x, int y, const char* what, const KioskMachine& machine, Size screen,
               ListenButton listen) {
    if (machine.screen() == Screen::Hotline) {
        // The very layout draw_hotline() uses, so taps hit what is drawn.
        auto layout =
            render::hotline_layout(machine.playlist(), machine.language(), screen, listen);
        auto hit = hit_test(layout, x, y);
        if (hit.kind == HotlineHit::Kind::Close)
            return {{KioskEvent::Kind::CloseHotline}, std::string(what) + " close"};
        if (hit.kind == HotlineHit::Kind::Listen) {
            Press press{{KioskEvent::Kind::Tap}, std::string(what) + " listen"};
            press.speak = true;
            return press;
        }
        if (hit.kind == HotlineHit::Kind::Language)
            return {{KioskEvent::Kind::PickLanguage, hit.language_index},
                    std::string(what) + " language"};
    }
    return {{KioskEvent::Kind::Tap}, what};
}

enum class KeyRole { Next, Previous, Activate, Other };

// Keyboards, number pads and switch interfaces (which send Tab, Space or
// Enter). Left and right follow the reading direction, so "forward" is the
// same finger movement as reading.
KeyRole key_role(SDL_Keycode key, bool rtl) {
    switch (key) {
    case SDLK_TAB:
    case SDLK_DOWN:
    case SDLK_KP_2:
    case SDLK_KP_PLUS:
        return KeyRole::Next;
    case SDLK_UP:
    case SDLK_KP_8:
    case SDLK_KP_MINUS:
        return KeyRole::Previous;
    case SDLK_RIGHT:
    case SDLK_KP_6:
        return rtl ? KeyRole::Previous : KeyRole::Next;
    case SDLK_LEFT:
    case SDLK_KP_4:
        return rtl ? KeyRole::Next : KeyRole::Previous;
    case SDLK_RETURN:
    case SDLK_RETURN2:
    case SDLK_KP_ENTER:
    case SDLK_KP_5:
    case SDLK_SPACE:
        return KeyRole::Activate;
    default:
        return KeyRole::Other;
    }
}

std::optional<Press> key_on_hotline(const SDL_KeyboardEvent& key, const KioskMachine& machine,
                                    Size screen, ListenButton listen,
                                    std::optional<HotlineTarget> focused) {
    auto layout = render::hotline_layout(machine.playlist(), machine.language(), screen, listen);
    bool const rtl = layout.close.x < screen.width / 2; // mirrored: the close is on the left
    KeyRole role = key_role(key.keysym.sym, rtl);
    // Shift+Tab goes back, as everywhere else.
    if (key.keysym.sym == SDLK_TAB && (key.keysym.mod & KMOD_SHIFT))
        role = KeyRole::Previous;
    switch (role) {
    case KeyRole::Next:
    case KeyRole::Previous: {
        Press press{{KioskEvent::Kind::Tap}, "key focus"};
        press.focus_move = role == KeyRole::Next ? FocusMove::Next : FocusMove::Previous;
        return press;
    }
    case KeyRole::Activate:
        if (!focused)
            return Press{{KioskEvent::Kind::Tap}, "key"};
        switch (focused->kind) {
        case HotlineTarget::Kind::Close:
            return Press{{KioskEvent::Kind::CloseHotline}, "key close"};
        case HotlineTarget::Kind::Language:
            return Press{{KioskEvent::Kind::PickLanguage, focused->language_index}, "key language"};
        case HotlineTarget::Kind::Listen: {
            Press press{{KioskEvent::Kind::Tap}, "key listen"};
            press.speak = true;
            return press;
        }
        }
        break;
    case KeyRole::Other:
        break;
    }
    // Escape, and any other key: the quick exit. A person who is being
    // watched may hit whatever key is nearest.
    return Press{{KioskEvent::Kind::CloseHotline}, "key close"};
}

} // namespace

std::optional<Press> map_input(const SDL_Event& event, const KioskMachine& machine,
                               const render::RotatedOutput& rotation, Size output,
                               ListenButton listen, std::optional<HotlineTarget> focused) {
    switch (event.type) {
    case SDL_FINGERDOWN: {
        int x = static_cast<int>(event.tfinger.x * output.width);
        int y = static_cast<int>(event.tfinger.y * output.height);
        rotation.to_logical(output, x, y);
        return press_at(x, y, "tap", machine, rotation.logical_size(output), listen);
    }
    case SDL_MOUSEBUTTONDOWN:
        if (event.button.which == SDL_TOUCH_MOUSEID)
            return std::nullopt;
        {
            int x = event.button.x, y = event.button.y;
            rotation.to_logical(output, x, y);
            return press_at(x, y, "click", machine, rotation.logical_size(output), listen);
        }
    case SDL_KEYDOWN:
        if (event.key.repeat)
            return std::nullopt;
        if (machine.hotline_open())
            return key_on_hotline(event.key, machine, rotation.logical_size(output), listen,
                                  focused);
        return Press{{KioskEvent::Kind::Tap}, "key"};
    default:
        return std::nullopt;
    }
}

} // namespace beacon::app::player
