#pragma once

// How the loop sleeps until something happens, and how other threads wake
// it.
//
// SDL 2.26 sleeps properly in SDL_WaitEventTimeout() only on the video
// drivers that can wait (x11, wayland): on the others, kmsdrm among them,
// which the appliance draws with, it pumps the input devices and sleeps one
// millisecond, again and again. An idle kiosk then woke about 900 times a
// second. On those drivers EventWait sleeps in poll() instead, on:
// - an eventfd that push_wake_event() writes after each event it pushes;
// - on kmsdrm, whose input SDL reads from the evdev devices itself: a
//   second descriptor of each /dev/input/event*, read only to be emptied
//   (SDL reads its own when it pumps), and inotify on /dev/input, so a
//   screen or keyboard plugged in later is watched too;
// and pumps SDL's events only when one of them is ready, or when the
// caller's time is up.
//
// Every event another thread pushes must go through push_wake_event(): a
// bare SDL_PushEvent() reaches the loop only at its next deadline on those
// drivers.

#include <SDL.h>
#include <poll.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::events {

// Any thread. Queues an SDL event of `type` (0: nothing), then wakes the
// loop if it sleeps in EventWait's own poll(). The event is queued before
// the wake, so a waiter that wakes always finds it.
void push_wake_event(std::uint32_t type);

// For C libraries' callbacks (libmpv's wakeup and render update): the
// event type travels in the context pointer, so no object has to outlive
// the callback. wake_callback(wake_context(type)) is push_wake_event(type).
void wake_callback(void* context);
void* wake_context(std::uint32_t type);

// The eventfd push_wake_event() writes, for a signal handler to write too
// (8 bytes; write() is async-signal-safe). -1 until an EventWait on a
// driver that cannot wait has made it; never closed after that.
int wake_fd();

// Threading: the thread that pumps SDL's events (the main thread) only.
class EventWait {
  public:
    // After SDL's video subsystem is up: its driver decides the way of
    // waiting. Never fails: what cannot be opened is not watched, and
    // without an eventfd it waits as SDL does.
    EventWait();
    ~EventWait();
    EventWait(const EventWait&) = delete;
    EventWait& operator=(const EventWait&) = delete;

    // The next event, or nothing once `timeout_ms` has passed (negative:
    // no limit).
    std::optional<SDL_Event> wait(int timeout_ms);

    // True where SDL's own wait is used: on x11 and wayland, where it
    // sleeps; and, should eventfd() have failed, anywhere (it then polls).
    bool sdl_waits() const { return m_wake_fd < 0; }
    // How many input devices are watched (own poll() only).
    std::size_t watched_inputs() const { return m_inputs.size(); }

  private:
    using Clock = std::chrono::steady_clock;
    struct Input {
        std::string name; // "event3"
        int fd = -1;
    };

    std::optional<SDL_Event> wait_in_poll(int timeout_ms);
    // Opens the devices of /dev/input not watched yet; keeps the others.
    void open_inputs();
    void close_input(std::size_t index);
    // Reads what is waiting on the descriptors m_watched found ready. True
    // when input came.
    bool drain();

    int m_wake_fd = -1;    // the process' eventfd: never closed (see .cpp)
    int m_inotify_fd = -1; // on /dev/input; -1 without it
    std::vector<Input> m_inputs;
    // poll()'s set, in this order: the eventfd, inotify (if any), then
    // m_inputs. Kept to reuse its room: the loop waits once a frame.
    std::vector<pollfd> m_watched;
    // After a device appeared: SDL hears of it from udev a little later,
    // so it is pumped every 100 ms until then.
    Clock::time_point m_pump_often_until{};
};

} // namespace beacon::events
