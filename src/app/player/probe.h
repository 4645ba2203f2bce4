#pragma once

// The player's instrumentation seam: where its time comes from, where
// scripted input comes from, and where a record of each frame goes. The
// loop reads the clock once per turn, asks the input source when it next
// needs waking, and hands every frame and input event to the frame sink; it
// never knows whether it is measured.
//
// A plain `beacon play` gets the real probe: the steady clock, no scripted
// input, no frame record. The "testing and measurement" options (README.md;
// --time-scale, --tap-at, --frame-log, --run-for, with --headless) swap in a
// scaled clock, a scripted input source and a CSV frame log. They stay in
// release builds because the packaged-binary test (tests/ops/deb.sh), the
// benchmarks (bench/) and the QEMU system test drive the released binary.
//
// Threading: main thread only.

#include "app/options.h"
#include "core/geometry.h"
#include "core/result.h"

#include <SDL.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace beacon::app::player {

using Clock = std::chrono::steady_clock;

// The loop's time. Timers (item durations, timeouts, --run-for) run on it;
// media play at their own speed.
class LoopClock {
  public:
    virtual ~LoopClock() = default;
    // Starts the loop's time at the steady clock's now; call once, first.
    virtual void begin() = 0;
    // When the loop started, in loop time.
    virtual Clock::time_point start() const = 0;
    virtual Clock::time_point now() const = 0;
    // A span of loop time as real time (how long to sleep for it), and back.
    virtual std::chrono::duration<double, std::nano> to_real(Clock::duration loop) const = 0;
    virtual Clock::duration to_loop(Clock::duration real) const = 0;
};

// Input that no person gives: delivered through SDL's own queue, so the loop
// handles it exactly as a finger's.
class InputSource {
  public:
    virtual ~InputSource() = default;
    // Times the script from `start`, the loop's start; call once, first.
    virtual void begin(Clock::time_point start) = 0;
    // When the next scripted input is due, if any is left.
    virtual std::optional<Clock::time_point> next_due() const = 0;
    // Pushes every input due at `now` into SDL's queue.
    virtual void deliver_due(Clock::time_point now) = 0;
};

// What is on screen when a frame or an input event is recorded.
struct FrameRowContext {
    const char* screen = "loop";
    std::string item;
    std::string lang;
};

// A record of every presented frame and input event.
class FrameSink {
  public:
    virtual ~FrameSink() = default;
    // Times the rows from `start`, the loop's start; call once, first.
    virtual void begin(Clock::time_point start) = 0;
    virtual void event(Clock::time_point now, const FrameRowContext& on_screen,
                       const std::string& detail) = 0;
    // The display went to sleep (`on` false) or woke.
    virtual void display(Clock::time_point now, const FrameRowContext& on_screen, bool on) = 0;
    // The hotline's focus ring moved to `target` ("close", "language es").
    virtual void focus(Clock::time_point now, const FrameRowContext& on_screen,
                       const std::string& target) = 0;
    // Called with the frame drawn and not yet presented: a sink may read it
    // back from `renderer` (`output` pixels).
    virtual void frame(Clock::time_point now, const FrameRowContext& on_screen,
                       SDL_Renderer* renderer, Size output, bool redraw) = 0;
};

struct Probe {
    std::unique_ptr<LoopClock> clock;
    std::unique_ptr<InputSource> input;
    std::unique_ptr<FrameSink> frames;
    // How long after its start the loop stops by itself (--run-for), in
    // loop time; never if unset.
    std::optional<Clock::duration> run_for;

    // Starts the clock and the input script; call once, as the loop starts.
    void begin() {
        clock->begin();
        input->begin(clock->start());
        frames->begin(clock->start());
    }
    std::optional<Clock::time_point> stop_at() const {
        if (!run_for)
            return std::nullopt;
        return clock->start() + *run_for;
    }
};

// The real probe: the steady clock, no input, no record.
Probe real_probe();
// The probe `options` ask for: the real one when they ask for nothing. An
// Error when the frame log cannot be written.
Result<Probe> probe_for(const Options& options);

} // namespace beacon::app::player
