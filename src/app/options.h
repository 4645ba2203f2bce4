#pragma once

// Command-line options. One table (options.cpp) drives parsing and --help.

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

    // render
    std::string screen;
    std::string lang;
    std::string out;
};

Result<Options> parse_options(int argc, char** argv);
std::string usage();

// The playlist `beacon` plays when none is named.
std::string default_playlist_path();

} // namespace beacon::app
