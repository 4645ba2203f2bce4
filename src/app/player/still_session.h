#pragma once

// Stills: image items that Beacon decodes (on the still decoder's thread,
// ahead of their turn) and draws itself; see render/still.h. It owns the
// decoder, the still on screen and the list of images left to mpv. It
// reports what became of a still as StillNews and never calls the machine.
//
// Threading: main thread only; the decoder pushes Wake::StillDecoded.

#include "app/content.h"
#include "core/geometry.h"
#include "core/playlist.h"
#include "render/still.h"

#include <SDL.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace beacon::app::player {

struct DestroyTexture {
    void operator()(SDL_Texture* texture) const { SDL_DestroyTexture(texture); }
};

// The still on screen, as a texture already scaled to the size it is drawn at.
struct ShownStill {
    std::unique_ptr<SDL_Texture, DestroyTexture> texture;
    Size size;
    bool drawn = false; // later draws of it are redraws in the frame log
};

// What became of the still whose turn came.
struct StillNews {
    enum class Kind {
        Waiting, // nothing waited for, or its decode has not finished
        Shown,   // decoded: shown() has it
        Skip,    // it cannot be shown at all (reported): the item failed
        ToMpv,   // SDL_image cannot read it (reported): mpv shows it from now on
    } kind = Kind::Waiting;
    std::size_t item = 0; // which, and in which language
    std::string lang;
};

class StillSession {
  public:
    explicit StillSession(SDL_Renderer* renderer);

    // Whether Beacon draws item `index` itself (else mpv plays it).
    bool draws(const Item& item, std::size_t index) const {
        return item.kind == ItemKind::Image && !m_for_mpv.count(index);
    }
    // Item `index` in `lang` is due: shown once decoded. Call take() next.
    void wait_for(std::size_t index, const std::string& lang);
    void stop_waiting() { m_waiting.reset(); }
    bool waiting() const { return m_waiting.has_value(); }
    // Takes the waited-for still if its decode has finished; it is then no
    // longer waited for. Asked again
    // each time, in case the screen's size changed meanwhile (the same
    // request again is ignored).
    StillNews take(const Playlist& playlist, const DirectoryContentRoot& root, Size screen);

    // Decodes `path` for `screen` ahead of its turn, behind whatever shows.
    void prepare(const std::string& path, Size screen) { m_decoder.request(path, screen); }
    bool decoded_ahead(const std::string& path, Size screen) {
        return m_decoder.finished(path, screen);
    }

    ShownStill* shown() { return m_shown ? &*m_shown : nullptr; }
    // Something else took the screen.
    void drop_shown() { m_shown.reset(); }
    // A new playlist: indexes mean other items now.
    void forget_playlist();

  private:
    struct ItemInLanguage {
        std::size_t item = 0;
        std::string lang;
    };
    SDL_Renderer* m_renderer;
    render::StillDecoder m_decoder;
    std::optional<ShownStill> m_shown;
    // A still whose turn has come and whose decode has not finished yet:
    // until it has, the previous content stays.
    std::optional<ItemInLanguage> m_waiting;
    // Images (by index) that SDL_image cannot read: mpv shows them.
    std::set<std::size_t> m_for_mpv;
};

} // namespace beacon::app::player
