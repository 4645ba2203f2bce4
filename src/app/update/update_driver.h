#pragma once

// Signed updates while the kiosk plays. A worker thread watches the USB
// folder and the content store (inotify and the mount table), polls
// update-url, and runs the install pipeline. It posts UpdateEvents and wakes
// the loop with one SDL user event each, and never touches the screen or the
// playlist: the loop stages new content in the KioskMachine, which swaps it
// in at the next item boundary, and draws the progress and notice overlay.
//
// Threading: every public function is for the main thread.

#include "app/content.h"
#include "app/options.h"
#include "app/update/update_event.h"
#include "core/geometry.h"

#include <SDL.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace beacon::app {

class UpdateDriver {
  public:
    using Clock = std::chrono::steady_clock;

    // Nothing when updates are off: a playlist was named on the command line.
    static std::unique_ptr<UpdateDriver> create(const Options& options, SDL_Renderer* renderer);
    ~UpdateDriver(); // stops the worker, cancelling an install in progress
    UpdateDriver(const UpdateDriver&) = delete;
    UpdateDriver& operator=(const UpdateDriver&) = delete;

    std::uint32_t event_type() const { return m_event_type; }

    struct News {
        std::optional<LoadedContent> content; // a new version is current: stage it
        // For the frame log and the counters: starts, ends and the staged
        // version (its content moved into `content`), no progress.
        std::vector<UpdateEvent> events;
        bool redraw = false;
    };
    // Collects what the worker posted. Call on each of its SDL events.
    News take_news(Clock::time_point now);
    // Hides a notice whose time is up; true when the screen needs redrawing.
    bool expire(Clock::time_point now);
    std::optional<Clock::time_point> next_wake() const;
    void draw(Size screen);
    // The content root of the playlist the machine just adopted.
    std::shared_ptr<DirectoryContentRoot> take_adopted_root();

  private:
    struct Impl;
    explicit UpdateDriver(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
    std::uint32_t m_event_type = 0;
};

} // namespace beacon::app
