// events::EventWait (events/event_wait.h): the loop's sleep on a video
// driver whose SDL_WaitEventTimeout() polls (offscreen here, kmsdrm on the
// appliance). It must sleep until something happens, and whatever another
// thread pushes, or a SIGTERM that any thread takes, must wake it.

#include "events/event_wait.h"
#include "system/termination.h"

#include <SDL.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <pthread.h>
#include <string>
#include <thread>

using beacon::events::EventWait;
using beacon::events::push_wake_event;
using namespace std::chrono_literals;

namespace {

// SDL's video on the offscreen driver, for one test.
struct OffscreenVideo {
    OffscreenVideo() {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "0");
        ok = SDL_Init(SDL_INIT_VIDEO) == 0;
        event_type = SDL_RegisterEvents(1);
    }
    ~OffscreenVideo() { SDL_Quit(); }
    bool ok = false;
    std::uint32_t event_type = 0;
};

// How often this thread has gone to sleep and been woken so far.
long voluntary_switches() {
    std::ifstream status("/proc/thread-self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("voluntary_ctxt_switches:"))
            return std::stol(line.substr(line.find(':') + 1));
    }
    return -1;
}

} // namespace

TEST_CASE("on a driver that cannot wait, an idle wait sleeps instead of polling",
          "[events][issue22]") {
    OffscreenVideo video;
    REQUIRE(video.ok);
    EventWait wait;
    REQUIRE_FALSE(wait.sdl_waits());
    REQUIRE(beacon::events::wake_fd() >= 0);

    long const before = voluntary_switches();
    REQUIRE(before >= 0);
    CHECK_FALSE(wait.wait(400).has_value());
    long const own = voluntary_switches() - before;
    // SDL's own wait, for the record: it sleeps a millisecond at a time.
    long const sdl_before = voluntary_switches();
    SDL_Event ignored;
    CHECK(SDL_WaitEventTimeout(&ignored, 400) == 0);
    long const sdl = voluntary_switches() - sdl_before;
    INFO("went to sleep " << own << " times in 400 ms; SDL_WaitEventTimeout " << sdl << " times");
    // One poll() that times out, give or take a page fault's I/O.
    CHECK(own <= 5);
    CHECK(sdl > 50);
}

TEST_CASE("an event pushed from another thread wakes the wait, every time", "[events][issue22]") {
    OffscreenVideo video;
    REQUIRE(video.ok);
    EventWait wait;
    REQUIRE_FALSE(wait.sdl_waits());
    // Pushes that land before the wait, during its SDL_PollEvent() and
    // inside its poll(). A lost wake-up leaves the wait asleep until its
    // 10 s are over (it then finds the event): woken means well before.
    int woken = 0;
    for (int round = 0; round < 300; ++round) {
        auto const given_up = std::chrono::steady_clock::now() + 10s;
        std::thread pusher([&, round] {
            if (round % 3 == 1)
                std::this_thread::yield();
            else if (round % 3 == 2)
                std::this_thread::sleep_for(std::chrono::microseconds(200 + round));
            push_wake_event(video.event_type);
        });
        auto const event = wait.wait(10'000);
        pusher.join();
        if (event && event->type == video.event_type &&
            std::chrono::steady_clock::now() < given_up - 5s)
            ++woken;
        else
            break;
    }
    CHECK(woken == 300);
    // Nothing left over: each push was one event, taken once.
    CHECK_FALSE(wait.wait(0).has_value());
}

TEST_CASE("a SIGTERM that another thread takes still wakes the wait with SDL_QUIT",
          "[events][issue22]") {
    // Catch's own SIGTERM handler would report a fatal error: SDL installs
    // its handler only over the default action, as in the player.
    struct sigaction catch_handler {};
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    sigaction(SIGTERM, &default_action, &catch_handler);
    OffscreenVideo video;
    REQUIRE(video.ok);
    // The player's set-up: SDL's handler, chained by the deadline's, which
    // also writes the wait's eventfd. The deadline is far beyond the test.
    beacon::service::install_termination_deadline(std::chrono::minutes(10));
    EventWait wait;
    REQUIRE_FALSE(wait.sdl_waits());
    beacon::service::wake_on_termination(beacon::events::wake_fd());

    // This thread blocks SIGTERM, so the kernel hands it to the other one:
    // the wait's poll() is not interrupted and must be woken.
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    std::atomic<bool> ready{false};
    std::thread taker([&] {
        sigset_t none;
        sigemptyset(&none);
        pthread_sigmask(SIG_SETMASK, &none, nullptr);
        ready = true;
        std::this_thread::sleep_for(100ms);
        kill(getpid(), SIGTERM);
    });
    pthread_sigmask(SIG_BLOCK, &term, nullptr);
    while (!ready)
        std::this_thread::yield();
    auto const given_up = std::chrono::steady_clock::now() + 10s;
    auto const event = wait.wait(10'000);
    // Not woken, the wait would find the quit only when its time is over.
    bool const woken = std::chrono::steady_clock::now() < given_up - 5s;
    taker.join();
    pthread_sigmask(SIG_UNBLOCK, &term, nullptr);
    sigaction(SIGTERM, &catch_handler, nullptr);
    REQUIRE(event.has_value());
    CHECK(event->type == SDL_QUIT);
    CHECK(woken);
}
