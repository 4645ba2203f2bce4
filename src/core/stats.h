#pragma once

// Privacy-safe statistics: per-day counters and nothing else. What a passer-by
// did is reduced to "one more" on that day's counter; no time of day, no order
// of events and no per-tap record exist anywhere, in memory or on disk.
//
// Bounded: at most max_days days (the oldest go first) and max_keys_per_day
// counters per day (further new keys that day are dropped), keys at most
// max_key_length characters. The CSV text is therefore bounded too.

#include "core/diagnostic.h"
#include "core/schedule.h"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beacon {

enum class Counter {
    Play,    // an item started playing; key = item id
    Hotline, // the hotline screen was opened; key = the language it was read in
    Update,  // an update attempt ended; key = its result ("installed", "rejected", ...)
    Skip,    // an item was skipped; key = why ("cannot-play", "failed", "unreadable")
    // Whole hours the display was awake by its display-hours (issue 25); key
    // "hours". Time a tap kept it awake is not counted: it would tell when.
    Awake,
};

std::string_view counter_name(Counter counter);

class DailyStats {
  public:
    static constexpr std::size_t max_days = 190;
    static constexpr std::size_t max_keys_per_day = 128;
    static constexpr std::size_t max_key_length = 64;

    void add(const CivilDate& date, Counter counter, std::string_view key, long long amount = 1);
    // Moves one count from `from` to `to` on `date` (a hotline reader picked
    // another language), when `from` has one.
    void move(const CivilDate& date, Counter counter, std::string_view from, std::string_view to);
    long long count(const CivilDate& date, Counter counter, std::string_view key) const;
    // Every counter of `counter` on `date`, by key (sorted).
    std::map<std::string, long long> counts(const CivilDate& date, Counter counter) const;
    // The days that have at least one counter of `counter`, oldest first.
    std::vector<CivilDate> days_with(Counter counter) const;
    std::size_t day_count() const { return m_days.size(); }
    bool empty() const { return m_days.empty(); }

    // "date,counter,key,count" with a header, sorted by date, counter and key
    // (so the file says nothing about the order of events).
    std::string to_csv() const;

    bool operator==(const DailyStats&) const = default;

  private:
    using Key = std::pair<Counter, std::string>;
    void trim();

    std::map<CivilDate, std::map<Key, long long>> m_days;
};

struct ParsedStats {
    DailyStats stats;
    Diagnostics diagnostics; // bad rows, each skipped
};

ParsedStats parse_stats_csv(std::string_view text, const std::string& source);

// A key as stored: characters other than letters, digits, '_', '.' and '-'
// become '_', and it is cut to max_key_length.
std::string stats_key(std::string_view raw);

} // namespace beacon
