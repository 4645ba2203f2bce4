#include "render/sheet_layout.h"

#include <algorithm>
#include <cmath>

namespace beacon::render {

int footer_band_height(int base, Size screen, double text_scale) {
    int const grown = static_cast<int>(std::lround(base * std::clamp(text_scale, 1.0, 1.5)));
    return std::min(grown, std::max(base, screen.height * footer_share_max / 100));
}

SheetGeometry sheet_geometry(Size screen, double text_scale) {
    SheetGeometry geometry;
    int const margin = static_cast<int>(std::ceil(0.06 * screen.width));
    int const top = static_cast<int>(std::ceil(0.06 * std::max(screen.width, screen.height)));
    int const footer_height = footer_band_height(screen.height / 10, screen, text_scale);
    geometry.footer = {0, screen.height - footer_height, screen.width, footer_height};
    geometry.content = {margin, top, screen.width - 2 * margin, geometry.footer.y - 2 * top};
    int const shorter = std::min(screen.width, screen.height);
    // The readable-size rule, in physical terms: the smallest text (a
    // point's body size) is at least 1/40 of the screen's height, so it
    // reads from the same distance on any screen, upright or portrait.
    geometry.min_px = std::max(12, readable_px(screen));
    geometry.max_px = std::max(geometry.min_px, shorter * 60 / 1000);
    return geometry;
}

int readable_px(Size screen) {
    return (screen.height + readable_fraction - 1) / readable_fraction;
}

SheetLayout layout_sheet(TextEngine& text, const FactSheetText& sheet, const std::string& lang,
                         int px, int width) {
    SheetLayout layout;
    layout.px = px;
    layout.title_style = {lang, px * 7 / 5, true};
    layout.point_style = {lang, px, false};
    layout.indent = px * 13 / 10;
    layout.rule_space = px;
    layout.point_gap = px * 11 / 20;
    layout.title = text.layout_paragraph(sheet.title, layout.title_style, width);
    layout.height = layout.title.height() + layout.rule_space;
    layout.split_words = layout.title.split_words;
    layout.missing = layout.title.missing;
    for (std::string const& point : sheet.points) {
        layout.points.push_back(
            text.layout_paragraph(point, layout.point_style, width - layout.indent));
        Paragraph const& added = layout.points.back();
        layout.height += added.height() + layout.point_gap;
        layout.split_words = layout.split_words || added.split_words;
        layout.missing.insert(layout.missing.end(), added.missing.begin(), added.missing.end());
    }
    if (!sheet.points.empty())
        layout.height -= layout.point_gap;
    std::sort(layout.missing.begin(), layout.missing.end());
    layout.missing.erase(std::unique(layout.missing.begin(), layout.missing.end()),
                         layout.missing.end());
    return layout;
}

SheetExtent measure_sheet(TextEngine& text, const FactSheetText& sheet, const std::string& lang,
                          int px, int width) {
    // layout_sheet()'s arithmetic, reading each cached paragraph in place.
    SheetExtent extent;
    Paragraph const& title = text.laid_out(sheet.title, {lang, px * 7 / 5, true}, width);
    extent.height = title.height() + px;
    extent.split_words = title.split_words;
    TextStyle const point_style{lang, px, false};
    for (std::string const& point : sheet.points) {
        Paragraph const& laid = text.laid_out(point, point_style, width - px * 13 / 10);
        extent.height += laid.height() + px * 11 / 20;
        extent.split_words = extent.split_words || laid.split_words;
    }
    if (!sheet.points.empty())
        extent.height -= px * 11 / 20;
    return extent;
}

SheetFit fit_sheet(TextEngine& text, const FactSheetText& sheet, const std::string& lang,
                   Size screen, double text_scale) {
    SheetGeometry geometry = sheet_geometry(screen, text_scale);
    geometry.min_px = static_cast<int>(std::lround(geometry.min_px * text_scale));
    geometry.max_px =
        std::max(geometry.min_px, static_cast<int>(std::lround(geometry.max_px * text_scale)));
    Rect const content = geometry.content;
    auto fits = [&](SheetLayout const& layout) {
        return layout.height <= content.height && !layout.split_words;
    };
    int low = geometry.min_px;
    int high = geometry.max_px;
    int best = 0;
    while (low <= high) {
        int const mid = (low + high) / 2;
        if (fits(layout_sheet(text, sheet, lang, mid, content.width))) {
            best = mid;
            low = mid + 1;
        } else {
            high = mid - 1;
        }
    }
    SheetFit result;
    result.fits = best != 0;
    result.layout =
        layout_sheet(text, sheet, lang, result.fits ? best : geometry.min_px, content.width);
    return result;
}

const std::vector<Size>& checked_screen_sizes() {
    static std::vector<Size> const sizes = {{1920, 1080}, {1280, 720}, {1080, 1920}};
    return sizes;
}

} // namespace beacon::render
