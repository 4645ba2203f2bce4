#pragma once

// Where each part of the hotline screen goes, for a screen size. Pure
// geometry: the renderer draws into these boxes and the loop hit-tests taps
// against the same boxes, so what is drawn and what is touchable never differ.
// Invariant: every touch target is at least min_touch_target() pixels in both
// directions (48 px at 1080p, scaled with the screen's shorter side).

#include "core/geometry.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace beacon {

enum class Direction { LeftToRight, RightToLeft };

struct HotlineLayout {
    Rect headline;
    Rect phone;       // the largest text on the screen
    Rect call_line;   // under the number
    Rect text_line;   // SMS line, or "call, interpreters available"
    Rect who_answers; // "Confidential. Not law enforcement, not immigration."
    Rect web;
    Rect qr; // square, quiet zone included; empty with QrSpace::None
    Rect qr_caption;
    Rect close; // the close target
    // The Listen button (issue 23 part 5, speech), the close target's size
    // on its inner side; empty with ListenButton::None. Focusable after Close.
    Rect listen;
    std::vector<Rect> languages; // one button per playlist language, in order
};

int min_touch_target(Size screen);

// With QrSpace::None (qr = off) there is no code: the number and the lines
// under it take the whole width, and grow.
enum class QrSpace { Shown, None };

// ListenButton::Shown: the screen can be read aloud (speech = on, sound can
// be heard and the language has a voice: app/player/listen.h decides).
enum class ListenButton { None, Shown };

HotlineLayout layout_hotline(Size screen, std::size_t language_count, Direction direction,
                             QrSpace qr_space = QrSpace::Shown,
                             ListenButton listen = ListenButton::None);

struct HotlineHit {
    enum class Kind { Nothing, Close, Listen, Language } kind = Kind::Nothing;
    std::size_t language_index = 0;
};

HotlineHit hit_test(const HotlineLayout& layout, int x, int y);

// What keyboard and switch access can focus, in Tab order: Close first (the
// quick exit comes before the content), then Listen when it has a size, then
// the language buttons in playlist order.
struct HotlineTarget {
    enum class Kind { Close, Listen, Language } kind = Kind::Close;
    std::size_t language_index = 0;
    bool operator==(const HotlineTarget&) const = default;
};
std::vector<HotlineTarget> focus_order(const HotlineLayout& layout);
Rect target_rect(const HotlineLayout& layout, HotlineTarget target);

// Moving the focus ring along focus_order(): from nothing, Next lands on the
// first target (Close) and Previous on the last; both wrap round.
enum class FocusMove { Next, Previous };
std::optional<std::size_t> moved_focus(std::optional<std::size_t> current, std::size_t count,
                                       FocusMove move);

} // namespace beacon
