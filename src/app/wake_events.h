#pragma once

// Every SDL user event type Beacon uses to wake the loop, registered with SDL
// once, as one block, and named here. A thread that is not the loop's (mpv's
// callbacks, the still decoder, the update worker) only ever pushes one of
// these; the loop reads wake_of() to tell them apart. No event carries
// meaning in its user.code.
//
// Threading: wake_type() registers the block on its first call, which must
// be on the main thread before any other thread may push one; after that it
// may be called from anywhere.

#include <cstdint>
#include <optional>

namespace beacon::app {

enum class Wake : std::uint32_t {
    MediaEvents,  // mpv has events for poll_events()
    MediaFrame,   // mpv's render context has a new frame (or wants a redraw)
    StillDecoded, // the still decoder finished a picture
    Update,       // the update worker posted progress or a result
    SpeechReady,  // the Listen words are synthesised (player/listen.h)
    Count,
};

// The SDL event type for `wake`; 0 when SDL has no user event types left
// (then nothing of that kind ever wakes the loop).
std::uint32_t wake_type(Wake wake);

// Which wake-up an SDL event type is, if it is one of ours.
std::optional<Wake> wake_of(std::uint32_t sdl_type);

} // namespace beacon::app
