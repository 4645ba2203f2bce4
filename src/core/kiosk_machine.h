#pragma once

// The kiosk's behaviour as a value: events and the time they happened go in,
// commands for the I/O layers come out. It never reads a clock; `now` is the
// loop's monotonic time, read once per turn.
//
// Invariants:
// - Something is always on screen: an item, or the hotline screen (when the
//   hotline is open, or when no item can be played at all).
// - While the hotline is open the loop is frozen: the current item's
//   remaining time is kept and the video is paused; closing resumes both.
// - Nothing about a tap is kept beyond the current state.
// - Scheduling: the loop plays the scheduled items whose schedule allows the
//   current local time; when there are none, the unscheduled items; when
//   there are none either, the hotline screen (re-checked every
//   schedule_recheck). The choice is made at each item boundary.
// - An active notice shows as a banner over the loop (banner_notice()) and,
//   every notice_every items, as a screen of its own.
// - Closing the hotline (by hand or by timeout) goes on with the current
//   item, unless the playlist marks items neutral="yes" and the current one
//   is not: then the next neutral item starts at once.

#include "core/playlist.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace beacon {

using TimePoint = std::chrono::steady_clock::time_point;

struct KioskConfig {
    Milliseconds hotline_timeout{45'000};
    // A video or image that is neither ready nor failed after this long is
    // treated as failed, so a stuck decoder cannot stall the loop.
    Milliseconds media_start_timeout{10'000};
    // When every item has failed in a row, the hotline screen is shown and
    // the loop is tried again after this long.
    Milliseconds retry_after_all_failed{30'000};
    // When nothing is scheduled for now, look again after this long.
    Milliseconds schedule_recheck{30'000};
    // How long each language of a fact sheet shows; unset: the fact sheet's
    // own duration.
    std::optional<Milliseconds> language_rotation;
    // An active notice gets a screen of its own after this many items (0: never).
    std::size_t notice_every = 4;
    // beacon.conf's hotline-style and qr, laid over every playlist the
    // machine takes (the first and each staged one).
    HotlineChoices hotline_choices;
};

struct KioskEvent {
    enum class Kind {
        Start,        // begin the loop at the first item
        Tick,         // a deadline may have passed
        MediaReady,   // the video or image of the current item shows its first frame
        MediaEnded,   // the current video played to its end
        MediaFailed,  // the current item's media could not be played
        Tap,          // any tap, click or key outside a hotline target
        CloseHotline, // the hotline's close target
        PickLanguage, // a language button on the hotline screen
        // The current fact sheet cannot be drawn in its current language (no
        // installed font has some of its characters): skip that language.
        LanguageUnavailable,
    };
    Kind kind = Kind::Tick;
    std::size_t language_index = 0; // PickLanguage
    // The local civil time, for schedules and notices; any event may carry
    // it. Until one has, every item is eligible and no notice is active.
    std::optional<LocalTime> local_time;
};

struct KioskCommand {
    enum class Kind {
        ShowItem,     // start item `item_index` in `lang` (load media / draw fact sheet)
        ShowLanguage, // the current fact sheet switches to `lang`
        PauseMedia,
        ResumeMedia,
        StopMedia,
        ShowHotline,   // draw the hotline screen in `lang` (also on language change)
        HideHotline,   // back to the loop's current content
        AdoptPlaylist, // replace the playlist now (the machine has already switched)
        ShowNotice,    // show notice `item_index` as a screen of its own
        NoticeChanged, // banner_notice() changed: redraw
    };
    Kind kind;
    std::size_t item_index = 0;
    std::string lang;

    bool operator==(const KioskCommand&) const = default;
};

using KioskCommands = std::vector<KioskCommand>;

enum class Screen { Loop, Hotline, Notice };

class KioskMachine {
  public:
    KioskMachine(Playlist playlist, KioskConfig config);

    KioskCommands handle(const KioskEvent& event, TimePoint now);

    // Offers a playlist to switch to at the next item boundary.
    void stage_playlist(Playlist playlist);

    // When the machine next needs a Tick, if ever.
    std::optional<TimePoint> next_deadline() const;

    const Playlist& playlist() const { return m_playlist; }
    Screen screen() const {
        if (m_hotline_open || m_nothing_playable)
            return Screen::Hotline;
        return m_notice ? Screen::Notice : Screen::Loop;
    }
    bool hotline_open() const { return m_hotline_open; }
    std::size_t item_index() const { return m_item; }
    const Item* current_item() const;
    // The notice on its own screen now, if any.
    const Notice* current_notice() const;
    // The notice to show as a banner over the loop: the first active one.
    const Notice* banner_notice() const;
    // The language on screen now: the hotline's when it is open.
    const std::string& language() const;

    // The item (index, and the language it will start in) the loop goes on
    // to when the current phase ends as planned, so the player can get it
    // ready ahead of time: a fact sheet's screen built, a video or image
    // loaded paused. For a fact sheet in its last language that is the next
    // item; before that, the same sheet's next language. Unset when it is
    // not known yet: the hotline is open, a notice is due or on screen, or a
    // new playlist is waiting for the boundary. A tap, a failure or a
    // skipped language may still change the course; this is a hint.
    struct Upcoming {
        std::size_t item = 0;
        std::string lang;
        bool operator==(const Upcoming&) const = default;
    };
    std::optional<Upcoming> upcoming_item() const;

  private:
    KioskCommands handle_event(const KioskEvent& event, TimePoint now);
    void start_item(std::size_t index, TimePoint now, KioskCommands& out);
    void advance(TimePoint now, KioskCommands& out);
    void item_failed(TimePoint now, KioskCommands& out);
    void skip_language(TimePoint now, KioskCommands& out);
    void open_hotline(TimePoint now, KioskCommands& out);
    void close_hotline(TimePoint now, KioskCommands& out);
    // The first item marked neutral="yes" after the current one (wrapping
    // round) that the loop may play now.
    std::optional<std::size_t> next_neutral() const;
    // Starts item `index` at once, with no notice screen before it.
    void start_now(std::size_t index, TimePoint now, KioskCommands& out);
    void on_tick(TimePoint now, KioskCommands& out);
    const std::string& loop_language() const;
    // Whether item `index` belongs to the pool the loop plays from now.
    bool in_pool(std::size_t index) const;
    std::size_t pool_size() const;
    // The first item of the pool at or after `from`, wrapping round.
    std::optional<std::size_t> first_in_pool(std::size_t from) const;
    std::optional<std::size_t> banner_index() const;
    std::optional<std::size_t> next_active_notice() const;
    void end_notice(TimePoint now, KioskCommands& out);

    Playlist m_playlist;
    std::optional<Playlist> m_staged;
    KioskConfig m_config;

    std::size_t m_item = 0;
    bool m_started = false;
    // Index into the playlist's languages: for fact sheets, the language on
    // screen; for videos and images, the caption language, which moves on by
    // one at each visit so every language gets its turn.
    std::size_t m_language = 0;
    std::size_t m_media_language = 0;
    bool m_media_ready = false;
    // When the current phase (item, or fact-sheet language) ends. Unset for a
    // playing video, which ends by MediaEnded.
    std::optional<TimePoint> m_phase_deadline;
    std::size_t m_failures_in_a_row = 0;
    // Languages of the current fact sheet skipped as undrawable, and fact
    // sheets in a row with no drawable language at all: when every item is
    // such a sheet, the loop gives up like it does on failed media.
    std::size_t m_languages_skipped = 0;
    std::size_t m_undrawable_sheets = 0;
    bool m_nothing_playable = false;

    bool m_hotline_open = false;
    std::size_t m_hotline_language = 0;
    TimePoint m_hotline_last_touch{};
    // The current phase's time left when the hotline opened.
    std::optional<Milliseconds> m_frozen_remaining;

    std::optional<LocalTime> m_local_time;
    std::optional<std::size_t> m_notice; // index into playlist().notices
    std::size_t m_after_notice = 0;      // the item index to go on with
    std::size_t m_items_since_notice = 0;
    std::size_t m_notice_turn = 0; // rotates among active notices
};

} // namespace beacon
