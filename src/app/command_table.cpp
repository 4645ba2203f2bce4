#include "app/command_table.h"

#include "app/config_command.h"
#include "app/fleet/fleet_command.h"
#include "app/fleet/report_put.h"
#include "app/player/player.h"
#include "app/speak_command.h"
#include "app/translate/translate_command.h"
#include "app/update/update_commands.h"
#include "app/validate/render_command.h"
#include "app/validate/validate.h"

#include <algorithm>
#include <cctype>
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
        "--hotline-timeout", "--language-rotation", "--notice-every", "--trust-clock", "--country",
        "--display-hours", "--hotline-style", "--qr", "--text-scale", "--key-at",
        "--at", "--state-dir", "--config", "--config-name", "--setup-problems",
        "--audio", "--volume", "--quiet-hours", "--audio-device", "--speech",
        "--store", "--keys", "--usb-dir", "--update-url", "--update-interval", "--update-timeout",
        "--report-url", "--report-interval", "--report-auth-file", "--report-screenshot",
        "--kiosk-name", "--location"};
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
         .synopsis = "validate PLAYLIST.xml... [--target pc|pi4|pi3] [--at \"YYYY-MM-DD HH:MM\"] "
                     "[--display-hours HOURS] [--hotline-style standard|discreet] "
                     "[--qr web|tel|sms|off] [--audio on|off]",
         .help = "check playlists",
         // --display-hours: the hours a kiosk's beacon.conf sets (validate
         // reads no configuration), to see them judged --at a moment.
         .options = {"--target", "--at", "--display-hours", "--hotline-style", "--qr",
                     "--text-scale", "--audio"},
         .min_files = 1,
         .max_files = any_number,
         .problem = "validate needs at least one playlist file",
         .run = run_validate},
        {.command = Command::Render,
         .names = {"render"},
         .synopsis =
             "render PLAYLIST.xml --screen ID|hotline [--lang CODE] [--size WxH] [--at TIME] "
             "[--speech on|off] --out FILE.png",
         .help = "",
         .options = {"--screen", "--lang", "--size", "--out", "--rotation", "--country", "--store",
                     "--at", "--hotline-style", "--qr", "--text-scale", "--focus", "--speech"},
         .min_files = 1,
         .max_files = 1,
         .required = {&Options::screen, &Options::out},
         .problem = "render needs one playlist, --screen and --out",
         .run = run_render},
        {.command = Command::Speak,
         .names = {"speak"},
         .synopsis = "speak PLAYLIST.xml [--lang CODE] [--hotline-style standard|discreet] --out "
                     "FILE.wav",
         .help = "write what the hotline screen's Listen button says, as a WAV file",
         .options = {"--lang", "--out", "--hotline-style"},
         .min_files = 1,
         .max_files = 1,
         .required = {&Options::out},
         .problem = "speak needs one playlist and --out FILE.wav",
         .run = run_speak},
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
         .synopsis = "bundle --key SECRET --from DIR|FILE.xml --out DIR [--label TEXT]",
         .help = "sign content",
         .options = {"--key", "--from", "--out", "--sequence", "--label"},
         .required = {&Options::key_file, &Options::from_dir, &Options::out},
         .problem = "bundle needs --key SECRET, --from DIR|FILE.xml and --out DIR",
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
         .synopsis = "rollback [--to NUMBER]",
         .help = "go back to the previous content, or to a kept version",
         .options = {"--store", "--config", "--to"},
         .problem = "rollback takes no arguments but --to NUMBER",
         .config = ConfigFile::Read,
         .run = run_rollback},
        {.command = Command::Fleet,
         .names = {"fleet"},
         .synopsis = "fleet DIR|URL --out OUT_DIR [--keys DIR] [--report-auth-file FILE]",
         .help = "fleet dashboard from a folder of reports, local or WebDAV (exit 1: a kiosk is "
                 "late, offline or untrusted)",
         .options = {"--out", "--keys", "--report-auth-file"},
         .min_files = 1,
         .max_files = 1,
         .required = {&Options::out},
         .problem = "fleet needs one folder (or WebDAV URL) of reports and --out DIR",
         .run = run_fleet},
        {.command = Command::ReportSend,
         .names = {"report-send"},
         .synopsis = "report-send",
         .help = "the player's report sender: one PUT, read from stdin (app/fleet/report_put.h)",
         .run = run_report_send,
         .internal = true},
        {.command = Command::ConfigCheck,
         .names = {"config"},
         .subcommand = "check",
         .synopsis = "config check [FILE]",
         .help = "show the configuration in effect, and where each value came from",
         .options = {"--config", "--config-name"},
         .min_files = 1,
         .max_files = 2,
         .problem = "usage: beacon config check [FILE]",
         .config = ConfigFile::Read,
         .run = run_config_check},
        {.command = Command::Versions,
         .names = {"versions"},
         .synopsis = "versions",
         .help = "list the installed versions",
         .options = {"--store", "--config"},
         .problem = "versions takes no arguments",
         .config = ConfigFile::Read,
         .run = run_versions},
        {.command = Command::Translate,
         .names = {"translate"},
         .synopsis = "translate export PLAYLIST.xml --lang CODE --out FILE.po | translate import "
                     "PLAYLIST.xml FILE.po",
         .help = "texts for translators, as a gettext PO file, and back",
         .options = {"--lang", "--out", "--hotline-style"},
         .min_files = 2,
         .max_files = 3,
         .problem = "translate needs export PLAYLIST.xml --lang CODE --out FILE.po, or import "
                    "PLAYLIST.xml FILE.po",
         .run = run_translate},
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

namespace {

// How the command is typed: "validate", "config check".
std::string command_words(const CommandRow& row) {
    std::string words(row.names.front());
    if (!row.subcommand.empty())
        words += " " + std::string(row.subcommand);
    return words;
}

} // namespace

std::optional<std::string> command_problem(const Options& options) {
    const CommandRow& row = command_row(options.command);
    bool missing = std::any_of(row.required.begin(), row.required.end(),
                               [&](auto field) { return (options.*field).empty(); });
    if (!row.subcommand.empty() && (options.files.empty() || options.files[0] != row.subcommand))
        return row.problem;
    if (missing || options.files.size() < row.min_files || options.files.size() > row.max_files)
        return row.problem;
    return std::nullopt;
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of two neighbours ("versoins") each cost one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

} // namespace

std::string unknown_command_message(std::string_view word) {
    // Words longer than any command cannot be near one; the cap also bounds
    // the distance table.
    constexpr std::size_t longest_compared = 64;
    std::string commands;
    std::string_view nearest;
    std::size_t nearest_distance = std::numeric_limits<std::size_t>::max();
    for (auto& row : command_table()) {
        if (row.internal)
            continue;
        if (row.synopsis)
            commands += (commands.empty() ? "" : ", ") + command_words(row);
        for (auto name : row.names) {
            std::string_view bare = name.substr(name.find_first_not_of('-'));
            if (word.size() > longest_compared || bare.size() < 2)
                continue;
            std::size_t distance = edit_distance(word, bare);
            if (distance < nearest_distance) {
                nearest_distance = distance;
                nearest = name;
            }
        }
    }
    std::string message = "\"" + std::string(word.substr(0, longest_compared)) +
                          "\" is not a command, and not a playlist (a playlist file ends in .xml).";
    // A near miss: at most one edit in a short word, two in a longer one.
    if (!nearest.empty() && nearest_distance <= (word.size() <= 4 ? 1u : 2u))
        message += " Did you mean \"" + std::string(nearest) + "\"?";
    return message + "\nThe commands: " + commands + ". See beacon --help.";
}

} // namespace beacon::app
