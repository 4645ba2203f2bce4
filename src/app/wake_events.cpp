#include "app/wake_events.h"

#include <SDL.h>

namespace beacon::app {

namespace {

constexpr auto k_count = static_cast<std::uint32_t>(Wake::Count);

// The first type of the block; (Uint32)-1 when SDL refused it. A function
// static: C++ makes its one initialisation thread-safe.
std::uint32_t first_type() {
    static const std::uint32_t first = SDL_RegisterEvents(static_cast<int>(k_count));
    return first;
}

bool registered() {
    return first_type() != static_cast<std::uint32_t>(-1);
}

} // namespace

std::uint32_t wake_type(Wake wake) {
    if (!registered())
        return 0;
    return first_type() + static_cast<std::uint32_t>(wake);
}

std::optional<Wake> wake_of(std::uint32_t sdl_type) {
    if (!registered() || sdl_type < first_type() || sdl_type - first_type() >= k_count)
        return std::nullopt;
    return static_cast<Wake>(sdl_type - first_type());
}

} // namespace beacon::app
