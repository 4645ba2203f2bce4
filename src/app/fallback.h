#pragma once

// What the kiosk shows when its content cannot be played: a hotline screen,
// never a black one, and the right country's number. The one place the
// order of choice is written (issue 21, finding 9):
//   1. the hotline of the last content that validated: the content store's
//      current version, then its previous one (both signed and checked when
//      installed, and loaded again now exactly as the player loads them);
//   2. the built-in hotline of the configured `country`;
//   3. the built-in US hotline, only when nothing else exists.
// Used by the player and by `beacon render --screen hotline`.

#include "app/options.h"
#include "core/playlist.h"

#include <string>

namespace beacon::app {

struct Fallback {
    Playlist playlist;
    std::string from; // for the log: "the installed content ...", "country GB", ...
};

// `failed_path` is the playlist that could not be played; it is not tried again.
Fallback choose_fallback(const Options& options, const std::string& failed_path);

} // namespace beacon::app
