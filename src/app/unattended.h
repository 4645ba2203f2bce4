#pragma once

// What the player needs to run for months unattended, kept out of the loop's
// own file: the local civil time for schedules and notices (read once per
// loop turn), systemd's READY and watchdog pings, and the daily counters.
// Threading: main thread only.

#include "app/options.h"
#include "app/update/update_event.h"
#include "core/schedule.h"
#include "system/service.h"
#include "system/stats_file.h"

#include <chrono>
#include <ctime>
#include <optional>
#include <string>

namespace beacon::app {

class Unattended {
  public:
    explicit Unattended(const Options& options);

    // Call at the top of every loop turn. Pings the watchdog, saves the
    // counters when due, and returns the new local time when the wall-clock
    // minute (or the clock's trust) changed, so the loop can pass it on.
    std::optional<LocalTime> begin_turn();
    const LocalTime& local_time() const { return m_local; }
    // How long the loop may sleep before this needs it again.
    int max_sleep_ms() const;

    // READY=1 goes out with the first frame on screen.
    void frame_presented();

    void count_play(const std::string& id);
    // A hotline screen that a person opened: counted once per opening, under
    // the language it was last read in.
    void hotline_shown(const std::string& lang);
    void hotline_hidden();
    // An ended update is counted by its result: installed, already
    // current, or refused with its reason. Other events are not counted.
    void count_update_event(const UpdateEvent& event);
    // An item the loop could not show, by why ("cannot-play", "failed",
    // "too-large"): today's counter, for the fleet report.
    void count_skip(std::string_view why);
    // Once per turn: whether the display was awake by its hours since the
    // last turn (the daily "hours awake"; taps are not counted).
    void count_awake(bool awake_by_hours);

    const DailyStats& stats() const { return m_stats.stats(); }
    // Whole minutes since the player started.
    long long uptime_minutes() const;
    // A preview (--at) is not the kiosk's life: it counts nothing and writes
    // no statistics, under the date it pretends or any other.
    bool previewing() const { return m_options.at.has_value(); }

    // STOPPING=1, and the counters saved.
    void shutdown();

  private:
    using Clock = std::chrono::steady_clock;
    // The wall clock: the system's, or with --at a preview clock that
    // started at that local time when the player did and runs at the loop's
    // speed (real speed unless --time-scale).
    std::time_t wall_now() const;

    const Options& m_options;
    service::ServiceNotifier m_notifier;
    StatsRecorder m_stats;
    LocalTime m_local;
    std::time_t m_minute = -1; // the wall-clock minute m_local was read in
    std::optional<std::string> m_hotline_lang;
    Clock::time_point m_started = Clock::now();
    Clock::time_point m_last_awake_count = m_started;
    std::time_t m_preview_start = 0; // --at as a wall time; unused without it
};

} // namespace beacon::app
