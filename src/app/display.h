#pragma once

// The window and renderer the player draws into, set up for the chosen
// render path. Fatal errors here are setup errors: no display at all.

#include "app/options.h"
#include "app/sdl_handles.h"
#include "core/result.h"
#include "media/mpv_player.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace beacon::app {

// Initialises SDL for its lifetime.
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
// starts loading libmpv there, so both proceed at once. Each way of drawing
// that fails is logged unless `report_failures` is false. Outside
// --headless, SDL's offscreen driver (its fallback when it finds no display
// at all) is refused: "no display".
Result<Display> open_display(const Options& options,
                             const std::function<void()>& while_video_starts = {},
                             bool report_failures = true);

// How often wait_for_display() tries again.
inline constexpr std::chrono::seconds k_display_retry_interval{5};

// The kiosk's answer to a display that cannot be opened (none yet, or none
// that can draw): logs `why` once and tries again every
// k_display_retry_interval, quietly, until one opens, telling systemd it is
// up and waiting (service::notify_waiting: READY=1, the watchdog pinged).
// An exit instead would be a crash loop under systemd (Restart=always): the
// same lines every few seconds, for ever, and nothing on the screen either
// way. A KMS driver that binds late (vc4 on a Pi) is taken when it comes.
// SIGTERM ends the wait (SDL is shut down between tries, so the default
// action applies).
Result<Display> wait_for_display(const Options& options, const Error& why);

} // namespace beacon::app
