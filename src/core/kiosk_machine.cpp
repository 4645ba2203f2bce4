// The kiosk's whole state machine: every event's transition in one file.
// Over 400 lines on purpose: the transitions read against each other (the
// hotline, its timeout, item ends and playlist swaps share state), and
// splitting them by event would scatter one invariant over several files.
#include "core/kiosk_machine.h"

#include "core/time_checks.h"

#include <algorithm>

namespace beacon {

using Kind = KioskEvent::Kind;
using Command = KioskCommand;

namespace {
// A tick later than this after a deadline (the device was suspended, or the
// loop stalled) times what follows from the tick instead of the deadline.
constexpr Milliseconds k_late_tick{1000};
} // namespace

KioskMachine::KioskMachine(Playlist playlist, KioskConfig config)
    : m_playlist(std::move(playlist)), m_config(config) {
    if (m_playlist.languages.empty())
        m_playlist.languages = {"en"};
    apply_hotline_choices(m_playlist.hotline, m_config.hotline_choices);
}

const Item* KioskMachine::current_item() const {
    if (m_nothing_playable || m_notice || m_item >= m_playlist.items.size())
        return nullptr;
    return &m_playlist.items[m_item];
}

const Notice* KioskMachine::current_notice() const {
    if (!m_notice || *m_notice >= m_playlist.notices.size() || m_nothing_playable)
        return nullptr;
    return &m_playlist.notices[*m_notice];
}

std::optional<std::size_t> KioskMachine::banner_index() const {
    if (!m_local_time)
        return std::nullopt;
    for (std::size_t i = 0; i < m_playlist.notices.size(); ++i)
        if (m_playlist.notices[i].active_at(*m_local_time))
            return i;
    return std::nullopt;
}

const Notice* KioskMachine::banner_notice() const {
    auto index = banner_index();
    return index ? &m_playlist.notices[*index] : nullptr;
}

std::optional<std::size_t> KioskMachine::next_active_notice() const {
    std::size_t count = m_playlist.notices.size();
    if (!m_local_time || count == 0)
        return std::nullopt;
    for (std::size_t step = 0; step < count; ++step) {
        std::size_t index = (m_notice_turn + step) % count;
        if (m_playlist.notices[index].active_at(*m_local_time))
            return index;
    }
    return std::nullopt;
}

bool KioskMachine::in_pool(std::size_t index) const {
    if (!m_local_time)
        return true;
    return in_loop(m_playlist.items, index, *m_local_time);
}

std::size_t KioskMachine::pool_size() const {
    std::size_t size = 0;
    for (std::size_t i = 0; i < m_playlist.items.size(); ++i)
        size += in_pool(i) ? 1 : 0;
    return size;
}

const std::string& KioskMachine::language() const {
    return m_hotline_open ? m_playlist.languages[m_hotline_language] : loop_language();
}

const std::string& KioskMachine::loop_language() const {
    return m_playlist.languages[m_language % m_playlist.languages.size()];
}

std::optional<KioskMachine::Upcoming> KioskMachine::upcoming_item() const {
    if (!m_started || m_hotline_open || m_nothing_playable || m_notice || m_staged ||
        m_playlist.items.empty() || m_playlist.languages.empty())
        return std::nullopt;
    const Item& item = m_playlist.items[m_item];
    if (item.kind == ItemKind::FactSheet && m_language + 1 < m_playlist.languages.size())
        return Upcoming{m_item, m_playlist.languages[m_language + 1]};
    // The same choices start_item() makes at the boundary.
    if (m_config.notice_every > 0 && m_items_since_notice >= m_config.notice_every &&
        next_active_notice())
        return std::nullopt;
    std::optional<std::size_t> next = first_in_pool(m_item + 1);
    if (!next)
        return std::nullopt;
    if (m_playlist.items[*next].kind == ItemKind::FactSheet)
        return Upcoming{*next, m_playlist.languages.front()};
    return Upcoming{*next, m_playlist.languages[m_media_language % m_playlist.languages.size()]};
}

std::optional<std::size_t> KioskMachine::first_in_pool(std::size_t from) const {
    std::size_t const count = m_playlist.items.size();
    for (std::size_t step = 0; step < count; ++step)
        if (in_pool((from + step) % count))
            return (from + step) % count;
    return std::nullopt;
}

void KioskMachine::stage_playlist(Playlist playlist) {
    if (playlist.languages.empty())
        playlist.languages = {"en"};
    apply_hotline_choices(playlist.hotline, m_config.hotline_choices);
    m_staged = std::move(playlist);
}

std::optional<TimePoint> KioskMachine::next_deadline() const {
    if (!m_started)
        return std::nullopt;
    std::optional<TimePoint> deadline;
    if (m_hotline_open)
        deadline = m_hotline_last_touch + m_config.hotline_timeout;
    else
        deadline = m_phase_deadline;
    // A staged playlist replaces "nothing playable" at once.
    if (m_staged && m_nothing_playable && !m_hotline_open)
        deadline = TimePoint::min();
    return deadline;
}

KioskCommands KioskMachine::handle(const KioskEvent& event, TimePoint now) {
    auto banner_before = banner_index();
    if (event.local_time)
        m_local_time = event.local_time;
    KioskCommands out = handle_event(event, now);
    if (banner_index() != banner_before)
        out.push_back({Command::Kind::NoticeChanged});
    return out;
}

KioskCommands KioskMachine::handle_event(const KioskEvent& event, TimePoint now) {
    KioskCommands out;
    if (event.kind == Kind::Start) {
        if (!m_started) {
            m_started = true;
            start_item(0, now, out);
        }
        return out;
    }
    if (!m_started)
        return out;

    bool media_item = current_item() && current_item()->kind != ItemKind::FactSheet;
    switch (event.kind) {
    case Kind::Start:
        break;
    case Kind::Tick:
        on_tick(now, out);
        break;
    case Kind::MediaReady:
        if (!media_item || m_media_ready)
            break;
        m_media_ready = true;
        m_failures_in_a_row = 0;
        if (current_item()->kind == ItemKind::Image)
            m_phase_deadline = now + current_item()->duration;
        else
            m_phase_deadline.reset();
        if (m_hotline_open) {
            // The media became ready under the hotline: keep it paused and
            // let its time start when the hotline closes.
            m_frozen_remaining =
                m_phase_deadline ? std::optional(current_item()->duration) : std::nullopt;
            out.push_back({Command::Kind::PauseMedia});
        }
        break;
    case Kind::MediaEnded:
        if (!media_item)
            break;
        if (m_hotline_open)
            m_frozen_remaining = Milliseconds(0);
        else
            advance(now, out);
        break;
    case Kind::MediaFailed:
        if (m_nothing_playable || m_notice)
            break;
        if (m_hotline_open) {
            // Skip it once the hotline closes.
            m_frozen_remaining = Milliseconds(0);
            m_media_ready = false;
        } else
            item_failed(now, out);
        break;
    case Kind::Tap:
        if (m_hotline_open)
            m_hotline_last_touch = now;
        else if (!m_nothing_playable)
            open_hotline(now, out);
        break;
    case Kind::CloseHotline:
        if (m_hotline_open) {
            close_hotline(now, out);
        } else if (m_nothing_playable) {
            // Closing the stand-in hotline means "try the content again".
            m_phase_deadline = now;
            on_tick(now, out);
        }
        break;
    case Kind::LanguageUnavailable:
        skip_language(now, out);
        break;
    case Kind::PickLanguage:
        if (event.language_index >= m_playlist.languages.size())
            break;
        if (!m_hotline_open && !m_nothing_playable)
            break;
        m_hotline_language = event.language_index;
        m_hotline_last_touch = now;
        if (m_nothing_playable)
            m_language = event.language_index;
        out.push_back({Command::Kind::ShowHotline, 0, m_playlist.languages[event.language_index]});
        break;
    }
    return out;
}

void KioskMachine::start_item(std::size_t index, TimePoint now, KioskCommands& out) {
    if (m_staged) {
        m_playlist = std::move(*m_staged);
        m_staged.reset();
        m_failures_in_a_row = 0;
        m_undrawable_sheets = 0;
        m_media_language = 0;
        out.push_back({Command::Kind::AdoptPlaylist});
        index = 0;
    }
    bool was_fallback = m_nothing_playable;
    m_nothing_playable = false;
    m_media_ready = false;
    if (m_playlist.items.empty()) {
        m_nothing_playable = true;
        m_language = 0;
        m_phase_deadline.reset();
        if (!was_fallback)
            out.push_back({Command::Kind::StopMedia});
        out.push_back({Command::Kind::ShowHotline, 0, loop_language()});
        return;
    }
    std::optional<std::size_t> chosen = first_in_pool(index);
    if (!chosen) {
        // Nothing is scheduled for now and nothing is unscheduled: the
        // hotline screen, never black, until the schedule allows something.
        m_nothing_playable = true;
        m_phase_deadline = now + m_config.schedule_recheck;
        if (!was_fallback)
            out.push_back({Command::Kind::StopMedia});
        out.push_back({Command::Kind::ShowHotline, 0, loop_language()});
        return;
    }
    if (was_fallback)
        out.push_back({Command::Kind::HideHotline});
    if (m_config.notice_every > 0 && m_items_since_notice >= m_config.notice_every) {
        if (auto notice = next_active_notice()) {
            m_items_since_notice = 0;
            m_notice = notice;
            m_notice_turn = *notice + 1;
            m_after_notice = *chosen;
            m_phase_deadline = now + m_playlist.notices[*notice].duration;
            out.push_back({Command::Kind::ShowNotice, *notice, loop_language()});
            return;
        }
    }
    ++m_items_since_notice;
    m_item = *chosen;
    const Item& item = m_playlist.items[m_item];
    if (item.kind == ItemKind::FactSheet) {
        m_language = 0;
        m_languages_skipped = 0;
        m_phase_deadline = now + m_config.language_rotation.value_or(item.duration);
        m_failures_in_a_row = 0;
    } else {
        m_language = m_media_language % m_playlist.languages.size();
        m_media_language = (m_media_language + 1) % m_playlist.languages.size();
        m_phase_deadline = now + m_config.media_start_timeout;
    }
    out.push_back({Command::Kind::ShowItem, m_item, loop_language()});
}

void KioskMachine::end_notice(TimePoint now, KioskCommands& out) {
    m_notice.reset();
    start_item(m_after_notice, now, out);
}

void KioskMachine::advance(TimePoint now, KioskCommands& out) {
    start_item(m_item + 1, now, out);
}

void KioskMachine::item_failed(TimePoint now, KioskCommands& out) {
    if (++m_failures_in_a_row < pool_size()) {
        advance(now, out);
        return;
    }
    // Every item failed in a row: show the hotline rather than spin or go
    // black, and try the loop again later.
    m_nothing_playable = true;
    m_failures_in_a_row = 0;
    m_phase_deadline = now + m_config.retry_after_all_failed;
    out.push_back({Command::Kind::StopMedia});
    out.push_back({Command::Kind::ShowHotline, 0, loop_language()});
}

void KioskMachine::open_hotline(TimePoint now, KioskCommands& out) {
    m_hotline_open = true;
    m_hotline_language = m_language % m_playlist.languages.size();
    m_hotline_last_touch = now;
    m_frozen_remaining.reset();
    if (m_phase_deadline)
        m_frozen_remaining = std::max(
            Milliseconds(0), std::chrono::duration_cast<Milliseconds>(*m_phase_deadline - now));
    m_phase_deadline.reset();
    const Item* item = current_item();
    if (item && item->kind != ItemKind::FactSheet)
        out.push_back({Command::Kind::PauseMedia});
    out.push_back({Command::Kind::ShowHotline, 0, language()});
}

void KioskMachine::close_hotline(TimePoint now, KioskCommands& out) {
    m_hotline_open = false;
    out.push_back({Command::Kind::HideHotline});
    // The quick exit lands on something neutral at once, when the playlist
    // marks any (a clinic's hours, a picture), rather than on the item that
    // was showing, which may be about the hotline's cause. A staged playlist
    // takes over at the boundary as usual.
    const Item* showing = current_item();
    if (!m_staged && showing && !showing->neutral) {
        if (auto neutral = next_neutral()) {
            m_frozen_remaining.reset();
            if (showing->kind != ItemKind::FactSheet)
                out.push_back({Command::Kind::StopMedia});
            start_now(*neutral, now, out);
            return;
        }
    }
    if (m_frozen_remaining)
        m_phase_deadline = now + *m_frozen_remaining;
    m_frozen_remaining.reset();
    const Item* item = current_item();
    if (item && item->kind != ItemKind::FactSheet)
        out.push_back({Command::Kind::ResumeMedia});
    // Whatever fell due while the hotline was open happens now.
    on_tick(now, out);
}

std::optional<std::size_t> KioskMachine::next_neutral() const {
    std::size_t const count = m_playlist.items.size();
    for (std::size_t step = 1; step <= count; ++step) {
        std::size_t const index = (m_item + step) % count;
        if (m_playlist.items[index].neutral && in_pool(index))
            return index;
    }
    return std::nullopt;
}

void KioskMachine::start_now(std::size_t index, TimePoint now, KioskCommands& out) {
    // No notice screen first: the exit must land on the neutral item itself.
    std::size_t const since_notice = m_items_since_notice;
    m_items_since_notice = 0;
    start_item(index, now, out);
    m_items_since_notice += since_notice;
}

void KioskMachine::on_tick(TimePoint now, KioskCommands& out) {
    if (m_hotline_open) {
        if (now >= m_hotline_last_touch + m_config.hotline_timeout)
            close_hotline(now, out);
        return;
    }
    if (m_nothing_playable) {
        if (m_staged || (m_phase_deadline && now >= *m_phase_deadline))
            start_item(0, now, out);
        return;
    }
    if (m_notice) {
        // An expired notice leaves at once; otherwise after its duration.
        const Notice* notice = current_notice();
        bool expired = !notice || !m_local_time || !notice->active_at(*m_local_time);
        if (expired || (m_phase_deadline && now >= *m_phase_deadline))
            end_notice(now, out);
        return;
    }
    if (!m_phase_deadline || now < *m_phase_deadline)
        return;
    // The next phase is timed from this one's deadline, not from the
    // moment the tick came (a little later, every time): otherwise a fact
    // sheet of 11 languages would run 11 wake-ups long, and the item after
    // it would not start when planned. After a long stall, from now.
    TimePoint boundary = now - *m_phase_deadline < k_late_tick ? *m_phase_deadline : now;
    const Item& item = m_playlist.items[m_item];
    if (item.kind == ItemKind::FactSheet) {
        m_undrawable_sheets = 0; // a language of this sheet was shown for its time
        if (m_language + 1 < m_playlist.languages.size()) {
            ++m_language;
            m_phase_deadline = boundary + m_config.language_rotation.value_or(item.duration);
            out.push_back({Command::Kind::ShowLanguage, m_item, loop_language()});
        } else {
            advance(boundary, out);
        }
    } else if (!m_media_ready) {
        item_failed(now, out);
    } else {
        advance(boundary, out);
    }
}

void KioskMachine::skip_language(TimePoint now, KioskCommands& out) {
    const Item* item = current_item();
    if (!item || item->kind != ItemKind::FactSheet || m_hotline_open || m_notice)
        return;
    ++m_languages_skipped;
    if (m_language + 1 < m_playlist.languages.size()) {
        ++m_language;
        m_phase_deadline = now + m_config.language_rotation.value_or(item->duration);
        out.push_back({Command::Kind::ShowLanguage, m_item, loop_language()});
        return;
    }
    if (m_languages_skipped < m_playlist.languages.size()) {
        advance(now, out);
        return;
    }
    // Not one language of this sheet can be drawn: it failed, like bad media.
    if (++m_undrawable_sheets >= pool_size())
        m_failures_in_a_row = pool_size(); // makes item_failed() give up now
    item_failed(now, out);
}

} // namespace beacon
