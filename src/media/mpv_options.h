#pragma once

// The mpv options every mpv core in Beacon gets (the table in
// mpv_player.cpp): the player's, and the probe's in `beacon validate`, so a
// file the probe accepts is a file the player opens the same way.

#include "core/result.h"
#include "media/mpv_library.h"

namespace beacon::media {

// Sets each option of the table on `mpv`, before mpv_initialize(). An Error
// when a required one cannot be set; optional ones are logged and skipped.
Result<Done> apply_player_options(MpvLibrary const& api, mpv_handle* mpv);

} // namespace beacon::media
