#include "app/display.h"

#include "system/log.h"
#include "system/service.h"

#include <SDL_opengl.h>

#include <cstring>

#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace beacon::app {

namespace {

// One way to get pixels on the screen: how mpv draws video, and what SDL is
// asked for.
struct DrawingAttempt {
    char const* name;
    media::RenderPath path;
    bool opengl_window;     // the window carries a GL surface (mpv's GL path)
    bool software_renderer; // SDL's own software renderer (no GPU, no GL)
};

std::vector<DrawingAttempt> drawing_attempts(media::RenderPath preferred) {
    constexpr DrawingAttempt opengl{"opengl", media::RenderPath::OpenGL, true, false};
    constexpr DrawingAttempt software{"software", media::RenderPath::Software, false, true};
    // The software video path, drawn by any renderer SDL has (kmsdrm: GLES).
    constexpr DrawingAttempt software_any{"software video, any renderer",
                                          media::RenderPath::Software, false, false};
    if (preferred == media::RenderPath::OpenGL)
        return {opengl, software, software_any};
    return {software, software_any, opengl};
}

// The console's one window: a GL surface, drawn by SDL's GL renderer.
DrawingAttempt console_attempt(media::RenderPath path) {
    return {"console (kmsdrm)", path, true, false};
}

// Whether the GL context SDL's renderer made current is a GPU's, not a
// software rasteriser's (llvmpipe and friends): mpv's own GL path only pays
// off on a GPU.
bool gl_is_hardware() {
    using GetString = const unsigned char*(APIENTRY*)(unsigned int);
    auto get_string = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
    if (!SDL_GL_GetCurrentContext() || !get_string)
        return false;
    constexpr unsigned int gl_renderer = 0x1F01; // GL_RENDERER
    auto const* text = get_string(gl_renderer);
    if (!text)
        return false;
    std::string name = reinterpret_cast<char const*>(text);
    for (char const* software : {"llvmpipe", "softpipe", "Software Rasterizer", "swrast"})
        if (name.find(software) != std::string::npos)
            return false;
    return true;
}

using WindowAndRenderer = std::pair<WindowHandle, RendererHandle>;

Result<WindowAndRenderer> try_drawing(const Options& options, const DrawingAttempt& attempt) {
    // Without this SDL quietly backs a software window with (llvmpipe) GL:
    // 2.3x the CPU and ~90 MB more memory, measured here. Only the
    // "software" attempt forbids it; the others must be allowed to use GL.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, attempt.software_renderer ? "0" : "1");

    Size size = options.size.value_or(Size{1280, 720});
    std::uint32_t flags = attempt.opengl_window ? SDL_WINDOW_OPENGL : 0;
    if (options.window_mode == WindowMode::Fullscreen) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        SDL_DisplayMode mode;
        if (!options.size && SDL_GetDesktopDisplayMode(0, &mode) == 0)
            size = {mode.w, mode.h};
    }
    WindowHandle window(SDL_CreateWindow("Beacon", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                         size.width, size.height, flags));
    if (!window)
        return Error{std::string("cannot open a window: ") + SDL_GetError()};
    std::uint32_t renderer_flags = attempt.software_renderer
                                       ? SDL_RENDERER_SOFTWARE
                                       : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    RendererHandle renderer(SDL_CreateRenderer(window.get(), -1, renderer_flags));
    if (!renderer && !attempt.software_renderer) // a GPU that cannot wait for vsync
        renderer.reset(SDL_CreateRenderer(window.get(), -1, 0));
    if (!renderer)
        return Error{std::string("cannot create a renderer: ") + SDL_GetError()};
    // A renderer that cannot present is no better than none: find out now.
    SDL_SetRenderDrawColor(renderer.get(), 0, 0, 0, 255);
    if (SDL_RenderClear(renderer.get()) != 0)
        return Error{std::string("cannot draw: ") + SDL_GetError()};
    return WindowAndRenderer{std::move(window), std::move(renderer)};
}

} // namespace

Result<std::unique_ptr<SdlSession>> SdlSession::create(std::uint32_t subsystems) {
    if (SDL_Init(subsystems) != 0)
        return Error{std::string("cannot start SDL: ") + SDL_GetError()};
    return std::unique_ptr<SdlSession>(new SdlSession);
}

SdlSession::~SdlSession() {
    SDL_Quit();
}

