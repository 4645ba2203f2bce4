#pragma once

// The whole check the player, `beacon validate` and the installer run on a
// playlist: parse (core/playlist/playlist_parser.h), then ask a ContentRoot
// whether each media file is really there, inside the root, and what its
// first bytes say it is. Diagnostics come out in file order.

#include "core/diagnostic.h"
#include "core/path_rules.h"
#include "core/playlist/playlist_parser.h"
#include "core/xml_input.h"

#include <string>
#include <string_view>

namespace beacon {

// Appends a diagnostic for every media or caption file that is missing, is not
// a regular file, resolves outside `root`, or is not the kind of file its
// element says (core/media_signature.h).
void check_media(const Playlist& playlist, const ContentRoot& root, Diagnostics& diagnostics);

ParsedPlaylist load_playlist(std::string_view text, const std::string& source,
                             const ContentRoot& root, const ItemParsed& on_item = {},
                             const LanguageCatalog& languages = shipped_language_catalog());

// The same, parsing into `xml`, which the caller owns and may keep past the
// parse instead of freeing it (see XmlDocument). Set also when the XML was
// refused.
ParsedPlaylist load_playlist(std::string_view text, const std::string& source,
                             const ContentRoot& root, const ItemParsed& on_item, XmlDocument& xml,
                             const LanguageCatalog& languages = shipped_language_catalog());

} // namespace beacon
