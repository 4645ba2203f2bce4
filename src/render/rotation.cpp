#include "render/rotation.h"

namespace beacon::render {

RotatedOutput::RotatedOutput(SDL_Renderer* renderer, int degrees)
    : m_renderer(renderer), m_degrees(((degrees % 360) + 360) % 360) {}

RotatedOutput::~RotatedOutput() {
    if (m_canvas)
        SDL_DestroyTexture(m_canvas);
}

Size RotatedOutput::logical_size(Size screen) const {
    if (m_degrees == 90 || m_degrees == 270)
        return {screen.height, screen.width};
    return screen;
}

void RotatedOutput::to_logical(Size screen, int& x, int& y) const {
    int px = x, py = y;
    switch (m_degrees) {
    case 90: // the canvas's top edge runs down the screen's right edge
        x = py;
        y = screen.width - 1 - px;
        break;
    case 180:
        x = screen.width - 1 - px;
        y = screen.height - 1 - py;
        break;
    case 270: // the canvas's top edge runs up the screen's left edge
        x = screen.height - 1 - py;
        y = px;
        break;
    default:
        break;
    }
}

bool RotatedOutput::begin_frame(Size screen) {
    if (m_degrees == 0)
        return true;
    Size size = logical_size(screen);
    if (!m_canvas || size.width != m_canvas_size.width || size.height != m_canvas_size.height) {
        if (m_canvas)
            SDL_DestroyTexture(m_canvas);
        m_canvas = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                     size.width, size.height);
        m_canvas_size = size;
        if (!m_canvas)
            return false;
    }
    return SDL_SetRenderTarget(m_renderer, m_canvas) == 0;
}

void RotatedOutput::end_frame(Size screen) {
    if (m_degrees == 0 || !m_canvas)
        return;
    SDL_SetRenderTarget(m_renderer, nullptr);
    SDL_SetRenderDrawColor(m_renderer, 0, 0, 0, 255);
    SDL_RenderClear(m_renderer);
    Size size = m_canvas_size;
    // Turned about its centre, the canvas fills the screen exactly.
    SDL_Rect target{(screen.width - size.width) / 2, (screen.height - size.height) / 2, size.width,
                    size.height};
    SDL_RenderCopyEx(m_renderer, m_canvas, nullptr, &target, m_degrees, nullptr, SDL_FLIP_NONE);
}

} // namespace beacon::render
