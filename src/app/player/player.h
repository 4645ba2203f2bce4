#pragma once

#include "app/options.h"

namespace beacon::app {

// Runs the kiosk loop until SIGTERM/SIGINT or --run-for. Returns the exit code.
int run_player(const Options& options);

} // namespace beacon::app
