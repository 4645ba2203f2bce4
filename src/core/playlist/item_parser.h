#pragma once

// The grammars of the items a playlist plays (<video>, <image>,
// <factsheet>) and of the <schedule> that says when one may play.

#include "core/playlist.h"
#include "core/playlist/xml_reader.h"

#include <optional>
#include <string_view>

namespace beacon::playlist {

bool is_item(std::string_view element_name);

// The item, or nullopt when it has a problem that leaves it unplayable. An
// item may come back even though a problem was reported (an unknown
// attribute, say), so that later checks of its media still run.
std::optional<Item> read_item(ElementReader& reader, const XMLElement* element);

// A <schedule> element alone, wherever it stands (an item's, a group's).
std::optional<Schedule> read_schedule(ElementReader& reader, const XMLElement* element);

} // namespace beacon::playlist
