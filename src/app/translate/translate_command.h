#pragma once

// `beacon translate`: the playlist's words as a gettext PO file for
// translators (Poedit, Weblate, any CAT tool), and back.
//
//   beacon translate export PLAYLIST.xml --lang vi --out vi.po
//   beacon translate import PLAYLIST.xml vi.po
//
// Import edits only the bytes of the texts that changed (layout and
// comments stay), then loads the result exactly as the player would and
// writes nothing unless it is valid. The PO and playlist rules are in
// core/translation/.

#include "app/options.h"

namespace beacon::app {

int run_translate(const Options& options);

} // namespace beacon::app