Result<Display> open_display(const Options& options,
                             const std::function<void()>& while_video_starts,
                             bool report_failures) {
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
        return Error{std::string("no display: cannot start SDL's video: ") + SDL_GetError()};
    // With no KMS device, X11 or Wayland, SDL falls back to its offscreen
    // driver by itself: everything would be drawn where no one sees it, and
    // nothing would say so (seen on QEMU's raspi3b, which has no vc4). Only
    // --headless, or SDL_VIDEODRIVER naming it, may draw there.
    char const* chosen = SDL_GetCurrentVideoDriver();
    char const* asked = SDL_GetHint(SDL_HINT_VIDEODRIVER);
    if (options.window_mode != WindowMode::Headless && (!asked || !*asked) && chosen &&
        (std::strcmp(chosen, "offscreen") == 0 || std::strcmp(chosen, "dummy") == 0))
        return Error{std::string("no display: SDL found no KMS device (/dev/dri), X11 or "
                                 "Wayland to draw on, only its ") +
                     chosen + " driver"};

    Display display;
    display.session = session.release_value();

    // On the console (kmsdrm) SDL has one screen and no window framebuffer:
    // every window is a GL surface on it, and a window made and destroyed
    // before the real one (a GL probe, a failed attempt) was seen to leave
    // the screen black for good. So there, exactly one window is made, and
    // the video path is chosen from the GL driver it got.
    char const* video_driver = SDL_GetCurrentVideoDriver();
    bool console = video_driver && std::strcmp(video_driver, "KMSDRM") == 0;
    media::RenderPath preferred = media::RenderPath::Software;
    switch (options.render_path) {
    case RenderPathChoice::Software:
        break;
    case RenderPathChoice::OpenGL:
        preferred = media::RenderPath::OpenGL;
        break;
    case RenderPathChoice::Auto:
        if (options.window_mode != WindowMode::Headless && !console)
            preferred = media::detect_render_path();
        break;
    }
    if (options.rotation != 0 && preferred == media::RenderPath::OpenGL) {
        // mpv's OpenGL renderer draws straight to the window, around the
        // canvas that Beacon turns; the software path draws into it.
        log::warning("--rotation " + std::to_string(options.rotation) +
                     " uses the software video path");
        preferred = media::RenderPath::Software;
    }

    // A kiosk with a screen must show something: each way of drawing is tried
    // in turn until one works, and every failure is logged once. SDL's
    // software renderer needs a window framebuffer, which kmsdrm does not
    // have; there the software video path draws through whatever renderer
    // the driver offers (GLES on a GPU or on Mesa's software rasteriser).
    std::vector<DrawingAttempt> attempts =
        console ? std::vector<DrawingAttempt>{console_attempt(preferred)}
                : drawing_attempts(preferred);
    std::string failures;
    for (auto const& attempt : attempts) {
        auto opened = try_drawing(options, attempt);
        if (!opened) {
            if (report_failures)
                log::warning(std::string("display: ") + attempt.name + " failed (" +
                             opened.error().message + "), trying the next way");
            failures += (failures.empty() ? "" : "; ") + std::string(attempt.name) + ": " +
                        opened.error().message;
            continue;
        }
        auto& [window, renderer] = opened.value();
        display.window = std::move(window);
        display.renderer = std::move(renderer);
        display.render_path = attempt.path;
        if (console && options.render_path == RenderPathChoice::Auto && options.rotation == 0)
            display.render_path =
                gl_is_hardware() ? media::RenderPath::OpenGL : media::RenderPath::Software;
        SDL_RendererInfo info{};
        SDL_GetRendererInfo(display.renderer.get(), &info);
        log::info(std::string("render path: ") +
                  (attempt.path == media::RenderPath::Software ? "software" : "opengl") +
                  ", video driver " + SDL_GetCurrentVideoDriver() + ", renderer " +
                  (info.name ? info.name : "?"));
        break;
    }
    if (!display.renderer)
        return Error{"cannot draw on this display: " + failures};
    if (options.window_mode == WindowMode::Fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    return display;
}

Result<Display> wait_for_display(const Options& options, const Error& why) {
    // Said once: the journal is in RAM and bounded, and a line every few
    // seconds would push out what came before it.
    log::error(why.message + "; trying again every " +
               std::to_string(k_display_retry_interval.count()) + " s, without saying so again");
    for (;;) {
        // Up and waiting, for systemd: its start timeout must not end the wait
        // (READY=1 otherwise comes with the first frame), and the boot must
        // reach multi-user.target, which waits for beacon.service to start.
        service::notify_waiting("waiting for a display");
        std::this_thread::sleep_for(k_display_retry_interval);
        auto display = open_display(options, nullptr, false);
        if (display) {
            log::info("display: found one after waiting");
            return display;
        }
    }
}

} // namespace beacon::app
