#pragma once

// What an administrator sees during an update, drawn over whatever plays: a
// band at the top of the screen with a progress bar ("Copying the update
// from the USB stick: 12.3 of 48.0 MB, 25%"), then the result notice
// ("Updated: 14 items, 11 languages") for about ten seconds.
//
// Threading: main thread only (SDL). Fonts are opened on first use, so a
// kiosk that never updates pays nothing for the overlay.

#include "core/geometry.h"

#include <SDL.h>
#include <cstdint>
#include <memory>
#include <string>

namespace beacon::render {

class UpdateOverlay {
  public:
    explicit UpdateOverlay(SDL_Renderer* renderer);
    ~UpdateOverlay();
    UpdateOverlay(const UpdateOverlay&) = delete;
    UpdateOverlay& operator=(const UpdateOverlay&) = delete;

    void show_progress(const std::string& title, std::uint64_t done, std::uint64_t total);
    enum class Tone { Good, Bad };
    void show_notice(const std::string& text, Tone tone);
    void hide();
    bool visible() const;

    // Draws the band over what the renderer holds; nothing when hidden.
    void draw(Size screen);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// "12.3 of 48.0 MB (25%)"
std::string progress_words(std::uint64_t done, std::uint64_t total);

} // namespace beacon::render
