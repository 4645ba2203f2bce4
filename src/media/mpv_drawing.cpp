// MpvPlayer's drawing: asking mpv whether a frame is due, rendering it
// (software path) straight into the window surface SDL's software renderer
// presents, or else into an SDL texture, or (OpenGL path) straight into the
// window's framebuffer, and choosing between the two paths at start. Main thread
// only, like every SDL and mpv render call (render.h).

#include "media/mpv_gl_context.h"
#include "media/mpv_library.h"
#include "media/mpv_player.h"

#include <SDL_opengl.h>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <mpv/render.h>
#include <mpv/render_gl.h>
#include <string>

namespace beacon::media {

bool MpvPlayer::frame_pending() {
    if (m_render && (m_api->render_context_update(m_render) & MPV_RENDER_UPDATE_FRAME))
        m_frame_pending = true;
    return m_frame_pending;
}

bool MpvPlayer::new_frame_pending() {
    if (!frame_pending())
        return false;
    mpv_render_frame_info info{};
    if (m_api->render_context_get_info(m_render, {MPV_RENDER_PARAM_NEXT_FRAME_INFO, &info}) < 0)
        return true; // cannot tell: as before this check existed
    constexpr std::uint64_t same_picture =
        MPV_RENDER_FRAME_INFO_REDRAW | MPV_RENDER_FRAME_INFO_REPEAT;
    return (info.flags & MPV_RENDER_FRAME_INFO_PRESENT) && !(info.flags & same_picture);
}

void MpvPlayer::skip_frame() {
    if (!m_render || !frame_pending())
        return;
    RestoreGLContext restore; // render.h: on the OpenGL path mpv's context must be current
    if (m_gl_context)
        SDL_GL_MakeCurrent(m_window, m_gl_context);
    int skip = 1;
    int block = 0;
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_SKIP_RENDERING, &skip},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &block},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    m_api->render_context_render(m_render, params);
    m_frame_pending = false;
}

bool MpvPlayer::draw(SDL_Renderer* renderer, int width, int height) {
    if (!m_render || width <= 0 || height <= 0)
        return false;
    frame_pending(); // in case the caller did not ask
    if (m_path == RenderPath::Software)
        return draw_software(renderer, width, height);
    return draw_opengl(renderer, width, height);
}

namespace {

// The window surface mpv may render into itself. SDL's software renderer
// draws into the window surface and presents it as it is, so a frame
// rendered there reaches the screen without the copy from a texture (a
// 3.7 MB memcpy per 720p frame; without it the player used 13 % less CPU
// at 720p: bench/analysis.md, issue 22).
// Null, and the texture path is used, when the renderer is another one (GL
// on the console), draws into a target texture (a turned screen), or the
// surface's size or pixel format is not the frame's.
SDL_Surface* direct_surface(SDL_Renderer* renderer, SDL_Window* window, int width, int height) {
    SDL_RendererInfo info;
    if (!window || SDL_GetRendererInfo(renderer, &info) != 0 || !info.name ||
        std::strcmp(info.name, "software") != 0 || SDL_GetRenderTarget(renderer))
        return nullptr;
    // The same surface the software renderer draws into: SDL keeps one per
    // window and hands it to both.
    SDL_Surface* surface = SDL_GetWindowSurface(window);
    if (!surface || surface->w != width || surface->h != height ||
        surface->format->format != k_sdl_sw_format)
        return nullptr;
    return surface;
}

} // namespace

bool MpvPlayer::draw_software(SDL_Renderer* renderer, int width, int height) {
    SDL_Surface* surface = direct_surface(renderer, m_window, width, height);
    SoftwareWay way = surface ? SoftwareWay::WindowSurface : SoftwareWay::Texture;
    if (way != m_software_way) { // said when it changes: at the first frame, or a turned screen
        m_software_way = way;
        log::info(surface ? "mpv: video frames are drawn straight into the window surface"
                          : "mpv: video frames are drawn through a texture");
    }
    return surface ? draw_direct(renderer, surface) : draw_through_texture(renderer, width, height);
}

