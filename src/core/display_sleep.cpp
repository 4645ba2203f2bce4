#include "core/display_sleep.h"

namespace beacon {

const char* display_action_name(DisplayAction action) {
    switch (action) {
    case DisplayAction::None:
        return "none";
    case DisplayAction::Sleep:
        return "sleep";
    case DisplayAction::Wake:
        return "wake";
    case DisplayAction::RestartDisplayPath:
        return "restart-display-path";
    }
    return "none";
}

DisplayAction DisplaySleep::update(bool scheduled_on, bool hotline_open, TimePoint now) {
    m_scheduled_on = scheduled_on;
    if (scheduled_on) {
        m_awake_for_hotline = false;
        if (m_asleep) {
            m_asleep = false;
            return DisplayAction::Wake;
        }
    } else if (!m_asleep) {
        if (hotline_open) {
            // Someone is reading: the screen stays lit until they are done.
            m_awake_for_hotline = true;
        } else if (!m_awake_for_hotline) {
            m_asleep = true;
            m_failing_since.reset();
            m_retry_at.reset();
            return DisplayAction::Sleep;
        }
    }
    if (!m_failing_since || m_asleep)
        return DisplayAction::None;
    if (m_scheduled_on && !m_restart_asked && now - *m_failing_since >= m_config.restart_after) {
        m_restart_asked = true;
        return DisplayAction::RestartDisplayPath;
    }
    if (m_retry_at && now >= *m_retry_at) {
        m_retry_at = now + m_config.wake_retry;
        return DisplayAction::Wake;
    }
    return DisplayAction::None;
}

DisplayAction DisplaySleep::tap() {
    if (!m_asleep)
        return DisplayAction::None;
    m_asleep = false;
    m_awake_for_hotline = true;
    return DisplayAction::Wake;
}

DisplayAction DisplaySleep::hotline_closed() {
    if (!m_awake_for_hotline)
        return DisplayAction::None;
    m_awake_for_hotline = false;
    if (m_scheduled_on)
        return DisplayAction::None;
    m_asleep = true;
    m_failing_since.reset();
    m_retry_at.reset();
    return DisplayAction::Sleep;
}

void DisplaySleep::wake_done(bool ok, TimePoint now) {
    if (ok) {
        m_failing_since.reset();
        m_retry_at.reset();
        m_restart_asked = false;
        return;
    }
    if (!m_failing_since)
        m_failing_since = now;
    m_retry_at = now + m_config.wake_retry;
}

std::optional<TimePoint> DisplaySleep::next_deadline() const {
    if (!m_failing_since || m_asleep)
        return std::nullopt;
    std::optional<TimePoint> next = m_retry_at;
    if (m_scheduled_on && !m_restart_asked) {
        auto restart = *m_failing_since + m_config.restart_after;
        if (!next || restart < *next)
            next = restart;
    }
    return next;
}

} // namespace beacon
