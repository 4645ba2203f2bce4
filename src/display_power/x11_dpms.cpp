#include "display_power/x11_dpms.h"

#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>

namespace beacon::display_power {

namespace {

class X11Dpms final : public SleepMethod {
  public:
    explicit X11Dpms(Display* display) : m_display(display) {}
    std::string name() const override { return "x11-dpms"; }

    Result<std::string> set(DisplayPower power) override {
        // Forcing a level needs DPMS enabled; the screen saver's own timeouts
        // stay as they were (Beacon's X session sets them to 0).
        if (!DPMSEnable(m_display))
            return Error{"DPMSEnable failed"};
        CARD16 level = power == DisplayPower::Off ? DPMSModeOff : DPMSModeOn;
        if (!DPMSForceLevel(m_display, level))
            return Error{"DPMSForceLevel failed"};
        XSync(m_display, False);
        CARD16 now = 0;
        BOOL enabled = False;
        if (!DPMSInfo(m_display, &now, &enabled) || now != level)
            return Error{"the X server reports another DPMS level (" + std::to_string(now) + ")"};
        return std::string("the X server reports DPMS ") + (now == DPMSModeOff ? "Off" : "On");
    }

  private:
    Display* m_display;
};

} // namespace

std::unique_ptr<SleepMethod> x11_dpms(void* x_display) {
    auto* display = static_cast<Display*>(x_display);
    int event_base = 0, error_base = 0;
    if (!display || !DPMSQueryExtension(display, &event_base, &error_base) || !DPMSCapable(display))
        return nullptr;
    return std::make_unique<X11Dpms>(display);
}

} // namespace beacon::display_power
