#pragma once

// One owning wrapper around an mpv core and its render context.
//
// Threading: every method must be called from the main thread, which owns SDL
// and (on the OpenGL path) the GL contexts. mpv's own callbacks only push the
// SDL user event given to create(); the loop then calls poll_events().
//
// Teardown order matters (render.h): the render context is freed before the
// mpv core. The destructor does that.

#include "core/result.h"
#include "system/log.h"

#include <SDL.h>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct mpv_handle;
struct mpv_render_context;
struct mpv_node;

namespace beacon::media {

struct MpvLibrary;

enum class RenderPath { Software, OpenGL };

enum class MediaEventKind {
    Ready,  // the loaded file's first frame can be drawn now
    Ended,  // the file played to its end
    Failed, // the file could not be opened or decoded
};

struct MediaEvent {
    MediaEventKind kind;
    std::uint64_t load_id; // which load() this is about
    std::string detail;    // human-readable reason for Failed
};

// How the next loaded file sounds (issue 24; core/sound.h decides).
struct AudioOutput {
    // A sound track is chosen and ALSA opened. Off: mpv decodes no sound and
    // opens no device, as when Beacon played silently always.
    bool enabled = false;
    double volume = 0;  // mpv's volume property (core/sound.h: mpv_volume_for)
    bool muted = false; // the hotline screen is up
    std::string device; // ALSA device name; empty: ALSA's default

    bool operator==(const AudioOutput&) const = default;
};

class MpvPlayer {
  public:
    // On the OpenGL path `window` must have been created with SDL_WINDOW_OPENGL
    // and the player creates its own GL context on it; `renderer` is the SDL
    // renderer that draws everything else on that window.
    // The SDL user event types mpv's callbacks push, from mpv's threads:
    // `events` when poll_events() has something, `frame` when the render
    // context has a new frame or wants a redraw.
    struct WakeTypes {
        std::uint32_t events = 0;
        std::uint32_t frame = 0;
    };
    static Result<std::unique_ptr<MpvPlayer>> create(RenderPath path, SDL_Window* window,
                                                     WakeTypes wake);
    ~MpvPlayer();
    MpvPlayer(const MpvPlayer&) = delete;
    MpvPlayer& operator=(const MpvPlayer&) = delete;

    enum class Kind { Video, Image };
    // Shown: the file replaces what draw() shows as soon as its first frame
    // is ready. Hidden: loaded ahead of its turn, paused on its first frame,
    // while draw() is not called (a fact sheet is on screen); reveal() then
    // shows and plays it without waiting for the load.
    enum class Start { Shown, Hidden };
    // Starts loading a file; returns the id that later events carry. A still
    // image stays on screen until the next load() or stop().
    std::uint64_t load(const std::string& path, Kind kind,
                       const std::optional<std::string>& caption_path, Start start = Start::Shown);
    // Shows and plays the file a Start::Hidden load() brought in; its Ready
    // event may have come already or may still come.
    void reveal();
    // The font family libass draws the next load()'s captions with (mpv's
    // sub-font). Empty: mpv's default.
    void set_caption_font(const std::string& family);
    void set_paused(bool paused);
    // The sound of the next load(): requests queue in order, so a call just
    // before load() applies to exactly that file. A device that cannot be
    // opened leaves the file playing silently (audio-fallback-to-null), and
    // is reported in one log line per device.
    void set_audio(const AudioOutput& audio);
    // At once, for what plays now (the hotline screen opens or closes).
    // Muted also lets the audio device go (aid=no), so that a device only
    // one program may open is free for the Listen speech; unmuting takes it
    // again.
    void set_muted(bool muted);
    void stop();

    // Drains mpv's event queue without blocking.
    std::vector<MediaEvent> poll_events();
    // True when mpv asks for a draw since the last draw(): a new frame, or
    // the current one again.
    bool frame_pending();
    // True when what mpv asks to draw is a new video frame, not a redraw of
    // the one already shown. mpv asks for a redraw as it lets a file go at
    // its end, a frame period after the last new frame.
    bool new_frame_pending();
    // Consumes a pending frame nobody will see (a load under a fact sheet).
    // mpv's video thread waits up to 200 ms for every frame to be rendered,
    // so a load would otherwise stall that long before it reports Ready.
    void skip_frame();
    // Draws the current frame letterboxed into the renderer's whole output.
    // True when that frame is new from mpv, false when it is drawn again
    // (at mpv's request too: see new_frame_pending()).
    bool draw(SDL_Renderer* renderer, int width, int height);

    RenderPath path() const { return m_path; }

