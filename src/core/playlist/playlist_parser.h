#pragma once

// parse_playlist() turns playlist XML into a Playlist, collecting every
// problem rather than stopping at the first. It reads no files: the caller
// passes the text and the name to use in diagnostics. Media files are
// checked by the loader (core/playlist/playlist_loader.h).

#include "core/diagnostic.h"
#include "core/language_catalog.h"
#include "core/playlist.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace beacon {

struct ParsedPlaylist {
    // Set only when there were no errors.
    std::optional<Playlist> playlist;
    Diagnostics diagnostics;
};

// The largest playlist accepted, checked before a byte of it is parsed.
inline constexpr std::size_t max_playlist_bytes = 16 * 1024 * 1024;
// The longest texts accepted, in UTF-8 bytes after white space is collapsed
// (playlists/README.md, "Limits"): hotline texts and fact-sheet titles;
// fact-sheet points and notice texts; attribute values.
inline constexpr std::size_t max_label_bytes = 400;
inline constexpr std::size_t max_paragraph_bytes = 1000;
inline constexpr std::size_t max_attribute_bytes = 1000;

// Language codes are judged by `languages` (core/language_catalog.h): the
// player and the installer pass ICU's, tests and fuzzers may use the default.
ParsedPlaylist parse_playlist(std::string_view text, const std::string& source,
                              const LanguageCatalog& languages = shipped_language_catalog());

// Called with each item as soon as it has parsed cleanly, while the rest of
// the file is still being parsed, so that a caller can start slow work on
// it elsewhere (`beacon validate` lays fact sheets out on a second core and
// loads the video decoder at the first video). An item passed here is in
// the result unless the playlist turns out to have errors.
using ItemParsed = std::function<void(const Item&)>;

} // namespace beacon
