#pragma once

// Where a fact sheet's words go on a screen, and at what size: the title,
// an accent rule, and the points with a bullet column on the reading side.
// The player draws from it and `beacon validate` checks it, so a sheet that
// validates is a sheet the kiosk can show.

#include "core/geometry.h"
#include "core/playlist.h"
#include "render/text.h"

#include <string>
#include <vector>

namespace beacon::render {

// The readable-size rule: the smallest text on a screen is at least
// 1/readable_fraction of the screen's height (48 px on a portrait
// 1080x1920, 27 px at 1080p, 18 px at 720p). The player and `beacon
// validate` both take it from sheet_geometry().
inline constexpr int readable_fraction = 40;
int readable_px(Size screen);

// The hotline footer band at the bottom of the loop (under fact sheets,
// over videos and images, under notice screens), `base` px high at
// text-scale 1. Its text is sized from its height (compose_footer), so the
// band grows with the text-scale (1 to 1.5) and its text with it; but it
// never takes more than footer_share_max percent of the screen's height
// (at 1.5 a fact sheet's band, a tenth at 1, reaches it exactly), so what
// it sits under keeps at least the rest.
inline constexpr int footer_share_max = 15;
int footer_band_height(int base, Size screen, double text_scale);

// The boxes of a fact sheet screen. The largest size scales with the
// screen's shorter side; min_px is readable_px(), the smallest size still
// readable from a few steps away. The footer is a tenth of the height at
// text-scale 1, grown by footer_band_height(); the content box is what it
// leaves.
struct SheetGeometry {
    Rect content;
    Rect footer;
    int min_px = 0;
    int max_px = 0;
};

SheetGeometry sheet_geometry(Size screen, double text_scale = 1);

// Title and points at one base size, laid out in the content box's width.
struct SheetLayout {
    int px = 0;
    TextStyle title_style;
    TextStyle point_style;
    Paragraph title;
    std::vector<Paragraph> points;
    int indent = 0;     // bullet column
    int rule_space = 0; // accent rule under the title, with its spacing
    int point_gap = 0;
    int height = 0;
    bool split_words = false;
    std::vector<char32_t> missing; // no installed font has these
};

SheetLayout layout_sheet(TextEngine& text, const FactSheetText& sheet, const std::string& lang,
                         int px, int width);

// layout_sheet()'s height and split_words alone, without copying a
// paragraph: what `beacon validate` needs to judge a sheet.
struct SheetExtent {
    int height = 0;
    bool split_words = false;
};
SheetExtent measure_sheet(TextEngine& text, const FactSheetText& sheet, const std::string& lang,
                          int px, int width);

struct SheetFit {
    SheetLayout layout;
    bool fits = false; // false: even min_px overflows, or a word had to be split
};

// The largest size in the geometry's range at which the sheet fits. With a
// text-scale (1 to 1.5) both ends of the range grow by it: the smallest
// allowed size too, so a sheet that fits only below it does not fit.
SheetFit fit_sheet(TextEngine& text, const FactSheetText& sheet, const std::string& lang,
                   Size screen, double text_scale = 1);

// The screen sizes every fact sheet must fit: landscape 1080p and 720p, and
// portrait 1080x1920.
const std::vector<Size>& checked_screen_sizes();

} // namespace beacon::render
