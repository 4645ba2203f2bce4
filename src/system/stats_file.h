#pragma once

// The daily counters on disk: STATE/stats.csv, and copies written to an
// administrator's stick on request.
//
// Privacy: the file is rewritten whole at fixed intervals (not when something
// is counted), and its access and modification times are set to the local
// midnight of the day written, so neither its contents nor its metadata tell
// when anything happened.

#include "core/result.h"
#include "core/stats.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace beacon {

class StatsFile {
  public:
    explicit StatsFile(std::filesystem::path folder);

    const std::filesystem::path& path() const { return m_path; }
    // A missing file is empty statistics; bad rows come back as diagnostics.
    Result<ParsedStats> load() const;
    // Atomic: a temporary file, fsync, rename. Times set to `stamp`.
    Status save(const DailyStats& stats, std::time_t stamp) const;

  private:
    std::filesystem::path m_path;
};

// Sticks mounted at `stick_root` (or in its subfolders) that carry the file
// "beacon-export-stats" get "beacon-stats-HOST.csv" written beside it, once
// per request file.
class StatsExporter {
  public:
    static constexpr const char* request_name = "beacon-export-stats";

    explicit StatsExporter(std::filesystem::path stick_root);
    // Returns the files written this time.
    std::vector<std::filesystem::path> poll(const DailyStats& stats, std::time_t stamp);

  private:
    std::filesystem::path m_root;
    std::set<std::pair<unsigned long long, unsigned long long>> m_done; // (device, inode)
};

// The player's statistics: counts in memory, written to STATE/stats.csv once
// an hour and at exit (whether or not anything changed, so the write times
// say nothing either), and exported to sticks that ask for it.
class StatsRecorder {
  public:
    using SteadyTime = std::chrono::steady_clock::time_point;
    static constexpr std::chrono::minutes save_every{60};
    static constexpr std::chrono::seconds look_for_sticks_every{5};

    // Loads what the state folder holds; problems are logged once, never fatal.
    StatsRecorder(const std::filesystem::path& state_dir, const std::filesystem::path& stick_root);

    void count_play(const CivilDate& today, std::string_view item_id);
    void count_hotline(const CivilDate& today, std::string_view lang);
    void hotline_language_changed(const CivilDate& today, std::string_view from,
                                  std::string_view to);
    void count_update(const CivilDate& today, std::string_view result);
    void count_skip(const CivilDate& today, std::string_view why);
    // Adds to today's "awake,hours" the whole hours in `awake` (the display
    // awake by its hours since the last call); the rest is carried to the
    // next call the same day, and dropped at midnight or exit, so the file
    // holds whole hours and nothing finer.
    void count_awake(const CivilDate& today, std::chrono::steady_clock::duration awake);

    // Saves and looks for sticks when due. `now` is the loop's clock.
    void tick(SteadyTime now, const CivilDate& today);
    std::optional<SteadyTime> next_wake() const;
    void save(const CivilDate& today);

    const DailyStats& stats() const { return m_stats; }

  private:
    DailyStats m_stats;
    StatsFile m_file;
    StatsExporter m_exporter;
    bool m_can_save = true;
    std::optional<SteadyTime> m_last_save;
    std::optional<SteadyTime> m_last_stick_look;
    CivilDate m_awake_day;
    std::chrono::steady_clock::duration m_awake_carry{};
};

// Writes `text` to `path` atomically (temporary file, fsync, rename, fsync of
// the folder), with its times set to `stamp`.
Status write_file_atomically(const std::filesystem::path& path, std::string_view text,
                             std::time_t stamp);

} // namespace beacon
