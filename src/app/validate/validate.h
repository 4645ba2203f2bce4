#pragma once

#include "app/options.h"

namespace beacon::app {

// `beacon validate FILE...`: prints every problem as FILE:LINE: error: message.
// Exits 1 if any file had an error, 0 otherwise.
int run_validate(const Options& options);

} // namespace beacon::app
