#include "system/termination.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <semaphore.h>
#include <thread>
#include <unistd.h>

namespace beacon::service {

namespace {

// Written once, before the handlers are installed; read by them.
sem_t g_signalled;
struct sigaction g_previous_term {};
struct sigaction g_previous_int {};
// Read by the handlers: a lock-free atomic is async-signal-safe.
std::atomic<int> g_wake_fd{-1};
static_assert(std::atomic<int>::is_always_lock_free);

// Async-signal-safe throughout: the chained handler (SDL's, which only
// records the quit), sem_post(), signal() and raise().
void on_signal(int number, siginfo_t* info, void* context) {
    int const saved_errno = errno;
    struct sigaction const& previous = number == SIGTERM ? g_previous_term : g_previous_int;
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction)
            previous.sa_sigaction(number, info, context);
    } else if (previous.sa_handler == SIG_DFL) {
        // Nobody turns it into a quit: what the signal would have done.
        std::signal(number, SIG_DFL);
        std::raise(number);
    } else if (previous.sa_handler != SIG_IGN) {
        previous.sa_handler(number);
    }
    if (int const fd = g_wake_fd.load(); fd >= 0) {
        std::uint64_t const one = 1;
        (void)!::write(fd, &one, sizeof one);
    }
    sem_post(&g_signalled);
    errno = saved_errno;
}

void wait_then_exit(std::chrono::milliseconds deadline) {
    // The signals go to the loop's thread, never to this one.
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
    while (sem_wait(&g_signalled) != 0 && errno == EINTR) {
    }
    std::this_thread::sleep_for(deadline);
    // Still here: the loop did not quit in time. A normal exit would run
    // destructors under a thread that is stuck inside them.
    static constexpr char message[] =
        "beacon: warning: the loop did not stop in time after SIGTERM; exiting now\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(0);
}

} // namespace

void install_termination_deadline(std::chrono::milliseconds deadline) {
    static std::once_flag once;
    std::call_once(once, [deadline] {
        sem_init(&g_signalled, 0, 0);
        sigaction(SIGTERM, nullptr, &g_previous_term);
        sigaction(SIGINT, nullptr, &g_previous_int);
        if (g_previous_term.sa_handler == SIG_IGN && !(g_previous_term.sa_flags & SA_SIGINFO))
            return; // ignored on purpose (nohup): leave it so
        std::thread(wait_then_exit, deadline).detach();
        struct sigaction action {};
        action.sa_sigaction = on_signal;
        action.sa_flags = SA_SIGINFO | SA_RESTART;
        sigemptyset(&action.sa_mask);
        sigaction(SIGTERM, &action, nullptr);
        sigaction(SIGINT, &action, nullptr);
    });
}

void wake_on_termination(int fd) {
    g_wake_fd.store(fd);
}

} // namespace beacon::service
