// The loop, as a list of named steps (run()), in the manner of mpv's
// run_playloop(). See kiosk_player.h for the invariants.

#include "app/player/kiosk_player.h"

#include "app/player/input.h"
#include "core/time_checks.h"
#include "system/log.h"
#include "system/service.h"

#include <algorithm>
#include <chrono>

namespace beacon::app::player {

int Player::run() {
    m_probe.begin();
    m_setup.begin(m_probe.clock->start());
    if (m_setup.visible())
        record("setup-notice " + m_setup.summary(), m_probe.clock->start());
    m_unattended.begin_turn();
    // Outside the display's hours the first item starts unseen.
    update_power(m_probe.clock->start());
    // The first item first: a video's load then overlaps the fonts' set-up.
    dispatch({KioskEvent::Kind::Start}, m_probe.clock->start());
    if (!m_painter.await_screens())
        return 1;
    while (m_running) {
        auto event = wait_for_event();
        auto now = m_probe.clock->now();
        begin_turn(now);
        if (event) {
            handle_event(*event, now);
            while (m_running && SDL_PollEvent(&*event))
                handle_event(*event, now);
        }
        m_probe.input->deliver_due(now);
        end_held_media(now);
        tick_if_due(now);
        expire_notices(now);
        send_report_if_due(now);
        stop_if_done(now);
        paint_if_dirty(now);
    }
    m_unattended.shutdown();
    return m_exit_code;
}

// Sleeps until an SDL event comes (and takes it) or the next deadline.
std::optional<SDL_Event> Player::wait_for_event() {
    auto wake = next_wake();
    int timeout_ms = -1;
    if (wake) {
        auto left =
            std::chrono::ceil<Milliseconds>(m_probe.clock->to_real(*wake - m_probe.clock->now()))
                .count();
        timeout_ms = static_cast<int>(std::clamp<long long>(left, 0, 60'000));
    }
    int limit = m_unattended.max_sleep_ms();
    if (timeout_ms < 0 || timeout_ms > limit)
        timeout_ms = limit;
    return m_events.wait(timeout_ms);
}

std::optional<Clock::time_point> Player::next_wake() const {
    // Asleep, the machine is frozen: its deadlines wait for the wake.
    std::optional<Clock::time_point> wake =
        m_power.asleep() ? std::nullopt : m_machine.next_deadline();
    auto earliest = [&](std::optional<Clock::time_point> t) {
        if (t)
            wake = wake ? std::min(*wake, *t) : *t;
    };
    earliest(m_probe.input->next_due());
    earliest(m_power.asleep() ? std::nullopt : m_media.next_wake());
    earliest(m_update ? m_update->next_wake() : std::nullopt);
    earliest(m_setup.next_wake());
    earliest(m_reports ? m_reports->next_wake() : std::nullopt);
    earliest(m_probe.stop_at());
    earliest(m_power.next_wake());
    return wake;
}

// The watchdog, the daily counters and the local time, once per turn.
void Player::begin_turn(Clock::time_point now) {
    bool minute_changed = m_unattended.begin_turn().has_value();
    update_power(now);
    if (minute_changed && !m_power.asleep())
        dispatch({KioskEvent::Kind::Tick}, now);
    // Hours awake are counted where display-hours are set: elsewhere the
    // figure would only repeat the uptime.
    bool has_hours = m_options.display_hours || m_machine.playlist().display_hours;
    m_unattended.count_awake(has_hours && m_power.awake_by_hours());
}

void Player::update_power(Clock::time_point now) {
    // The configuration's hours override the playlist's.
    const auto& hours =
        m_options.display_hours ? m_options.display_hours : m_machine.playlist().display_hours;
    if (m_unattended.previewing() && !m_preview_told) {
        // play --at: say what the display does at that moment, once.
        m_preview_told = true;
        log::info("preview: at " + to_string(*m_options.at) + " " +
                  describe_display_power(hours,
                                         m_options.display_hours ? "the configuration"
                                                                 : m_machine.playlist().source,
                                         m_unattended.local_time()));
    }
    apply_power(m_power.update(hours, m_unattended.local_time(), m_machine.hotline_open(), now),
                false, now);
}

void Player::apply_power(DisplayAction action, bool by_tap, Clock::time_point now) {
    using Quiet = display_power::DisplayPowerControl::Quiet;
    Quiet quiet = by_tap ? Quiet::Yes : Quiet::No;
    switch (action) {
    case DisplayAction::None:
        return;
    case DisplayAction::Sleep:
        m_probe.frames->display(now, OnScreen::of(m_machine, m_shown).row(), false);
        m_media.pause();
        // Black first: it is all a screen that cannot be switched off shows,
        // and DPMS off must not cut a frame half drawn.
        m_painter.paint_black();
        m_dirty = false;
        m_unattended.frame_presented(); // READY=1 even when the first turn sleeps
        m_power.switch_screen(action, quiet, now);
        return;
    case DisplayAction::Wake:
        m_probe.frames->display(now, OnScreen::of(m_machine, m_shown).row(), true);
        m_power.switch_screen(action, quiet, now);
        // What the machine missed while frozen; a tap's hotline keeps the
        // video paused (the machine's own PauseMedia).
        if (!by_tap && m_shown.kind == Shown::Kind::Media && !m_machine.hotline_open())
            m_media.resume();
        if (!by_tap)
            handle_media_events(now);
        m_dirty = true;
        return;
    case DisplayAction::RestartDisplayPath:
        log::error("display power: the screen has not come back for a minute in opening "
                   "hours; Beacon exits so that systemd starts it afresh and the display is "
                   "set up again");
        m_exit_code = exit_code_restart_display;
        m_running = false;
        return;
    }
}

void Player::handle_event(const SDL_Event& event, Clock::time_point now) {
    if (auto wake = wake_of(event.type)) {
        handle_wake(*wake, now);
        return;
    }
    switch (event.type) {
    case SDL_QUIT:
        m_running = false;
        return;
    case SDL_WINDOWEVENT:
        if (event.window.event == SDL_WINDOWEVENT_EXPOSED ||
            event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            m_dirty = true;
        return;
    default:
        // Input arrives in screen coordinates.
        if (auto press = map_input(event, m_machine, m_painter.rotation(), m_painter.output_size(),
                                   listen_button(), hotline_focus())) {
            record(press->detail, now);
            if (m_startup_pages)
                m_startup_pages->forget_record();
            if (m_power.tap() == DisplayAction::Wake) {
                // Asleep, nothing was on screen to aim at: any press opens
                // the hotline, in the language the loop last showed.
                apply_power(DisplayAction::Wake, true, now);
                press->event = {KioskEvent::Kind::Tap};
            }
            dispatch(press->event, now);
            if (press->focus_move && m_machine.hotline_open())
                move_hotline_focus(*press->focus_move, now);
            // Speaks the screen shown now; no log line (listen.h).
            if (press->speak && m_machine.hotline_open())
                m_listen.speak(m_machine.playlist(), m_machine.language(), m_sound.current());
            if (!m_machine.hotline_open())
                m_hotline_focus.reset();
        }
        return;
    }
}

void Player::handle_wake(Wake wake, Clock::time_point now) {
    switch (wake) {
    case Wake::Update:
        if (m_update)
            handle_update(now);
        return;
    case Wake::SpeechReady:
        if (m_machine.hotline_open())
            m_listen.take_ready();
        m_listen.poll();
        if (m_unmute_after_speech && !m_listen.holds_device()) {
            m_unmute_after_speech = false;
            m_media.set_muted(false);
        }
        return;
    case Wake::StillDecoded:
        if (m_stills.waiting()) {
            on_still(m_stills.take(m_machine.playlist(), *m_root, m_painter.screen_size()));
            hand_on(now);
        } else if (m_prepared && m_prepared->item < m_machine.playlist().items.size()) {
            // The upcoming still is ready for its turn.
            const Item& item = m_machine.playlist().items[m_prepared->item];
            if (item.kind == ItemKind::Image &&
                m_stills.decoded_ahead(m_root->resolve(item.src), m_painter.screen_size()))
                record("ready-ahead " + item.id, now);
        }
        return;
    case Wake::MediaFrame:
        if (auto* mpv = m_media.created(); mpv && mpv->frame_pending()) {
            if (m_shown.kind == Shown::Kind::Media && !m_power.asleep())
                m_dirty = true;
            else
                mpv->skip_frame(); // a load behind a fact sheet: keep mpv moving
            return;
        }
        handle_media_events(now);
        return;
    case Wake::MediaEvents:
        handle_media_events(now);
        return;
    case Wake::Count:
        return;
    }
}

// Each event is handed on before the next is looked at: what the machine
// makes of one (a new load) decides which of the later ones still matter.
void Player::handle_media_events(Clock::time_point now) {
    // Asleep, mpv's news waits in its queue for the wake (apply_power()).
    if (!m_media.created() || m_power.asleep())
        return;
    for (auto& event : m_media.created()->poll_events()) {
        MediaNews news = m_media.take(event, now);
        if (news.kind == MediaNews::Kind::ReadyAhead)
            record("ready-ahead " + m_machine.playlist().items[m_media.pending()->item].id, now);
        on_media(news);
        hand_on(now);
    }
}

void Player::end_held_media(Clock::time_point now) {
    if (m_power.asleep())
        return;
    on_media(m_media.end_if_due(now));
    hand_on(now);
}

void Player::tick_if_due(Clock::time_point now) {
    if (m_power.asleep())
        return;
    if (auto deadline = m_machine.next_deadline(); deadline && now >= *deadline)
        dispatch({KioskEvent::Kind::Tick}, now);
}

// A signed update: progress and notices for the overlay, and new content to
// swap in at the next item boundary.
void Player::handle_update(Clock::time_point now) {
    auto news = m_update->take_news(now);
    for (auto& event : news.events) {
        record(frame_log_text(event), now);
        m_unattended.count_update_event(event);
        if (m_reports && std::holds_alternative<UpdateFinished>(event))
            m_reports->update_finished();
    }
    if (news.content && news.content->playlist)
        m_machine.stage_playlist(std::move(*news.content->playlist));
    m_dirty = m_dirty || news.redraw;
}

// The update's result and the setup notice, each once its time is over.
void Player::expire_notices(Clock::time_point now) {
    if (m_update && m_update->expire(now))
        m_dirty = true;
    if (m_setup.expire(now)) {
        m_dirty = true;
        record("setup-notice ended", now);
    }
}

void Player::send_report_if_due(Clock::time_point now) {
    if (m_reports)
        m_reports->send_if_due(now, m_machine.screen() == Screen::Hotline, [&] {
            return ReportDriver::Draft{make_report(), capture_for_report(now)};
        });
}

std::optional<render::Thumbnail> Player::capture_for_report(Clock::time_point now) {
    bool hotline_up = m_machine.screen() == Screen::Hotline;
    if (!m_options.report_screenshot || !m_screenshots.allows(hotline_up, now) ||
        m_machine.screen() != Screen::Loop)
        return std::nullopt;
    // The frame on screen, drawn again: the back buffer is read before it
    // is presented, never after (its content is undefined then).
    m_painter.request_capture(FleetReport::Screenshot::max_width);
    m_dirty = true;
    paint_if_dirty(now);
    return m_painter.take_capture();
}

void Player::stop_if_done(Clock::time_point now) {
    if (auto stop_at = m_probe.stop_at(); stop_at && now >= *stop_at)
        m_running = false;
}

void Player::paint_if_dirty(Clock::time_point now) {
    if (!m_dirty || !m_running || m_power.asleep())
        return;
    m_dirty = false;
    if (!m_painter.paint(OnScreen::of(m_machine, m_shown, hotline_focus()), m_media, m_stills,
                         m_update.get(), m_setup, *m_probe.frames, now))
        return;
    m_unattended.frame_presented();
    // libmpv is loaded behind the first frame when the playlist has a video,
    // so that the loop's first video does not wait for it.
    if (!m_media.tried() && needs_mpv(m_machine.playlist()))
        m_media.player();
    if (m_machine.screen() == Screen::Loop) {
        prepare_upcoming(m_painter.screen_size());
        // After the frame, not before it: laying the hotline out in every
        // language opens every script's fonts, which the first frame of a
        // cold start would otherwise wait for (issue 22).
        m_painter.report_hotline_problems(m_machine.playlist());
    }
    // The start is over once its first frame is up and, when the playlist
    // has a video, a video frame too: libmpv and its decoder are then loaded.
    // After the hotline's audit, which opens and closes every script's
    // fonts, so that none of them is mapped by chance when the pages are
    // read. Privacy: a press before then (the hotline's fonts of a language
    // mapped) must not leave its mark in the record, so that start records
    // nothing (forget_record(), in handle_event()).
    // wants_record() first: after the record, each paint asks nothing more.
    if (m_startup_pages && m_startup_pages->wants_record() &&
        (m_media.shown_video() || !needs_mpv(m_machine.playlist())))
        m_startup_pages->record_once(service::local_midnight(m_unattended.local_time().date));
}

std::optional<HotlineTarget> Player::hotline_focus() const {
    if (!m_hotline_focus || !m_machine.hotline_open())
        return std::nullopt;
    auto const order = focus_order(render::hotline_layout(
        m_machine.playlist(), m_machine.language(), m_painter.screen_size(), listen_button()));
    if (*m_hotline_focus >= order.size())
        return std::nullopt;
    return order[*m_hotline_focus];
}

void Player::move_hotline_focus(FocusMove move, Clock::time_point now) {
    auto const order = focus_order(render::hotline_layout(
        m_machine.playlist(), m_machine.language(), m_painter.screen_size(), listen_button()));
    m_hotline_focus = moved_focus(m_hotline_focus, order.size(), move);
    m_dirty = true;
    if (!m_hotline_focus)
        return;
    HotlineTarget const target = order[*m_hotline_focus];
    std::string name = target.kind == HotlineTarget::Kind::Close    ? "close"
                       : target.kind == HotlineTarget::Kind::Listen ? "listen"
                                                                    : "language";
    if (target.kind == HotlineTarget::Kind::Language &&
        target.language_index < m_machine.playlist().languages.size())
        name += " " + m_machine.playlist().languages[target.language_index];
    // Test and measurement runs only (--frame-log); a kiosk records nothing.
    m_probe.frames->focus(now, OnScreen::of(m_machine, m_shown).row(), name);
}

void Player::record(const std::string& detail, Clock::time_point now) {
    m_probe.frames->event(now, OnScreen::of(m_machine, m_shown).row(), detail);
}

} // namespace beacon::app::player
