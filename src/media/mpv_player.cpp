// MpvPlayer's life and events: creating the mpv core and its render
// context, the request queue, loads, and mpv's events turned into
// MediaEvents. Drawing is in mpv_drawing.cpp. Over 400 lines because the
// option table (why each option is set) is the security boundary for media
// (issue 18) and reads best whole, beside the code that applies it.
#include "media/mpv_player.h"

#include "core/media_signature.h"
#include "core/sound.h"
#include "events/event_wait.h"
#include "media/alsa.h"
#include "media/mpv_gl_context.h"
#include "media/mpv_library.h"
#include "media/mpv_options.h"

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

const std::string k_volume_max = std::to_string(static_cast<int>(max_mpv_volume()));

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
    // Silent until an item is to be heard (set_audio()): no sound decoded, no
    // device opened. Captions carry the words.
    {"aid", "no", true},
    // Sound goes to ALSA directly: the appliance has no PulseAudio or
    // PipeWire, and `audio-device` names ALSA devices.
    {"ao", "alsa", false},
    // A device that cannot be opened (unplugged, misnamed, busy) must never
    // stop a video: mpv then plays on with its null output.
    {"audio-fallback-to-null", "yes", false},
    // mpv's volume is cubic and stops at 130 by default; an item's gain of
    // up to +12 dB at volume 100 needs core/sound.h's max_mpv_volume().
    {"volume-max", k_volume_max.c_str(), false},
    {"audio-display", "no", false}, // a cover picture is not the video
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
    // The software render API converts each frame to the window's RGB on the
    // loop's thread (and zimg's threads). zimg's default (lanczos, random
    // dither, chroma interpolated) cost 0.5-0.7 CPU-seconds per 15 s of 720p
    // more than swscale's SIMD path, which is what VLC uses; swscale with its
    // accurate flags (sws-fast=no) cost more than twice zimg. The picture
    // against the default at 1280x720 (bench/analysis.md, issue 22): a fact
    // sheet encoded as video 43.3 dB PSNR, SSIM 0.995; more than a few levels
    // apart only on one-pixel chroma edges of saturated test patterns.
    // The OpenGL path converts on the GPU and ignores these.
    {"sws-allow-zimg", "no", false},
    {"sws-fast", "yes", false},
    {"sws-scaler", "bicubic", false},
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

} // namespace

// Spelled out: Xlib (through SDL_syswm.h) defines Status as a macro.
Result<Done> apply_player_options(MpvLibrary const& api, mpv_handle* mpv) {
    for (auto const& option : k_options) {
        int rc = api.set_option_string(mpv, option.name, option.value);
        if (rc < 0 && option.required)
            return mpv_error(api, std::string("setting ") + option.name, rc);
        if (rc < 0)
            log::warning(std::string("mpv: ignoring option ") + option.name + "=" + option.value +
                         ": " + api.error_string(rc));
    }
    return Done{};
}

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

    if (auto applied = apply_player_options(api, mpv); !applied)
        return applied.error();
    if (path == RenderPath::OpenGL)
        api.set_option_string(mpv, "hwdec", "auto-safe");

    if (int rc = api.initialize(mpv); rc < 0)
        return mpv_error(api, "mpv_initialize", rc);
    api.request_log_messages(mpv, "warn");
    quiet_alsa_library_errors(); // libmpv, now loaded, brought libasound in

    // mpv calls these from its own threads, possibly while the main thread
    // is anywhere: events::wake_callback() only pushes an event.
    api.set_wakeup_callback(mpv, events::wake_callback, events::wake_context(wake.events));

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
    api.render_context_set_update_callback(player->m_render, events::wake_callback,
                                           events::wake_context(wake.frame));
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
    events::push_wake_event(m_wake.events);
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
    if (take_audio_message(prefix, text))
        return;
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

} // namespace beacon::media