  private:
    MpvPlayer() = default;
    // One request to the core, sent with the reply id it is given.
    struct Request {
        std::uint64_t load_id = 0; // non-zero for a load's loadfile
        std::function<int(std::uint64_t reply_id)> send;
    };
    void request(Request request);
    void send_next_request();
    void on_reply(std::uint64_t reply_id, int error, const mpv_node* result);
    void fail_load(std::uint64_t load_id, const char* reason);
    bool draw_software(SDL_Renderer* renderer, int width, int height);
    bool draw_direct(SDL_Renderer* renderer, SDL_Surface* surface);
    bool draw_through_texture(SDL_Renderer* renderer, int width, int height);
    bool ensure_texture(SDL_Renderer* renderer, int width, int height);
    // mpv's current frame into `pixels` (software path); mpv's return code.
    int render_into(void* pixels, int pitch, int width, int height);
    bool draw_opengl(SDL_Renderer* renderer, int width, int height);
    void log_message(const char* prefix, const char* level, const char* text);
    void send_mute(bool muted);
    void send_track_choice();
    // True when the message was about audio output, and was said or dropped.
    bool take_audio_message(const char* prefix, const char* text);

    MpvLibrary const* m_api = nullptr; // libmpv, loaded once; never unloaded
    RenderPath m_path = RenderPath::Software;
    // Declared in construction order; the destructor frees them in reverse
    // explicitly (render context, then mpv core, then the GL context).
    SDL_Window* m_window = nullptr;
    void* m_gl_context = nullptr; // SDL_GLContext, OpenGL path only
    mpv_handle* m_mpv = nullptr;
    mpv_render_context* m_render = nullptr;
    // Software path. Drawn through the texture, it holds the last frame mpv
    // rendered. Drawn straight into the window surface (draw_direct()), it is
    // used only while a load holds the picture, for the picture shown then.
    SDL_Texture* m_texture = nullptr;
    int m_texture_w = 0;
    int m_texture_h = 0;
    enum class TextureHolds { Nothing, CurrentFrame, ShownPicture };
    TextureHolds m_texture_holds = TextureHolds::Nothing;
    enum class SoftwareWay { Unknown, WindowSurface, Texture };
    SoftwareWay m_software_way = SoftwareWay::Unknown; // the last draw's, for the log
    std::uint64_t m_next_load_id = 1;
    std::uint64_t m_current_load_id = 0;
    WakeTypes m_wake;
    bool m_frame_pending = false;
    bool m_has_frame = false; // a frame of ours has been shown (either software way)

    // mpv playlist entry ids (loadfile's reply) of our current load and of the
    // file mpv is playing now; events for other entries are stale.
    std::int64_t m_current_entry = 0;
    std::int64_t m_playing_entry = 0;
    bool m_current_ready = false;
    bool m_current_hidden = false; // a Start::Hidden load not revealed yet
    // Software path: mpv renders (into the window surface or m_texture) only
    // while no load is waiting for Ready (m_hold_frame); during a hold the
    // picture already shown stays. m_render_again asks the next draw() to
    // render mpv's current frame even if it is not new (a load's first
    // frame, skipped while it was held).
    bool m_render_again = false;
    bool m_hold_frame = false;
    std::vector<MediaEvent> m_queued_events; // e.g. a loadfile that failed at once
    // Requests (pause, stop, captions, loadfile) go to mpv one at a time, in
    // the order they were made: client.h allows the core to reorder
    // asynchronous requests among themselves and with synchronous ones, and
    // it did: a stop sent just before a synchronous loadfile ran after it and
    // stopped the new file. Each waits for the previous one's reply.
    // Asynchronous, because a synchronous request can sit out mpv's 200 ms
    // render timeout while the core waits for a frame only this thread draws.
    std::deque<Request> m_requests;
    std::uint64_t m_waiting_reply = 0; // reply id of the request in flight, 0: none
    std::uint64_t m_waiting_load = 0;  // its load id, when it is a loadfile
    std::uint64_t m_next_reply_id = 1;
    // What mpv's sound is now; only changes are sent. The option table
    // starts it silent (aid=no), unmuted, at mpv's volume 100 on ALSA's
    // default device, so a kiosk with sound off sends no request at all.
    AudioOutput m_audio{false, 100, false, {}};
    // Whether mpv has a sound track chosen (aid=auto) and so its audio
    // output open: m_audio.enabled and not muted (send_track_choice()).
    bool m_audio_track = false;
    // The device whose trouble was reported: mpv's audio-output messages
    // (prefix "ao") about it after the first are not logged again.
    std::optional<std::string> m_audio_trouble_reported;
    std::string m_last_log;
    int m_log_repeats = 0;
    log::Level m_last_log_level = log::Level::Info;
};

// Decides the render path for a window: OpenGL when a hardware GL context
// exists, software otherwise (no GL, or a software rasteriser such as
// llvmpipe, on which mpv's GL renderer costs about 4x the CPU).
RenderPath detect_render_path();

} // namespace beacon::media
