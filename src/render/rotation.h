#pragma once

// Screen rotation in Beacon's own composition: every frame is drawn upright
// into a canvas texture of the logical (turned) size, then copied onto the
// screen turned by 0, 90, 180 or 270 degrees clockwise. Layouts see only the
// logical size, and taps are mapped back from the screen to the canvas.
//
// Ownership: the canvas texture belongs to the renderer passed in, which must
// outlive this object. Main thread only.

#include "core/geometry.h"

#include <SDL.h>

namespace beacon::render {

class RotatedOutput {
  public:
    RotatedOutput(SDL_Renderer* renderer, int degrees);
    ~RotatedOutput();
    RotatedOutput(const RotatedOutput&) = delete;
    RotatedOutput& operator=(const RotatedOutput&) = delete;

    int degrees() const { return m_degrees; }
    // The size layouts work in: the screen's, turned.
    Size logical_size(Size screen) const;
    // Screen pixel -> canvas pixel.
    void to_logical(Size screen, int& x, int& y) const;

    // Between these two calls everything is drawn into the canvas. With no
    // rotation they do nothing and drawing goes straight to the screen.
    // False when the canvas cannot be made (SDL_GetError() says why): the
    // frame is then drawn unrotated rather than not at all.
    bool begin_frame(Size screen);
    void end_frame(Size screen);

  private:
    SDL_Renderer* m_renderer;
    int m_degrees;
    SDL_Texture* m_canvas = nullptr;
    Size m_canvas_size{};
};

} // namespace beacon::render
