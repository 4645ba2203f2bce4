#pragma once

// Content that parses but will not show as meant, judged at a moment the
// caller passes in (`beacon validate` reads the clock in src/app, or takes
// --at): a notice already expired, an item whose schedules never allow it
// from that moment on (a date range in the past, days that none of its
// dates fall on, an item's days that its group's days exclude). Both are
// warnings: the kiosk takes the playlist, but the administrator should know.

#include "core/diagnostic.h"
#include "core/playlist.h"
#include "core/schedule.h"

#include <optional>

namespace beacon {

// The first moment at or after `from` at which every schedule in
// `schedules` allows playing, judged with a trusted clock; nothing when
// there is none. An empty list allows every moment.
std::optional<CivilDateTime> first_eligible(const std::vector<Schedule>& schedules,
                                            const CivilDateTime& from);

// Whether items[index] is in the loop at `now`: while any scheduled item's
// schedules allow it, only such items play (a campaign takes over);
// otherwise only the unscheduled ones. The one rule for the player
// (KioskMachine), `render --at` and `validate --at`.
bool in_loop(const std::vector<Item>& items, std::size_t index, const LocalTime& now);

// A warning for each notice expired at `now` and each scheduled item that
// never plays from `now` on, at the line of its element.
Diagnostics time_warnings(const Playlist& playlist, const CivilDateTime& now);

// "2026-12-07 09:00"
std::string to_string(const CivilDateTime& moment);

} // namespace beacon
