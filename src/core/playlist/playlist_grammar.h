#pragma once

// The grammar of the root <playlist>: its languages, one <hotline>, the
// items (alone or in <group>s) and the notices, whose ids share one space.
// The elements themselves are read by hotline_parser, item_parser and
// notice_parser.

#include "core/playlist/playlist_parser.h"
#include "core/xml_input.h"

namespace beacon::playlist {

// Parses what it can from `text`, into `xml`, which the caller owns: on
// errors the playlist still holds what parsed cleanly, so that the loader can
// check those items' media too. The caller drops it when there are
// diagnostics.
ParsedPlaylist read_playlist(std::string_view text, const std::string& source,
                             const ItemParsed& on_item, XmlDocument& xml,
                             const LanguageCatalog& languages);

} // namespace beacon::playlist
