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
    Rect phone;     // the largest text on the screen
    Rect call_line; // under the number
    Rect text_line; // SMS line, or "call, interpreters available"
    Rect web;
    Rect qr; // square, quiet zone included
    Rect qr_caption;
    Rect close;                  // the close target
    std::vector<Rect> languages; // one button per playlist language, in order
};

int min_touch_target(Size screen);

HotlineLayout layout_hotline(Size screen, std::size_t language_count, Direction direction);

struct HotlineHit {
    enum class Kind { Nothing, Close, Language } kind = Kind::Nothing;
    std::size_t language_index = 0;
};

HotlineHit hit_test(const HotlineLayout& layout, int x, int y);

} // namespace beacon
