#pragma once

// The window and renderer the player draws into, set up for the chosen
// render path. Fatal errors here are setup errors: no display at all.

#include "app/options.h"
#include "app/sdl_handles.h"
#include "core/result.h"
#include "media/mpv_player.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace beacon::app {

// Initialises SDL and SDL_ttf for its lifetime.
class SdlSession {
  public:
    static Result<std::unique_ptr<SdlSession>> create(std::uint32_t subsystems);
    ~SdlSession();
    SdlSession(const SdlSession&) = delete;
    SdlSession& operator=(const SdlSession&) = delete;

  private:
    SdlSession() = default;
};

struct Display {
    // Member order is teardown order reversed: the renderer goes first, then
    // the window, then SDL itself.
    std::unique_ptr<SdlSession> session;
    WindowHandle window;
    RendererHandle renderer;
    media::RenderPath render_path = media::RenderPath::Software;
};

// `while_video_starts`, when set, is called once SDL has done what needs the
// dynamic loader (its D-Bus connection) and before the video subsystem
// starts (the X connection, the input method, the window): run_player()
// starts loading libmpv there, so both proceed at once.
Result<Display> open_display(const Options& options,
                             const std::function<void()>& while_video_starts = {});

} // namespace beacon::app
