#include "core/hotline_layout.h"
#include "core/hotline_words.h"
#include "core/typography.h"
#include "render/compose.h"
#include "render/qr.h"
#include "render/screens.h"

#include <algorithm>

namespace beacon::render {

namespace {

Rect inset(Rect rect, int dx, int dy) {
    return {rect.x + dx, rect.y + dy, std::max(0, rect.width - 2 * dx),
            std::max(0, rect.height - 2 * dy)};
}

void compose_qr(Composer& composer, Scene& scene, const std::string& payload, Rect box) {
    if (box.width <= 0 || payload.empty())
        return;
    auto matrix = make_qr(payload);
    if (!matrix) {
        composer.warn(matrix.error().message);
        return;
    }
    auto surface = render_qr(matrix.value(), box.width);
    if (!surface) {
        composer.warn(surface.error().message);
        return;
    }
    // The whole box is white, so the quiet zone is at least 4 modules even
    // where whole-pixel modules leave a few spare pixels.
    scene.fill(box, {255, 255, 255, 255});
    scene.place(surface.value(), box, Align::Center, VAlign::Middle, false);
}

void compose_languages(Composer& composer, Scene& scene, const Playlist& playlist,
                       const std::string& current, const HotlineLayout& layout, int border) {
    for (std::size_t index = 0; index < layout.languages.size(); ++index) {
        if (index >= playlist.languages.size())
            break;
        std::string const& code = playlist.languages[index];
        Rect const button = layout.languages[index];
        bool const selected = code == current;
        int const radius = button.height / 5;
        if (selected)
            scene.fill(button, palette::accent, radius);
        else
            scene.framed(button, palette::panel, palette::outline, border, radius);

        // Each language names itself, in its own script and font.
        auto const* words = playlist.hotline.text_for(code);
        std::string const name = words && !words->name.empty() ? words->name : code;
        TextStyle style{words ? words->lang : code, 0, selected};
        place_text(composer, scene, name, style,
                   inset(button, button.height / 4, button.height / 8),
                   selected ? palette::on_accent : palette::text,
                   {button.height / 5, button.height * 2 / 5, true}, Align::Center);
    }
}

// A symbol ("x" for Close, a play triangle for Listen) with its label beside
// it, centred as a group; the label sits on the inner side (left of the
// symbol for left-to-right, mirrored otherwise).
void compose_button(Composer& composer, Scene& scene, const HotlineText& words,
                    std::string_view symbol, const std::string& label_text, Rect target, bool rtl,
                    int border) {
    scene.framed(target, palette::panel, palette::text, border, target.height / 5);
    TextEngine& text = composer.text;
    TextStyle cross_style{"", target.height * 11 / 20, true};
    Paragraph cross = text.layout_paragraph(symbol, cross_style, target.width);
    int const pad = target.height / 4;
    int const gap = target.height / 8;

    TextStyle label_style{words.lang, 0, false};
    Size const room{target.width - 2 * pad - cross.width - gap, target.height * 2 / 3};
    Paragraph label =
        text.fit(label_text, label_style, room, target.height / 5, target.height * 7 / 20, true);
    bool const show_label = !label_text.empty() && label.width <= room.width;
    int const group = cross.width + (show_label ? gap + label.width : 0);
    int const left = target.x + (target.width - group) / 2;

    if (composer.layout_only()) {
        // Nothing is drawn: rendering the glyphs would only open fonts.
        if (show_label)
            warn_missing(composer, label, label_text, words.lang);
        return;
    }
    int const cross_x = rtl || !show_label ? left + group - cross.width : left;
    RenderedText surface =
        text.render(cross, cross_style, palette::text, Align::Start, cross.width);
    Rect const placed = scene.place(surface, {cross_x, target.y, cross.width, target.height},
                                    Align::Start, VAlign::Middle, false);
    if (!show_label)
        return;
    // Share the x's vertical centre rather than its baseline: "×" is a
    // symbol, centred on the maths axis.
    int const label_x = rtl ? left : left + cross.width + gap;
    int const centre = placed.y + placed.height / 2;
    int const top = std::max(target.y, centre - label.height() / 2);
    warn_missing(composer, label, label_text, words.lang);
    surface = text.render(label, label_style, palette::text, Align::Start, label.width);
    scene.place(surface, {label_x, top, label.width, target.y + target.height - top}, Align::Start,
                VAlign::Top, false);
}

// Direction of the words the screen shows: the language's own, else the
// first there are (the same fallback as hotline_text()).
bool shown_right_to_left(const Playlist& playlist, const std::string& lang) {
    auto const* words = playlist.hotline.text_for(lang);
    if (!words && !playlist.hotline.texts.empty())
        words = &playlist.hotline.texts.front();
    return typography_for(words && !words->lang.empty() ? words->lang : lang).direction ==
           Direction::RightToLeft;
}

} // namespace

HotlineLayout hotline_layout(const Playlist& playlist, const std::string& lang, Size screen,
                             ListenButton listen) {
    bool const rtl = shown_right_to_left(playlist, lang);
    return layout_hotline(
        screen, playlist.languages.size(), rtl ? Direction::RightToLeft : Direction::LeftToRight,
        playlist.hotline.qr_kind == QrKind::Off ? QrSpace::None : QrSpace::Shown, listen);
}

std::unique_ptr<Scene> compose_hotline(Composer& composer, const Playlist& playlist,
                                       const std::string& lang, Size screen, ListenButton listen) {
    auto scene = std::make_unique<Scene>(composer.renderer);
    scene->fill({0, 0, screen.width, screen.height}, palette::background);
    HotlineText const& words = hotline_text(composer, playlist, lang);
    HotlineLayout const layout = hotline_layout(playlist, lang, screen, listen);
    bool const rtl = shown_right_to_left(playlist, lang);
    int const shorter = std::min(screen.width, screen.height);
    int const border = std::max(2, shorter / 360);

    // The number goes first: its size caps every other text, so it stays the
    // largest thing on the screen whatever the translations do.
    TextStyle phone{"", 0, true};
    // Digits read left to right everywhere, but the number still hugs the
    // reading side of its column.
    place_text(composer, *scene, playlist.hotline.phone, phone, layout.phone, palette::accent,
               {shorter / 25, shorter * 14 / 100, true}, rtl ? Align::End : Align::Start);
    int const cap = std::max(8, phone.px * 11 / 20);
    auto size = [&](int max_fraction_per_mille) {
        int const max_px = std::min(cap, shorter * max_fraction_per_mille / 1000);
        return FitRange{std::min(max_px, std::max(10, shorter / 45)), max_px};
    };

    TextStyle headline{words.lang, 0, true};
    // Top-aligned so its first line lines up with the close target. The
    // discreet style's title is neutral (hotline_words.h).
    place_text(composer, *scene, hotline_title(playlist.hotline, words), headline, layout.headline,
               palette::text, size(58), Align::Start, VAlign::Top);
    TextStyle call{words.lang, 0, false};
    place_text(composer, *scene, words.call, call, layout.call_line, palette::text, size(44));
    TextStyle line{words.lang, 0, false};
    std::string const& text_line = words.text ? *words.text : words.interpreters;
    place_text(composer, *scene, text_line, line, layout.text_line, palette::muted, size(40));
    // Who answers: on every hotline screen, in both styles.
    TextStyle who{words.lang, 0, false};
    place_text(composer, *scene, words.who_answers, who, layout.who_answers, palette::text,
               size(40));
    if (shows_web(playlist.hotline)) {
        TextStyle web{words.lang, 0, false};
        std::string const web_line = words.web_label.empty()
                                         ? playlist.hotline.web
                                         : words.web_label + " " + playlist.hotline.web;
        place_text(composer, *scene, web_line, web, layout.web, palette::muted, size(40));
    }

    QrChoice const qr = qr_choice(playlist.hotline, words);
    compose_qr(composer, *scene, qr.payload, layout.qr);
    if (!qr.payload.empty()) {
        TextStyle scan{words.lang, 0, false};
        place_text(composer, *scene, qr.caption, scan, layout.qr_caption, palette::muted, size(30),
                   Align::Center, VAlign::Top);
    }

    compose_languages(composer, *scene, playlist, lang, layout, border);
    compose_button(composer, *scene, words, "\u00D7", words.close, layout.close, rtl, border);
    // Listen: a play triangle (U+25B6, in DejaVu Sans like the "x"), its
    // label where the playlist has one.
    if (layout.listen.width > 0)
        compose_button(composer, *scene, words, "\u25B6", words.listen, layout.listen, rtl, border);
    return scene;
}

} // namespace beacon::render
