#pragma once

// parse_playlist() turns playlist XML into a Playlist, collecting every
// problem rather than stopping at the first. It reads no files: the caller
// passes the text and the name to use in diagnostics. check_media() then asks
// a ContentRoot whether each media file is really there and inside the root.

#include "core/diagnostic.h"
#include "core/path_rules.h"
#include "core/playlist.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace beacon {

struct ParsedPlaylist {
    // Set only when there were no errors.
    std::optional<Playlist> playlist;
    Diagnostics diagnostics;
    // The parsed XML document (opaque), when the caller asked for it with
    // XmlAfterLoad::HandOver; null otherwise.
    std::shared_ptr<void> xml;
};

// The largest playlist accepted, checked before a byte of it is parsed.
inline constexpr std::size_t max_playlist_bytes = 16 * 1024 * 1024;
// The longest texts accepted, in UTF-8 bytes after white space is collapsed
// (playlists/README.md, "Limits"): hotline texts and fact-sheet titles;
// fact-sheet points and notice texts; attribute values.
inline constexpr std::size_t max_label_bytes = 400;
inline constexpr std::size_t max_paragraph_bytes = 1000;
inline constexpr std::size_t max_attribute_bytes = 1000;

ParsedPlaylist parse_playlist(std::string_view text, const std::string& source);

// Appends a diagnostic for every media or caption file that is missing, is not
// a regular file, or resolves outside `root`.
void check_media(const Playlist& playlist, const ContentRoot& root, Diagnostics& diagnostics);

// Called with each fact sheet as soon as it has parsed cleanly, while the
// rest of the file is still being parsed, so that a caller can start slow
// checks of its words elsewhere (`beacon validate` lays them out on a second
// core). A fact sheet passed here is in the result unless the playlist turns
// out to have errors.
using FactSheetParsed = std::function<void(const Item&)>;

// What load_playlist() does with the XML document once the playlist is
// built. tinyxml2 frees a document node by node: a tenth of `beacon
// validate`'s time on a 10,000-item file. A command about to exit takes the
// document instead and never frees it, leaving the memory to the OS.
enum class XmlAfterLoad { Free, HandOver };

// The whole check the player and `beacon validate` run: parse, then media.
ParsedPlaylist load_playlist(std::string_view text, const std::string& source,
                             const ContentRoot& root, const FactSheetParsed& on_factsheet = {},
                             XmlAfterLoad xml_after = XmlAfterLoad::Free);

} // namespace beacon
