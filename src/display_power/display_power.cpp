#include "display_power/display_power.h"

#include "system/log.h"

namespace beacon::display_power {

DisplayPowerControl::DisplayPowerControl(std::vector<std::unique_ptr<SleepMethod>> methods) {
    for (auto& method : methods)
        m_methods.push_back({std::move(method), std::nullopt});
}

bool DisplayPowerControl::set(DisplayPower power, Quiet quiet) {
    if (m_methods.empty()) {
        if (!m_said_none && quiet == Quiet::No)
            log::warning("display power: no way to switch the screen itself off here (no "
                         "HDMI-CEC device, no DRM connector with DPMS, no X11 DPMS): while the "
                         "display sleeps it only shows black");
        m_said_none = m_said_none || quiet == Quiet::No;
        return true;
    }
    bool any = false;
    for (auto& entry : m_methods) {
        auto done = entry.method->set(power);
        std::pair<DisplayPower, bool> now{power, done.ok()};
        if (entry.logged != now && quiet == Quiet::No) {
            if (done)
                log::info("display power: " + entry.method->name() + " turned the screen " +
                          display_power_name(power) +
                          (done.value().empty() ? "" : ": " + done.value()));
            else
                log::warning("display power: " + entry.method->name() +
                             " could not turn the "
                             "screen " +
                             display_power_name(power) + ": " + done.error().message);
            entry.logged = now;
        }
        any = any || done.ok();
    }
    return any;
}

} // namespace beacon::display_power