bool MpvPlayer::ensure_texture(SDL_Renderer* renderer, int width, int height) {
    if (m_texture && m_texture_w == width && m_texture_h == height)
        return true;
    if (m_texture)
        SDL_DestroyTexture(m_texture);
    m_texture =
        SDL_CreateTexture(renderer, k_sdl_sw_format, SDL_TEXTUREACCESS_STREAMING, width, height);
    m_texture_holds = TextureHolds::Nothing;
    if (!m_texture) {
        log::error("mpv: creating a " + std::to_string(width) + "x" + std::to_string(height) +
                   " texture: " + SDL_GetError());
        m_texture_w = m_texture_h = 0;
        return false;
    }
    m_texture_w = width;
    m_texture_h = height;
    return true;
}

int MpvPlayer::render_into(void* pixels, int pitch, int width, int height) {
    int size[2] = {width, height};
    std::size_t stride = static_cast<std::size_t>(pitch);
    int block = 0; // render.h: with video-timing-offset=0, never wait for the frame's time
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_SW_SIZE, size},
        {MPV_RENDER_PARAM_SW_FORMAT, const_cast<char*>(k_sw_format)},
        {MPV_RENDER_PARAM_SW_STRIDE, &stride},
        {MPV_RENDER_PARAM_SW_POINTER, pixels},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &block},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    int rc = m_api->render_context_render(m_render, params);
    m_frame_pending = false;
    if (rc >= 0) {
        m_has_frame = true;
        m_render_again = false;
    }
    return rc;
}

bool MpvPlayer::draw_direct(SDL_Renderer* renderer, SDL_Surface* surface) {
    // Asked before rendering, which consumes the frame.
    bool new_frame = m_render_again || new_frame_pending();
    if (m_hold_frame && m_has_frame) {
        // A load waits for Ready (see draw_through_texture()). The window
        // surface still holds the picture last presented, as nothing was
        // drawn into it since: SDL queues this frame's draws until a flush.
        // That picture is kept in the texture for the rest of the hold and
        // drawn in place of mpv's; the footer and banners drawn over it are
        // opaque, so drawing them again over their old selves changes nothing.
        skip_frame();
        if (m_texture_holds != TextureHolds::ShownPicture) {
            if (!ensure_texture(renderer, surface->w, surface->h) ||
                SDL_UpdateTexture(m_texture, nullptr, surface->pixels, surface->pitch) != 0)
                return false; // the surface keeps the last picture anyway
            m_texture_holds = TextureHolds::ShownPicture;
        }
        SDL_RenderCopy(renderer, m_texture, nullptr, nullptr);
        return false;
    }
    // mpv renders every time a frame is drawn, new or not: the footer and
    // any banner were drawn over the last one in this same surface.
    SDL_RenderFlush(renderer); // draws queued so far (a clear) land below the frame
    bool const locked = SDL_MUSTLOCK(surface);
    if (locked && SDL_LockSurface(surface) != 0) {
        log::error(std::string("mpv: locking the window surface: ") + SDL_GetError());
        return false;
    }
    int rc = render_into(surface->pixels, surface->pitch, surface->w, surface->h);
    if (locked)
        SDL_UnlockSurface(surface);
    m_texture_holds = TextureHolds::Nothing; // its frame, or the held picture, is old now
    return rc >= 0 && new_frame;
}

