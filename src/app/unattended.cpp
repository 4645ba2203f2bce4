#include "app/unattended.h"

#include "core/time_checks.h"
#include "system/log.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace beacon::app {

namespace {

service::ClockTrust trust_from(TrustClock choice) {
    switch (choice) {
    case TrustClock::Yes:
        return service::ClockTrust::Yes;
    case TrustClock::No:
        return service::ClockTrust::No;
    case TrustClock::Auto:
        break;
    }
    return service::ClockTrust::Auto;
}

} // namespace

Unattended::Unattended(const Options& options)
    : m_options(options), m_stats(options.state_dir, options.usb_dir) {
    if (options.at) {
        m_preview_start =
            service::local_midnight(options.at->date) + options.at->minute_of_day * 60;
        log::info("previewing from " + to_string(*options.at) +
                  " local time: the clock is taken as trusted");
    }
}

std::time_t Unattended::wall_now() const {
    if (!m_options.at)
        return std::time(nullptr);
    // The preview's wall clock runs at the loop's speed (--time-scale), so a
    // test can watch display-hours open and close in seconds.
    double seconds = std::chrono::duration<double>(Clock::now() - m_started).count();
    return m_preview_start + static_cast<std::time_t>(std::floor(seconds * m_options.time_scale));
}

std::optional<LocalTime> Unattended::begin_turn() {
    auto now = Clock::now();
#ifdef BEACON_TEST_HOOKS
    // Test builds only: freeze like a hung render loop would, so the watchdog
    // test can see the pings stop. Never compiled into a release.
    if (m_options.test_stall_at && now - m_started >= *m_options.test_stall_at) {
        log::warning("test hook: the render loop stalls now");
        for (;;)
            std::this_thread::sleep_for(std::chrono::hours(1));
    }
#endif
    m_notifier.ping_if_due(now);
    std::time_t wall = wall_now();
    std::optional<LocalTime> changed;
    if (wall / 60 != m_minute) {
        bool first = m_minute < 0;
        m_minute = wall / 60;
        // A preview (--at) is a moment the administrator chose: believed.
        bool trusted =
            m_options.at || service::clock_trusted(wall, trust_from(m_options.trust_clock));
        LocalTime local = service::local_time(wall, trusted);
        if (first || local.clock_trusted != m_local.clock_trusted ||
            local.minute_of_day != m_local.minute_of_day || local.date != m_local.date)
            changed = local;
        if (first || trusted != m_local.clock_trusted)
            log::info(trusted ? "the clock is trusted: date ranges and notices apply"
                              : "the clock is not trusted (not synchronised, or earlier than "
                                "the build): date ranges are ignored and notices hidden");
        m_local = local;
    }
    if (!previewing())
        m_stats.tick(now, m_local.date);
    return changed;
}

int Unattended::max_sleep_ms() const {
    auto now = Clock::now();
    auto until = [&](std::optional<Clock::time_point> when) -> long long {
        if (!when)
            return 60'000;
        // Already due (time_point::min() says "now"): no subtraction that
        // could overflow.
        if (*when <= now)
            return 0;
        return std::chrono::ceil<std::chrono::milliseconds>(*when - now).count();
    };
    // A preview keeps no statistics (see previewing()), so they never wake it.
    auto stats_wake = previewing() ? std::nullopt : m_stats.next_wake();
    long long wait = std::min(until(m_notifier.next_ping()), until(stats_wake));
    // Wake at the next wall-clock minute, so schedules and notices change on time.
    std::time_t wall = wall_now();
    long long to_next_minute = (60 - wall % 60) * 1000;
    if (previewing())
        to_next_minute = static_cast<long long>(std::ceil(to_next_minute / m_options.time_scale));
    wait = std::min<long long>(wait, to_next_minute);
    return static_cast<int>(std::clamp<long long>(wait, 0, 60'000));
}

void Unattended::frame_presented() {
    m_notifier.ready();
}

void Unattended::count_play(const std::string& id) {
    if (previewing())
        return;
    m_stats.count_play(m_local.date, id);
}

void Unattended::hotline_shown(const std::string& lang) {
    if (previewing())
        return;
    if (!m_hotline_lang)
        m_stats.count_hotline(m_local.date, lang);
    else if (*m_hotline_lang != lang)
        m_stats.hotline_language_changed(m_local.date, *m_hotline_lang, lang);
    m_hotline_lang = lang;
}

void Unattended::hotline_hidden() {
    m_hotline_lang.reset();
}

void Unattended::count_update_event(const UpdateEvent& event) {
    auto* finished = std::get_if<UpdateFinished>(&event);
    if (!finished || previewing())
        return;
    switch (finished->report.outcome) {
    case update::InstallReport::Outcome::Installed:
        m_stats.count_update(m_local.date, "installed");
        break;
    case update::InstallReport::Outcome::AlreadyCurrent:
        m_stats.count_update(m_local.date, "already-current");
        break;
    case update::InstallReport::Outcome::Refused:
        m_stats.count_update(m_local.date, std::string("refused-") +
                                               update::failure_name(finished->report.failure));
        break;
    case update::InstallReport::Outcome::Repaired:
        break;
    }
}

void Unattended::count_skip(std::string_view why) {
    if (previewing())
        return;
    m_stats.count_skip(m_local.date, why);
}

void Unattended::count_awake(bool awake_by_hours) {
    auto now = Clock::now();
    auto span = now - m_last_awake_count;
    m_last_awake_count = now;
    if (awake_by_hours && !previewing())
        m_stats.count_awake(m_local.date, span);
}

long long Unattended::uptime_minutes() const {
    return std::chrono::duration_cast<std::chrono::minutes>(Clock::now() - m_started).count();
}

void Unattended::shutdown() {
    m_notifier.stopping();
    if (!previewing())
        m_stats.save(m_local.date);
}

} // namespace beacon::app
