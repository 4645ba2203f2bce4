#include "app/player/painter.h"

#include "app/player/setup_notice.h"
#include "app/update/update_driver.h"
#include "core/diagnostic.h"
#include "render/content_check.h"
#include "render/still.h"
#include "system/log.h"
#include "system/memory.h"

#include <chrono>
#include <utility>

namespace beacon::app::player {

Painter::Painter(SDL_Renderer* renderer, int rotation_degrees, ScreensFuture screens)
    : m_renderer(renderer), m_screens_ready(std::move(screens)),
      m_rotation(renderer, rotation_degrees) {}

bool Painter::await_screens() {
    if (m_screens_ready) {
        auto screens = std::exchange(m_screens_ready, nullptr)->take(m_renderer);
        if (screens) {
            m_screens = screens.release_value();
            m_screens->set_text_scale(m_text_scale);
            m_screens->set_listen_languages(m_listen_languages);
        } else
            log::error(screens.error().message);
    }
    return m_screens != nullptr;
}

void Painter::set_listen_languages(std::vector<std::string> languages) {
    m_listen_languages = std::move(languages);
    if (m_screens)
        m_screens->set_listen_languages(m_listen_languages);
}

bool Painter::can_draw(const Playlist& playlist, std::size_t index, const std::string& lang) {
    auto key = std::make_pair(index, lang);
    if (auto it = m_drawable.find(key); it != m_drawable.end())
        return it->second;
    const Item& item = playlist.items[index];
    auto missing = m_screens->missing_glyphs(item, lang);
    if (!missing.empty()) {
        const FactSheetText* text = item.text_for(lang);
        int line = text && text->line ? text->line : item.line;
        log::error(format_location(playlist.source, line) + ": fact sheet \"" + item.id +
                   "\" in language \"" + lang + "\": no installed font has " +
                   render::format_code_points(missing) + "; skipping that language");
    }
    return m_drawable[key] = missing.empty();
}

void Painter::prepare_factsheet(const Playlist& playlist, const Item& item, const std::string& lang,
                                Size screen) {
    m_screens->prepare_factsheet(playlist, item, lang, screen);
}

void Painter::report_hotline_problems(const Playlist& playlist) {
    if (m_screens && m_screens->report_hotline_problems(playlist, screen_size()))
        memory::give_back_free_memory();
}

void Painter::forget_playlist() {
    if (m_screens)
        m_screens->clear_cache();
    m_drawable.clear();
}

Size Painter::output_size() const {
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(m_renderer, &width, &height);
    return {width, height};
}

Size Painter::screen_size() const {
    return m_rotation.logical_size(output_size());
}

bool Painter::paint(const OnScreen& on_screen, MediaSession& media, StillSession& stills,
                    UpdateDriver* update, SetupNotice& setup, FrameSink& frames,
                    Clock::time_point now) {
    Size size = screen_size();
    const Playlist& playlist = on_screen.playlist;
    const Shown& shown = on_screen.shown;
    Screen screen = on_screen.screen;
    bool notice = screen == Screen::Notice && shown.kind == Shown::Kind::Notice &&
                  shown.item < playlist.notices.size();
    bool video = shown.kind == Shown::Kind::Media && media.created();
    ShownStill* still = shown.kind == Shown::Kind::Still ? stills.shown() : nullptr;
    if (screen != Screen::Hotline && !notice && shown.kind != Shown::Kind::FactSheet && !video &&
        !still)
        return false; // nothing ready yet: keep what the screen has
    Size output = output_size();
    if (!m_rotation.begin_frame(output))
        log::error_once_per(std::chrono::seconds(3600),
                            std::string("cannot turn the picture: ") + SDL_GetError());
    bool redraw = false; // of a video or image frame already shown
    if (screen == Screen::Hotline) {
        m_screens->draw_hotline(playlist, on_screen.language, size, on_screen.focus);
    } else if (notice) {
        m_screens->draw_notice(playlist, playlist.notices[shown.item], shown.lang, size);
    } else if (shown.kind == Shown::Kind::FactSheet) {
        m_screens->draw_factsheet(playlist, playlist.items[shown.item], shown.lang, size);
    } else if (still) {
        render::draw_still(m_renderer, still->texture.get(), still->size, size);
        redraw = std::exchange(still->drawn, true);
        m_screens->draw_hotline_footer(playlist, shown.lang, size);
    } else {
        redraw = !media.draw(m_renderer, size, shown.item, now);
        m_screens->draw_hotline_footer(playlist, shown.lang, size);
    }
    if (on_screen.banner && screen == Screen::Loop)
        m_screens->draw_notice_banner(*on_screen.banner, shown.lang, size);
    // Administrators' messages never cover the hotline screen: it belongs to
    // the person who tapped, and its number and QR code must stay whole.
    // Elsewhere an update's progress or result is newer news: drawn over the
    // setup notice, in the same band.
    if (screen != Screen::Hotline) {
        setup.draw(size);
        if (update)
            update->draw(size);
    }
    m_rotation.end_frame(output);
    if (m_capture_width > 0 && screen == Screen::Loop) {
        auto captured = render::read_thumbnail(m_renderer, output, m_capture_width);
        if (captured)
            m_capture = captured.release_value();
        else
            log::error_once_per(std::chrono::seconds(3600),
                                "reports: no screenshot: " + captured.error().message);
    }
    m_capture_width = 0;
    frames.frame(now, on_screen.row(), m_renderer, output, redraw);
    // SDL_RenderPresent returns nothing, but a driver that cannot show the
    // frame (kmsdrm refusing a page flip) sets SDL's error: say so, once an
    // hour, or a black screen has no explanation anywhere.
    SDL_ClearError();
    SDL_RenderPresent(m_renderer);
    if (char const* error = SDL_GetError(); error && *error)
        log::error_once_per(std::chrono::seconds(3600),
                            std::string("presenting a frame failed: ") + error);
    return true;
}

void Painter::paint_black() {
    SDL_SetRenderTarget(m_renderer, nullptr);
    SDL_SetRenderDrawColor(m_renderer, 0, 0, 0, 255);
    SDL_RenderClear(m_renderer);
    SDL_RenderPresent(m_renderer);
}

} // namespace beacon::app::player
