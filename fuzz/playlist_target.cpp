#include "fuzz/targets.h"

#include "core/kiosk_machine.h"
#include "core/path_rules.h"
#include "core/playlist/playlist_parser.h"

#include <algorithm>
#include <set>

namespace beacon::fuzz {

namespace {

const std::string k_source = "fuzz.xml";

Problem check_diagnostics(const Diagnostics& diagnostics, std::string_view input) {
    int lines = 1 + static_cast<int>(std::count(input.begin(), input.end(), '\n'));
    for (auto& diagnostic : diagnostics) {
        if (diagnostic.source != k_source || diagnostic.message.empty())
            return "malformed diagnostic: " + diagnostic.to_string();
        // tinyxml2 may point one line past the end for a document cut short.
        if (diagnostic.line < 0 || diagnostic.line > lines + 1)
            return "diagnostic outside the text (" + std::to_string(lines) +
                   " lines): " + diagnostic.to_string();
    }
    return {};
}

// What playlist.h promises about a Playlist that parse_playlist() hands out.
Problem check_playlist(const Playlist& playlist) {
    if (playlist.languages.empty())
        return "accepted a playlist with no language";
    if (playlist.hotline.texts.size() != playlist.languages.size())
        return "hotline texts do not match the languages";
    std::set<std::string> ids;
    for (auto& item : playlist.items) {
        if (!ids.insert(item.id).second)
            return "accepted a duplicate id \"" + item.id + "\"";
        if (item.kind != ItemKind::FactSheet) {
            if (auto problem = content_path_problem(item.src))
                return "accepted media path \"" + item.src + "\": " + *problem;
        }
        for (auto& [lang, caption] : item.captions)
            if (auto problem = content_path_problem(caption.src))
                return "accepted caption path \"" + caption.src + "\": " + *problem;
        if (item.kind != ItemKind::Video &&
            (item.duration < Milliseconds(1000) || item.duration > Milliseconds(3'600'000)))
            return "accepted item \"" + item.id + "\" with duration " +
                   std::to_string(item.duration.count()) + " ms";
        if (item.kind == ItemKind::FactSheet) {
            if (item.texts.size() != playlist.languages.size())
                return "fact sheet \"" + item.id + "\" lacks a language";
            for (std::size_t i = 0; i < item.texts.size(); ++i)
                if (item.texts[i].lang != playlist.languages[i])
                    return "fact sheet \"" + item.id + "\" texts out of language order";
        }
    }
    return {};
}

// Plays the playlist through the state machine for a bounded number of
// steps, answering every command the way the player would.
Problem drive_machine(const Playlist& playlist) {
    KioskMachine machine(playlist, KioskConfig{});
    TimePoint now{};
    auto send = [&](KioskEvent::Kind kind, std::size_t language_index = 0) -> Problem {
        KioskEvent event;
        event.kind = kind;
        event.language_index = language_index;
        for (auto& command : machine.handle(event, now)) {
            if (command.kind == KioskCommand::Kind::ShowItem &&
                command.item_index >= playlist.items.size())
                return "ShowItem " + std::to_string(command.item_index) + " of " +
                       std::to_string(playlist.items.size()) + " items";
            if (!command.lang.empty() &&
                std::find(playlist.languages.begin(), playlist.languages.end(), command.lang) ==
                    playlist.languages.end())
                return "a command in unknown language \"" + command.lang + "\"";
        }
        auto& languages = machine.playlist().languages;
        if (std::find(languages.begin(), languages.end(), machine.language()) == languages.end())
            return "the machine shows unknown language \"" + machine.language() + "\"";
        return {};
    };
    if (auto problem = send(KioskEvent::Kind::Start))
        return problem;
    std::size_t steps = std::min<std::size_t>(4 * playlist.items.size() + 8, 400);
    for (std::size_t step = 0; step < steps; ++step) {
        using Kind = KioskEvent::Kind;
        Kind kind = step % 7 == 3   ? Kind::Tap
                    : step % 7 == 4 ? Kind::PickLanguage
                    : step % 7 == 5 ? Kind::CloseHotline
                    : step % 3 == 0 ? Kind::MediaReady
                    : step % 3 == 1 ? Kind::MediaEnded
                                    : Kind::MediaFailed;
        if (auto problem = send(kind, step % (playlist.languages.size() + 1)))
            return problem;
        if (auto deadline = machine.next_deadline(); deadline && *deadline > now)
            now = *deadline;
        if (auto problem = send(Kind::Tick))
            return problem;
    }
    return {};
}

} // namespace

Problem playlist_target(std::string_view input) {
    auto parsed = parse_playlist(input, k_source);
    if (auto problem = check_diagnostics(parsed.diagnostics, input))
        return problem;
    if (!parsed.playlist) {
        if (parsed.diagnostics.empty())
            return "rejected a playlist without saying why";
        return {};
    }
    if (!parsed.diagnostics.empty())
        return "accepted a playlist with errors: " + parsed.diagnostics.front().to_string();
    if (auto problem = check_playlist(*parsed.playlist))
        return problem;
    return drive_machine(*parsed.playlist);
}

} // namespace beacon::fuzz
