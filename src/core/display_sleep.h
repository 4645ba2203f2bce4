#pragma once

// When the display sleeps and wakes, as a value: the hours' verdict, taps,
// the hotline closing and the outcome of each wake go in, with the loop's
// `now`; what to do to the screen comes out. It never reads a clock and
// never touches a screen (the app carries out its commands through
// display_power/).
//
// Invariants:
// - Awake whenever the hours say on (core/display_hours.h), which they always
//   do with no display-hours or an untrusted clock.
// - A tap on a sleeping display wakes it for the hotline; it sleeps again
//   when that hotline closes (its timeout, or the close target), unless the
//   hours opened meanwhile. A hotline open when the hours close is left to
//   its reader in the same way.
// - A wake that failed is retried every wake_retry; when the hours say on and
//   it has kept failing for restart_after, RestartDisplayPath is returned once
//   (the app then lets systemd start it afresh: see app/player/display_sleep
//   in kiosk_player.h), so opening hours never stay dark.
// - Awake time caused by a tap is not awake_by_hours(): the daily "hours
//   awake" figure says nothing about taps.

#include <chrono>
#include <optional>

namespace beacon {

using TimePoint = std::chrono::steady_clock::time_point;

struct DisplaySleepConfig {
    std::chrono::milliseconds wake_retry{5'000};
    std::chrono::milliseconds restart_after{60'000};
};

enum class DisplayAction { None, Sleep, Wake, RestartDisplayPath };
const char* display_action_name(DisplayAction action);

class DisplaySleep {
  public:
    explicit DisplaySleep(DisplaySleepConfig config = {}) : m_config(config) {}

    // The hours' verdict for this turn (`scheduled_on`), and whether the
    // hotline is open now. Call every turn; also retries failed wakes.
    DisplayAction update(bool scheduled_on, bool hotline_open, TimePoint now);
    // A tap, click or key. Wake when asleep: the caller then opens the
    // hotline (the tap is not handed to the loop as anything else).
    DisplayAction tap();
    // The hotline closed: back to sleep if the hours are closed.
    DisplayAction hotline_closed();
    // What carrying out the last Wake achieved.
    void wake_done(bool ok, TimePoint now);

    // The screen is dark and the loop frozen.
    bool asleep() const { return m_asleep; }
    // Awake because the hours say so (not because of a tap).
    bool awake_by_hours() const { return !m_asleep && m_scheduled_on; }
    bool wake_failing() const { return m_failing_since.has_value(); }
    // When update() next has something to do on its own (a retry, the
    // restart), if ever.
    std::optional<TimePoint> next_deadline() const;

  private:
    DisplaySleepConfig m_config;
    bool m_scheduled_on = true;
    bool m_asleep = false;
    // Awake outside the hours for a hotline: sleeps when it closes.
    bool m_awake_for_hotline = false;
    std::optional<TimePoint> m_failing_since;
    std::optional<TimePoint> m_retry_at;
    bool m_restart_asked = false;
};

} // namespace beacon
