#pragma once

// The player: the loop that gathers events, hands them to the KioskMachine
// and carries out the commands it returns. Each part of the runtime is an
// owner of its own state that reports back instead of calling the machine:
//
//   input (input.h)            SDL input -> KioskEvent
//   media (media_session.h)    mpv loads, plays, ends    -> MediaNews
//   stills (still_session.h)   decoded pictures          -> StillNews
//   painter (painter.h)        OnScreen -> pixels
//   probe (probe.h)            clock, scripted input, frame record
//   power (screen_power.h)     display-hours: the screen sleeps and wakes
//
// Invariants:
// - The machine is only ever called from hand_on(), never while its
//   previous commands are being carried out: carry_out() and the news
//   handlers (on_media(), on_still()) only queue follow-up events
//   (follow_up()), and the loop's steps hand them on before the next step.
// - What is on screen is OnScreen::of(m_machine, m_shown): the painter and
//   the frame sink read nothing else. Only set_shown() changes what m_shown
//   shows (ShowLanguage changes its language alone).
// - Time is read once per loop turn, from the probe's clock, and passed down.
// - While the display sleeps (m_power.asleep()) the machine is frozen: it
//   gets no Tick, no media news and no held-media end, mpv is paused, and
//   nothing is painted after one black frame. The watchdog, the counters,
//   updates and input go on. Any press wakes the display straight to the
//   hotline (the Tap the machine gets); when that hotline closes the display
//   sleeps again (hotline_closed(), carried out after hand_on()).
//
// Threading: main thread only. Other threads wake the loop with the SDL
// events of app/wake_events.h, pushed with events::push_wake_event().

#include "app/content.h"
#include "app/display.h"
#include "app/fleet/report_driver.h"
#include "app/options.h"
#include "app/player/listen.h"
#include "app/player/media_session.h"
#include "app/player/on_screen.h"
#include "app/player/painter.h"
#include "app/player/probe.h"
#include "app/player/screen_power.h"
#include "app/player/setup_notice.h"
#include "app/player/sound_config.h"
#include "app/player/still_session.h"
#include "app/screens_builder.h"
#include "app/unattended.h"
#include "app/update/update_driver.h"
#include "app/wake_events.h"
#include "core/kiosk_machine.h"
#include "core/screenshot_gate.h"
#include "events/event_wait.h"
#include "system/startup_read_ahead.h"

#include <SDL.h>

#include <deque>
#include <memory>
#include <optional>

namespace beacon::app::player {

class Player {
  public:
    // `setup_problems`: what went wrong setting the kiosk up (setup_notice.h).
    // `startup_pages`: the read ahead started before the display opened
    // (system/startup_read_ahead.h), told when the start is over; may be null.
    Player(const Options& options, Probe probe, Display display, ScreensFuture screens,
           LoadedContent content, const std::vector<std::string>& setup_problems,
           std::unique_ptr<system::StartupReadAhead> startup_pages = nullptr);
    int run();

  private:
    // The loop's steps (loop.cpp), in the order of a turn.
    std::optional<SDL_Event> wait_for_event();
    void begin_turn(Clock::time_point now);
    void handle_event(const SDL_Event& event, Clock::time_point now);
    void handle_wake(Wake wake, Clock::time_point now);
    void handle_media_events(Clock::time_point now);
    void end_held_media(Clock::time_point now);
    void tick_if_due(Clock::time_point now);
    void handle_update(Clock::time_point now);
    void expire_notices(Clock::time_point now);
    void send_report_if_due(Clock::time_point now);
    FleetReport make_report() const;
    // The loop's frame for a report, when report-screenshot is on and
    // m_screenshots allows it: repaints the frame on screen and reads it.
    std::optional<render::Thumbnail> capture_for_report(Clock::time_point now);
    void stop_if_done(Clock::time_point now);
    void paint_if_dirty(Clock::time_point now);
    std::optional<Clock::time_point> next_wake() const;

