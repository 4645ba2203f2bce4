#pragma once

// The screens Beacon draws itself: fact sheets and the hotline screen.
// The same code draws into a window during play and into an off-screen
// software renderer for `beacon render`, so previews match the kiosk.
//
// Threading: main thread only (SDL). Screens owns its fonts and caches; the
// SDL_Renderer passed in must outlive the cached textures, so a Screens is
// used with one renderer for its whole life.

#include "core/geometry.h"
#include "core/hotline_layout.h"
#include "core/playlist.h"
#include "core/result.h"

#include <SDL.h>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace beacon::render {

class Fonts;

class Screens {
  public:
    // Finds fonts through fontconfig and opens them with FreeType. Fails
    // only when no usable font exists.
    static Result<std::unique_ptr<Screens>> create(SDL_Renderer* renderer);
    // The same with fonts already found (on another thread, say).
    static Result<std::unique_ptr<Screens>> create(SDL_Renderer* renderer,
                                                   std::unique_ptr<Fonts> fonts);
    ~Screens();

    // A fact sheet in one language: title, points, and a footer that always
    // shows the hotline number.
    void draw_factsheet(const Playlist& playlist, const Item& item, const std::string& lang,
                        Size screen);
    // Builds that screen without drawing it, so that the switch to it costs
    // one frame: the loop calls it for the next fact sheet in the idle time
    // after a frame. Costs nothing when it is already built.
    void prepare_factsheet(const Playlist& playlist, const Item& item, const std::string& lang,
                           Size screen);
    // The hotline screen in one language, laid out by layout_hotline().
    // Writes no log line, as nothing a tap causes may (issue 18): the
    // hotline screen's problems are found for every language when its
    // content or the screen size changes, and logged by
    // report_hotline_problems().
    // `focus`: the target keyboard or switch access is on, ringed.
    void draw_hotline(const Playlist& playlist, const std::string& lang, Size screen,
                      std::optional<HotlineTarget> focus = std::nullopt);
    // Lays out the hotline screen in every language at `screen` (once per
    // content and size) and logs its problems not logged yet. Never call it
    // because of a tap. No draw calls it: that work opens every script's
    // fonts, and a player calls it after presenting a frame, so that the
    // first frame does not wait for fonts it does not show.
    // True when it laid the hotline out anew: it opened and closed every
    // script's fonts, so the caller may give the freed memory back.
    bool report_hotline_problems(const Playlist& playlist, Size screen);
    // Builds the hotline screen that draw_hotline() would draw, without
    // drawing it. Costs nothing when it is already built. The loop does not
    // call it for every language it shows (that cost 20-34 MB of PSS).
    void prepare_hotline(const Playlist& playlist, const std::string& lang, Size screen);
    // A thin footer band with the hotline number, drawn over videos and images
    // so the number is always visible.
    void draw_hotline_footer(const Playlist& playlist, const std::string& lang, Size screen);

    // Code points of a fact sheet's text in `lang` that no installed font
    // has. Not empty: the sheet cannot be shown in that language (the
    // player logs it once and skips the language for the item).
    std::vector<char32_t> missing_glyphs(const Item& item, const std::string& lang);

    // A notice as a band across the top of the loop (render/notice_banner.h).
    void draw_notice_banner(const Notice& notice, const std::string& lang, Size screen);
    // A notice as a screen of its own: every language, and the hotline footer.
    void draw_notice(const Playlist& playlist, const Notice& notice, const std::string& lang,
                     Size screen);

    // Runs shaped since creation. Cached layouts are reused across scenes,
    // so redrawing, switching language or closing the hotline adds none.
    std::uint64_t shaped_runs() const;
    // Scenes built since creation, and the texture memory the cached ones
    // hold now (bounded by a few screens' worth).
    std::uint64_t scenes_built() const;
    std::size_t cached_texture_bytes() const;

    // text-scale (1 to 1.5); drops the cached scenes when it changes.
    void set_text_scale(double scale);

    // The languages whose hotline screen has a Listen button (the player's
    // decision: app/player/listen.h); drops the cached scenes when they
    // change. None by default.
    void set_listen_languages(std::vector<std::string> languages);
    ListenButton listen(const std::string& lang) const;

    // Drops cached textures (after a playlist swap).
    void clear_cache();

  private:
    struct Impl;
    explicit Screens(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The layout draw_hotline() uses for `lang` (its direction follows the
// language actually shown), so taps are hit-tested against what is drawn.
// `listen`: whether the screen has its Listen button (Screens::listen()).
HotlineLayout hotline_layout(const Playlist& playlist, const std::string& lang, Size screen,
                             ListenButton listen = ListenButton::None);

// Writes what `renderer` currently holds to a PNG file.
Status save_png(SDL_Renderer* renderer, Size size, const std::string& path);

// Mean luma (0-255, BT.601) of what `renderer` currently holds, sampled on a
// grid so it stays cheap enough to compute for every logged frame.
double mean_luma(SDL_Renderer* renderer, Size size);

} // namespace beacon::render
