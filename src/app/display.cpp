#include "app/display.h"

#include "system/log.h"

#include <SDL_ttf.h>

namespace beacon::app {

Result<std::unique_ptr<SdlSession>> SdlSession::create(std::uint32_t subsystems) {
    if (SDL_Init(subsystems) != 0)
        return Error{std::string("cannot start SDL: ") + SDL_GetError()};
    if (TTF_Init() != 0) {
        SDL_Quit();
        return Error{std::string("cannot start SDL_ttf: ") + TTF_GetError()};
    }
    return std::unique_ptr<SdlSession>(new SdlSession);
}

SdlSession::~SdlSession() {
    TTF_Quit();
    SDL_Quit();
}

Result<Display> open_display(const Options& options,
                             const std::function<void()>& while_video_starts) {
    // SDL's own SIGINT/SIGTERM handlers turn the signal into SDL_QUIT, which
    // the loop handles like any event: a clean, quick exit.
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "0");
    // A tap on a window that has no focus yet must still count.
    SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
    // A kiosk screen must not blank while content plays.
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (options.window_mode == WindowMode::Headless)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    if (options.window_mode == WindowMode::Fullscreen) {
        // No gesture or key leaves the kiosk: closing the window (Alt+F4
        // under a window manager) does not quit, and losing focus does not
        // minimise. Only a signal (systemctl stop) ends Beacon.
        SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    }

    // Events first: SDL_Init() also loads and connects libdbus, which takes
    // the dynamic loader's lock. Then `while_video_starts` (see display.h),
    // then the video subsystem, which does not touch that lock.
    auto session = SdlSession::create(SDL_INIT_EVENTS);
    if (!session)
        return session.error();
    if (while_video_starts)
        while_video_starts();
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        return Error{std::string("cannot start SDL: ") + SDL_GetError()};

    Display display;
    display.session = session.release_value();
    display.mpv_event_type = SDL_RegisterEvents(1);

    switch (options.render_path) {
    case RenderPathChoice::Software:
        display.render_path = media::RenderPath::Software;
        break;
    case RenderPathChoice::OpenGL:
        display.render_path = media::RenderPath::OpenGL;
        break;
    case RenderPathChoice::Auto:
        display.render_path = options.window_mode == WindowMode::Headless
                                  ? media::RenderPath::Software
                                  : media::detect_render_path();
        break;
    }
    if (options.rotation != 0 && display.render_path == media::RenderPath::OpenGL) {
        // mpv's OpenGL renderer draws straight to the window, around the
        // canvas that Beacon turns; the software path draws into it.
        log::warning("--rotation " + std::to_string(options.rotation) +
                     " uses the software video path");
        display.render_path = media::RenderPath::Software;
    }
    bool software = display.render_path == media::RenderPath::Software;
    if (software) {
        // Without this SDL quietly backs a software window with (llvmpipe) GL:
        // 2.3x the CPU and ~90 MB more memory, measured here.
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }

    Size size = options.size.value_or(Size{1280, 720});
    std::uint32_t flags = software ? 0 : SDL_WINDOW_OPENGL;
    if (options.window_mode == WindowMode::Fullscreen) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        SDL_DisplayMode mode;
        if (!options.size && SDL_GetDesktopDisplayMode(0, &mode) == 0)
            size = {mode.w, mode.h};
    }
    display.window.reset(SDL_CreateWindow("Beacon", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                          size.width, size.height, flags));
    if (!display.window)
        return Error{std::string("cannot open a window: ") + SDL_GetError()};

    std::uint32_t renderer_flags =
        software ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    display.renderer.reset(SDL_CreateRenderer(display.window.get(), -1, renderer_flags));
    if (!display.renderer)
        return Error{std::string("cannot create a renderer: ") + SDL_GetError()};
    if (options.window_mode == WindowMode::Fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    log::info(std::string("render path: ") + (software ? "software" : "opengl") +
              ", video driver " + SDL_GetCurrentVideoDriver());
    return display;
}

} // namespace beacon::app
