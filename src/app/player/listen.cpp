#include "app/player/listen.h"

#include "app/wake_events.h"
#include "core/hotline_speech.h"
#include "events/event_wait.h"
#include "media/alsa.h"
#include "media/speech_player.h"

#include <SDL.h>

#include <algorithm>
#include <chrono>

namespace beacon::app::player {

namespace {

// The ALSA device name for `audio-device`, as videos use it.
std::string device_of(const SoundSettings& settings) {
    return alsa_device_for(settings.device, settings.device == "hdmi" ? media::alsa_card_ids()
                                                                      : std::vector<std::string>{});
}

} // namespace

Listen::Listen(bool speech) : m_speech(speech) {}

Listen::~Listen() {
    // A synthesis still running finishes before its future goes.
    if (m_pending && m_pending->speech.valid())
        m_pending->speech.wait();
}

void Listen::set_playlist(const Playlist& playlist) {
    m_voiced = m_speech ? media::voiced_languages(playlist.languages) : std::vector<std::string>{};
}

void Listen::check_device(const SoundSettings& settings,
                          std::chrono::steady_clock::time_point now) {
    if (!m_speech)
        return;
    // Whatever the hour (quiet hours end by themselves); never because of
    // a tap.
    if (m_checked_setting == settings.device && now - m_checked_at < k_device_recheck)
        return;
    m_checked_setting = settings.device;
    m_checked_at = now;
    // "hdmi" is resolved again: the card may have come or gone.
    m_device_opens = media::alsa_device_opens(device_of(settings));
}

bool Listen::update(const SoundSettings& settings, const LocalTime& now) {
    if (!m_speech)
        return false;
    std::vector<std::string> shown;
    if (m_checked_setting == settings.device && m_device_opens && settings.volume > 0 &&
        !in_quiet_hours(settings, now))
        shown = m_voiced;
    if (shown == m_shown)
        return false;
    m_shown = std::move(shown);
    return true;
}

ListenButton Listen::button(const std::string& lang) const {
    return std::find(m_shown.begin(), m_shown.end(), lang) != m_shown.end() ? ListenButton::Shown
                                                                            : ListenButton::None;
}

void Listen::speak(const Playlist& playlist, const std::string& lang,
                   const SoundSettings& settings) {
    if (button(lang) == ListenButton::None)
        return;
    const HotlineText* text = playlist.hotline.text_for(lang);
    if (!text)
        return;
    if (m_pending && !m_pending->cancelled)
        return; // pressed again while its words are being made: they come
    stop();
    if (m_pending)
        m_pending->speech.wait(); // closed and pressed again within a second: rare
    std::uint32_t const ready = wake_type(Wake::SpeechReady);
    std::promise<Result<media::Speech>> made;
    std::future<Result<media::Speech>> speech = made.get_future();
    // The words are copied for the worker: the playlist may be swapped. The
    // speech is set before the wake is pushed: a wake pushed first (as when
    // the lambda returned the speech) could reach take_ready() before the
    // future was ready, and the words were then never played.
    auto synthesis =
        std::async(std::launch::async,
                   [made = std::move(made), words = hotline_speech(playlist.hotline, *text),
                    voice = espeak_voice_name(lang), ready]() mutable {
                       made.set_value(media::synthesize(words, voice));
                       events::push_wake_event(ready);
                   });
    m_pending = Pending{std::move(speech), std::move(synthesis), device_of(settings),
                        mpv_volume_for(amplitude_for(settings.volume, 0))};
}

void Listen::take_ready() {
    if (!m_pending || !m_pending->speech.valid() ||
        m_pending->speech.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    Pending pending = std::move(*m_pending);
    m_pending.reset();
    auto speech = pending.speech.get();
    if (pending.cancelled || !speech)
        return; // silent, and unlogged: a tap asked for it
    if (!m_player)
        m_player = std::make_unique<media::SpeechPlayer>(wake_type(Wake::SpeechReady));
    (void)m_player->play(speech.value(), pending.device, pending.volume);
}

void Listen::poll() {
    if (m_player)
        m_player->poll();
}

bool Listen::holds_device() const {
    return m_player && m_player->holds_device();
}

void Listen::stop() {
    if (m_player)
        m_player->stop();
    // Words still being made are not played: take_ready() drops them.
    if (m_pending)
        m_pending->cancelled = true;
}

} // namespace beacon::app::player
