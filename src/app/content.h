#pragma once

// Loading a playlist file from disk exactly as the player does, for the
// player, `beacon validate` and `beacon render`.

#include "core/diagnostic.h"
#include "core/playlist.h"
#include "core/playlist/playlist_loader.h"
#include "system/content_root.h"
#include "system/files.h"

#include <memory>
#include <optional>
#include <string>

namespace beacon::app {

struct LoadedContent {
    std::optional<Playlist> playlist; // set only when there were no errors
    std::shared_ptr<DirectoryContentRoot> root;
    Diagnostics diagnostics;
    // Said once by whoever loaded it: how the file was read when it was not
    // UTF-8 ("FILE: read as UTF-16 ...; saving it as UTF-8 is better").
    std::optional<std::string> note;
    // The XML the playlist was parsed from, from check_content() only: kept
    // by a caller about to exit rather than freed (see XmlDocument).
    XmlDocument xml;
};

LoadedContent load_content(const std::string& playlist_path);
// The same for `text`, read as if it were the file at `playlist_path` (its
// media are looked for beside it): a playlist about to be written there.
LoadedContent load_content_text(const std::string& playlist_path, std::string_view text);

// The same for `beacon validate`: the file is parsed from a read-only mapping
// (see MappedFile for why only there), `on_item` sees each item as it
// parses (see load_playlist()), and the parsed XML is handed over in
// `xml` rather than freed.
LoadedContent check_content(const std::string& playlist_path, const ItemParsed& on_item);

struct Options;
// What `beacon play` plays: the playlist named on the command line, else the
// content store's current signed bundle (STORE/current/playlist.xml), else
// the shipped default.
std::string playlist_to_play(const Options& options);

} // namespace beacon::app
