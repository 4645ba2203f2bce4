#pragma once

// When a fleet report may carry a picture of the screen (`report-screenshot`,
// issue 20): never while the hotline screen is up, nor within quiet_after of
// its closing, so no picture can show, or hint at, someone reading the
// hotline. The one place that rule lives: the player tells it what the
// screen is after every event the kiosk machine handles, and asks it before
// every capture (app/player/player.cpp).
//
// Invariants:
// - allows() is false whenever the last screen observed was the hotline, or
//   the hotline was observed less than quiet_after ago;
// - it forgets nothing but the time the hotline last closed (no count, no
//   language, nothing about a tap).

#include "core/playlist.h"

#include <chrono>
#include <optional>

namespace beacon {

class ScreenshotGate {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    static constexpr Milliseconds quiet_after{60'000};

    // What is on screen now: the hotline screen or not.
    void observe(bool hotline_up, TimePoint now);
    // Whether a picture of the screen may be taken at `now`, the hotline
    // screen being up or not at that moment.
    bool allows(bool hotline_up, TimePoint now) const;
    // When allows() will next be true, if the hotline is not up: for tests
    // and logs.
    std::optional<TimePoint> quiet_until() const;

  private:
    bool m_hotline_up = false;
    std::optional<TimePoint> m_hotline_left; // the last time it was seen up
};

} // namespace beacon
