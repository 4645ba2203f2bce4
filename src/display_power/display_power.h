#pragma once

// Putting the screen itself to sleep and waking it: HDMI-CEC standby and
// power-on through the kernel's CEC framework (cec.h), DPMS on the DRM
// connector SDL's kmsdrm driver drives (drm_dpms.h), or DPMS under X11
// (x11_dpms.h). What the app draws meanwhile (black) is not this folder's
// business; when to sleep is core/display_sleep.h's.
//
// Every method is tried on each change, because they complement each other:
// CEC puts the television itself in standby (its backlight off), DPMS stops
// the signal, which a monitor without CEC takes as a cue to sleep.
//
// Threading: main thread only. The calls block briefly (a CEC transmit waits
// for the television's acknowledgement, at most about a second).

#include "core/display_hours.h"
#include "core/result.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace beacon::display_power {

class SleepMethod {
  public:
    virtual ~SleepMethod() = default;
    // "hdmi-cec /dev/cec0", "drm-dpms HDMI-A-1": for the log.
    virtual std::string name() const = 0;
    // What the method now reports (for the log: "DPMS is now Off"), or an
    // Error saying what failed (which call, errno, a television's NACK).
    virtual Result<std::string> set(DisplayPower power) = 0;
};

// The methods found on this system, and the log lines about them: which one
// worked, once per method and state change; which failed, once per failure
// and state; and, once, that none exists.
class DisplayPowerControl {
  public:
    explicit DisplayPowerControl(std::vector<std::unique_ptr<SleepMethod>> methods);

    // Tries every method. True when at least one did it, or when there is
    // none (nothing can fail: the app's black screen is all there is).
    // Quiet::Yes for a change a tap caused: nothing a tap causes is logged
    // (privacy); the next logged change is compared with the last logged.
    enum class Quiet { No, Yes };
    bool set(DisplayPower power, Quiet quiet = Quiet::No);
    bool has_methods() const { return !m_methods.empty(); }

  private:
    struct Entry {
        std::unique_ptr<SleepMethod> method;
        // The last state logged for it, as worked (true) or failed (false).
        std::optional<std::pair<DisplayPower, bool>> logged;
    };
    std::vector<Entry> m_methods;
    bool m_said_none = false;
};

} // namespace beacon::display_power
