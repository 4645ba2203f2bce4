#include "app/command_table.h"

#include "app/player/player.h"
#include "app/update/update_commands.h"
#include "app/validate/render_command.h"
#include "app/validate/validate.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#ifndef BEACON_VERSION
#define BEACON_VERSION "0"
#endif

namespace beacon::app {

namespace {

int show_help(const Options&) {
    std::fputs(usage().c_str(), stdout);
    return 0;
}

int show_version(const Options&) {
    std::printf("beacon %s\n", BEACON_VERSION);
    return 0;
}

constexpr std::size_t any_number = std::numeric_limits<std::size_t>::max();

std::vector<std::string_view> play_options() {
    // Grouped by topic: display, test switches, screens, files, updates.
    // clang-format off
    std::vector<std::string_view> names = {
        "--windowed", "--headless", "--size", "--render-path", "--rotation", "--log-level",
        "--run-for", "--frame-log", "--tap-at", "--time-scale",
        "--hotline-timeout", "--language-rotation", "--notice-every", "--trust-clock", "--at",
        "--state-dir", "--config",
        "--store", "--keys", "--usb-dir", "--update-url", "--update-interval", "--update-timeout"};
    // clang-format on
#ifdef BEACON_TEST_HOOKS
    names.push_back("--test-stall-at");
#endif
    return names;
}

} // namespace

const std::vector<CommandRow>& command_table() {
    static const std::vector<CommandRow> rows = {
        {.command = Command::Play,
         .names = {"play"},
         .synopsis = "[play] [PLAYLIST.xml] [options]",
         .help = "play the loop",
         .options = play_options(),
         .max_files = 1,
         .problem = "play takes one playlist",
         .config = ConfigFile::Read,
         .run = run_player},
        {.command = Command::Validate,
         .names = {"validate"},
         .synopsis = "validate PLAYLIST.xml... [--target pc|pi4|pi3] [--at \"YYYY-MM-DD HH:MM\"]",
         .help = "check playlists",
         .options = {"--target", "--at"},
         .min_files = 1,
         .max_files = any_number,
         .problem = "validate needs at least one playlist file",
         .run = run_validate},
        {.command = Command::Render,
         .names = {"render"},
         .synopsis =
             "render PLAYLIST.xml --screen ID|hotline [--lang CODE] [--size WxH] [--at TIME] "
             "--out FILE.png",
         .help = "",
         .options = {"--screen", "--lang", "--size", "--out", "--rotation", "--at"},
         .min_files = 1,
         .max_files = 1,
         .required = {&Options::screen, &Options::out},
         .problem = "render needs one playlist, --screen and --out",
         .run = run_render},
        {.command = Command::Keygen,
         .names = {"keygen"},
         .synopsis = "keygen --out DIR",
         .help = "make a signing key pair",
         .options = {"--out"},
         .required = {&Options::out},
         .problem = "keygen needs --out DIR and nothing else",
         .run = run_keygen},
        {.command = Command::Bundle,
         .names = {"bundle"},
         .synopsis = "bundle --key SECRET --from DIR --out DIR",
         .help = "sign content",
         .options = {"--key", "--from", "--out", "--sequence"},
         .required = {&Options::key_file, &Options::from_dir, &Options::out},
         .problem = "bundle needs --key SECRET, --from DIR and --out DIR",
         .run = run_bundle},
        {.command = Command::Verify,
         .names = {"verify"},
         .synopsis = "verify DIR [--key PUB]",
         .help = "check a signed bundle",
         .options = {"--key", "--keys", "--config"},
         .min_files = 1,
         .max_files = 1,
         .problem = "verify needs one bundle folder",
         .config = ConfigFile::Read,
         .run = run_verify},
        {.command = Command::Install,
         .names = {"install"},
         .synopsis = "install DIR|URL",
         .help = "install a signed bundle",
         .options = {"--store", "--keys", "--update-timeout", "--config"},
         .min_files = 1,
         .max_files = 1,
         .problem = "install needs one bundle folder or the URL of a bundle's manifest.xml",
         .config = ConfigFile::Read,
         .run = run_install},
        {.command = Command::Rollback,
         .names = {"rollback"},
         .synopsis = "rollback",
         .help = "go back to the previous content",
         .options = {"--store", "--config"},
         .problem = "rollback takes no arguments",
         .config = ConfigFile::Read,
         .run = run_rollback},
        // Flags: parsing stops where one is seen, and the rest is ignored.
        {.command = Command::Help,
         .names = {"--help", "-h"},
         .synopsis = nullptr,
         .help = "show this text",
         .max_files = any_number,
         .run = show_help},
        {.command = Command::Version,
         .names = {"--version"},
         .synopsis = nullptr,
         .help = "show the version",
         .max_files = any_number,
         .run = show_version},
    };
    return rows;
}

const CommandRow& command_row(Command command) {
    auto& rows = command_table();
    return *std::find_if(rows.begin(), rows.end(),
                         [&](auto& row) { return row.command == command; });
}

namespace {

const CommandRow* find_name(std::string_view name, bool flag) {
    for (auto& row : command_table())
        for (auto candidate : row.names)
            if (candidate == name && (candidate.rfind("-", 0) == 0) == flag)
                return &row;
    return nullptr;
}

} // namespace

const CommandRow* command_word(std::string_view name) {
    return find_name(name, false);
}

const CommandRow* command_flag(std::string_view name) {
    return find_name(name, true);
}

std::optional<std::string> command_problem(const Options& options) {
    const CommandRow& row = command_row(options.command);
    bool missing = std::any_of(row.required.begin(), row.required.end(),
                               [&](auto field) { return (options.*field).empty(); });
    if (missing || options.files.size() < row.min_files || options.files.size() > row.max_files)
        return row.problem;
    return std::nullopt;
}

} // namespace beacon::app
