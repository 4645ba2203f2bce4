#pragma once

// The commands, one row each. The same table drives the usage lines of
// --help and the first word of the command line (options.cpp), the checks
// made once every option is parsed, and dispatch (app.cpp). Adding a command
// is adding a row; nothing else lists them.

#include "app/options.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::app {

// Whether the command reads the kiosk's configuration file (--config, or
// /etc/beacon/beacon.conf): the player does, and so do the commands that
// act on the kiosk's own store and keys.
enum class ConfigFile { Ignored, Read };

struct CommandRow {
    Command command;
    // What names it: its word, first on the command line ("validate"), or
    // flags anywhere on it ("--help"). The player is also the default.
    std::vector<std::string_view> names;
    // A second word the command needs ("config check"): the first of its
    // files must be it. Empty for most.
    std::string_view subcommand = {};
    // Its --help line: the synopsis after "beacon ", then the one-line help
    // (empty when the synopsis says it all). Rows without a synopsis are
    // listed under "Options:" instead, as flags.
    const char* synopsis = nullptr;
    const char* help = "";
    // The options it reads. Not enforced: a stray option has always been
    // accepted and ignored, and one beacon.conf serves every command. The
    // unit tests check each name against the option table.
    std::vector<std::string_view> options;
    // What it needs once everything is parsed: this many files, and these
    // options not empty; otherwise `problem` is the error.
    std::size_t min_files = 0;
    std::size_t max_files = 0;
    std::vector<std::string Options::*> required = {};
    const char* problem = nullptr;
    ConfigFile config = ConfigFile::Ignored;
    int (*run)(const Options&) = nullptr;
    // Run by Beacon itself, never by a person (`report-send`, the report
    // worker's child): left out of --help, of the list of commands and of
    // "did you mean".
    bool internal = false;
};

const std::vector<CommandRow>& command_table();
const CommandRow& command_row(Command command);
// The row whose word (first argument) or flag (any argument) is `name`.
const CommandRow* command_word(std::string_view name);
const CommandRow* command_flag(std::string_view name);
// Why `options` cannot run its command, if it cannot.
std::optional<std::string> command_problem(const Options& options);
// The error for a first word that is neither a command nor a playlist: the
// commands, and "did you mean" the nearest one when it is a near miss.
std::string unknown_command_message(std::string_view word);

} // namespace beacon::app
