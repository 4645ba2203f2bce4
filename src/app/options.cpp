#include "app/options.h"

#include "system/files.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <functional>

#ifndef BEACON_INSTALLED_PLAYLIST
#define BEACON_INSTALLED_PLAYLIST "/usr/share/beacon/playlists/default.xml"
#endif
#ifndef BEACON_CONFIG_FILE
#define BEACON_CONFIG_FILE "/etc/beacon/beacon.conf"
#endif
#ifndef BEACON_SOURCE_PLAYLIST
#define BEACON_SOURCE_PLAYLIST ""
#endif

namespace beacon::app {

namespace {

Result<double> parse_seconds(const std::string& text) {
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        value < 0)
        return Error{"expected a number of seconds, got \"" + text + "\""};
    return value;
}

Result<Size> parse_size(const std::string& text) {
    int width = 0, height = 0;
    auto x = text.find('x');
    if (x == std::string::npos)
        return Error{"expected WIDTHxHEIGHT, got \"" + text + "\""};
    auto [end_w, error_w] = std::from_chars(text.data(), text.data() + x, width);
    auto [end_h, error_h] = std::from_chars(text.data() + x + 1, text.data() + text.size(), height);
    if (error_w != std::errc() || error_h != std::errc() || end_w != text.data() + x ||
        end_h != text.data() + text.size() || width < 64 || height < 64 || width > 8192 ||
        height > 8192)
        return Error{"expected WIDTHxHEIGHT between 64 and 8192, got \"" + text + "\""};
    return Size{width, height};
}

enum class InConfig { No, Yes };

// One row per option. The same table drives the command line, the
// configuration file (key = the name without "--", for rows marked
// InConfig::Yes) and --help.
struct OptionRow {
    const char* name;
    const char* value_name; // nullptr for a flag
    InConfig in_config;
    const char* help;
    std::function<Status(Options&, const std::string&)> apply;
};

template <typename T, typename F> Status assign(Result<T> parsed, F&& store) {
    if (!parsed)
        return parsed.error();
    store(parsed.value());
    return Done{};
}

const std::vector<OptionRow>& option_table() {
    static const std::vector<OptionRow> rows = {
        {"--windowed", nullptr, InConfig::No, "play in a window instead of fullscreen (preview)",
         [](Options& o, auto&) {
             o.window_mode = WindowMode::Windowed;
             return Status(Done{});
         }},
        {"--headless", nullptr, InConfig::No, "play with no display (tests, benchmarks)",
         [](Options& o, auto&) {
             o.window_mode = WindowMode::Headless;
             return Status(Done{});
         }},
        {"--size", "WxH", InConfig::Yes, "window or picture size, e.g. 1920x1080",
         [](Options& o, auto& v) { return assign(parse_size(v), [&](Size s) { o.size = s; }); }},
        {"--run-for", "SECONDS", InConfig::No, "stop playing after this long",
         [](Options& o, auto& v) {
             return assign(parse_seconds(v), [&](double s) { o.run_for_seconds = s; });
         }},
        {"--frame-log", "FILE.csv", InConfig::No,
         "write one row per presented frame and input event",
         [](Options& o, auto& v) {
             o.frame_log = v;
             return Status(Done{});
         }},
        {"--tap-at", "SECONDS", InConfig::No, "inject a touch at this time (repeatable)",
         [](Options& o, auto& v) {
             return assign(parse_seconds(v), [&](double s) { o.tap_at_seconds.push_back(s); });
         }},
        {"--render-path", "auto|software|opengl", InConfig::Yes,
         "how video is drawn (default: auto)",
         [](Options& o, auto& v) {
             if (v == "auto")
                 o.render_path = RenderPathChoice::Auto;
             else if (v == "software")
                 o.render_path = RenderPathChoice::Software;
             else if (v == "opengl")
                 o.render_path = RenderPathChoice::OpenGL;
             else
                 return Status(Error{"expected auto, software or opengl, got \"" + v + "\""});
             return Status(Done{});
         }},
        {"--hotline-timeout", "SECONDS", InConfig::Yes,
         "close the hotline screen after this idle time (45)",
         [](Options& o, auto& v) {
             return assign(parse_seconds(v), [&](double s) { o.hotline_timeout_seconds = s; });
         }},
        {"--screen", "ID|hotline", InConfig::No, "render: the item id or the hotline screen",
         [](Options& o, auto& v) {
             o.screen = v;
             return Status(Done{});
         }},
        {"--lang", "CODE", InConfig::No, "render: the language (default: the playlist's first)",
         [](Options& o, auto& v) {
             o.lang = v;
             return Status(Done{});
         }},
        {"--out", "FILE.png", InConfig::No, "render: where to write the picture",
         [](Options& o, auto& v) {
             o.out = v;
             return Status(Done{});
         }},
        {"--config", "FILE", InConfig::No, "configuration file (default /etc/beacon/beacon.conf)",
         [](Options& o, auto& v) {
             o.config_file = v;
             return Status(Done{});
         }},
    };
    return rows;
}

const std::string& config_source(const ParsedConfig& config) {
    return config.source;
}

} // namespace

