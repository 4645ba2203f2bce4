#pragma once

// `beacon validate`'s checks of the hotline's words for the person who taps
// (issue 23), with the facility's choices already laid over the playlist
// (apply_hotline_choices): pure, so they are unit-tested without fonts.
//
// - Every language says who answers (<who-answers>): a warning where one is
//   missing, since the playlist still plays.
// - In the discreet style every language has its neutral title
//   (<discreet>), and no text the discreet screen or footer shows names the
//   cause: words such as "trafficking", "victim" or "police", in any of the
//   eleven shipped languages, are errors.
// - The QR choice: a fallback taken (sms: to tel:) or a missing caption.

#include "core/diagnostic.h"
#include "core/playlist.h"

#include <optional>
#include <string>
#include <string_view>

namespace beacon {

void check_hotline_choices(const Playlist& playlist, Diagnostics& out);

// The first word of `text` that would tell a watcher what the screen is
// about ("traffick", "víctima", "경찰"...), matched without regard to ASCII
// case; nothing when there is none.
std::optional<std::string> revealing_word(std::string_view text);

} // namespace beacon
