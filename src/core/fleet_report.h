#pragma once

// A kiosk's status report for the fleet dashboard (issue 20): the facts in,
// the report's JSON text out. The schema is docs/fleet-report.schema.json
// (its "schema" field is report_schema_version); change both together.
//
// Privacy, enforced by what this struct can hold: no tap, no order of
// events, no time of day finer than the hour. Counters are the daily ones
// that stats.csv already keeps. The loop never builds a report while the
// hotline screen is up (app/fleet/report_driver.h).
//
// Bounded: every string is cut to max_text bytes (at a UTF-8 boundary) and
// every counter map to DailyStats' limits, so a report stays a few KiB.

#include "core/schedule.h"
#include "core/stats.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon {

// 2: "screenshot" added (report-screenshot).
inline constexpr int report_schema_version = 2;

struct FleetReport {
    static constexpr std::size_t max_text = 200;
    static constexpr int hotline_days = 7;

    std::string name;     // kiosk-name, or the host name
    std::string location; // location label; may be empty
    std::string beacon_version;
    std::string arch;
    int interval_seconds = 300;

    // The UTC day and hour the report was made; unset when the clock is
    // not trusted (then the dashboard uses when the file arrived).
    std::optional<CivilDate> day;
    std::optional<int> hour; // 0-23

    struct Content {
        std::string version; // the store's version folder; empty: none installed
        std::uint64_t sequence = 0;
        // The installed bundle's signed label (empty when it has none);
        // without a bundle, the playlist the loop plays.
        std::string label;
    } content;

    struct LastUpdate {
        CivilDate day;
        std::map<std::string, long long> results; // "installed", "refused-..." -> count
    };
    std::optional<LastUpdate> last_update;

    long long uptime_minutes = 0;
    long long boot_count = 0;
    std::string render_path;  // "software", "opengl"
    std::string display_mode; // "fullscreen", "windowed", "headless"
    bool clock_trusted = false;

    std::optional<std::uint64_t> store_free_bytes;
    std::optional<std::uint64_t> memory_bytes; // the player's resident set
    std::optional<double> cpu_celsius;         // where /sys/class/thermal has a zone

    std::map<std::string, long long> skipped_today; // why -> count
    std::map<std::string, long long> plays_today;   // item id -> count
    // Hotline openings per language for each of the last hotline_days days
    // that has any, oldest first.
    std::vector<std::pair<CivilDate, std::map<std::string, long long>>> hotline;

    // A small JPEG of the loop's current frame, when `report-screenshot` is
    // on and core/screenshot_gate.h allowed it. Never of the hotline screen.
    struct Screenshot {
        static constexpr int max_width = 320;
        static constexpr std::size_t max_base64 = 48 * 1024; // the envelope is 64 KiB
        int width = 0;
        int height = 0;
        std::string jpeg_base64; // standard alphabet, padded: JSON-safe as it is
    };
    std::optional<Screenshot> screenshot;
};

// Fills the counter fields from the daily counters, `today` being the
// kiosk's local date.
void add_counters(FleetReport& report, const DailyStats& stats, const CivilDate& today);

// The report as one line of JSON (no trailing newline), keys in a fixed
// order, so two reports of the same facts are the same bytes.
std::string report_json(const FleetReport& report);

// `text` as a JSON string literal, quotes included: '"', '\\' and control
// characters escaped, invalid UTF-8 replaced by U+FFFD.
std::string json_string(std::string_view text);

// Whether `text` is standard, padded base64 (RFC 4648 section 4) and nothing
// else: safe inside a JSON string and an HTML attribute as it is.
bool is_base64(std::string_view text);

} // namespace beacon
