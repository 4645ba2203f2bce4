#pragma once

// SIGTERM and SIGINT end Beacon within a deadline, whatever the loop is
// doing (issue 18). SDL turns either signal into SDL_QUIT, which the loop
// handles between turns: a clean exit that saves the day's counters. A turn
// that does not end (a layout that takes minutes, a hung driver) would leave
// `systemctl stop` unanswered until systemd's own timeout, so the handler
// SDL installed is wrapped: the signal still reaches SDL, and a thread
// started here ends the process with _exit(0) if it is still running
// `deadline` after the first signal.
//
// Call after SDL_Init, whose handlers it chains to (ServiceNotifier's
// constructor does, and the player constructs it after opening the display).
// Later calls do nothing. Without a handler to chain to, the signal keeps its
// default action.

#include <chrono>

namespace beacon::service {

void install_termination_deadline(std::chrono::milliseconds deadline = std::chrono::seconds(2));

// After the signal reached SDL's handler, also writes 8 bytes to `fd` (an
// eventfd; -1: none): a loop asleep in its own poll() (events/event_wait.h)
// then wakes and finds the quit, whichever thread the signal interrupted.
void wake_on_termination(int fd);

} // namespace beacon::service
