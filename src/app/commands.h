#pragma once

#include "app/options.h"

namespace beacon::app {

// `beacon validate FILE...`: prints every problem as FILE:LINE: error: message.
// Exits 1 if any file had an error, 0 otherwise.
int run_validate(const Options& options);

// `beacon render FILE --screen ID|hotline ...`: writes the frame the player
// would show, drawn by the same code, with no display.
int run_render(const Options& options);

} // namespace beacon::app
