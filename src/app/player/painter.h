#pragma once

// The painter: draws what is on screen (OnScreen), and nothing else. It owns
// the screens (fact sheets, hotline, notices; built on a worker thread while
// the first media load starts), the rotated output, and which fact sheets
// can be drawn in which language. Video frames come from the media session,
// stills from the still session; it records each frame in the frame sink
// just before presenting it.
//
// Threading: main thread only (it uses the renderer).

#include "app/player/media_session.h"
#include "app/player/on_screen.h"
#include "app/player/probe.h"
#include "app/player/still_session.h"
#include "app/screens_builder.h"
#include "core/geometry.h"
#include "render/rotation.h"
#include "render/screens.h"
#include "render/thumbnail.h"

#include <SDL.h>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace beacon::app {
class UpdateDriver;
}

namespace beacon::app::player {

class SetupNotice;

class Painter {
  public:
    Painter(SDL_Renderer* renderer, int rotation_degrees, ScreensFuture screens);

    // Waits for the screens to be built, the first time; false when they
    // could not be (logged): nothing can be drawn.
    bool await_screens();
    // text-scale (1 to 1.5), applied once the screens exist.
    void set_text_scale(double scale) { m_text_scale = scale; }
    // The languages whose hotline screen has a Listen button (listen.h).
    void set_listen_languages(std::vector<std::string> languages);
    // Whether fact sheet `index` can be drawn in `lang`, found the first
    // time it is asked and logged once. Needs the screens (await_screens()).
    bool can_draw(const Playlist& playlist, std::size_t index, const std::string& lang);
    // Builds a fact sheet's screen ahead of its turn.
    void prepare_factsheet(const Playlist& playlist, const Item& item, const std::string& lang,
                           Size screen);
    // Finds the hotline screen's problems in every language, once per
    // content and screen size, and logs them. The loop calls it after a
    // frame is presented (never on a tap's behalf), not before the first.
    // After laying it out anew, gives the memory that freed back to the
    // kernel (memory::give_back_free_memory()).
    void report_hotline_problems(const Playlist& playlist);
    // A new playlist: its screens and what can be drawn are new.
    void forget_playlist();

    Size output_size() const; // the screen's pixels
    Size screen_size() const; // the logical size layouts use (turned by --rotation)
    const render::RotatedOutput& rotation() const { return m_rotation; }

    // Draws `on_screen` and presents it; false (and nothing is drawn) when
    // nothing is ready to draw yet: the screen keeps what it has.
    bool paint(const OnScreen& on_screen, MediaSession& media, StillSession& stills,
               UpdateDriver* update, SetupNotice& setup, FrameSink& frames, Clock::time_point now);

    // A black frame, presented and not recorded: the display is going to
    // sleep, and a screen that cannot be switched off shows black.
    void paint_black();

    // The next frame painted of the loop (Screen::Loop: an item, never the
    // hotline screen or a notice's own) is also read back, scaled to at
    // most `max_width` pixels wide, before it is presented; take_capture()
    // hands it over and cancels a request no frame answered, so that a
    // request can never be answered later, when the gate would say no.
    // Whether a capture may be asked for at all is the player's
    // ScreenshotGate's to say.
    void request_capture(int max_width) { m_capture_width = max_width; }
    std::optional<render::Thumbnail> take_capture() {
        m_capture_width = 0;
        return std::exchange(m_capture, {});
    }

  private:
    SDL_Renderer* m_renderer;
    int m_capture_width = 0; // 0: no capture asked for
    std::optional<render::Thumbnail> m_capture;
    ScreensFuture m_screens_ready; // moved into m_screens by await_screens()
    std::unique_ptr<render::Screens> m_screens;
    std::vector<std::string> m_listen_languages; // given to m_screens once it exists
    render::RotatedOutput m_rotation;
    // Whether each fact sheet (by index) can be drawn in each language;
    // cleared with the playlist.
    std::map<std::pair<std::size_t, std::string>, bool> m_drawable;
    double m_text_scale = 1;
};

} // namespace beacon::app::player
