// TextEngine::fit(): the largest size at which a text fits its box, found by
// laying it out (text.cpp) at the sizes a binary search picks.

#include "render/text.h"

#include <algorithm>
#include <climits>

namespace beacon::render {

Paragraph TextEngine::fit(std::string_view text, TextStyle& style, Size box, int min_px, int max_px,
                          bool single_line) {
    min_px = std::max(4, std::min(min_px, max_px));
    auto attempt = [&](int px) {
        style.px = px;
        return layout_paragraph(text, style, single_line ? INT_MAX / 128 : box.width);
    };
    auto fits = [&](Paragraph const& p) {
        return p.width <= box.width && p.height() <= box.height && !p.split_words &&
               (!single_line || p.lines.size() <= 1);
    };
    int low = min_px;
    int high = max_px;
    int best = 0;
    while (low <= high) {
        int const mid = (low + high) / 2;
        if (fits(attempt(mid))) {
            best = mid;
            low = mid + 1;
        } else {
            high = mid - 1;
        }
    }
    if (best != 0)
        return attempt(best);

    // Still too big at the smallest size: callers crop to their box.
    Paragraph paragraph = attempt(min_px);
    int const room = paragraph.line_height ? box.height / paragraph.line_height : 0;
    if (static_cast<int>(paragraph.lines.size()) > std::max(1, room)) {
        paragraph.lines.resize(std::max(1, room));
        paragraph.truncated = true;
        // Still the widest line: the dropped lines may have been wider.
        paragraph.width = 0;
        for (auto const& line : paragraph.lines)
            paragraph.width = std::max(paragraph.width, line.width);
    }
    return paragraph;
}

} // namespace beacon::render
