// The player's side of the machine: handing it events and carrying out the
// commands it returns. See kiosk_player.h for the invariants.

#include "app/player/kiosk_player.h"

#include "core/diagnostic.h"
#include "core/sound.h"
#include "media/alsa.h"
#include "system/log.h"
#include "system/memory.h"

#include <cassert>
#include <chrono>
#include <utility>

namespace beacon::app::player {

using media::MpvPlayer;

void Player::dispatch(const KioskEvent& event, Clock::time_point now) {
    m_follow_ups.push_back(event);
    hand_on(now);
}

void Player::hand_on(Clock::time_point now) {
    assert(!m_handing_on); // never from carry_out(): it queues instead
    m_handing_on = true;
    // Follow-ups are handed on in the order they were queued, after the
    // commands that led to them: the machine never sees an event while its
    // previous commands are still being carried out, and a long chain of
    // them (many items failing, many languages skipped) costs no stack.
    while (!m_follow_ups.empty()) {
        KioskEvent next = std::move(m_follow_ups.front());
        m_follow_ups.pop_front();
        next.local_time = m_unattended.local_time();
        for (auto& command : m_machine.handle(next, now))
            carry_out(command);
        m_screenshots.observe(m_machine.screen() == Screen::Hotline, now);
    }
    m_handing_on = false;
    if (auto action = std::exchange(m_pending_power, DisplayAction::None);
        action != DisplayAction::None)
        apply_power(action, true, now);
}

bool Player::can_draw(std::size_t index, const std::string& lang) {
    if (!m_painter.await_screens()) {
        m_running = false;
        return true; // the loop is stopping; nothing will be drawn
    }
    return m_painter.can_draw(m_machine.playlist(), index, lang);
}

void Player::set_shown(Shown shown) {
    if (shown.kind != Shown::Kind::Still)
        m_stills.drop_shown();
    m_shown = std::move(shown);
}

void Player::release_media() {
    m_media.release(m_shown.kind == Shown::Kind::Media);
}

media::AudioOutput Player::audio_for(const Item& item) {
    const SoundSettings& settings = m_sound.current();
    // The hotline's muting is separate (set_muted()), so a video that loads
    // under it is heard once it closes.
    auto decision = decide_audio(settings, item, m_unattended.local_time(), HotlineShown::No);
    refresh_listen(); // the settings may have changed (sound_config.h)
    media::AudioOutput audio;
    audio.enabled = decision.audible;
    audio.volume = mpv_volume_for(decision.amplitude);
    audio.muted = m_machine.hotline_open();
    if (!audio.muted)
        m_unmute_after_speech = false; // the next file is heard as it loads
    audio.device =
        alsa_device_for(settings.device, settings.device == "hdmi" ? media::alsa_card_ids()
                                                                   : std::vector<std::string>{});
    return audio;
}

void Player::show_media(std::size_t index, const std::string& lang) {
    MediaNews news;
    const Item& shown = m_machine.playlist().items[index];
    if (m_media.reveal(index, lang, news, audio_for(shown))) {
        if (news.kind != MediaNews::Kind::Nothing)
            on_media(news);
        return;
    }
    const Playlist& playlist = m_machine.playlist();
    const Item& item = playlist.items[index];
    if (!m_media.load(item, index, lang, *m_root, MpvPlayer::Start::Shown, audio_for(item))) {
        log::error_once_per(std::chrono::seconds(600), format_location(playlist.source, item.line) +
                                                           ": item \"" + item.id +
                                                           "\": media file \"" + item.src +
                                                           "\" cannot be played; skipping it");
        m_unattended.count_skip("cannot-play");
        m_media.forget();
        follow_up(KioskEvent::Kind::MediaFailed);
    }
}

void Player::show_still(std::size_t index, const std::string& lang) {
    if (m_root->check(m_machine.playlist().items[index].src) != PathStatus::Ok) {
        show_media(index, lang); // which reports it and skips it
        return;
    }
    m_stills.wait_for(index, lang);
    on_still(m_stills.take(m_machine.playlist(), *m_root, m_painter.screen_size()));
}

void Player::on_still(const StillNews& news) {
    switch (news.kind) {
    case StillNews::Kind::Waiting:
        return;
    case StillNews::Kind::Skip:
        m_unattended.count_skip("too-large");
        follow_up(KioskEvent::Kind::MediaFailed);
        return;
    case StillNews::Kind::ToMpv:
        show_media(news.item, news.lang);
        return;
    case StillNews::Kind::Shown:
        release_media();
        set_shown({Shown::Kind::Still, news.item, news.lang});
        count_play(m_machine.playlist().items[news.item].id);
        m_dirty = true;
        follow_up(KioskEvent::Kind::MediaReady);
        return;
    }
}

void Player::on_media(const MediaNews& news) {
    if (news.redraw)
        m_dirty = true;
    const Playlist& playlist = m_machine.playlist();
    switch (news.kind) {
    case MediaNews::Kind::Nothing:
    case MediaNews::Kind::ReadyAhead: // recorded by handle_media_events()
        return;
    case MediaNews::Kind::Ready: {
        const PendingLoad& load = *m_media.pending();
        set_shown({Shown::Kind::Media, load.item, load.lang});
        count_play(playlist.items[load.item].id);
        m_dirty = true;
        follow_up(KioskEvent::Kind::MediaReady);
        return;
    }
    case MediaNews::Kind::Ended:
        follow_up(KioskEvent::Kind::MediaEnded);
        return;
    case MediaNews::Kind::Failed: {
        const Item& item = playlist.items[m_media.pending()->item];
        log::error_once_per(std::chrono::seconds(600),
                            format_location(playlist.source, item.line) + ": item \"" + item.id +
                                "\" failed to play (" + news.reason + "); skipping it");
        m_unattended.count_skip("failed");
        m_media.forget();
        follow_up(KioskEvent::Kind::MediaFailed);
        return;
    }
    }
}

void Player::show_item(std::size_t index, const std::string& lang) {
    m_stills.stop_waiting();
    // An item boundary: whether the audio device is (still) there for the
    // Listen button. Before this item's media is asked for, so the check's
    // open and close are over before mpv opens the device (on a device only
    // one program may open, the two must not meet).
    if (!m_machine.hotline_open()) {
        m_listen.check_device(m_sound.current(), m_probe.clock->now());
        refresh_listen();
    }
    const Item& item = m_machine.playlist().items[index];
    if (m_stills.draws(item, index)) {
        show_still(index, lang);
        return;
    }
    if (item.kind != ItemKind::FactSheet) {
        show_media(index, lang);
        return;
    }
    release_media();
    set_shown({Shown::Kind::FactSheet, index, lang});
    if (!can_draw(index, lang)) {
        follow_up(KioskEvent::Kind::LanguageUnavailable);
        return;
    }
    count_play(item.id);
    m_dirty = true;
}

void Player::adopt_playlist() {
    if (auto root = m_update ? m_update->take_adopted_root() : nullptr)
        m_root = root;
    m_painter.forget_playlist();
    m_prepared.reset();
    if (m_media.loading_ahead())
        release_media(); // an item of the playlist just replaced
    m_stills.forget_playlist();
    m_listen.stop();
    m_listen.set_playlist(m_machine.playlist());
    refresh_listen();
    set_shown({});
    m_dirty = true;
}

void Player::carry_out(const KioskCommand& command) {
    using Kind = KioskCommand::Kind;
    switch (command.kind) {
    case Kind::ShowItem:
        show_item(command.item_index, command.lang);
        return;
    case Kind::ShowLanguage:
        if (!can_draw(command.item_index, command.lang)) {
            follow_up(KioskEvent::Kind::LanguageUnavailable);
            return;
        }
        m_shown.lang = command.lang;
        m_dirty = true;
        return;
    case Kind::PauseMedia:
        m_media.pause();
        return;
    case Kind::ResumeMedia:
        // The hotline a tap woke the display for closed: it sleeps again
        // (m_pending_power), and the video stays paused.
        if (!m_power.asleep())
            m_media.resume();
        return;
    case Kind::StopMedia:
        m_media.stop();
        m_stills.stop_waiting();
        return;
    case Kind::ShowHotline:
        // Silent at once: a paused video's sound, and anything that loads
        // under the screen (audio_for() mutes it), until the screen closes.
        // Muted, the video's core also lets the device go, for Listen.
        m_media.set_muted(true);
        m_unmute_after_speech = false;
        if (m_machine.hotline_open())
            m_unattended.hotline_shown(command.lang);
        // Another language, or the screen just opened: what was being
        // said stops, and quiet hours may have begun since the last look.
        m_listen.stop();
        refresh_listen();
        m_dirty = true;
        return;
    case Kind::HideHotline:
        m_listen.stop(); // nothing of the hotline outlives its screen
        // The video takes the device again once the speech has let it go
        // (listen.h, holds_device()): at once when nothing was said,
        // otherwise on the speech core's news (handle_wake), or at the
        // latest with the next item (audio_for()).
        if (m_listen.holds_device())
            m_unmute_after_speech = true;
        else
            m_media.set_muted(false);
        m_unattended.hotline_hidden();
        m_dirty = true;
        if (auto action = m_power.hotline_closed(); action != DisplayAction::None)
            m_pending_power = action;
        return;
    case Kind::ShowNotice:
        m_stills.stop_waiting();
        release_media();
        set_shown({Shown::Kind::Notice, command.item_index, command.lang});
        count_play(m_machine.playlist().notices[command.item_index].id);
        m_dirty = true;
        return;
    case Kind::NoticeChanged:
        m_dirty = true;
        return;
    case Kind::AdoptPlaylist:
        adopt_playlist();
        return;
    }
}

void Player::prepare_upcoming(Size size) {
    auto upcoming = m_machine.upcoming_item();
    if (!upcoming || upcoming == m_prepared) {
        m_prepared = upcoming;
        return;
    }
    m_prepared = upcoming;
    const Playlist& playlist = m_machine.playlist();
    const Item& item = playlist.items[upcoming->item];
    if (item.kind == ItemKind::FactSheet) {
        // Its screen is built now, so that the switch to it costs one frame
        // rather than its text rendering. (Not the hotline: building it
        // ahead for each language the loop shows opened every script's
        // fonts and cost 20-34 MB of PSS; a tap builds it once per
        // language, and the scene cache then keeps it last.)
        if (can_draw(upcoming->item, upcoming->lang)) {
            m_painter.prepare_factsheet(playlist, item, upcoming->lang, size);
            // Its fonts and text surfaces are freed now. Only while no mpv
            // core exists: a trim after every build once made a video's
            // first frame after a fact sheet 49 ms late instead of 27-40
            // (bench/analysis.md, "Tried and dropped: glibc's allocator
            // settings").
            if (!m_media.created())
                memory::give_back_free_memory();
        }
        return;
    }
    if (m_stills.draws(item, upcoming->item)) {
        // Decoded now, behind whatever shows, even a video: mpv is not
        // needed for it.
        if (m_root->check(item.src) == PathStatus::Ok)
            m_stills.prepare(m_root->resolve(item.src), size);
        return;
    }
    // A video (or an image for mpv) after a fact sheet or a still: loaded
    // now, paused on its first frame, so the switch does not wait 40-160 ms
    // for mpv to open and decode it. Behind a fact sheet or a still Beacon
    // draws, mpv shows nothing. Behind a still mpv shows, only on the
    // software path, where the still stays in Beacon's texture while mpv
    // moves on; on the OpenGL path mpv draws its current file straight to
    // the window. Never behind a video, which mpv is playing. A file that
    // cannot be played is left for the switch to report.
    bool behind_own_picture =
        (m_shown.kind == Shown::Kind::FactSheet || m_shown.kind == Shown::Kind::Still) &&
        !m_media.pending();
    bool behind_still = m_shown.kind == Shown::Kind::Media && m_media.showing(m_shown.item) &&
                        playlist.items[m_shown.item].kind == ItemKind::Image && m_media.created() &&
                        m_media.created()->path() == media::RenderPath::Software;
    if (behind_own_picture || behind_still)
        m_media.load(item, upcoming->item, upcoming->lang, *m_root, MpvPlayer::Start::Hidden,
                     audio_for(item));
}

} // namespace beacon::app::player