    // The machine and its commands (carry_out.cpp).
    void dispatch(const KioskEvent& event, Clock::time_point now);
    // Hands the queued follow-up events to the machine, in order, and
    // carries out what it returns, until none is left.
    void hand_on(Clock::time_point now);
    void follow_up(KioskEvent::Kind kind) { m_follow_ups.push_back({kind}); }
    void carry_out(const KioskCommand& command);
    void show_item(std::size_t index, const std::string& lang);
    void show_media(std::size_t index, const std::string& lang);
    // An image Beacon draws itself: shown once decoded (at once if it was
    // decoded ahead), or handed to mpv when SDL_image cannot read it.
    void show_still(std::size_t index, const std::string& lang);
    void on_media(const MediaNews& news);
    void on_still(const StillNews& news);
    void adopt_playlist();
    // Every change of what the loop shows goes through here.
    void set_shown(Shown shown);
    // Stops what mpv plays or loads: something else takes the screen.
    void release_media();
    bool can_draw(std::size_t index, const std::string& lang);
    // How `item` sounds if it loads now (core/sound.h decides).
    media::AudioOutput audio_for(const Item& item);
    // Gets the upcoming item ready in the idle time after a frame.
    void prepare_upcoming(Size size);
    void record(const std::string& detail, Clock::time_point now);
    // Display sleep (screen_power.h): the hours' verdict each turn, and
    // carrying out a Sleep, Wake or restart. `by_tap`: a tap caused it.
    void update_power(Clock::time_point now);
    void apply_power(DisplayAction action, bool by_tap, Clock::time_point now);
    // An item that starts while the display sleeps (the loop's first, when
    // Beacon starts outside its hours) was not seen: not counted.
    void count_play(const std::string& id) {
        if (!m_power.asleep())
            m_unattended.count_play(id);
    }
    // The focus ring's target on the hotline screen, if any.
    std::optional<HotlineTarget> hotline_focus() const;
    void move_hotline_focus(FocusMove move, Clock::time_point now);
    // Asks m_listen again where the Listen button shows, and tells the
    // painter when that changed.
    void refresh_listen();
    ListenButton listen_button() const { return m_listen.button(m_machine.language()); }

    Probe m_probe;
    // Member order is teardown order reversed: everything that draws with
    // the renderer (painter, mpv, stills, the update overlay) goes before
    // the display.
    Display m_display;
    // The loop's sleep (wait_for_event()); made once the display's driver
    // is known, which decides how it sleeps.
    events::EventWait m_events;
    Painter m_painter;
    ScreenPower m_power;
    // A Sleep that the hotline closing asked for while the machine's
    // commands were carried out: applied once they all are.
    DisplayAction m_pending_power = DisplayAction::None;
    int m_exit_code = 0;
    bool m_preview_told = false; // play --at: the display's state was logged
    MediaSession m_media;
    StillSession m_stills;
    std::shared_ptr<DirectoryContentRoot> m_root;
    KioskMachine m_machine;
    Shown m_shown;
    // The upcoming item last got ready ahead of time.
    std::optional<KioskMachine::Upcoming> m_prepared;
    // Events that carrying out commands (or news) led to, for hand_on().
    std::deque<KioskEvent> m_follow_ups;
    bool m_handing_on = false; // hand_on() is running: the machine is busy
    bool m_dirty = false;
    bool m_running = true;
    // Keyboard or switch access: the focus ring's place in focus_order() of
    // the open hotline screen; unset until a key moves it, and forgotten
    // when the screen closes (nothing of it outlives the screen).
    std::optional<std::size_t> m_hotline_focus;
    Unattended m_unattended;
    std::unique_ptr<UpdateDriver> m_update; // null when updates are off
    SetupNotice m_setup;
    const Options& m_options; // outlives the player (run_player's)
    SoundConfig m_sound;
    Listen m_listen; // the hotline screen's Listen button (listen.h)
    // The hotline screen closed while Listen still held the audio device:
    // the video's sound (set_muted(false)) waits for the speech core to
    // let it go (Wake::SpeechReady), or for the next item.
    bool m_unmute_after_speech = false;
    std::unique_ptr<ReportDriver> m_reports; // null when report-url is not set
    // Told the screen after every event the machine handles (hand_on()).
    ScreenshotGate m_screenshots;
    // Told once the start is over, so that it records the pages the start
    // touched (paint_if_dirty()); null when not reading ahead.
    std::unique_ptr<system::StartupReadAhead> m_startup_pages;
};

} // namespace beacon::app::player
