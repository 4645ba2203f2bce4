#include "render/notice_banner.h"

#include "render/sheet_layout.h"

#include <algorithm>
#include <functional>

namespace beacon::render {

namespace {

const Notice::Text* text_in(const Notice& notice, const std::string& lang) {
    if (auto* text = notice.text_for(lang))
        return text;
    return notice.texts.empty() ? nullptr : &notice.texts.front();
}

} // namespace

Rect notice_banner_band(Size screen) {
    int shorter = std::min(screen.width, screen.height);
    return {0, 0, screen.width, std::max(32, shorter * 10 / 100)};
}

std::unique_ptr<Scene> compose_notice_banner(Composer& composer, const Notice& notice,
                                             const std::string& lang, Size screen) {
    auto scene = std::make_unique<Scene>(composer.renderer);
    Rect band = notice_banner_band(screen);
    scene->fill(band, palette::text);
    // An amber edge ties the banner to the hotline's colour.
    int edge = std::max(4, band.height / 10);
    scene->fill({0, band.y + band.height - edge, band.width, edge}, palette::accent);
    const Notice::Text* text = text_in(notice, lang);
    if (!text)
        return scene;
    int margin = std::max(8, screen.width * 4 / 100);
    TextStyle style{text->lang, 0, true};
    Rect box{margin, band.y + edge / 2, band.width - 2 * margin, band.height - edge * 2};
    place_text(composer, *scene, text->text, style, box, palette::background,
               {std::max(10, box.height / 4), box.height * 7 / 10, false}, Align::Center,
               VAlign::Middle);
    return scene;
}

std::unique_ptr<Scene> compose_notice_screen(Composer& composer, const Playlist& playlist,
                                             const Notice& notice, const std::string& lang,
                                             Size screen) {
    auto scene = std::make_unique<Scene>(composer.renderer);
    scene->fill({0, 0, screen.width, screen.height}, palette::background);
    int shorter = std::min(screen.width, screen.height);
    int footer_height =
        footer_band_height(std::max(24, shorter * 8 / 100), screen, composer.text_scale);
    int margin = std::max(8, screen.width * 6 / 100);
    int top = std::max(8, screen.height * 6 / 100);
    int bottom = screen.height - footer_height - top;
    // An amber rule above the texts marks the screen as a notice.
    int rule = std::max(4, shorter / 90);
    scene->fill({margin, top, screen.width - 2 * margin, rule}, palette::accent);
    top += rule * 4;
    // Every language, one block each, the language on screen first.
    std::vector<const Notice::Text*> order;
    if (auto* first = text_in(notice, lang))
        order.push_back(first);
    for (auto& text : notice.texts)
        if (order.empty() || &text != order.front())
            order.push_back(&text);
    if (!order.empty() && bottom > top) {
        int block = (bottom - top) / static_cast<int>(order.size());
        int max_px = std::max(16, std::min(block * 45 / 100, shorter / 9));
        for (std::size_t i = 0; i < order.size(); ++i) {
            TextStyle style{order[i]->lang, 0, i == 0};
            Rect box{margin, top + block * static_cast<int>(i), screen.width - 2 * margin,
                     block - block / 8};
            SDL_Color color = i == 0 ? palette::text : palette::muted;
            place_text(composer, *scene, order[i]->text, style, box, color,
                       {std::max(12, max_px / 3), i == 0 ? max_px : max_px * 4 / 5, false},
                       Align::Center, VAlign::Middle);
        }
    }
    int inner = screen.width - 2 * margin;
    compose_footer(composer, *scene, playlist, lang,
                   {0, screen.height - footer_height, screen.width, footer_height}, margin, inner);
    return scene;
}

std::size_t notice_fingerprint(const Notice& notice) {
    std::size_t value = std::hash<std::string>{}(notice.id);
    for (auto& text : notice.texts) {
        value = value * 1099511628211ull ^ std::hash<std::string>{}(text.lang);
        value = value * 1099511628211ull ^ std::hash<std::string>{}(text.text);
    }
    return value;
}

} // namespace beacon::render
