#pragma once

// The videos (and the images SDL_image cannot read) that mpv plays for the
// loop: creating mpv when first needed, loading the current item or the
// upcoming one ahead of time, and timing a video's end by its last frame.
// It reports what happened as MediaNews and never calls the machine; the
// player turns news into KioskEvents.
//
// Threading: main thread only (mpv's callbacks only push wake-ups).

#include "app/content.h"
#include "app/display.h"
#include "app/player/probe.h"
#include "core/playlist.h"
#include "media/mpv_player.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace beacon::app::player {

// A video or image mpv is loading. A hidden one is the upcoming item,
// loaded paused behind a fact sheet or a still; its events wait for the
// switch to it.
struct PendingLoad {
    std::uint64_t load_id = 0;
    std::size_t item = 0;
    std::string lang;
    bool hidden = false;
    bool ready = false;                 // hidden: its first frame is decoded
    std::optional<std::string> failure; // hidden: why it could not load
};

// What became of the load on screen (or the one loaded ahead).
struct MediaNews {
    enum class Kind {
        Nothing,
        ReadyAhead, // the hidden load's first frame is decoded
        Ready,      // the shown load's first frame is ready to draw
        Ended,      // the shown video played to its end
        Failed,     // the shown load cannot be played (`reason`)
    } kind = Kind::Nothing;
    std::string reason;
    bool redraw = false; // a frame is waiting to be drawn
};

// Whether `playlist` is bound to need mpv: stills are Beacon's to draw, and go
// to mpv (which is then loaded on the spot) only in a format SDL_image
// cannot read.
bool needs_mpv(const Playlist& playlist);

class MediaSession {
  public:
    // `display` outlives the session; its render path falls back to software
    // here when mpv refuses OpenGL.
    MediaSession(Display& display, const LoopClock& clock);

    // mpv, created on the first call, so a loop of fact sheets never loads
    // libmpv. Null when it could not be created: then every media item fails.
    media::MpvPlayer* player();
    media::MpvPlayer* created() const { return m_mpv.get(); }
    bool tried() const { return m_tried; }
    // A frame of a video has reached the screen since the player started.
    bool shown_video() const { return m_video_frames.load_id != 0; } // mpv counts loads from 1

    // Starts loading item `index` (`item`) with its captions in `lang` and
    // the sound `audio`; false (and nothing loads) when it cannot be played.
    bool load(const Item& item, std::size_t index, const std::string& lang,
              const DirectoryContentRoot& root, media::MpvPlayer::Start start,
              const media::AudioOutput& audio);
    // Shows the load made ahead for (`index`, `lang`), if that is the one
    // hidden: true, and its news if it already has some (Ready or Failed).
    // Its sound is decided again (`audio`): settings may have changed while
    // it waited.
    bool reveal(std::size_t index, const std::string& lang, MediaNews& news,
                const media::AudioOutput& audio);
    const std::optional<PendingLoad>& pending() const { return m_pending; }
    bool loading_ahead() const { return m_pending && m_pending->hidden; }
    // Whether the load on screen is item `index`'s.
    bool showing(std::size_t index) const {
        return m_pending && !m_pending->hidden && m_pending->item == index;
    }
    // Drops the pending load (after its failure was reported).
    void forget() { m_pending.reset(); }

    // Stops what mpv plays or loads; `on_screen`: mpv's picture is shown.
    void release(bool on_screen);
    void stop();
    void pause();
    // Mutes or unmutes what mpv plays now, at once (the hotline screen).
    void set_muted(bool muted);
    // Under a still, mpv may hold the next item loaded ahead: it stays
    // paused on its first frame until its turn.
    void resume();

    // What one of mpv's events means for the pending load.
    MediaNews take(const media::MediaEvent& event, Clock::time_point now);
    // A held end whose time has come (see HeldEnd).
    MediaNews end_if_due(Clock::time_point now);
    std::optional<Clock::time_point> next_wake() const;

    // Draws mpv's current frame; true when it is a new one. `shown_item` is
    // the item the loop shows, whose frames time its end.
    bool draw(SDL_Renderer* renderer, Size size, std::size_t shown_item, Clock::time_point now);

  private:
    // When the shown video's frames reached the screen, in loop time, so that
    // its end can wait for its last frame's share of time.
    struct VideoFrames {
        std::uint64_t load_id = 0;
        Clock::time_point last{};
        // The middle one of the last three gaps between frames: the frame
        // period, as one late frame makes one gap longer and the next shorter.
        std::optional<Clock::duration> period;
        std::array<Clock::duration, 3> recent_gaps{};
        std::size_t gaps = 0; // how many gaps were measured
        void presented(std::uint64_t id, Clock::time_point now);
    };
    // mpv reports the end of a file a frame period after its last frame when
    // it knows how long that frame lasts (MP4 says so), but as soon as the
    // frame is drawn when it does not (Matroska blocks carry no duration);
    // switching at once would then show the last frame for a few
    // milliseconds. The end is held until the last new frame has had its
    // period.
    struct HeldEnd {
        std::uint64_t load_id = 0;
        Clock::time_point at{};     // when the loop goes on
        Clock::time_point latest{}; // `at` never moves past this
    };
    MediaNews ended(Clock::time_point now);

    Display& m_display;
    const LoopClock& m_clock;
    std::unique_ptr<media::MpvPlayer> m_mpv;
    bool m_tried = false;
    std::optional<PendingLoad> m_pending;
    VideoFrames m_video_frames;
    std::optional<HeldEnd> m_held_end;
};

} // namespace beacon::app::player
