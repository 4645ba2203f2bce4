#include "app/options.h"

#include "system/files.h"

#include <charconv>
#include <cmath>
#include <cstdio>
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

std::string format_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

// The allowed values of a numeric option. Every number Beacon reads from its
// command line or configuration file is checked against its row's range here
// and nowhere else: NaN, infinities, overflow, negatives and values outside
// the range are refused, and the option keeps its previous value.
Result<double> parse_number(const std::string& text, const NumberRange& range) {
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    bool in_range = error == std::errc() && end == text.data() + text.size() &&
                    std::isfinite(value) && value >= range.min && value <= range.max &&
                    (!range.integral || value == std::floor(value));
    if (!in_range)
        // "a number of seconds from 1 to 3600", "a whole number from 1 to 1e+15"
        return Error{std::string("expected ") +
                     (range.unit       ? std::string("a number of ") + range.unit
                      : range.integral ? "a whole number"
                                       : "a number") +
                     " from " + format_number(range.min) + " to " + format_number(range.max) +
                     ", got \"" + text + "\""};
    return value;
}

Result<Size> parse_size(const std::string& text, const NumberRange& range) {
    auto x = text.find('x');
    auto width = parse_number(text.substr(0, x), range);
    auto height = parse_number(x == std::string::npos ? "" : text.substr(x + 1), range);
    if (x == std::string::npos || !width || !height)
        return Error{"expected WIDTHxHEIGHT between " + format_number(range.min) + " and " +
                     format_number(range.max) + ", got \"" + text + "\""};
    return Size{static_cast<int>(width.value()), static_cast<int>(height.value())};
}

std::optional<log::Level> parse_log_level(const std::string& text) {
    if (text == "error")
        return log::Level::Error;
    if (text == "warning")
        return log::Level::Warning;
    if (text == "info")
        return log::Level::Info;
    if (text == "debug")
        return log::Level::Debug;
    return std::nullopt;
}

enum class InConfig { No, Yes };

template <typename T, typename F> Status assign(Result<T> parsed, F&& store) {
    if (!parsed)
        return parsed.error();
    store(parsed.value());
    return Done{};
}

// One row per option. The same table drives the command line, the
// configuration file (key = the name without "--", for rows marked
// InConfig::Yes) and --help.
struct OptionRow {
    const char* name;
    const char* value_name; // nullptr for a flag
    InConfig in_config;
    const char* help;
    std::function<Status(Options&, const std::string&)> apply;
    // Set exactly for numeric rows (numbers, and both sides of WxH).
    std::optional<NumberRange> range = std::nullopt;
};

// A numeric row: its value is checked against `range` by parse_number().
OptionRow number_row(const char* name, const char* value_name, InConfig in_config, const char* help,
                     NumberRange range, std::function<void(Options&, double)> store) {
    return {name,
            value_name,
            in_config,
            help,
            [range, store](Options& o, const std::string& v) {
                return assign(parse_number(v, range), [&](double n) { store(o, n); });
            },
            range};
}

constexpr double one_year = 365 * 24 * 3600;
constexpr NumberRange size_range{64, 8192, "pixels", true};

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
         [](Options& o, auto& v) {
             return assign(parse_size(v, size_range), [&](Size s) { o.size = s; });
         },
         size_range},
        number_row("--run-for", "SECONDS", InConfig::No, "stop playing after this long",
                   {0.1, one_year, "seconds"}, [](Options& o, double s) { o.run_for_seconds = s; }),
        {"--frame-log", "FILE.csv", InConfig::No,
         "write one row per presented frame and input event",
         [](Options& o, auto& v) {
             o.frame_log = v;
             return Status(Done{});
         }},
        number_row("--tap-at", "SECONDS", InConfig::No, "inject a touch at this time (repeatable)",
                   {0, one_year, "seconds"},
                   [](Options& o, double s) { o.tap_at_seconds.push_back(s); }),
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
        // Below a second nobody could read the hotline screen a tap opened.
        number_row("--hotline-timeout", "SECONDS", InConfig::Yes,
                   "close the hotline screen after this idle time (45)", {1, 3600, "seconds"},
                   [](Options& o, double s) { o.hotline_timeout_seconds = s; }),
        number_row("--time-scale", "FACTOR", InConfig::No,
                   "tests: run the loop's timers FACTOR times faster (media at normal speed)",
                   {0.01, 1000}, [](Options& o, double f) { o.time_scale = f; }),
        {"--state-dir", "DIR", InConfig::Yes,
         "folder for the daily counters (default /var/lib/beacon/state)",
         [](Options& o, auto& v) {
             o.state_dir = v;
             return Status(Done{});
         }},
        {"--rotation", "0|90|180|270", InConfig::Yes, "turn the picture clockwise (default 0)",
         [](Options& o, auto& v) {
             if (v != "0" && v != "90" && v != "180" && v != "270")
                 return Status(Error{"expected 0, 90, 180 or 270, got \"" + v + "\""});
             o.rotation = std::stoi(v);
             return Status(Done{});
         }},
        {"--log-level", "error|warning|info|debug", InConfig::Yes,
         "least important log lines written (default info)",
         [](Options& o, auto& v) {
             auto level = parse_log_level(v);
             if (!level)
                 return Status(Error{"expected error, warning, info or debug, got \"" + v + "\""});
             o.log_level = *level;
             return Status(Done{});
         }},
        number_row("--language-rotation", "SECONDS", InConfig::Yes,
                   "how long each language of a fact sheet shows (default: its duration)",
                   {1, 3600, "seconds"},
                   [](Options& o, double s) { o.language_rotation_seconds = s; }),
        number_row("--notice-every", "ITEMS", InConfig::Yes,
                   "show an active notice as its own screen after this many items (4; 0 never)",
                   {0, 1000, "items", true},
                   [](Options& o, double n) { o.notice_every = static_cast<int>(n); }),
        {"--trust-clock", "auto|yes|no", InConfig::Yes,
         "believe the wall clock for dates and notices (auto: synchronised, after the build)",
         [](Options& o, auto& v) {
             if (v != "auto" && v != "yes" && v != "no")
                 return Status(Error{"expected auto, yes or no, got \"" + v + "\""});
             o.trust_clock = v == "yes"  ? TrustClock::Yes
                             : v == "no" ? TrustClock::No
                                         : TrustClock::Auto;
             return Status(Done{});
         }},
