#pragma once

// DPMS under X11 (libXext's DPMS extension: DPMSForceLevel), for a kiosk
// that runs Beacon in an X session. The Display is SDL's connection,
// borrowed. Debian's Xvfb has no DPMS extension (xdpyinfo lists none), so
// no test here reaches DPMSForceLevel: it runs only under a real X server.

#include "display_power/display_power.h"

namespace beacon::display_power {

// Nullptr when `x_display` (an X11 Display*) lacks DPMS or cannot use it.
std::unique_ptr<SleepMethod> x11_dpms(void* x_display);

} // namespace beacon::display_power
