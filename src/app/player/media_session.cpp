#include "app/player/media_session.h"

#include "app/wake_events.h"
#include "core/typography.h"
#include "system/log.h"

#include <algorithm>

namespace beacon::app::player {

using media::MediaEventKind;
using media::MpvPlayer;

bool needs_mpv(const Playlist& playlist) {
    return std::any_of(playlist.items.begin(), playlist.items.end(),
                       [](const Item& item) { return item.kind == ItemKind::Video; });
}

void MediaSession::VideoFrames::presented(std::uint64_t id, Clock::time_point now) {
    if (id != load_id) {
        *this = {};
        load_id = id;
    } else {
        recent_gaps[gaps++ % recent_gaps.size()] = now - last;
        auto sorted = recent_gaps;
        std::size_t count = std::min(gaps, sorted.size());
        std::sort(sorted.begin(), sorted.begin() + count);
        period = sorted[(count - 1) / 2]; // of two, the shorter
    }
    last = now;
}

MediaSession::MediaSession(Display& display, const LoopClock& clock)
    : m_display(display), m_clock(clock) {}

MpvPlayer* MediaSession::player() {
    if (!m_tried) {
        m_tried = true;
        MpvPlayer::WakeTypes wake{wake_type(Wake::MediaEvents), wake_type(Wake::MediaFrame)};
        auto created = MpvPlayer::create(m_display.render_path, m_display.window.get(), wake);
        if (!created && m_display.render_path == media::RenderPath::OpenGL) {
            // A GL driver that SDL can draw with may still refuse mpv (no
            // desktop GL, too old a GLES): mpv's software path needs no GL.
            log::warning(created.error().message + "; videos use the software path");
            m_display.render_path = media::RenderPath::Software;
            created = MpvPlayer::create(m_display.render_path, m_display.window.get(), wake);
        }
        if (created)
            m_mpv = created.release_value();
        else
            log::error(created.error().message + "; videos and images will be skipped");
    }
    return m_mpv.get();
}

bool MediaSession::load(const Item& item, std::size_t index, const std::string& lang,
                        const DirectoryContentRoot& root, MpvPlayer::Start start,
                        const media::AudioOutput& audio) {
    if (!player() || root.check(item.src) != PathStatus::Ok)
        return false;
    std::optional<std::string> caption;
    if (auto found = item.captions.find(lang); found != item.captions.end())
        if (root.check(found->second.src) == PathStatus::Ok)
            caption = root.resolve(found->second.src);
    auto kind = item.kind == ItemKind::Video ? MpvPlayer::Kind::Video : MpvPlayer::Kind::Image;
    // libass finds glyphs by family: name the one that draws the
    // caption's language (and the right Han variant for Chinese).
    m_mpv->set_caption_font(typography_for(lang).families.front());
    m_mpv->set_audio(audio);
    auto id = m_mpv->load(root.resolve(item.src), kind, caption, start);
    m_pending = PendingLoad{id, index, lang, start == MpvPlayer::Start::Hidden};
    return true;
}

bool MediaSession::reveal(std::size_t index, const std::string& lang, MediaNews& news,
                          const media::AudioOutput& audio) {
    if (!m_pending || !m_pending->hidden || m_pending->item != index || m_pending->lang != lang)
        return false;
    // Loaded ahead behind the fact sheet: shown at once, no load to wait for.
    m_pending->hidden = false;
    m_mpv->set_audio(audio); // before it plays: requests keep their order
    m_mpv->reveal();
    if (m_pending->failure)
        news = {MediaNews::Kind::Failed, *m_pending->failure};
    else if (m_pending->ready)
        news = {MediaNews::Kind::Ready};
    return true;
}

void MediaSession::release(bool on_screen) {
    if (m_mpv && (on_screen || m_pending))
        m_mpv->stop();
    m_pending.reset();
}

void MediaSession::stop() {
    if (m_mpv)
        m_mpv->stop();
    m_pending.reset();
}

void MediaSession::pause() {
    if (m_mpv)
        m_mpv->set_paused(true);
}

void MediaSession::set_muted(bool muted) {
    if (m_mpv)
        m_mpv->set_muted(muted);
}

void MediaSession::resume() {
    if (m_mpv && !loading_ahead())
        m_mpv->set_paused(false);
}

MediaNews MediaSession::take(const media::MediaEvent& event, Clock::time_point now) {
    if (!m_pending || event.load_id != m_pending->load_id)
        return {};
    if (m_pending->hidden) { // kept for the switch to it
        if (event.kind == MediaEventKind::Ready) {
            m_pending->ready = true;
            return {MediaNews::Kind::ReadyAhead};
        }
        if (event.kind == MediaEventKind::Failed)
            m_pending->failure = event.detail;
        return {};
    }
    switch (event.kind) {
    case MediaEventKind::Ready:
        return {MediaNews::Kind::Ready};
    case MediaEventKind::Ended:
        return ended(now);
    case MediaEventKind::Failed:
        return {MediaNews::Kind::Failed, event.detail};
    }
    return {};
}

MediaNews MediaSession::ended(Clock::time_point now) {
    if (m_video_frames.load_id != m_pending->load_id || !m_video_frames.period)
        return {MediaNews::Kind::Ended};
    // Never past a 10 fps frame's time, whatever the gaps measured.
    auto longest = m_clock.to_loop(std::chrono::milliseconds(100));
    HeldEnd held{m_pending->load_id, m_video_frames.last + *m_video_frames.period, now + longest};
    MediaNews news;
    // A new frame mpv handed over with its end-of-file is the last one: it
    // is drawn in this turn of the loop, after end_if_due() has looked, so
    // the end waits a period from now (draw() then sets it again). Not a
    // redraw, which mpv asks for as it lets the file go: the last frame has
    // then had its time already.
    if (m_mpv->new_frame_pending()) {
        news.redraw = true;
        held.at = now + *m_video_frames.period;
    } else if (held.at <= now) {
        return {MediaNews::Kind::Ended};
    }
    held.at = std::min(held.at, held.latest);
    m_held_end = held;
    return news;
}

MediaNews MediaSession::end_if_due(Clock::time_point now) {
    if (!m_held_end || now < m_held_end->at)
        return {};
    auto held = *std::exchange(m_held_end, std::nullopt);
    // Unless something else took the screen meanwhile.
    if (m_pending && !m_pending->hidden && m_pending->load_id == held.load_id)
        return {MediaNews::Kind::Ended};
    return {};
}

std::optional<Clock::time_point> MediaSession::next_wake() const {
    if (!m_held_end)
        return std::nullopt;
    return m_held_end->at;
}

bool MediaSession::draw(SDL_Renderer* renderer, Size size, std::size_t shown_item,
                        Clock::time_point now) {
    bool fresh = m_mpv->draw(renderer, size.width, size.height);
    if (fresh && showing(shown_item)) {
        m_video_frames.presented(m_pending->load_id, now);
        if (m_held_end && m_held_end->load_id == m_pending->load_id)
            m_held_end->at = std::min(now + m_video_frames.period.value_or(Clock::duration{}),
                                      m_held_end->latest);
    }
    return fresh;
}

} // namespace beacon::app::player
