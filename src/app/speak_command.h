#pragma once

// beacon speak PLAYLIST --lang CODE --out FILE.wav (issue 23, part 5):
// writes exactly what the hotline screen's Listen button says in that
// language, for administrators to hear and for tests to measure.

#include "app/options.h"

namespace beacon::app {

int run_speak(const Options& options);

} // namespace beacon::app
