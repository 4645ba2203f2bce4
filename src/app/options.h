#pragma once

// Command-line options. One table (option_table.cpp) drives parsing, the
// configuration file and --help; the commands have their own table
// (command_table.h).

#include "core/config_parser.h"
#include "core/decode_limits.h"
#include "core/display_hours.h"
#include "core/geometry.h"
#include "core/playlist.h"
#include "core/result.h"
#include "core/schedule.h"
#include "core/sound.h"
#include "system/log.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace beacon::app {

using beacon::TargetBoard;

// Each command has one row in command_table.cpp: its word, help and handler.
enum class Command {
    Play,
    Validate,
    Render,
    Help,
    Version,
    // Signed updates: app/update/update_commands.h
    Keygen,
    Bundle,
    Verify,
    Install,
    Rollback,
    // The fleet dashboard: app/fleet/fleet_command.h
    Fleet,
    ReportSend, // the report worker's child: app/fleet/report_put.h
    // beacon config check [FILE]: app/config_command.h
    ConfigCheck,
    Versions,
    Translate, // app/translate/translate_command.h
    Speak,     // app/speak_command.h
};
enum class RenderPathChoice { Auto, Software, OpenGL };
enum class WindowMode { Fullscreen, Windowed, Headless };
enum class TrustClock { Auto, Yes, No };

// Durations keep the fraction they were given ("--run-for 2.5"); code that
// needs whole milliseconds rounds with whole_ms(), as it always did.
using Seconds = std::chrono::duration<double>;
inline std::chrono::milliseconds whole_ms(Seconds time) {
    return std::chrono::milliseconds(std::llround(time.count() * 1000));
}

struct Options {
    Command command = Command::Play;
    std::vector<std::string> files;

    // play
    WindowMode window_mode = WindowMode::Fullscreen;
    std::optional<Size> size;
    std::optional<Seconds> run_for;
    std::string frame_log;
    std::string setup_problems_file; // shown on screen with config_diagnostics
    std::vector<Seconds> tap_at;     // in the order given
    // --key-at SECONDS:KEY: key presses at set times (SDL key names: "Tab",
    // "Return", "Escape", "Keypad 6"), in the order given.
    std::vector<std::pair<Seconds, std::string>> key_at;
    RenderPathChoice render_path = RenderPathChoice::Auto;
    Seconds hotline_timeout{45};
    // Tests and benchmarks: the loop's clock (item durations, timeouts,
    // --run-for, --tap-at) runs this many times faster; media play at speed.
    double time_scale = 1;

    // Unattended operation (issue 5): see README.md, "Configuration".
    std::string state_dir = "/var/lib/beacon/state"; // stats.csv lives here
    int rotation = 0;                                // 0, 90, 180 or 270 degrees
    log::Level log_level = log::Level::Info;
    std::optional<Seconds> language_rotation; // per fact-sheet language
    int notice_every = 4;                     // items between notice screens
    TrustClock trust_clock = TrustClock::Auto;
    // When the screen is lit (issue 25, core/display_hours.h); overrides the
    // playlist's display-hours. Unset: the playlist's, or always on.
    std::optional<DisplayHours> display_hours;
    // ISO 3166-1 alpha-2 code ("GB"): whose built-in hotline the fallback
    // shows when no content has validated (app/fallback.h); empty: none.
    std::string country;
    // The hotline screen's style and QR payload (issue 23); unset: the
    // playlist's own (<hotline style>; a web QR code).
    std::optional<HotlineStyle> hotline_style;
    std::optional<QrKind> qr_kind;
    // Every screen's text this many times its usual size (1 to 1.5), for
    // readers with low vision; `beacon validate` checks the fit at it.
    double text_scale = 1;
    // play, render, validate: the local civil time to show the loop at
    // (--at "2026-12-07 09:00"); it implies a trusted clock. Play starts its
    // wall clock there and lets it run on.
    std::optional<CivilDateTime> at;
    std::optional<Seconds> test_stall_at; // BEACON_TEST_HOOKS builds only

