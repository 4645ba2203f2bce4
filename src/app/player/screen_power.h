#pragma once

// The player's side of display sleep (issue 25): asks core/display_sleep.h
// what to do each turn, and switches the screen itself through
// display_power/ (HDMI-CEC, DRM DPMS, X11 DPMS). The loop does the rest:
// black and frozen while asleep (kiosk_player.h).
//
// "Restarting the display path" after a minute of failed wakes in opening
// hours means leaving the loop with exit_code_restart_display: systemd
// (Restart=always) starts Beacon afresh, and SDL's kmsdrm driver then takes
// DRM master again and sets the mode, which lights the connector; a HDMI
// sink that came back meanwhile is found anew. Recreating the window inside
// the running process was rejected: mpv's render context, the GL context and
// every texture would have to be torn down and rebuilt in order, a path that
// would run only in this rare failure and so would be the least tested one.
//
// Threading: main thread only.

#include "app/display.h"
#include "core/display_hours.h"
#include "core/display_sleep.h"
#include "display_power/display_power.h"

#include <chrono>
#include <memory>
#include <optional>

namespace beacon::app::player {

// EX_TEMPFAIL: a temporary failure; systemd restarts the service.
constexpr int exit_code_restart_display = 75;

class ScreenPower {
  public:
    using Clock = std::chrono::steady_clock;
    // Borrows `display` (its window) for the DPMS handles; the methods are
    // found the first time the screen sleeps, so a kiosk without
    // display-hours never opens /dev/cec*.
    explicit ScreenPower(const Display& display) : m_display(display) {}

    // The hours' verdict and what it means now; see DisplaySleep.
    DisplayAction update(const std::optional<DisplayHours>& hours, const LocalTime& local,
                         bool hotline_open, Clock::time_point now) {
        return m_sleep.update(scheduled_display_power(hours, local) == DisplayPower::On,
                              hotline_open, now);
    }
    DisplayAction tap() { return m_sleep.tap(); }
    DisplayAction hotline_closed() { return m_sleep.hotline_closed(); }

    // Switches the screen for a Sleep or Wake and records a wake's outcome.
    // `quiet`: the change was caused by a tap, and nothing is logged.
    void switch_screen(DisplayAction action, display_power::DisplayPowerControl::Quiet quiet,
                       Clock::time_point now);

    bool asleep() const { return m_sleep.asleep(); }
    bool awake_by_hours() const { return m_sleep.awake_by_hours(); }
    std::optional<Clock::time_point> next_wake() const { return m_sleep.next_deadline(); }

  private:
    const Display& m_display;
    DisplaySleep m_sleep;
    std::unique_ptr<display_power::DisplayPowerControl> m_control; // found at the first sleep
};

} // namespace beacon::app::player
