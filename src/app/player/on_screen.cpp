#include "app/player/on_screen.h"

namespace beacon::app::player {

namespace {

const char* screen_name(Screen screen) {
    switch (screen) {
    case Screen::Hotline:
        return "hotline";
    case Screen::Notice:
        return "notice";
    case Screen::Loop:
        break;
    }
    return "loop";
}

std::string item_id(const Playlist& playlist, const Shown& shown) {
    if (shown.kind == Shown::Kind::Notice)
        return shown.item < playlist.notices.size() ? playlist.notices[shown.item].id : "";
    if (shown.kind == Shown::Kind::Nothing || shown.item >= playlist.items.size())
        return "";
    return playlist.items[shown.item].id;
}

} // namespace

FrameRowContext OnScreen::row() const {
    return {screen_name(screen), item_id(playlist, shown), language};
}

} // namespace beacon::app::player
