#include "events/event_wait.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace beacon::events {

namespace {

using namespace std::chrono_literals;

// The process' one eventfd, made by the first EventWait that needs it and
// never closed: any thread may write to it until the process exits, and a
// late write to a closed number would land in whatever file reused it.
std::atomic<int> g_wake_fd{-1};

int process_wake_fd() {
    int const existing = g_wake_fd.load();
    if (existing >= 0)
        return existing;
    int const made = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (made < 0)
        return -1;
    int expected = -1;
    if (g_wake_fd.compare_exchange_strong(expected, made))
        return made;
    ::close(made); // another EventWait made it first
    return expected;
}

bool driver_is(char const* name) {
    char const* driver = SDL_GetCurrentVideoDriver();
    return driver && strcasecmp(driver, name) == 0;
}

// SDL 2.26's Linux drivers whose SDL_WaitEventTimeout() sleeps until
// something happens (those that implement its WaitEventTimeout hook).
bool driver_can_wait() {
    return driver_is("x11") || driver_is("wayland");
}

bool is_event_device(std::string_view name) {
    return name.size() > 5 && name.starts_with("event") &&
           std::all_of(name.begin() + 5, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Reads until nothing is left. False when the descriptor is gone (an
// unplugged device answers ENODEV).
bool empty_out(int fd) {
    std::array<char, 4096> buffer;
    for (;;) {
        ssize_t const got = ::read(fd, buffer.data(), buffer.size());
        if (got > 0)
            continue;
        if (got < 0 && errno == EINTR)
            continue;
        return got < 0 && errno == EAGAIN;
    }
}

constexpr std::string_view k_input_folder = "/dev/input";
// poll() set bound: more input devices than a kiosk ever has.
constexpr std::size_t k_max_inputs = 64;

} // namespace

void push_wake_event(std::uint32_t type) {
    if (type == 0)
        return;
    SDL_Event event{};
    event.type = type;
    SDL_PushEvent(&event);
    // After the push: a waiter that wakes for this finds the event queued.
    if (int const fd = g_wake_fd.load(); fd >= 0) {
        std::uint64_t const one = 1;
        // Full (EAGAIN) still reads as ready: nothing to do on failure.
        (void)!::write(fd, &one, sizeof one);
    }
}

void wake_callback(void* context) {
    push_wake_event(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(context)));
}

void* wake_context(std::uint32_t type) {
    return reinterpret_cast<void*>(std::uintptr_t{type});
}

int wake_fd() {
    return g_wake_fd.load();
}

EventWait::EventWait() {
    if (driver_can_wait())
        return;
    m_wake_fd = process_wake_fd();
    // Only kmsdrm reads the input devices (SDL's evdev code); offscreen and
    // dummy read none, so watching them there would only wake for nothing.
    if (m_wake_fd < 0 || !driver_is("KMSDRM"))
        return;
    m_inotify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_inotify_fd >= 0 && ::inotify_add_watch(m_inotify_fd, std::string(k_input_folder).c_str(),
                                                 IN_CREATE | IN_ATTRIB | IN_DELETE) < 0) {
        ::close(m_inotify_fd);
        m_inotify_fd = -1;
    }
    open_inputs();
}

EventWait::~EventWait() {
    for (Input const& input : m_inputs)
        ::close(input.fd);
    if (m_inotify_fd >= 0)
        ::close(m_inotify_fd);
}

std::optional<SDL_Event> EventWait::wait(int timeout_ms) {
    if (m_wake_fd >= 0)
        return wait_in_poll(timeout_ms);
    SDL_Event event;
    bool const got =
        timeout_ms < 0 ? SDL_WaitEvent(&event) != 0 : SDL_WaitEventTimeout(&event, timeout_ms) != 0;
    if (!got)
        return std::nullopt;
    return event;
}

std::optional<SDL_Event> EventWait::wait_in_poll(int timeout_ms) {
    auto const deadline = timeout_ms < 0 ? Clock::time_point::max()
                                         : Clock::now() + std::chrono::milliseconds(timeout_ms);
    bool input_unanswered = false;
    for (;;) {
        // Pumps SDL's own input descriptors, then takes the oldest event.
        SDL_Event event;
        if (SDL_PollEvent(&event))
            return event;
        auto const now = Clock::now();
        if (now >= deadline)
            return std::nullopt;
        auto until = deadline;
        // Input came but SDL had no event for it yet: it may not have read
        // its own copy when this one woke, so look once more shortly.
        if (input_unanswered)
            until = std::min(until, now + 5ms);
        if (now < m_pump_often_until)
            until = std::min(until, now + 100ms);
        int const poll_ms =
            until == Clock::time_point::max()
                ? -1
                : static_cast<int>(std::min<long long>(
                      std::chrono::ceil<std::chrono::milliseconds>(until - now).count(), INT_MAX));

        m_watched.clear();
        m_watched.push_back({m_wake_fd, POLLIN, 0});
        if (m_inotify_fd >= 0)
            m_watched.push_back({m_inotify_fd, POLLIN, 0});
        for (Input const& input : m_inputs)
            m_watched.push_back({input.fd, POLLIN, 0});
        int const count = ::poll(m_watched.data(), m_watched.size(), poll_ms);
        input_unanswered = false;
        if (count < 0 && errno != EINTR) {
            // Out of memory for the set, say: SDL's own wait, for the time
            // left, rather than a loop that spins.
            SDL_Event event;
            bool const got = SDL_WaitEventTimeout(&event, poll_ms < 0 ? 1000 : poll_ms) != 0;
            if (got)
                return event;
            continue;
        }
        if (count <= 0)
            continue; // the time is up, or a signal: SDL's queue first
        input_unanswered = drain();
    }
}

bool EventWait::drain() {
    std::size_t next = 0;
    if (m_watched[next++].revents & POLLIN) {
        std::uint64_t count = 0;
        (void)!::read(m_wake_fd, &count, sizeof count);
    }
    bool devices_changed = false;
    if (m_inotify_fd >= 0) {
        if (m_watched[next++].revents & POLLIN) {
            alignas(inotify_event) std::array<char, 4096> buffer;
            ssize_t got;
            while ((got = ::read(m_inotify_fd, buffer.data(), buffer.size())) > 0) {
                for (ssize_t at = 0; at < got;) {
                    auto const* change = reinterpret_cast<inotify_event const*>(buffer.data() + at);
                    // A queue that overflowed lost names: look again at all.
                    if ((change->mask & IN_Q_OVERFLOW) ||
                        (change->len > 0 && is_event_device(change->name)))
                        devices_changed = true;
                    at += static_cast<ssize_t>(sizeof(inotify_event) + change->len);
                }
            }
        }
    }
    bool input_came = false;
    // Backwards, so closing one leaves the indices of those before it.
    for (std::size_t i = m_inputs.size(); i-- > 0;) {
        short const events = m_watched[next + i].revents;
        if (events & POLLIN)
            input_came = true;
        if ((events & (POLLERR | POLLHUP | POLLNVAL)) ||
            ((events & POLLIN) && !empty_out(m_inputs[i].fd))) {
            close_input(i);
            // Gone, or unplugged and plugged again under the same name
            // before inotify was read: look at the folder again.
            devices_changed = true;
        }
    }
    if (devices_changed) {
        std::size_t const before = m_inputs.size();
        open_inputs();
        // SDL learns of a new device from udev, a moment after its node
        // appears: pump often for a while so it starts reading it.
        if (m_inputs.size() > before)
            m_pump_often_until = Clock::now() + 2s;
    }
    return input_came;
}

void EventWait::open_inputs() {
    DIR* folder = ::opendir(std::string(k_input_folder).c_str());
    if (!folder)
        return;
    while (dirent const* entry = ::readdir(folder)) {
        std::string_view const name = entry->d_name;
        if (!is_event_device(name) || m_inputs.size() >= k_max_inputs)
            continue;
        bool const watched = std::any_of(m_inputs.begin(), m_inputs.end(),
                                         [&](Input const& input) { return input.name == name; });
        if (watched)
            continue;
        std::string const path = std::string(k_input_folder) + "/" + std::string(name);
        // Read only to be emptied: SDL reads the events from its own copy.
        int const fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0)
            m_inputs.push_back({std::string(name), fd});
    }
    ::closedir(folder);
}

void EventWait::close_input(std::size_t index) {
    ::close(m_inputs[index].fd);
    m_inputs.erase(m_inputs.begin() + static_cast<std::ptrdiff_t>(index));
}

} // namespace beacon::events