#ifdef BEACON_TEST_HOOKS
        number_row("--test-stall-at", "SECONDS", InConfig::No,
                   "test builds only: freeze the render loop at this time (watchdog test)",
                   {0, one_year, "seconds"},
                   [](Options& o, double s) { o.test_stall_at_seconds = s; }),
#endif
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
        {"--out", "FILE.png|DIR", InConfig::No,
         "render: where to write the picture; keygen, bundle: the folder to write",
         [](Options& o, auto& v) {
             o.out = v;
             return Status(Done{});
         }},
        // Signed updates (issue 4): README.md, "Signed bundles".
        {"--store", "DIR", InConfig::Yes,
         "content store of signed bundles (default /var/lib/beacon/store)",
         [](Options& o, auto& v) {
             o.store_dir = v;
             return Status(Done{});
         }},
        {"--keys", "DIR", InConfig::Yes, "trusted public keys, *.pub (default /etc/beacon/keys)",
         [](Options& o, auto& v) {
             o.keys_dir = v;
             return Status(Done{});
         }},
        {"--usb-dir", "DIR", InConfig::Yes,
         "where USB sticks are mounted: bundles, stats export (default /media/beacon-usb)",
         [](Options& o, auto& v) {
             o.usb_dir = v;
             return Status(Done{});
         }},
        {"--update-url", "URL", InConfig::Yes,
         "poll this bundle's manifest.xml for updates (default: none)",
         [](Options& o, auto& v) {
             o.update_url = v;
             return Status(Done{});
         }},
        // 0 would poll hundreds of times a second.
        number_row("--update-interval", "SECONDS", InConfig::Yes,
                   "time between polls of --update-url (default 600)",
                   {1, 7 * 24 * 3600, "seconds"},
                   [](Options& o, double s) { o.update_interval_seconds = s; }),
        number_row("--update-timeout", "SECONDS", InConfig::Yes,
                   "give up a stalled download or connection after this long (default 30)",
                   {1, 3600, "seconds"},
                   [](Options& o, double s) { o.update_timeout_seconds = s; }),
        {"--key", "FILE", InConfig::No,
         "bundle: the secret key to sign with; verify: the public key to check against",
         [](Options& o, auto& v) {
             o.key_file = v;
             return Status(Done{});
         }},
        {"--from", "DIR", InConfig::No, "bundle: the folder holding playlist.xml and its media",
         [](Options& o, auto& v) {
             o.from_dir = v;
             return Status(Done{});
         }},
        // Whole numbers up to 1e15: exact as doubles, far above the default
        // (seconds since 1970) for millions of years.
        number_row("--sequence", "N", InConfig::No,
                   "bundle: its number; kiosks install only a higher one (default: one more "
                   "than the last this key signed, and at least the seconds since 1970)",
                   {1, 1e15, nullptr, true},
                   [](Options& o, double n) { o.sequence = static_cast<std::uint64_t>(n); }),
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

std::vector<OptionInfo> option_infos() {
    std::vector<OptionInfo> infos;
    for (auto& row : option_table())
        infos.push_back({row.name, row.value_name ? row.value_name : "",
                         row.in_config == InConfig::Yes, row.range});
    return infos;
}

std::string usage() {
    std::string text = "Usage:\n"
                       "  beacon [play] [PLAYLIST.xml] [options]   play the loop\n"
                       "  beacon validate PLAYLIST.xml...          check playlists\n"
                       "  beacon render PLAYLIST.xml --screen ID|hotline [--lang CODE] "
                       "[--size WxH] --out FILE.png\n"
                       "  beacon keygen --out DIR                  make a signing key pair\n"
                       "  beacon bundle --key SECRET --from DIR --out DIR   sign content\n"
                       "  beacon verify DIR [--key PUB]            check a signed bundle\n"
                       "  beacon install DIR|URL                   install a signed bundle\n"
                       "  beacon rollback                          go back to the previous "
                       "content\n"
                       "\nOptions:\n";
    for (auto& row : option_table()) {
        std::string left = std::string("  ") + row.name;
        if (row.value_name)
            left += std::string(" ") + row.value_name;
        left.resize(std::max<std::size_t>(left.size() + 2, 34), ' ');
        std::string range;
        if (row.range)
            range =
                " [" + format_number(row.range->min) + " to " + format_number(row.range->max) + "]";
        text += left + row.help + range + "\n";
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
        } else if (auto command = update_command_named(first)) {
            options.command = *command;
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
    if (options.command == Command::Play || reads_kiosk_config(options.command)) {
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
    if (auto problem = update_command_problem(options))
        return Error{*problem};
    return options;
}

std::string default_playlist_path() {
    if (std::filesystem::exists(BEACON_INSTALLED_PLAYLIST))
        return BEACON_INSTALLED_PLAYLIST;
    return BEACON_SOURCE_PLAYLIST;
}

} // namespace beacon::app
