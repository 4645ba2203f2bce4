#include "core/hotline_layout.h"

#include <algorithm>
#include <cmath>

namespace beacon {

namespace {

int frac(double fraction, int unit) {
    return static_cast<int>(std::lround(fraction * unit));
}

Rect mirrored(Rect rect, int screen_width) {
    rect.x = screen_width - rect.x - rect.width;
    return rect;
}

struct Grid {
    std::vector<Rect> buttons;
    int top = 0;
};

// Language buttons: one centred row when they fit at a comfortable width,
// otherwise a grid whose rows are filled in order and stacked upwards from
// the bottom margin.
Grid layout_language_grid(int screen_width, int bottom, int margin_x, int shorter, int touch,
                          std::size_t count) {
    Grid grid;
    grid.top = bottom;
    if (count == 0)
        return grid;
    int const gap = std::max(touch / 4, frac(0.018, shorter));
    int const available = std::max(touch, screen_width - 2 * margin_x);
    int const preferred_width = std::max(touch, frac(0.24, shorter));
    int const minimum_width = std::max(touch, frac(0.16, shorter));
    int height = std::max(touch, frac(0.08, shorter));

    int const n = static_cast<int>(count);
    int columns = n;
    int width = preferred_width;
    if (n * preferred_width + (n - 1) * gap > available) {
        width = (available - (n - 1) * gap) / n;
        if (width < minimum_width) {
            columns = std::max(1, (available + gap) / (minimum_width + gap));
            // Balance the rows (3 + 3 rather than 5 + 1).
            int const needed_rows = (n + columns - 1) / columns;
            columns = (n + needed_rows - 1) / needed_rows;
            width = std::min(preferred_width,
                             std::max(touch, (available - (columns - 1) * gap) / columns));
        }
    }
    int const rows = (n + columns - 1) / columns;
    // Many languages on a small screen: give up button height (never below a
    // touch target) before giving up the rest of the screen.
    if (rows * height + (rows - 1) * gap > shorter * 3 / 10)
        height = touch;

    grid.top = bottom - (rows * height + (rows - 1) * gap);
    for (int index = 0; index < n; ++index) {
        int const row = index / columns;
        int const column = index % columns;
        int const in_row = std::min(columns, n - row * columns);
        int const row_width = in_row * width + (in_row - 1) * gap;
        int const left = (screen_width - row_width) / 2;
        grid.buttons.push_back(
            {left + column * (width + gap), grid.top + row * (height + gap), width, height});
    }
    return grid;
}

// Shrinks the heights in `parts` proportionally so that they and the gaps
// between them fit in `available`.
void squeeze(std::vector<int*> const& parts, int gap, int available) {
    int const gaps = gap * (static_cast<int>(parts.size()) - 1);
    int total = 0;
    for (int* part : parts)
        total += *part;
    if (total + gaps <= available || total <= 0)
        return;
    double const ratio = std::max(0, available - gaps) / static_cast<double>(total);
    for (int* part : parts)
        *part = static_cast<int>(*part * ratio);
}

} // namespace

int min_touch_target(Size screen) {
    int const shorter = std::max(0, std::min(screen.width, screen.height));
    int const scaled = (48 * shorter + 1079) / 1080;
    return std::max(32, scaled);
}

HotlineLayout layout_hotline(Size screen, std::size_t language_count, Direction direction,
                             QrSpace qr_space, ListenButton listen) {
    int const width = std::max(1, screen.width);
    int const height = std::max(1, screen.height);
    int const shorter = std::min(width, height);
    int const touch = min_touch_target(screen);
    bool const portrait = height > width;

    int const margin_x = frac(portrait ? 0.06 : 0.05, width);
    int const margin_y = frac(0.05, shorter);
    int const gap = std::max(8, frac(0.025, shorter));
    int const line_gap = frac(0.01, shorter);

    HotlineLayout layout;

    // The close target is wide enough for an "x" and a short label.
    int const close_height = std::max((3 * touch + 1) / 2, frac(0.085, shorter));
    int const close_width = frac(2.6, close_height);
    layout.close = {width - margin_x - close_width, margin_y, close_width, close_height};

    // Listen sits beside Close, on its inner side, as large: both are
    // found in the same corner, and the headline gives up the room.
    int headline_end = layout.close.x - gap;
    if (listen == ListenButton::Shown) {
        layout.listen = {layout.close.x - gap - close_width, margin_y, close_width, close_height};
        headline_end = layout.listen.x - gap;
    }
    int const headline_height = std::max(close_height, frac(portrait ? 0.16 : 0.12, shorter));
    layout.headline = {margin_x, margin_y, std::max(1, headline_end - margin_x), headline_height};

    Grid grid =
        layout_language_grid(width, height - margin_y, margin_x, shorter, touch, language_count);
    layout.languages = std::move(grid.buttons);

    int const region_top = margin_y + headline_height + gap;
    int const region_bottom = (language_count ? grid.top : height - margin_y) - gap * 3 / 2;
    int const region_height = std::max(0, region_bottom - region_top);

    // Without a QR code the number and its lines fill the space it left.
    double const grow = qr_space == QrSpace::None ? 1.3 : 1.0;
    int phone_height = frac(0.2 * grow, shorter);
    int call_height = frac(0.085 * grow, shorter);
    int text_height = call_height;
    int who_height = call_height;
    int web_height = call_height;
    // Two lines: what a scan does, and what it leaves on the phone.
    int caption_height = frac(0.1, shorter);

    // The number and its lines, squeezed to fit and stacked in one column
    // `column_width` wide from the left margin, centred in the region.
    auto stack_text_column = [&](int column_width) {
        squeeze({&phone_height, &call_height, &text_height, &who_height, &web_height}, line_gap,
                region_height);
        int const block =
            phone_height + call_height + text_height + who_height + web_height + 4 * line_gap;
        int y = region_top + std::max(0, (region_height - block) / 2);
        layout.phone = {margin_x, y, column_width, phone_height};
        y += phone_height + line_gap;
        layout.call_line = {margin_x, y, column_width, call_height};
        y += call_height + line_gap;
        layout.text_line = {margin_x, y, column_width, text_height};
        y += text_height + line_gap;
        layout.who_answers = {margin_x, y, column_width, who_height};
        y += who_height + line_gap;
        layout.web = {margin_x, y, column_width, web_height};
    };

    if (qr_space == QrSpace::None) {
        stack_text_column(width - 2 * margin_x);
    } else if (!portrait) {
        int const column_gap = frac(0.04, width);
        int qr_side = std::min(
            {region_height - caption_height - gap / 2, frac(0.42, shorter), frac(0.3, width)});
        qr_side = std::max(0, qr_side);
        int const qr_x = width - margin_x - qr_side;
        int const qr_block = qr_side + gap / 2 + caption_height;
        int const qr_top = region_top + std::max(0, (region_height - qr_block) / 2);
        layout.qr = {qr_x, qr_top, qr_side, qr_side};
        layout.qr_caption = {qr_x - gap, qr_top + qr_side + gap / 2, qr_side + 2 * gap,
                             caption_height};

        stack_text_column(std::max(1, qr_x - column_gap - margin_x));
    } else {
        int qr_side = frac(0.5, width);
        int const text_block =
            phone_height + call_height + text_height + who_height + web_height + 4 * line_gap;
        int const fixed = text_block + 2 * gap + caption_height;
        // The QR code gives way first; below a third of its size the text
        // lines shrink too.
        qr_side = std::max(0, std::min(qr_side, region_height - fixed));
        if (qr_side < frac(0.5, width) / 3) {
            qr_side = std::max(0, std::min(frac(0.5, width) / 3, region_height / 4));
            squeeze({&phone_height, &call_height, &text_height, &who_height, &web_height,
                     &caption_height},
                    line_gap, std::max(0, region_height - qr_side - 2 * gap));
        }
        int const column_width = width - 2 * margin_x;
        int const block = phone_height + call_height + text_height + who_height + web_height +
                          4 * line_gap + gap * 2 + qr_side + caption_height;
        int y = region_top + std::max(0, (region_height - block) / 2);
        layout.phone = {margin_x, y, column_width, phone_height};
        y += phone_height + line_gap;
        layout.call_line = {margin_x, y, column_width, call_height};
        y += call_height + line_gap;
        layout.text_line = {margin_x, y, column_width, text_height};
        y += text_height + line_gap;
        layout.who_answers = {margin_x, y, column_width, who_height};
        y += who_height + line_gap;
        layout.web = {margin_x, y, column_width, web_height};
        y += web_height + gap * 3 / 2;
        layout.qr = {(width - qr_side) / 2, y, qr_side, qr_side};
        y += qr_side + gap / 2;
        layout.qr_caption = {margin_x, y, column_width, caption_height};
    }

    if (direction == Direction::RightToLeft) {
        for (Rect* rect :
             {&layout.headline, &layout.phone, &layout.call_line, &layout.text_line,
              &layout.who_answers, &layout.web, &layout.qr, &layout.qr_caption, &layout.close})
            *rect = mirrored(*rect, width);
        if (layout.listen.width > 0)
            layout.listen = mirrored(layout.listen, width);
        for (Rect& button : layout.languages)
            button = mirrored(button, width);
    }
    return layout;
}

HotlineHit hit_test(const HotlineLayout& layout, int x, int y) {
    if (layout.close.contains(x, y))
        return {HotlineHit::Kind::Close, 0};
    if (layout.listen.contains(x, y))
        return {HotlineHit::Kind::Listen, 0};
    for (std::size_t index = 0; index < layout.languages.size(); ++index) {
        if (layout.languages[index].contains(x, y))
            return {HotlineHit::Kind::Language, index};
    }
    return {};
}

std::vector<HotlineTarget> focus_order(const HotlineLayout& layout) {
    std::vector<HotlineTarget> order{{HotlineTarget::Kind::Close, 0}};
    if (layout.listen.width > 0 && layout.listen.height > 0)
        order.push_back({HotlineTarget::Kind::Listen, 0});
    for (std::size_t index = 0; index < layout.languages.size(); ++index)
        order.push_back({HotlineTarget::Kind::Language, index});
    return order;
}

Rect target_rect(const HotlineLayout& layout, HotlineTarget target) {
    switch (target.kind) {
    case HotlineTarget::Kind::Close:
        return layout.close;
    case HotlineTarget::Kind::Listen:
        return layout.listen;
    case HotlineTarget::Kind::Language:
        if (target.language_index < layout.languages.size())
            return layout.languages[target.language_index];
        break;
    }
    return {};
}

std::optional<std::size_t> moved_focus(std::optional<std::size_t> current, std::size_t count,
                                       FocusMove move) {
    if (count == 0)
        return std::nullopt;
    if (!current || *current >= count)
        return move == FocusMove::Next ? 0 : count - 1;
    if (move == FocusMove::Next)
        return (*current + 1) % count;
    return (*current + count - 1) % count;
}

} // namespace beacon
