#pragma once

#include "app/options.h"

namespace beacon::app {

// `beacon render FILE --screen ID|hotline ...`: writes the frame the player
// would show, drawn by the same code, with no display.
int run_render(const Options& options);

} // namespace beacon::app