    // Sound (issue 24): README.md, "Sound". Read again from the
    // configuration file at each video while playing (app/sound_config.h).
    SoundSettings sound;
    std::string quiet_hours; // as written, for `config check`
    // The hotline screen's Listen button (issue 23 part 5): off unless the
    // facility turns it on, as sound in a public place can endanger the
    // person who tapped. Shown only where sound can be heard (README "Sound").
    bool speech = false;

    // Signed updates (issue 4): see README.md, "Signed bundles".
    std::string store_dir = "/var/lib/beacon/store";
    std::string keys_dir = "/etc/beacon/keys";
    std::string usb_dir = "/media/beacon-usb"; // empty: no USB updates
    std::string update_url;                    // a bundle's manifest.xml; empty: none
    Seconds update_interval{600};
    Seconds update_timeout{30};
    std::string key_file; // bundle: secret key; verify: public key
    std::string from_dir; // bundle: the playlist file or its folder (`out` is the bundle folder)
    std::optional<std::uint64_t> sequence;    // bundle: its number (default: see run_bundle)
    std::string label;                        // bundle: its signed name for people
    std::optional<std::uint64_t> rollback_to; // rollback: the kept version's number

    // Fleet reports (issue 20): docs/fleet-report.md. No report-url: none sent.
    std::string report_url; // reports go to REPORT_URL/NAME.json
    Seconds report_interval{300};
    std::string report_auth_file; // "basic USER:PASSWORD" or "bearer TOKEN", mode 0600
    // A JPEG of the loop's frame in each report (core/screenshot_gate.h).
    bool report_screenshot = false;
    std::string kiosk_name; // default: the host name
    std::string location;   // a label for grouping in the dashboard

    // The configuration file, and what was wrong in it (reported, ignored).
    std::string config_file;
    // What problems call the configuration file (--config-name): on the
    // appliance, "beacon/beacon.conf" on the BEACON partition, not the copy
    // in /run the player reads. Empty: the path read.
    std::string config_name;
    std::string config_read; // the file that was read; empty: none (defaults)
    Diagnostics config_diagnostics;
    // Said once with the problems, not one itself: "FILE: read as UTF-16
    // (Notepad's "Unicode"); saving it as UTF-8 is better".
    std::optional<std::string> config_note;
    // Where each option's value came from, by name ("--rotation"):
    // "beacon.conf:12" or "command line"; an option not here has its default.
    std::map<std::string, std::string> origins;

    // validate: the board whose video decoding limits apply.
    TargetBoard target = TargetBoard::Pc;

    // render
    std::string screen;
    std::string lang;
    std::string focus; // render --screen hotline: "close", "listen" or a language code
    std::string out;
};

// The values a numeric option accepts (both sides of WxH for --size).
// The hotline choices of the configuration, to lay over a playlist's.
inline HotlineChoices hotline_choices(const Options& options) {
    return {options.hotline_style, options.qr_kind};
}

struct NumberRange {
    double min = 0;
    double max = 0;
    const char* unit = nullptr; // for messages: "seconds"
    bool integral = false;
};

// One row of the option table, as tests see it.
struct OptionInfo {
    std::string name;                 // "--hotline-timeout"
    std::string value_name;           // "SECONDS"; empty for a flag
    bool in_config = false;           // also a configuration key (the name without "--")
    std::optional<NumberRange> range; // set exactly for numeric options
};
std::vector<OptionInfo> option_infos();

// Command line over configuration file over defaults. For `play`, reads the
// configuration file (--config, or /etc/beacon/beacon.conf if it exists).
Result<Options> parse_options(int argc, char** argv);
// Applies configuration entries through the option table; returns the
// problems (unknown keys, bad values), each of which is ignored.
Diagnostics apply_config(Options& options, const ParsedConfig& config);
std::string usage();

// The configuration file commands read when no --config is given.
std::string default_config_path();

// The playlist `beacon` plays when none is named.
std::string default_playlist_path();

} // namespace beacon::app
