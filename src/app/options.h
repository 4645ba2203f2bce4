#pragma once

// Command-line options. One table (options.cpp) drives parsing and --help.

#include "core/config_parser.h"
#include "core/geometry.h"
#include "core/result.h"

#include <optional>
#include <string>
#include <vector>

namespace beacon::app {

enum class Command { Play, Validate, Render, Help, Version };
enum class RenderPathChoice { Auto, Software, OpenGL };
enum class WindowMode { Fullscreen, Windowed, Headless };

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

    // The configuration file, and what was wrong in it (reported, ignored).
    std::string config_file;
    Diagnostics config_diagnostics;

    // render
    std::string screen;
    std::string lang;
    std::string out;
};

// Command line over configuration file over defaults. For `play`, reads the
// configuration file (--config, or /etc/beacon/beacon.conf if it exists).
Result<Options> parse_options(int argc, char** argv);
// Applies configuration entries through the option table; returns the
// problems (unknown keys, bad values), each of which is ignored.
Diagnostics apply_config(Options& options, const ParsedConfig& config);
std::string usage();

// The playlist `beacon` plays when none is named.
std::string default_playlist_path();

} // namespace beacon::app
