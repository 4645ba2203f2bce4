#include "app/options.h"
#include "system/text_decoding.h"

#include "app/command_table.h"
#include "app/option_table.h"
#include "system/files.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>

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

const std::string& config_source(const ParsedConfig& config) {
    return config.source;
}

// A first word that is no command is a playlist only when it says so: it
// ends in .xml, or it is a file that exists.
bool looks_like_playlist(const std::string& word) {
    auto dot = word.rfind('.');
    std::string extension = dot == std::string::npos ? "" : word.substr(dot);
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::error_code error;
    return extension == ".xml" || std::filesystem::exists(word, error);
}

// "  left" padded to `column` (at least `gap` spaces), then the help text.
std::string help_line(std::string left, const std::string& help, std::size_t column,
                      std::size_t gap) {
    if (!help.empty()) {
        left.resize(std::max(left.size() + gap, column), ' ');
        left += help;
    }
    return "  " + left + "\n";
}

} // namespace

// The "testing and measurement" group (README.md): options that measure the
// real loop or drive it without a person. They only choose the player's
// probe (app/player/probe.h); --help lists them apart.
static bool is_testing_option(std::string_view name) {
    for (std::string_view testing :
         {"--headless", "--run-for", "--frame-log", "--tap-at", "--key-at", "--time-scale"})
        if (name == testing)
            return true;
    return false;
}

std::string usage() {
    std::string text = "Usage:\n";
    for (auto& command : command_table())
        if (command.synopsis && !command.internal)
            text += help_line(std::string("beacon ") + command.synopsis, command.help, 41, 3);
    text += "\nOptions:\n";
    std::string testing;
    for (auto& row : option_table()) {
        std::string left = row.name;
        if (row.value_name)
            left += std::string(" ") + row.value_name;
        std::string range;
        if (row.range)
            range =
                " [" + format_number(row.range->min) + " to " + format_number(row.range->max) + "]";
        (is_testing_option(row.name) ? testing : text) += help_line(left, row.help + range, 32, 2);
    }
    for (auto& command : command_table())
        if (!command.synopsis && !command.internal)
            text += help_line(std::string(command.names.front()), command.help, 32, 2);
    text += "\nTesting and measurement (README.md: kept in release builds, because the\n"
            "package test, the benchmarks and the system test drive the released binary):\n" +
            testing;
    return text;
}

std::vector<OptionInfo> option_infos() {
    std::vector<OptionInfo> infos;
    for (auto& row : option_table())
        infos.push_back({row.name, row.value_name ? row.value_name : "",
                         row.in_config == InConfig::Yes, row.range});
    return infos;
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
        else
            options.origins[row->name] = format_location(config_source(config), entry.line);
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
        if (auto* command = command_word(argv[i])) {
            options.command = command->command;
            ++i;
        } else if (argv[i][0] != '-' && !looks_like_playlist(argv[i])) {
            // Not a command, and nothing says it is a playlist: a typo for a
            // command must not start the kiosk fullscreen.
            return Error{unknown_command_message(argv[i])};
        }
    }
    for (; i < argc; ++i) {
        std::string arg = argv[i];
        if (auto* flag = command_flag(arg)) {
            options.command = flag->command;
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
        else if (std::string_view(row->name) == "--config-name")
            options.config_name = value;
    // `beacon config check FILE` names the file as its argument.
    if (options.command == Command::ConfigCheck && options.files.size() == 2)
        options.config_file = options.files[1];
    if (command_row(options.command).config == ConfigFile::Read) {
        bool explicit_file = !options.config_file.empty();
        std::string path = explicit_file ? options.config_file : default_config_path();
        if (std::filesystem::exists(path)) {
            auto text = read_text_file(path, 1024 * 1024);
            if (!text)
                return Error{text.error().message};
            options.config_read = path;
            // Problems name the file as the administrator knows it.
            const std::string& shown = options.config_name.empty() ? path : options.config_name;
            DecodedText decoded = decode_text(text.value(), shown);
            if (!decoded.ok()) {
                // A file that is not UTF-8 is a problem reported like any
                // other (on the appliance, on screen too), with the defaults
                // in effect: never a kiosk that will not start.
                options.config_diagnostics.push_back(*decoded.error());
            } else {
                options.config_diagnostics =
                    apply_config(options, parse_config(decoded.text(), shown));
                if (decoded.note())
                    options.config_note = shown + ": " + *decoded.note();
            }
        } else if (explicit_file) {
            return Error{"the configuration file " + path + " does not exist"};
        }
    }
    for (auto& [row, value] : given) {
        if (auto status = row->apply(options, value); !status)
            return Error{std::string(row->name) + ": " + status.error().message};
        options.origins[row->name] = "command line";
    }

    if (auto problem = command_problem(options))
        return Error{*problem};
    return options;
}

std::string default_config_path() {
    return BEACON_CONFIG_FILE;
}

std::string default_playlist_path() {
    if (std::filesystem::exists(BEACON_INSTALLED_PLAYLIST))
        return BEACON_INSTALLED_PLAYLIST;
    return BEACON_SOURCE_PLAYLIST;
}

} // namespace beacon::app
