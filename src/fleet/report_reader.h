#pragma once

// `beacon fleet` reading one kiosk's report. Reports come from the network:
// each file is capped (envelope.h) before it is read, its signature is
// checked on the exact bytes before they are parsed (by nlohmann/json,
// never by a parser of ours), every field is type-checked and every text
// cut, and a report that fails any of this is a row that says so, never a
// crash of the dashboard.

#include "core/result.h"
#include "system/filesystem.h"
#include "update/keys.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace beacon::fleet {

inline constexpr std::size_t max_report_files = 10'000;
inline constexpr std::size_t max_field_text = 200;

// Public keys the administrator enrolled: NAME.pub or beacon-enrol-NAME.pub
// files in the --keys folder, one kiosk name each.
struct EnrolledKeys {
    std::map<std::string, update::PublicKey> by_name;
    std::vector<std::string> problems;
};
EnrolledKeys load_enrolled_keys(FileSystem& fs, const Path& folder);

// Where a report's key stands.
enum class Trust {
    Enrolled,     // signed by the key enrolled under its name
    Unknown,      // validly signed, by a key not enrolled under any name
    NewKey,       // a known kiosk name arriving with another key
    BadSignature, // the signature does not match the bytes, or no envelope
};
const char* trust_name(Trust trust);

struct KioskReport {
    std::string file; // the file name the report came in
    Trust trust = Trust::BadSignature;
    std::string key_id;
    std::vector<std::string> problems; // what was wrong with the file

    std::string name, location, beacon_version, arch;
    int interval_seconds = 300;
    // UTC hours since 1970 when the report was made; when the kiosk's clock
    // is not trusted, when the file arrived (its modification time).
    long long hour = 0;
    bool hour_from_file = false;
    std::string content_version, content_label;
    std::uint64_t content_sequence = 0;
    std::string last_update_day, last_update_result;
    long long uptime_minutes = 0, boot_count = 0;
    std::string render_path, display_mode;
    bool clock_trusted = false;
    std::optional<std::uint64_t> store_free_bytes, memory_bytes;
    std::optional<double> cpu_celsius;
    std::map<std::string, long long> skipped_today;
    std::map<std::string, std::map<std::string, long long>> hotline; // day -> lang -> count
    // The kiosk's screenshot (schema 2), kept only when it is base64 of
    // what starts like a JPEG file, within the report's limits.
    struct Screenshot {
        int width = 0, height = 0;
        std::string jpeg_base64;
    };
    std::optional<Screenshot> screenshot;
};

// One report from its file's text. `arrived_hour` is the file's modification
// time in UTC hours since 1970.
KioskReport read_report(std::string_view text, const std::string& file, long long arrived_hour,
                        const EnrolledKeys& enrolled);

// The row of a report that could not be read at all: its file name as the
// kiosk it claims to be, and why.
KioskReport unreadable_report(const std::string& file, long long arrived_hour,
                              const std::string& problem);

// Every *.json file in `folder` (at most max_report_files, by name).
Result<std::vector<KioskReport>> read_report_folder(FileSystem& fs, const Path& folder,
                                                    const EnrolledKeys& enrolled);

} // namespace beacon::fleet
