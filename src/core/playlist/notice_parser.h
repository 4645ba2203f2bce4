#pragma once

// The grammar of <notice>: a time-limited message with one <text> per
// playlist language.

#include "core/playlist.h"
#include "core/playlist/xml_reader.h"

#include <optional>

namespace beacon::playlist {

// The notice, or nullopt when it has any problem.
std::optional<Notice> read_notice(ElementReader& reader, const XMLElement* element);

} // namespace beacon::playlist
