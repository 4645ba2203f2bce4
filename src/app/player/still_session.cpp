#include "app/player/still_session.h"

#include "app/wake_events.h"
#include "core/diagnostic.h"
#include "render/picture_file.h"
#include "system/log.h"

#include <chrono>

namespace beacon::app::player {

StillSession::StillSession(SDL_Renderer* renderer)
    : m_renderer(renderer), m_decoder(wake_type(Wake::StillDecoded)) {}

void StillSession::wait_for(std::size_t index, const std::string& lang) {
    m_waiting = ItemInLanguage{index, lang};
}

StillNews StillSession::take(const Playlist& playlist, const DirectoryContentRoot& root,
                             Size screen) {
    if (!m_waiting)
        return {};
    std::size_t index = m_waiting->item;
    const Item& item = playlist.items[index];
    std::string path = root.resolve(item.src);
    m_decoder.request(path, screen);
    auto decoded = m_decoder.take(path, screen);
    if (!decoded)
        return {};
    StillNews news{StillNews::Kind::Shown, index, std::move(m_waiting->lang)};
    m_waiting.reset();
    std::unique_ptr<SDL_Texture, DestroyTexture> texture;
    std::string failure;
    if (*decoded) {
        texture.reset(SDL_CreateTextureFromSurface(m_renderer, decoded->value().pixels.get()));
        if (!texture)
            failure = std::string("cannot make a texture of it: ") + SDL_GetError();
    } else
        failure = decoded->error().message;
    if (!texture) {
        if (render::too_large_to_show(path)) {
            // Not handed to mpv, which would decode it whole: skipped, the
            // picture before it still on screen.
            log::error_once_per(std::chrono::seconds(600),
                                format_location(playlist.source, item.line) + ": image \"" +
                                    item.src + "\": " + failure + "; skipping it");
            news.kind = StillNews::Kind::Skip;
            return news;
        }
        // mpv reads more formats than SDL_image; it shows this one from now on.
        log::info(format_location(playlist.source, item.line) + ": image \"" + item.src +
                  "\": " + failure + "; mpv shows it instead");
        m_for_mpv.insert(index);
        news.kind = StillNews::Kind::ToMpv;
        return news;
    }
    Size size{decoded->value().pixels->w, decoded->value().pixels->h};
    m_shown = ShownStill{std::move(texture), size};
    return news;
}

void StillSession::forget_playlist() {
    m_for_mpv.clear();
    m_waiting.reset();
}

} // namespace beacon::app::player
