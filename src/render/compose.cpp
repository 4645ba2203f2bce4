#include "render/compose.h"

#include "core/hotline_words.h"
#include "core/typography.h"
#include "render/content_check.h"

#include <algorithm>
#include <cmath>

namespace beacon::render {

void warn_missing(Composer& composer, const Paragraph& paragraph, std::string_view text,
                  const std::string& lang) {
    if (!paragraph.missing.empty())
        composer.warn("no installed font has " + format_code_points(paragraph.missing) +
                      " (language \"" + lang + "\"), left out of \"" + std::string(text) + "\"");
}

Rect place_text(Composer& composer, Scene& scene, std::string_view text, TextStyle& style, Rect box,
                SDL_Color color, FitRange range, Align align, VAlign valign) {
    if (text.empty() || box.width <= 0 || box.height <= 0)
        return {};
    int const usual_min_px = range.min_px;
    if (composer.text_scale != 1) {
        range.min_px = static_cast<int>(std::lround(range.min_px * composer.text_scale));
        range.max_px = std::max(range.min_px,
                                static_cast<int>(std::lround(range.max_px * composer.text_scale)));
    }
    Paragraph paragraph = composer.text.fit(text, style, {box.width, box.height}, range.min_px,
                                            range.max_px, range.single_line);
    // text-scale is a wish for larger text; the words themselves are not
    // optional (a hotline's who-answers line cut after "not police" says
    // less than it must). Where the scaled sizes cannot hold the whole text
    // in its box, sizes down to the usual minimum are tried before cutting.
    auto const cut = [&] { return paragraph.truncated || paragraph.width > box.width; };
    auto const report = [&](TextFitProblem::Kind kind) {
        if (composer.fit_problems)
            composer.fit_problems->push_back({kind, std::string(text)});
    };
    if (composer.text_scale != 1 && cut()) {
        paragraph = composer.text.fit(text, style, {box.width, box.height}, usual_min_px,
                                      range.max_px, range.single_line);
        if (!cut())
            report(TextFitProblem::Kind::Unscaled);
    }
    if (cut()) {
        composer.warn("text does not fit its box and was cut: \"" + std::string(text) + "\"");
        report(TextFitProblem::Kind::Cut);
    }
    warn_missing(composer, paragraph, text, style.lang);
    if (composer.layout_only())
        return {box.x, box.y, std::min(paragraph.width, box.width),
                std::min(paragraph.height(), box.height)};
    RenderedText rendered = composer.text.render(paragraph, style, color, align, paragraph.width);
    return scene.place(rendered, box, align, valign, paragraph.right_to_left);
}

const HotlineText& hotline_text(Composer& composer, const Playlist& playlist,
                                const std::string& lang) {
    if (auto const* text = playlist.hotline.text_for(lang))
        return *text;
    static HotlineText const empty;
    if (playlist.hotline.texts.empty()) {
        composer.warn("the hotline has no text in any language");
        return empty;
    }
    auto const& fallback = playlist.hotline.texts.front();
    composer.warn("the hotline has no text in \"" + lang + "\"; showing \"" + fallback.lang + "\"");
    return fallback;
}

void compose_footer(Composer& composer, Scene& scene, const Playlist& playlist,
                    const std::string& lang, Rect band, int inner_x, int inner_width) {
    scene.fill(band, palette::accent);
    HotlineText const& words = hotline_text(composer, playlist, lang);
    bool const rtl = typography_for(words.lang).direction == Direction::RightToLeft;
    // The call line, or in the discreet style the neutral title.
    std::string const& line = footer_line(playlist.hotline, words);
    TextEngine& text = composer.text;
    std::string const& number = playlist.hotline.phone;
    int const inner_right = inner_x + inner_width;

    // The number is Latin digits in every language, always left to right,
    // but it sits on the reading side of the band.
    auto put = [&](Paragraph const& paragraph, TextStyle const& style, int x, int y) {
        RenderedText rendered =
            text.render(paragraph, style, palette::on_accent, Align::Start, paragraph.width);
        int const height = std::min(paragraph.height(), band.y + band.height - y);
        return scene.place(rendered, {x, y, paragraph.width, height}, Align::Start, VAlign::Top,
                           false);
    };
    int const min_call = std::max(10, band.height / 5);

    // Side by side: the number, then the call line on the same baseline.
    TextStyle phone_style{"", 0, true};
    int const phone_max = band.height * 56 / 100;
    Paragraph phone = text.fit(number, phone_style, {inner_width * 6 / 10, phone_max * 4 / 3},
                               band.height / 4, phone_max, true);
    int const gap = std::max(8, band.height / 3);
    int const call_width = inner_width - phone.width - gap;
    TextStyle call_style{words.lang, 0, false};
    Paragraph call;
    if (!line.empty() && call_width > 0)
        call = text.fit(line, call_style, {call_width, band.height}, min_call,
                        phone_style.px * 62 / 100, true);
    bool const beside = !call.lines.empty() && call.width <= call_width;

    if (!beside && !line.empty() && band.height >= inner_width / 6) {
        // Narrow screens with a tall band: the number over the call line.
        TextStyle top_style{"", 0, true};
        Paragraph top = text.fit(number, top_style, {inner_width, band.height * 52 / 100},
                                 band.height / 6, band.height * 38 / 100, true);
        TextStyle under_style{words.lang, 0, false};
        Paragraph under =
            text.fit(line, under_style, {inner_width, band.height * 88 / 100 - top.height()},
                     min_call, top_style.px * 62 / 100, true);
        if (!under.lines.empty() && under.width <= inner_width) {
            int const y = band.y + (band.height - top.height() - under.height()) / 2;
            put(top, top_style, rtl ? inner_right - top.width : inner_x, y);
            put(under, under_style, rtl ? inner_right - under.width : inner_x, y + top.height());
            return;
        }
    }

    int const phone_x = rtl ? inner_right - phone.width : inner_x;
    int const phone_y = band.y + (band.height - phone.height()) / 2;
    put(phone, phone_style, phone_x, phone_y);
    // Rather no call line than one cut off mid-word.
    if (!beside)
        return;
    int const baseline = phone_y + text.ascent(phone_style);
    int const lowest = std::max(band.y, band.y + band.height - call.height());
    int const call_y = std::clamp(baseline - text.ascent(call_style), band.y, lowest);
    put(call, call_style, rtl ? phone_x - gap - call.width : phone_x + phone.width + gap, call_y);
}

} // namespace beacon::render
