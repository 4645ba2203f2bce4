#include "core/screenshot_gate.h"

namespace beacon {

void ScreenshotGate::observe(bool hotline_up, TimePoint now) {
    if (hotline_up || m_hotline_up)
        m_hotline_left = now; // up until now, at least
    m_hotline_up = hotline_up;
}

bool ScreenshotGate::allows(bool hotline_up, TimePoint now) const {
    if (hotline_up || m_hotline_up)
        return false;
    return !m_hotline_left || now - *m_hotline_left >= quiet_after;
}

std::optional<ScreenshotGate::TimePoint> ScreenshotGate::quiet_until() const {
    if (!m_hotline_left)
        return std::nullopt;
    return *m_hotline_left + quiet_after;
}

} // namespace beacon
