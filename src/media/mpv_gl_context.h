#pragma once
// Internal to src/media: shared by the player (mpv_player.cpp) and its
// drawing paths (mpv_drawing.cpp).

#include <SDL.h>
#include <cstdint>

namespace beacon::media {

// Puts back whichever GL context was current on scope exit; on the OpenGL
// path that is the SDL renderer's, which must be current for SDL_Render*.
class RestoreGLContext {
  public:
    RestoreGLContext()
        : m_window(SDL_GL_GetCurrentWindow()), m_context(SDL_GL_GetCurrentContext()) {}
    ~RestoreGLContext() { SDL_GL_MakeCurrent(m_window, m_context); }

  private:
    SDL_Window* m_window;
    SDL_GLContext m_context;
};

// The SDL texture format whose memory layout equals mpv's output format.
// SDL_PIXELFORMAT_RGB888 is a packed 32-bit XRGB word, so its byte order
// depends on the host.
constexpr const char* k_sw_format = SDL_BYTEORDER == SDL_LIL_ENDIAN ? "bgr0" : "0rgb";
constexpr std::uint32_t k_sdl_sw_format = SDL_PIXELFORMAT_RGB888;

} // namespace beacon::media
