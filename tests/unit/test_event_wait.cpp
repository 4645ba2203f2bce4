// events::EventWait (events/event_wait.h): the loop's sleep on a video
// driver whose SDL_WaitEventTimeout() polls (offscreen here, kmsdrm on the
// appliance). It must sleep until something happens, and whatever another
// thread pushes, or a SIGTERM that any thread takes, must wake it.

#include "events/event_wait.h"
#include "integration/thread_status.h"
#include "system/termination.h"

#include <SDL.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <pthread.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

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

long voluntary_switches() {
    return test::voluntary_switches("/proc/thread-self/status");
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
    auto const started = std::chrono::steady_clock::now();
    CHECK_FALSE(wait.wait(400).has_value());
    // It did wait: a wait that returned at once would also sleep little.
    CHECK(std::chrono::steady_clock::now() - started >= 390ms);
    long const own = voluntary_switches() - before;
    // SDL's own wait, for the record: it sleeps a millisecond at a time.
    long const sdl_before = voluntary_switches();
    SDL_Event ignored;
    CHECK(SDL_WaitEventTimeout(&ignored, 400) == 0);
    long const sdl = voluntary_switches() - sdl_before;
    INFO("went to sleep " << own << " times in 400 ms; SDL_WaitEventTimeout " << sdl << " times");
    // One poll() that times out, give or take a page fault's I/O.
    CHECK(own <= 5);
    if (sdl <= 50)
        WARN("SDL_WaitEventTimeout() no longer polls on offscreen (" << sdl
                                                                     << " sleeps in 400 ms)");
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

namespace {

// The SIGTERM case's body, in a child process of its own: it installs the
// player's signal handlers for good and starts the deadline's thread, which
// must not outlive the test. Returns the child's exit code: 0 when the wait
// was woken with SDL_QUIT, 1 to 3 for what went wrong.
int sigterm_wakes_the_wait() {
    // Catch's own handler for SIGTERM was inherited: SDL installs its own
    // only over the default action, as in the player.
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    sigaction(SIGTERM, &default_action, nullptr);
    OffscreenVideo video;
    if (!video.ok)
        return 1;
    // The player's set-up: SDL's handler, chained by the deadline's, which
    // also writes the wait's eventfd. The deadline is far beyond the test.
    beacon::service::install_termination_deadline(std::chrono::minutes(1));
    EventWait wait;
    if (wait.sdl_waits())
        return 1;
    beacon::service::wake_on_termination(beacon::events::wake_fd());

    // This thread blocks SIGTERM, so the kernel hands it to the other one:
    // the wait's poll() is not interrupted and must be woken.
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, nullptr);
    std::thread taker([&] {
        pthread_sigmask(SIG_UNBLOCK, &term, nullptr);
        std::this_thread::sleep_for(100ms);
        kill(getpid(), SIGTERM);
    });
    auto const given_up = std::chrono::steady_clock::now() + 10s;
    auto const event = wait.wait(10'000);
    // Not woken, the wait would find the quit only when its time is over.
    bool const woken = std::chrono::steady_clock::now() < given_up - 5s;
    taker.join();
    if (!event || event->type != SDL_QUIT)
        return 2;
    return woken ? 0 : 3;
}

} // namespace

TEST_CASE("a SIGTERM that another thread takes still wakes the wait with SDL_QUIT",
          "[events][issue22]") {
    pid_t const child = fork();
    REQUIRE(child >= 0);
    if (child == 0)
        _exit(sigterm_wakes_the_wait());
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    INFO("1: no offscreen video or no eventfd; 2: no SDL_QUIT; 3: SDL_QUIT only at the timeout");
    CHECK(WEXITSTATUS(status) == 0);
}
