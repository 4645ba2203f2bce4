#pragma once

// The grammar of <hotline>: the number, the web address, the QR payload and
// one <text> per playlist language with the screen's words.

#include "core/playlist.h"
#include "core/playlist/xml_reader.h"

namespace beacon::playlist {

// Fills `hotline` with what parsed; problems go to `reader`.
void read_hotline(ElementReader& reader, const XMLElement* element, Hotline& hotline);

} // namespace beacon::playlist
