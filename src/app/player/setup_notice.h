#pragma once

// What went wrong while the kiosk was set up: the configuration's problems,
// those the appliance found on its BEACON partition (--setup-problems FILE,
// written by beacon-boot-config), and a playlist that could not be used.
// Each is in the log too; this puts them on the screen for the first
// minutes after start, so an administrator standing at a kiosk with no
// keyboard sees that the stick or the partition they edited was wrong.
//
// Threading: main thread only (it draws with the player's renderer).

#include "app/player/probe.h"
#include "core/geometry.h"
#include "render/update_overlay.h"

#include <SDL.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::app::player {

// One line for the screen: "Setup problem: FIRST", and how many more the
// journal holds; empty when there is none.
std::string setup_summary(const std::vector<std::string>& problems);

// The problems in a --setup-problems file: one per line, blank lines and
// surrounding spaces dropped, at most `max_problems`.
std::vector<std::string> setup_problem_lines(std::string_view text, std::size_t max_problems);

class SetupNotice {
  public:
    // Long enough for someone who just plugged the kiosk in to look at it.
    static constexpr std::chrono::minutes shown_for{3};

    SetupNotice(SDL_Renderer* renderer, const std::vector<std::string>& problems);

    // Shows the notice from the loop's start (if there is anything to say).
    void begin(Clock::time_point start);
    // Hides it once its time is over; true when that changed the screen.
    bool expire(Clock::time_point now);
    std::optional<Clock::time_point> next_wake() const { return m_until; }
    bool visible() const { return m_until.has_value(); }
    const std::string& summary() const { return m_summary; }
    void draw(Size screen);

  private:
    render::UpdateOverlay m_overlay;
    std::string m_summary;
    std::optional<Clock::time_point> m_until;
};

} // namespace beacon::app::player
