#pragma once

// Command-line options. One table (options.cpp) drives parsing and --help.

#include "core/config_parser.h"
#include "core/geometry.h"
#include "core/result.h"
#include "system/log.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace beacon::app {

enum class Command {
    Play,
    Validate,
    Render,
    Help,
    Version,
    // Signed updates: app/update_commands.h
    Keygen,
    Bundle,
    Verify,
    Install,
    Rollback,
};
enum class RenderPathChoice { Auto, Software, OpenGL };
enum class WindowMode { Fullscreen, Windowed, Headless };
enum class TrustClock { Auto, Yes, No };

struct Options {
    Command command = Command::Play;
    std::vector<std::string> files;

    // play
    WindowMode window_mode = WindowMode::Fullscreen;
    std::optional<Size> size;
    std::optional<double> run_for_seconds;
    std::string frame_log;
    std::vector<double> tap_at_seconds;
    RenderPathChoice render_path = RenderPathChoice::Auto;
    double hotline_timeout_seconds = 45;
    // Tests and benchmarks: the loop's clock (item durations, timeouts,
    // --run-for, --tap-at) runs this many times faster; media play at speed.
    double time_scale = 1;

    // Unattended operation (issue 5): see README.md, "Configuration".
    std::string state_dir = "/var/lib/beacon/state"; // stats.csv lives here
    int rotation = 0;                                // 0, 90, 180 or 270 degrees
    log::Level log_level = log::Level::Info;
    std::optional<double> language_rotation_seconds; // per fact-sheet language
    int notice_every = 4;                            // items between notice screens
    TrustClock trust_clock = TrustClock::Auto;
    std::optional<double> test_stall_at_seconds; // BEACON_TEST_HOOKS builds only

    // Signed updates (issue 4): see README.md, "Signed bundles".
    std::string store_dir = "/var/lib/beacon/store";
    std::string keys_dir = "/etc/beacon/keys";
    std::string usb_dir = "/media/beacon-usb"; // empty: no USB updates
    std::string update_url;                    // a bundle's manifest.xml; empty: none
    double update_interval_seconds = 600;
    double update_timeout_seconds = 30;
    std::string key_file; // bundle: secret key; verify: public key
    std::string from_dir; // bundle: the content folder (`out` is the bundle folder)
    std::optional<std::uint64_t> sequence; // bundle: its number (default: see run_bundle)

    // The configuration file, and what was wrong in it (reported, ignored).
    std::string config_file;
    Diagnostics config_diagnostics;

    // render
    std::string screen;
    std::string lang;
    std::string out;
};

// The values a numeric option accepts (both sides of WxH for --size).
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

// The playlist `beacon` plays when none is named.
std::string default_playlist_path();

// The update commands' words and rules (update_commands.cpp).
std::optional<Command> update_command_named(const std::string& word);
bool reads_kiosk_config(Command command); // install, rollback, verify: the kiosk's store and keys
std::optional<std::string> update_command_problem(const Options& options);

} // namespace beacon::app