std::string usage() {
    std::string text = "Usage:\n"
                       "  beacon [play] [PLAYLIST.xml] [options]   play the loop\n"
                       "  beacon validate PLAYLIST.xml...          check playlists\n"
                       "  beacon render PLAYLIST.xml --screen ID|hotline [--lang CODE] "
                       "[--size WxH] --out FILE.png\n"
                       "\nOptions:\n";
    for (auto& row : option_table()) {
        std::string left = std::string("  ") + row.name;
        if (row.value_name)
            left += std::string(" ") + row.value_name;
        left.resize(std::max<std::size_t>(left.size() + 2, 34), ' ');
        text += left + row.help + "\n";
    }
    text += "  --help                          show this text\n"
            "  --version                       show the version\n";
    return text;
}

Diagnostics apply_config(Options& options, const ParsedConfig& config) {
    Diagnostics problems = config.diagnostics;
    auto& rows = option_table();
    for (auto& entry : config.entries) {
        std::string name = "--" + entry.key;
        auto row = std::find_if(rows.begin(), rows.end(), [&](auto& r) {
            return r.in_config == InConfig::Yes && name == r.name;
        });
        if (row == rows.end()) {
            problems.push_back(
                {config_source(config), entry.line, "unknown key \"" + entry.key + "\" (ignored)"});
            continue;
        }
        std::string value = entry.value;
        if (!row->value_name && value.empty())
            value = "yes";
        if (auto status = row->apply(options, value); !status)
            problems.push_back({config_source(config), entry.line,
                                entry.key + ": " + status.error().message + " (ignored)"});
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](auto& a, auto& b) { return a.line < b.line; });
    return problems;
}

Result<Options> parse_options(int argc, char** argv) {
    Options options;
    // Command-line options are collected first and applied last, so they
    // override the configuration file.
    std::vector<std::pair<const OptionRow*, std::string>> given;
    int i = 1;
    if (i < argc) {
        std::string first = argv[i];
        if (first == "play" || first == "validate" || first == "render") {
            options.command = first == "play"       ? Command::Play
                              : first == "validate" ? Command::Validate
                                                    : Command::Render;
            ++i;
        }
    }
    for (; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            options.command = Command::Help;
            return options;
        }
        if (arg == "--version") {
            options.command = Command::Version;
            return options;
        }
        if (arg.rfind("--", 0) != 0) {
            options.files.push_back(arg);
            continue;
        }
        std::string value;
        if (auto equals = arg.find('='); equals != std::string::npos) {
            value = arg.substr(equals + 1);
            arg = arg.substr(0, equals);
        }
        auto& rows = option_table();
        auto row = std::find_if(rows.begin(), rows.end(), [&](auto& r) { return arg == r.name; });
        if (row == rows.end())
            return Error{"unknown option " + arg + " (see beacon --help)"};
        if (row->value_name && value.empty()) {
            if (i + 1 >= argc)
                return Error{arg + " needs a value: " + row->value_name};
            value = argv[++i];
        }
        given.emplace_back(&*row, value);
    }
    for (auto& [row, value] : given)
        if (std::string_view(row->name) == "--config")
            options.config_file = value;
    if (options.command == Command::Play) {
        bool explicit_file = !options.config_file.empty();
        std::string path = explicit_file ? options.config_file : BEACON_CONFIG_FILE;
        if (std::filesystem::exists(path)) {
            auto text = read_text_file(path, 1024 * 1024);
            if (!text)
                return Error{text.error().message};
            options.config_diagnostics = apply_config(options, parse_config(text.value(), path));
        } else if (explicit_file) {
            return Error{"the configuration file " + path + " does not exist"};
        }
    }
    for (auto& [row, value] : given)
        if (auto status = row->apply(options, value); !status)
            return Error{std::string(row->name) + ": " + status.error().message};

    if (options.command == Command::Validate && options.files.empty())
        return Error{"validate needs at least one playlist file"};
    if (options.command == Command::Render &&
        (options.files.size() != 1 || options.screen.empty() || options.out.empty()))
        return Error{"render needs one playlist, --screen and --out"};
    if (options.command == Command::Play && options.files.size() > 1)
        return Error{"play takes one playlist"};
    return options;
}

std::string default_playlist_path() {
    if (std::filesystem::exists(BEACON_INSTALLED_PLAYLIST))
        return BEACON_INSTALLED_PLAYLIST;
    return BEACON_SOURCE_PLAYLIST;
}

} // namespace beacon::app
