#include "core/playlist/playlist_loader.h"

#include "core/playlist/names.h"
#include "core/playlist/playlist_grammar.h"

#include <algorithm>
#include <map>

namespace beacon {

using playlist::quoted;

void check_media(const Playlist& playlist, const ContentRoot& root, Diagnostics& diagnostics) {
    // Large playlists name the same few files many times; each is asked once.
    std::map<std::string, PathStatus> known;
    auto status_of = [&](const std::string& src) {
        auto [at, fresh] = known.try_emplace(src, PathStatus::Ok);
        if (fresh)
            at->second = root.check(src);
        return at->second;
    };
    // What each file really is, by its first bytes (core/media_signature.h):
    // a video named .mp4 may be a playlist or an EDL file naming others.
    std::map<std::pair<std::string, MediaUse>, std::optional<std::string>> formats;
    auto format_of = [&](const std::string& src, MediaUse use) {
        auto [at, fresh] = formats.try_emplace({src, use});
        if (fresh)
            at->second = root.format_problem(src, use);
        return at->second;
    };
    auto check = [&](const std::string& what, const std::string& src, int line, MediaUse use) {
        auto report = [&](std::string message) {
            diagnostics.push_back({playlist.source, line, std::move(message)});
        };
        switch (status_of(src)) {
        case PathStatus::Ok:
            if (auto problem = format_of(src, use))
                report(what + " " + quoted(src) + " is refused: " + *problem);
            return;
        case PathStatus::Missing:
            report(what + " file " + quoted(src) + " is missing");
            return;
        case PathStatus::NotAFile:
            report(what + " " + quoted(src) + " is not a regular file");
            return;
        case PathStatus::EscapesRoot:
            report(what + " " + quoted(src) + " leads outside the playlist's folder");
            return;
        }
    };
    for (auto& item : playlist.items) {
        if (item.kind == ItemKind::FactSheet)
            continue;
        std::string what = std::string(item.kind == ItemKind::Video ? "<video" : "<image") +
                           " id=" + quoted(item.id) + ">";
        check(what + " media", item.src, item.line,
              item.kind == ItemKind::Video ? MediaUse::Video : MediaUse::Image);
        for (auto& [lang, caption] : item.captions)
            check(what + " caption " + quoted(lang), caption.src, caption.line, MediaUse::Caption);
    }
}

ParsedPlaylist load_playlist(std::string_view text, const std::string& source,
                             const ContentRoot& root, const ItemParsed& on_item, XmlDocument& xml,
                             const LanguageCatalog& languages) {
    ParsedPlaylist result = playlist::read_playlist(text, source, on_item, xml, languages);
    if (result.playlist)
        check_media(*result.playlist, root, result.diagnostics);
    // Report in file order, as a compiler would.
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](auto& a, auto& b) { return a.line < b.line; });
    if (!result.diagnostics.empty())
        result.playlist.reset();
    return result;
}

ParsedPlaylist load_playlist(std::string_view text, const std::string& source,
                             const ContentRoot& root, const ItemParsed& on_item,
                             const LanguageCatalog& languages) {
    XmlDocument xml;
    return load_playlist(text, source, root, on_item, xml, languages);
}

} // namespace beacon
