#include "media/mpv_player.h"

#include "core/media_signature.h"
#include "media/mpv_library.h"

#include <SDL_opengl.h>
#include <clocale>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <mpv/client.h>
#include <mpv/render.h>
#include <mpv/render_gl.h>
#include <string>
#include <utility>

// Last: with the X11 backend this pulls in Xlib and its macros (None, Bool...).
#include <SDL_syswm.h>

namespace beacon::media {

namespace {

// mpv calls these from its own threads, possibly while the main thread is
// anywhere, so they may only do thread-safe work: SDL_PushEvent. The event
// type travels in the context pointer so no player object has to outlive them.
void push_wakeup(void* context) {
    SDL_Event event{};
    event.type = static_cast<Uint32>(reinterpret_cast<std::uintptr_t>(context));
    SDL_PushEvent(&event);
}

void* wakeup_context(std::uint32_t event_type) {
    return reinterpret_cast<void*>(std::uintptr_t{event_type});
}
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

Error mpv_error(MpvLibrary const& api, std::string const& what, int code) {
    return Error{"mpv: " + what + ": " + api.error_string(code)};
}

struct Option {
    const char* name;
    const char* value;
    bool required; // optional ones only style or exist in some builds (osc needs Lua)
};

// Media is opened only as a local file, by FFmpeg demuxers of real
// containers (issue 18): a file that is really an EDL, M3U, PLS, HLS,
// ffconcat or SDP file must not make mpv open another file or the network.
// `beacon validate` and the player refuse such files by their first bytes
// (core/media_signature.h, asked by check_media()); these options are the
// second wall, for a file that changed after it was checked. Each is
// required: without it, no video plays rather than an unsafe one.
const std::string k_lavf_options =
    std::string("protocol_whitelist=file,format_whitelist=[") + lavf_format_whitelist + "]";

const Option k_options[] = {
    // No mpv EDL, playlist, cue sheet, archive, ordered chapters or mov
    // reference files: nothing a file names is opened.
    {"access-references", "no", true},
    {"ordered-chapters", "no", true},
    {"load-unsafe-playlists", "no", true},
    // FFmpeg may open only local files, and only with the demuxers above.
    {"demuxer-lavf-o", k_lavf_options.c_str(), true},
    {"config", "no", true},
    {"audio-file-auto", "no", false},
    {"cover-art-auto", "no", false},
    {"vo", "libmpv", true},
    {"idle", "yes", true},
    {"keep-open", "no", true},
    {"image-display-duration", "inf", true},
    {"aid", "no", true}, // kiosks play silently; captions carry the words
    {"input-default-bindings", "no", false},
    {"input-vo-keyboard", "no", false},
    {"osc", "no", false},
    // mpv's other built-in Lua scripts each start a thread and a Lua state,
    // and the ytdl hook runs on every load; a kiosk needs none of them.
    {"load-scripts", "no", false},
    {"ytdl", "no", false},
    {"load-stats-overlay", "no", false},
    {"load-osd-console", "no", false},
    {"load-auto-profiles", "no", false},
    {"terminal", "no", false},
    {"msg-level", "all=warn", false},
    {"hr-seek", "yes", false},
    {"sub-auto", "no", false},
    // Frames are announced when they are due rather than ahead of time, so
    // rendering never sleeps on the main thread waiting for a frame's time
    // (the draws pass BLOCK_FOR_TARGET_TIME=0): a tap is handled at once.
    {"video-timing-offset", "0", false},
    // Captions sized and placed for reading across a room. Sizes are in
    // mpv's 720-line reference units; the margin lifts them above the ~8%
    // footer band (58 units) plus mpv's usual 22.
    {"sub-font-size", "52", false},
    {"sub-border-size", "3", false},
    {"sub-color", "1.0/1.0/1.0/1.0", false},
    {"sub-border-color", "0.0/0.0/0.0/1.0", false},
    {"sub-back-color", "0.0/0.0/0.0/0.6", false}, // non-zero alpha: opaque box
    {"sub-margin-y", "80", false},
};

// The SDL texture format whose memory layout equals mpv's output format.
// SDL_PIXELFORMAT_RGB888 is a packed 32-bit XRGB word, so its byte order
// depends on the host.
constexpr const char* k_sw_format = SDL_BYTEORDER == SDL_LIL_ENDIAN ? "bgr0" : "0rgb";

} // namespace

Result<std::unique_ptr<MpvPlayer>> MpvPlayer::create(RenderPath path, SDL_Window* window,
                                                     WakeTypes wake) {
    // mpv parses floats with the C library and refuses to run otherwise.
    std::setlocale(LC_NUMERIC, "C");

    auto library = mpv_library();
    if (!library)
        return library.error();
    MpvLibrary const& api = *library.value();

    std::unique_ptr<MpvPlayer> player(new MpvPlayer);
    player->m_api = &api;
    player->m_path = path;
    player->m_window = window;
    player->m_wake = wake;

    player->m_mpv = api.create();
    if (!player->m_mpv)
        return Error{"mpv: mpv_create failed"};
    mpv_handle* mpv = player->m_mpv;

    for (auto const& option : k_options) {
        int rc = api.set_option_string(mpv, option.name, option.value);
        if (rc < 0 && option.required)
            return mpv_error(api, std::string("setting ") + option.name, rc);
        if (rc < 0)
            log::warning(std::string("mpv: ignoring option ") + option.name + "=" + option.value +
                         ": " + api.error_string(rc));
    }
    if (path == RenderPath::OpenGL)
        api.set_option_string(mpv, "hwdec", "auto-safe");

    if (int rc = api.initialize(mpv); rc < 0)
        return mpv_error(api, "mpv_initialize", rc);
    api.request_log_messages(mpv, "warn");

    api.set_wakeup_callback(mpv, push_wakeup, wakeup_context(wake.events));

    if (path == RenderPath::Software) {
        mpv_render_param params[] = {
            {MPV_RENDER_PARAM_API_TYPE, const_cast<char*>(MPV_RENDER_API_TYPE_SW)},
            {MPV_RENDER_PARAM_INVALID, nullptr},
        };
        if (int rc = api.render_context_create(&player->m_render, mpv, params); rc < 0)
            return mpv_error(api, "creating the software render context", rc);
    } else {
        // mpv gets a GL context of its own on the same window. SDL's GL
        // renderer caches GL state (bindings, blend mode, viewport) and only
        // invalidates that cache when it notices the current context changed;
        // mpv changing state inside SDL's context would go unnoticed and
        // corrupt SDL's drawing. With two contexts each keeps its own state
        // and only the window's framebuffer is shared.
        RestoreGLContext restore;
        player->m_gl_context = SDL_GL_CreateContext(window); // becomes current
        if (!player->m_gl_context)
            return Error{std::string("mpv: creating a GL context: ") + SDL_GetError()};

        mpv_opengl_init_params gl_init{
            [](void*, const char* name) { return SDL_GL_GetProcAddress(name); }, nullptr};
        mpv_render_param params[4] = {
            {MPV_RENDER_PARAM_API_TYPE, const_cast<char*>(MPV_RENDER_API_TYPE_OPENGL)},
            {MPV_RENDER_PARAM_OPENGL_INIT_PARAMS, &gl_init},
            {MPV_RENDER_PARAM_INVALID, nullptr}, // the display, if known
            {MPV_RENDER_PARAM_INVALID, nullptr},
        };
        // The display lets hardware decoders hand frames to GL without a copy.
        SDL_SysWMinfo info;
        SDL_VERSION(&info.version);
        if (SDL_GetWindowWMInfo(window, &info)) {
#if defined(SDL_VIDEO_DRIVER_X11)
            if (info.subsystem == SDL_SYSWM_X11)
                params[2] = {MPV_RENDER_PARAM_X11_DISPLAY, info.info.x11.display};
#endif
#if defined(SDL_VIDEO_DRIVER_WAYLAND)
            if (info.subsystem == SDL_SYSWM_WAYLAND)
                params[2] = {MPV_RENDER_PARAM_WL_DISPLAY, info.info.wl.display};
#endif
        }
        if (int rc = api.render_context_create(&player->m_render, mpv, params); rc < 0)
            return mpv_error(api, "creating the OpenGL render context", rc);
    }
    api.render_context_set_update_callback(player->m_render, push_wakeup,
                                           wakeup_context(wake.frame));
    return player;
}

MpvPlayer::~MpvPlayer() {
    if (m_render) {
        // render.h: an OpenGL render context must be freed with its GL
        // context current, and before the core it belongs to.
        RestoreGLContext restore;
        if (m_gl_context)
            SDL_GL_MakeCurrent(m_window, m_gl_context);
        m_api->render_context_free(m_render);
    }
    if (m_mpv)
        m_api->terminate_destroy(m_mpv);
    if (m_gl_context)
        SDL_GL_DeleteContext(m_gl_context);
    if (m_texture)
        SDL_DestroyTexture(m_texture);
}

void MpvPlayer::request(Request request) {
    m_requests.push_back(std::move(request));
    if (m_waiting_reply == 0)
        send_next_request();
}

void MpvPlayer::send_next_request() {
    while (m_waiting_reply == 0 && !m_requests.empty()) {
        Request next = std::move(m_requests.front());
        m_requests.pop_front();
        std::uint64_t reply_id = m_next_reply_id++;
        if (int rc = next.send(reply_id); rc < 0) { // refused before it reached the core
            if (next.load_id != 0 && next.load_id == m_current_load_id)
                fail_load(next.load_id, m_api->error_string(rc));
            continue;
        }
        m_waiting_reply = reply_id;
        m_waiting_load = next.load_id;
    }
}

// The reply to the request in flight: the next one may go. A loadfile's reply
// names the playlist entry its file plays as; it comes before any of that
// entry's events, so poll_events() knows which events are the load's.
void MpvPlayer::on_reply(std::uint64_t reply_id, int error, const mpv_node* result) {
    if (reply_id == 0 || reply_id != m_waiting_reply)
        return;
    std::uint64_t load_id = std::exchange(m_waiting_load, 0);
    m_waiting_reply = 0;
    if (load_id != 0 && load_id == m_current_load_id) {
        if (error >= 0 && result && result->format == MPV_FORMAT_NODE_MAP) {
            for (int i = 0; i < result->u.list->num; ++i) {
                auto const& value = result->u.list->values[i];
                if (std::strcmp(result->u.list->keys[i], "playlist_entry_id") == 0 &&
                    value.format == MPV_FORMAT_INT64)
                    m_current_entry = value.u.int64;
            }
        }
        if (error < 0 || m_current_entry == 0)
            fail_load(load_id, error < 0 ? m_api->error_string(error) : "no playlist entry");
    }
    send_next_request();
}

// Reported by the next poll_events(), which the wake-up makes come soon.
void MpvPlayer::fail_load(std::uint64_t load_id, const char* reason) {
    m_queued_events.push_back(
        {MediaEventKind::Failed, load_id, std::string("loadfile: ") + reason});
    push_wakeup(wakeup_context(m_wake.events));
}

// Kind needs no special handling: image-display-duration=inf keeps a still
// on screen and a video simply plays to its end.
std::uint64_t MpvPlayer::load(const std::string& path, Kind,
                              const std::optional<std::string>& caption_path, Start start) {
    std::uint64_t id = m_next_load_id++;
    m_current_load_id = id;
    m_current_entry = 0;
    m_current_ready = false;
    m_current_hidden = start == Start::Hidden;
    m_hold_frame = true;
    // Paused before loadfile, so a hidden file stops on its first frame.
    set_paused(m_current_hidden);

    // sub-files is read when a file starts, so setting it (or clearing it)
    // right before loadfile attaches the caption to exactly this file. A node
    // list avoids mpv's string-list escaping of ',' and ':' in paths.
    request({0, [this, caption = caption_path](std::uint64_t reply_id) {
                 mpv_node item{{.string = const_cast<char*>(caption ? caption->c_str() : "")},
                               MPV_FORMAT_STRING};
                 mpv_node_list list{caption ? 1 : 0, &item, nullptr};
                 mpv_node captions{{.list = &list}, MPV_FORMAT_NODE_ARRAY};
                 return m_api->set_property_async(m_mpv, reply_id, "sub-files", MPV_FORMAT_NODE,
                                                  &captions);
             }});
    // mpv reads "proto://..." or "edl://..." at the start of a path as a
    // protocol; a path that starts with '/' or "./" is always a local file.
    std::string file = path.starts_with('/') ? path : "./" + path;
    request({id, [this, file](std::uint64_t reply_id) {
                 const char* command[] = {"loadfile", file.c_str(), "replace", nullptr};
                 return m_api->command_async(m_mpv, reply_id, command);
             }});
    return id;
}

void MpvPlayer::reveal() {
    if (!m_current_hidden)
        return;
    m_current_hidden = false;
    if (m_current_ready) {
        // mpv still holds the first frame it decoded (it was skipped, not
        // dropped): the next draw() renders it again and shows it.
        m_hold_frame = false;
        m_render_again = true;
    }
    set_paused(false);
}

void MpvPlayer::set_caption_font(const std::string& family) {
    request({0, [this, family](std::uint64_t reply_id) {
                 const char* value = family.c_str();
                 return m_api->set_property_async(m_mpv, reply_id, "sub-font", MPV_FORMAT_STRING,
                                                  &value);
             }});
}

void MpvPlayer::set_paused(bool paused) {
    request({0, [this, paused](std::uint64_t reply_id) {
                 int flag = paused ? 1 : 0;
                 return m_api->set_property_async(m_mpv, reply_id, "pause", MPV_FORMAT_FLAG, &flag);
             }});
}

void MpvPlayer::stop() {
    request({0, [this](std::uint64_t reply_id) {
                 const char* command[] = {"stop", nullptr};
                 return m_api->command_async(m_mpv, reply_id, command);
             }});
    // Nothing is current any more: the stop's own END_FILE, and the reply of
    // a loadfile still in flight, are stale.
    m_current_load_id = 0;
    m_current_entry = 0;
    m_current_ready = false;
    m_current_hidden = false;
    m_hold_frame = false;
}

std::vector<MediaEvent> MpvPlayer::poll_events() {
    std::vector<MediaEvent> events = std::move(m_queued_events);
    m_queued_events.clear();
    for (;;) {
        mpv_event* event = m_api->wait_event(m_mpv, 0);
        if (event->event_id == MPV_EVENT_NONE)
            break;
        switch (event->event_id) {
        case MPV_EVENT_LOG_MESSAGE: {
            auto* message = static_cast<mpv_event_log_message*>(event->data);
            log_message(message->prefix, message->level, message->text);
            break;
        }
        case MPV_EVENT_COMMAND_REPLY:
            on_reply(event->reply_userdata, event->error,
                     event->data ? &static_cast<mpv_event_command*>(event->data)->result : nullptr);
            break;
        case MPV_EVENT_SET_PROPERTY_REPLY:
            on_reply(event->reply_userdata, event->error, nullptr);
            break;
        case MPV_EVENT_START_FILE:
            m_playing_entry = static_cast<mpv_event_start_file*>(event->data)->playlist_entry_id;
            break;
        case MPV_EVENT_PLAYBACK_RESTART:
            // Also sent after every seek; only the first one per load counts.
            // The entry check drops a late restart of the previous file.
            if (m_current_entry != 0 && m_playing_entry == m_current_entry && !m_current_ready) {
                m_current_ready = true;
                if (!m_current_hidden) {
                    m_hold_frame = false;
                    m_render_again = true; // show the new file's frame now
                }
                events.push_back({MediaEventKind::Ready, m_current_load_id, {}});
            }
            break;
        case MPV_EVENT_END_FILE: {
            auto* end = static_cast<mpv_event_end_file*>(event->data);
            if (end->playlist_entry_id == m_playing_entry)
                m_playing_entry = 0;
            // STOP/QUIT/REDIRECT come from our own replace or stop, and every
            // entry but the current one belongs to a superseded load.
            if (m_current_entry == 0 || end->playlist_entry_id != m_current_entry)
                break;
            if (end->reason == MPV_END_FILE_REASON_ERROR) {
                events.push_back(
                    {MediaEventKind::Failed, m_current_load_id, m_api->error_string(end->error)});
            } else if (end->reason == MPV_END_FILE_REASON_EOF) {
                if (m_current_ready)
                    events.push_back({MediaEventKind::Ended, m_current_load_id, {}});
                else // e.g. nothing decodable in it
                    events.push_back({MediaEventKind::Failed, m_current_load_id,
                                      "ended before showing anything"});
            } else {
                break;
            }
            m_current_entry = 0;
            break;
        }
        default:
            break;
        }
    }
    // A loadfile refused in a reply above.
    events.insert(events.end(), m_queued_events.begin(), m_queued_events.end());
    m_queued_events.clear();
    return events;
}

void MpvPlayer::log_message(const char* prefix, const char* level, const char* text) {
    // A broken stream can warn once per frame; collapse identical repeats.
    std::string line = std::string("[") + prefix + "] " + level + ": " + text;
    if (line == m_last_log) {
        ++m_log_repeats;
        return;
    }
    log::Level const as = std::strcmp(level, "fatal") == 0 || std::strcmp(level, "error") == 0
                              ? log::Level::Error
                          : std::strcmp(level, "warn") == 0 ? log::Level::Warning
                                                            : log::Level::Info;
    if (m_log_repeats > 0)
        log::write(m_last_log_level,
                   "mpv: (last message repeated " + std::to_string(m_log_repeats) + " times)");
    m_log_repeats = 0;
    m_last_log = line;
    m_last_log_level = as;
    if (!line.empty() && line.back() == '\n') // mpv's text ends in a newline; the log adds one
        line.pop_back();
    log::write(as, "mpv: " + line);
}

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

bool MpvPlayer::draw_software(SDL_Renderer* renderer, int width, int height) {
    if (!m_texture || m_texture_w != width || m_texture_h != height) {
        if (m_texture)
            SDL_DestroyTexture(m_texture);
        m_texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                      width, height);
        if (!m_texture) {
            log::error("mpv: creating a " + std::to_string(width) + "x" + std::to_string(height) +
                       " texture: " + SDL_GetError());
            m_texture_w = m_texture_h = 0;
            return false;
        }
        m_texture_w = width;
        m_texture_h = height;
        m_has_frame = false;
    }

    bool fresh = false;
    // Asked before rendering, which consumes the frame. The load's first
    // frame, rendered again at Ready, is new on screen.
    bool new_frame = m_render_again || new_frame_pending();
    if (m_frame_pending || m_render_again || !m_has_frame) {
        // mpv is rendered to whenever it has a frame, even while a load is in
        // progress: its video thread waits for each frame to be rendered and
        // would stall otherwise. Between files mpv may produce black, so while
        // a load waits for Ready (or after a failed load) its frames are
        // skipped and the texture keeps the last good frame. mpv keeps the
        // skipped frame as its current one and renders it again on request,
        // which is how the load's first frame reaches the texture at Ready.
        if (m_hold_frame && m_has_frame) {
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
            SDL_UnlockTexture(m_texture);
            fresh = rc >= 0 && new_frame;
            m_frame_pending = false;
            if (rc >= 0) {
                m_has_frame = true;
                m_render_again = false;
            }
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