bool MpvPlayer::draw_through_texture(SDL_Renderer* renderer, int width, int height) {
    if (!ensure_texture(renderer, width, height))
        return false;
    bool fresh = false;
    // Asked before rendering, which consumes the frame. The load's first
    // frame, rendered again at Ready, is new on screen.
    bool new_frame = m_render_again || new_frame_pending();
    bool const texture_current = m_texture_holds == TextureHolds::CurrentFrame;
    if (m_frame_pending || m_render_again || !texture_current) {
        // mpv is rendered to whenever it has a frame, even while a load is in
        // progress: its video thread waits for each frame to be rendered and
        // would stall otherwise. Between files mpv may produce black, so while
        // a load waits for Ready (or after a failed load) its frames are
        // skipped and the texture keeps the last good frame. mpv keeps the
        // skipped frame as its current one and renders it again on request,
        // which is how the load's first frame reaches the texture at Ready.
        if (m_hold_frame && m_has_frame && m_texture_holds != TextureHolds::Nothing) {
            skip_frame();
        } else {
            // Straight into the texture's memory: on SDL's software renderer
            // that is the texture itself, so no copy of the frame is made.
            void* pixels = nullptr;
            int pitch = 0;
            if (SDL_LockTexture(m_texture, nullptr, &pixels, &pitch) != 0) {
                log::error(std::string("mpv: locking the video texture: ") + SDL_GetError());
                return false;
            }
            int rc = render_into(pixels, pitch, width, height);
            SDL_UnlockTexture(m_texture);
            fresh = rc >= 0 && new_frame;
            if (rc >= 0)
                m_texture_holds = TextureHolds::CurrentFrame;
        }
    }
    SDL_RenderCopy(renderer, m_texture, nullptr, nullptr);
    return fresh;
}

bool MpvPlayer::draw_opengl(SDL_Renderer* renderer, int width, int height) {
    // SDL batches its draw calls; run the queued ones (e.g. a clear) now so
    // they land below mpv's frame instead of over it.
    SDL_RenderFlush(renderer);
    // Switching back on return flushes mpv's commands, so what SDL draws
    // next in its own context lands on top of the video.
    RestoreGLContext restore;
    SDL_GL_MakeCurrent(m_window, m_gl_context);

    mpv_opengl_fbo fbo{0, width, height, 0};
    int flip_y = 1; // the window's framebuffer has its origin at the bottom
    int block = 0;  // as in draw_software
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_OPENGL_FBO, &fbo},
        {MPV_RENDER_PARAM_FLIP_Y, &flip_y},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &block},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    bool new_frame = new_frame_pending();
    bool fresh = m_api->render_context_render(m_render, params) >= 0 && new_frame;
    m_frame_pending = false;
    m_has_frame = true;
    return fresh;
}

namespace {

bool has_drm_device() {
    std::error_code error;
    for (auto& entry : std::filesystem::directory_iterator("/dev/dri", error)) {
        auto name = entry.path().filename().string();
        if (name.rfind("card", 0) == 0 || name.rfind("renderD", 0) == 0)
            return true;
    }
    return false;
}

} // namespace

RenderPath detect_render_path() {
    char const* driver = SDL_GetCurrentVideoDriver();
    if (!driver || std::strcmp(driver, "offscreen") == 0 || std::strcmp(driver, "dummy") == 0)
        return RenderPath::Software;
    // No DRM device means no GPU: skip the GL probe, which would load the
    // whole software rasteriser (tens of MB that stay mapped) only to learn
    // that it is llvmpipe.
    if (!has_drm_device())
        return RenderPath::Software;

    SDL_Window* probe =
        SDL_CreateWindow("beacon-gl-probe", 0, 0, 16, 16, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
    if (!probe)
        return RenderPath::Software;
    std::string name;
    {
        // Scoped so a caller's context is back before the probe window goes.
        RestoreGLContext restore;
        if (SDL_GLContext context = SDL_GL_CreateContext(probe)) {
            using GetString = const GLubyte*(APIENTRY*)(GLenum);
            auto get_string = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
            auto const* text = get_string ? get_string(GL_RENDERER) : nullptr;
            if (text)
                name = reinterpret_cast<char const*>(text);
            SDL_GL_DeleteContext(context);
        }
    }
    SDL_DestroyWindow(probe);
    if (name.empty())
        return RenderPath::Software;
    for (char const* software : {"llvmpipe", "softpipe", "Software Rasterizer", "swrast"}) {
        if (name.find(software) != std::string::npos)
            return RenderPath::Software;
    }
    return RenderPath::OpenGL;
}

} // namespace beacon::media
