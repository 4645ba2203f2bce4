#include "app/player/screen_power.h"

#include "display_power/cec.h"
#include "display_power/drm_dpms.h"
#include "display_power/x11_dpms.h"

#include <SDL_syswm.h>

namespace beacon::app::player {

namespace {

// Every method this system has: the CEC adapters, and the DPMS of the video
// driver SDL runs on (kmsdrm: the connector of SDL's DRM master; X11: the
// server). Headless (offscreen) has none.
std::vector<std::unique_ptr<display_power::SleepMethod>> find_methods(SDL_Window* window) {
    auto methods = display_power::CecSleep::find_all();
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (window && SDL_GetWindowWMInfo(window, &info)) {
        std::unique_ptr<display_power::SleepMethod> dpms;
#if defined(SDL_VIDEO_DRIVER_KMSDRM)
        if (info.subsystem == SDL_SYSWM_KMSDRM)
            dpms = display_power::DrmDpms::create(info.info.kmsdrm.drm_fd);
#endif
#if defined(SDL_VIDEO_DRIVER_X11)
        if (info.subsystem == SDL_SYSWM_X11)
            dpms = display_power::x11_dpms(info.info.x11.display);
#endif
        if (dpms)
            methods.push_back(std::move(dpms));
    }
    return methods;
}

} // namespace

void ScreenPower::switch_screen(DisplayAction action,
                                display_power::DisplayPowerControl::Quiet quiet,
                                Clock::time_point now) {
    if (action != DisplayAction::Sleep && action != DisplayAction::Wake)
        return;
    if (!m_control)
        m_control = std::make_unique<display_power::DisplayPowerControl>(
            find_methods(m_display.window.get()));
    bool done = m_control->set(
        action == DisplayAction::Sleep ? DisplayPower::Off : DisplayPower::On, quiet);
    if (action == DisplayAction::Wake)
        m_sleep.wake_done(done, now);
}

} // namespace beacon::app::player
