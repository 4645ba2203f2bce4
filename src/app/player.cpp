#include "app/player.h"

#include "app/content.h"
#include "app/display.h"
#include "app/screens_builder.h"
#include "app/unattended.h"
#include "app/update/update_driver.h"
#include "core/frame_log.h"
#include "core/kiosk_machine.h"
#include "core/typography.h"
#include "media/mpv_library.h"
#include "media/mpv_player.h"
#include "render/content_check.h"
#include "render/picture_file.h"
#include "render/rotation.h"
#include "render/screens.h"
#include "render/still.h"
#include "system/log.h"
#include "system/memory.h"

#include <SDL_ttf.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <set>
#include <thread>
#include <utility>

namespace beacon::app {

namespace {

using Clock = std::chrono::steady_clock;
using media::MediaEventKind;
using media::MpvPlayer;

// What the loop shows under the hotline. It changes when a fact sheet is
// drawn, or when a media file's first frame is ready: until then the previous
// content stays, so a switch never shows a black frame.
struct Shown {
    // Media: what mpv draws. Still: an image Beacon decoded and draws itself.
    enum class Kind { Nothing, FactSheet, Media, Still, Notice } kind = Kind::Nothing;
    std::size_t item = 0; // index into items, or into notices for a Notice
    std::string lang;
};

// A video or image mpv is loading. A hidden one is the upcoming item,
// loaded paused behind a fact sheet or a still; its events wait for the
// switch to it. (Images go to mpv only when SDL_image cannot read them.)
struct PendingLoad {
    std::uint64_t load_id = 0;
    std::size_t item = 0;
    std::string lang;
    bool hidden = false;
    bool ready = false;                 // hidden: its first frame is decoded
    std::optional<std::string> failure; // hidden: why it could not load
};

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

// mpv reports the end of a file a frame period after its last frame when it
// knows how long that frame lasts (MP4 says so), but as soon as the frame is
// drawn when it does not (Matroska blocks carry no duration); switching at
// once would then show the last frame for a few milliseconds. The end is
// held until the last new frame has had its period.
struct HeldEnd {
    std::uint64_t load_id = 0;
    Clock::time_point at{};     // when the loop goes on
    Clock::time_point latest{}; // `at` never moves past this
};

struct DestroyTexture {
    void operator()(SDL_Texture* texture) const { SDL_DestroyTexture(texture); }
};

// The still on screen while m_shown is a Still, as a texture already scaled
// to the size it is drawn at.
struct ShownStill {
    std::unique_ptr<SDL_Texture, DestroyTexture> texture;
    Size size;
    bool drawn = false; // later draws of it are redraws in the frame log
};

// An item and the language it is shown in.
struct ItemInLanguage {
    std::size_t item = 0;
    std::string lang;
};

class Player {
  public:
    Player(const Options& options, Display display, ScreensFuture screens, LoadedContent content);
    int run();

  private:
    void handle_sdl_event(const SDL_Event& event, Clock::time_point now);
    void handle_press(int x, int y, const char* what, Clock::time_point now);
    void handle_media_events(Clock::time_point now);
    void dispatch(const KioskEvent& event, Clock::time_point now);
    void carry_out(const KioskCommand& command, Clock::time_point now);
    void show_media(std::size_t item, const std::string& lang, Clock::time_point now);
    // An image Beacon draws itself: shown once decoded (at once if it was
    // decoded ahead), or handed to mpv when SDL_image cannot read it.
    void show_still(std::size_t item, const std::string& lang, Clock::time_point now);
    // Shows the still waited for if its decode has finished.
    void still_decoded(Clock::time_point now);
    // Notes in the frame log that the upcoming still is ready for its turn.
    void still_decoded_ahead(Clock::time_point now);
    // Every change of what the loop shows goes through here.
    void set_shown(Shown shown);
    // Starts loading item `item`'s video or image with its captions in
    // `lang`; false (and nothing loads) when it cannot be played.
    bool load_media(std::size_t item, const std::string& lang, MpvPlayer::Start start);
    void media_ready(Clock::time_point now);
    void media_ended(Clock::time_point now);
    void end_held_media(Clock::time_point now);
    void media_failed(const std::string& reason, Clock::time_point now);
    // Stops what mpv plays or loads: something else takes the screen.
    void release_media();
    // Gets the upcoming item ready in the idle time after a frame.
    void prepare_upcoming(Size size);
    bool can_draw(std::size_t item, const std::string& lang);
    MpvPlayer* media_player();
    bool await_screens();
    void draw_frame(Clock::time_point now);
    void handle_update(Clock::time_point now);
    void log_event(const std::string& detail, Clock::time_point now);
    Size screen_size() const; // the logical size layouts use (turned by --rotation)
    Size output_size() const;
    std::string shown_item_id() const;
    const char* screen_name() const;
    std::optional<Clock::time_point> next_wake() const;
    // The loop's time: the steady clock, sped up by --time-scale.
    Clock::time_point loop_now() const;

    const Options& m_options;
    Display m_display;
    // Built on a worker thread (fontconfig, FreeType) while the first media
    // load starts; await_screens() moves it into m_screens before first use.
    ScreensFuture m_screens_ready;
    std::unique_ptr<render::Screens> m_screens;
    // Created by media_player() when the first video or image is due, so a
    // loop of fact sheets never loads libmpv. Null until then, or for good
    // if it could not be created: then every media item fails.
    std::unique_ptr<MpvPlayer> m_mpv;
    bool m_mpv_tried = false;
    std::shared_ptr<DirectoryContentRoot> m_root;
    KioskMachine m_machine;
    Shown m_shown;
    // The upcoming item last got ready ahead of time.
    std::optional<KioskMachine::Upcoming> m_prepared;
    std::optional<PendingLoad> m_pending;
    VideoFrames m_video_frames;
    std::optional<HeldEnd> m_held_end;
    // Stills: decoded on a worker thread ahead of their turn, then drawn by
    // Beacon; see render/still.h.
    std::uint32_t m_still_event;
    render::StillDecoder m_still_decoder;
    std::optional<ShownStill> m_still;
    // A still whose turn has come and whose decode has not finished yet:
    // until it has, the previous content stays.
    std::optional<ItemInLanguage> m_still_waiting;
    // Images (by index) that SDL_image cannot read: mpv shows them. Cleared
    // with the playlist.
    std::set<std::size_t> m_stills_for_mpv;
    bool m_dirty = false;
    // Whether each fact sheet (by index) can be drawn in each language, found
    // the first time it is due and logged once; cleared with the playlist.
    std::map<std::pair<std::size_t, std::string>, bool> m_drawable;
    bool m_language_unavailable = false;
    bool m_running = true;
    Clock::time_point m_start;
    std::deque<Clock::time_point> m_taps; // injected taps still to come, in order
    std::FILE* m_frame_log = nullptr;
    Unattended m_unattended;
    render::RotatedOutput m_rotation;
    std::unique_ptr<UpdateDriver> m_update; // null when updates are off
};

KioskConfig config_from(const Options& options) {
    KioskConfig config;
    config.hotline_timeout = whole_ms(options.hotline_timeout);
    config.notice_every = static_cast<std::size_t>(options.notice_every);
    if (options.language_rotation)
        config.language_rotation = whole_ms(*options.language_rotation);
    return config;
}

void VideoFrames::presented(std::uint64_t id, Clock::time_point now) {
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

// Whether libmpv is bound to be needed: stills are Beacon's to draw, and go
// to mpv (which is then loaded on the spot) only in a format SDL_image
// cannot read.
bool has_video(const Playlist& playlist) {
    return std::any_of(playlist.items.begin(), playlist.items.end(),
                       [](const Item& item) { return item.kind == ItemKind::Video; });
}

Playlist playlist_or_fallback(LoadedContent& content) {
    if (content.playlist)
        return *content.playlist;
    for (auto& diagnostic : content.diagnostics)
        log::error(diagnostic.to_string());
    log::error("the playlist has errors; showing the built-in hotline screen until it is fixed");
    return fallback_playlist();
}

Player::Player(const Options& options, Display display, ScreensFuture screens,
               LoadedContent content)
    : m_options(options), m_display(std::move(display)), m_screens_ready(std::move(screens)),
      m_root(content.root), m_machine(playlist_or_fallback(content), config_from(options)),
      m_still_event(SDL_RegisterEvents(1)), m_still_decoder(m_still_event), m_unattended(options),
      m_rotation(m_display.renderer.get(), options.rotation),
      m_update(UpdateDriver::create(options, m_display.renderer.get())) {}

Size Player::output_size() const {
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(m_display.renderer.get(), &width, &height);
    return {width, height};
}

Size Player::screen_size() const {
    return m_rotation.logical_size(output_size());
}

std::string Player::shown_item_id() const {
    const Playlist& playlist = m_machine.playlist();
    if (m_shown.kind == Shown::Kind::Notice)
        return m_shown.item < playlist.notices.size() ? playlist.notices[m_shown.item].id : "";
    if (m_shown.kind == Shown::Kind::Nothing || m_shown.item >= playlist.items.size())
        return "";
    return playlist.items[m_shown.item].id;
}

const char* Player::screen_name() const {
    switch (m_machine.screen()) {
    case Screen::Hotline:
        return "hotline";
    case Screen::Notice:
        return "notice";
    case Screen::Loop:
        break;
    }
    return "loop";
}

void Player::log_event(const std::string& detail, Clock::time_point now) {
    if (!m_frame_log)
        return;
    auto t_ms = std::chrono::duration_cast<Milliseconds>(now - m_start).count();
    auto row =
        frame_log_event_row(t_ms, screen_name(), shown_item_id(), m_machine.language(), detail);
    std::fputs(row.c_str(), m_frame_log);
}

void Player::dispatch(const KioskEvent& event, Clock::time_point now) {
    KioskEvent timed = event;
    timed.local_time = m_unattended.local_time();
    for (auto& command : m_machine.handle(timed, now))
        carry_out(command, now);
    // A fact sheet language that cannot be drawn is answered here, in a loop
    // rather than from carry_out(), so skipping many costs no stack.
    while (std::exchange(m_language_unavailable, false)) {
        KioskEvent skip{KioskEvent::Kind::LanguageUnavailable};
        skip.local_time = timed.local_time;
        for (auto& command : m_machine.handle(skip, now))
            carry_out(command, now);
    }
}

bool Player::can_draw(std::size_t index, const std::string& lang) {
    auto key = std::make_pair(index, lang);
    if (auto it = m_drawable.find(key); it != m_drawable.end())
        return it->second;
    const Playlist& playlist = m_machine.playlist();
    const Item& item = playlist.items[index];
    if (!await_screens())
        return true; // the loop is stopping; nothing will be drawn
    auto missing = m_screens->missing_glyphs(item, lang);
    if (!missing.empty()) {
        const FactSheetText* text = item.text_for(lang);
        int line = text && text->line ? text->line : item.line;
        log::error(playlist.source + ":" + std::to_string(line) + ": fact sheet \"" + item.id +
                   "\" in language \"" + lang + "\": no installed font has " +
                   render::format_code_points(missing) + "; skipping that language");
    }
    return m_drawable[key] = missing.empty();
}

bool Player::await_screens() {
    if (m_screens_ready) {
        auto screens = std::exchange(m_screens_ready, nullptr)->take(m_display.renderer.get());
        if (screens) {
            m_screens = screens.release_value();
        } else {
            log::error(screens.error().message);
            m_running = false;
        }
    }
    return m_screens != nullptr;
}

MpvPlayer* Player::media_player() {
    if (!m_mpv_tried) {
        m_mpv_tried = true;
        auto created = MpvPlayer::create(m_display.render_path, m_display.window.get(),
                                         m_display.mpv_event_type);
        if (!created && m_display.render_path == media::RenderPath::OpenGL) {
            // A GL driver that SDL can draw with may still refuse mpv (no
            // desktop GL, too old a GLES): mpv's software path needs no GL.
            log::warning(created.error().message + "; videos use the software path");
            m_display.render_path = media::RenderPath::Software;
            created = MpvPlayer::create(m_display.render_path, m_display.window.get(),
                                        m_display.mpv_event_type);
        }
        if (created)
            m_mpv = created.release_value();
        else
            log::error(created.error().message + "; videos and images will be skipped");
    }
    return m_mpv.get();
}

bool Player::load_media(std::size_t index, const std::string& lang, MpvPlayer::Start start) {
    const Item& item = m_machine.playlist().items[index];
    if (!media_player() || m_root->check(item.src) != PathStatus::Ok)
        return false;
    std::optional<std::string> caption;
    if (auto found = item.captions.find(lang); found != item.captions.end())
        if (m_root->check(found->second.src) == PathStatus::Ok)
            caption = m_root->resolve(found->second.src);
    auto kind = item.kind == ItemKind::Video ? MpvPlayer::Kind::Video : MpvPlayer::Kind::Image;
    // libass finds glyphs by family: name the one that draws the
    // caption's language (and the right Han variant for Chinese).
    m_mpv->set_caption_font(typography_for(lang).families.front());
    auto id = m_mpv->load(m_root->resolve(item.src), kind, caption, start);
    m_pending = PendingLoad{id, index, lang, start == MpvPlayer::Start::Hidden};
    return true;
}

void Player::show_media(std::size_t index, const std::string& lang, Clock::time_point now) {
    if (m_pending && m_pending->hidden && m_pending->item == index && m_pending->lang == lang) {
        // Loaded ahead behind the fact sheet: shown at once, no load to wait for.
        m_pending->hidden = false;
        m_mpv->reveal();
        if (m_pending->failure)
            media_failed(*m_pending->failure, now);
        else if (m_pending->ready)
            media_ready(now);
        return;
    }
    if (!load_media(index, lang, MpvPlayer::Start::Shown)) {
        const Playlist& playlist = m_machine.playlist();
        const Item& item = playlist.items[index];
        log::error_once_per(std::chrono::seconds(600),
                            playlist.source + ":" + std::to_string(item.line) + ": item \"" +
                                item.id + "\": media file \"" + item.src +
                                "\" cannot be played; skipping it");
        m_pending.reset();
        dispatch({KioskEvent::Kind::MediaFailed}, now);
    }
}

void Player::show_still(std::size_t index, const std::string& lang, Clock::time_point now) {
    if (m_root->check(m_machine.playlist().items[index].src) != PathStatus::Ok) {
        show_media(index, lang, now); // which reports it and skips it
        return;
    }
    m_still_waiting = ItemInLanguage{index, lang};
    still_decoded(now);
}

void Player::still_decoded(Clock::time_point now) {
    if (!m_still_waiting)
        return;
    auto [index, lang] = *m_still_waiting;
    const Playlist& playlist = m_machine.playlist();
    const Item& item = playlist.items[index];
    std::string path = m_root->resolve(item.src);
    // Asked again each time, in case the screen's size changed meanwhile;
    // the same request again is ignored.
    m_still_decoder.request(path, screen_size());
    auto decoded = m_still_decoder.take(path, screen_size());
    if (!decoded)
        return;
    m_still_waiting.reset();
    std::unique_ptr<SDL_Texture, DestroyTexture> texture;
    std::string failure;
    if (*decoded) {
        texture.reset(
            SDL_CreateTextureFromSurface(m_display.renderer.get(), decoded->value().pixels.get()));
        if (!texture)
            failure = std::string("cannot make a texture of it: ") + SDL_GetError();
    } else
        failure = decoded->error().message;
    if (!texture) {
        if (render::too_large_to_show(path)) {
            // Not handed to mpv, which would decode it whole: skipped, the
            // picture before it still on screen.
            log::error_once_per(std::chrono::seconds(600),
                                playlist.source + ":" + std::to_string(item.line) + ": image \"" +
                                    item.src + "\": " + failure + "; skipping it");
            dispatch({KioskEvent::Kind::MediaFailed}, now);
            return;
        }
        // mpv reads more formats than SDL_image; it shows this one from now on.
        log::info(playlist.source + ":" + std::to_string(item.line) + ": image \"" + item.src +
                  "\": " + failure + "; mpv shows it instead");
        m_stills_for_mpv.insert(index);
        show_media(index, lang, now);
        return;
    }
    Size size{decoded->value().pixels->w, decoded->value().pixels->h};
    release_media();
    set_shown({Shown::Kind::Still, index, lang});
    m_still = ShownStill{std::move(texture), size};
    m_unattended.count_play(item.id);
    m_dirty = true;
    dispatch({KioskEvent::Kind::MediaReady}, now);
}

void Player::still_decoded_ahead(Clock::time_point now) {
    if (!m_prepared || m_prepared->item >= m_machine.playlist().items.size())
        return;
    const Item& item = m_machine.playlist().items[m_prepared->item];
    if (item.kind == ItemKind::Image &&
        m_still_decoder.finished(m_root->resolve(item.src), screen_size()))
        log_event("ready-ahead " + item.id, now);
}

void Player::set_shown(Shown shown) {
    if (shown.kind != Shown::Kind::Still)
        m_still.reset();
    m_shown = std::move(shown);
}

void Player::media_ready(Clock::time_point now) {
    set_shown({Shown::Kind::Media, m_pending->item, m_pending->lang});
    m_unattended.count_play(m_machine.playlist().items[m_pending->item].id);
    m_dirty = true;
    dispatch({KioskEvent::Kind::MediaReady}, now);
}

void Player::media_ended(Clock::time_point now) {
    if (m_video_frames.load_id != m_pending->load_id || !m_video_frames.period) {
        dispatch({KioskEvent::Kind::MediaEnded}, now);
        return;
    }
    // Never past a 10 fps frame's time, whatever the gaps measured.
    auto longest = std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(100) *
                                                               m_options.time_scale);
    HeldEnd held{m_pending->load_id, m_video_frames.last + *m_video_frames.period, now + longest};
    // A new frame mpv handed over with its end-of-file is the last one: it
    // is drawn in this turn of the loop, after end_held_media() has looked,
    // so the end waits a period from now (draw_frame() then sets it again).
    // Not a redraw, which mpv asks for as it lets the file go: the last
    // frame has then had its time already.
    if (m_mpv->new_frame_pending()) {
        m_dirty = true;
        held.at = now + *m_video_frames.period;
    } else if (held.at <= now) {
        dispatch({KioskEvent::Kind::MediaEnded}, now);
        return;
    }
    held.at = std::min(held.at, held.latest);
    m_held_end = held;
}

void Player::end_held_media(Clock::time_point now) {
    if (!m_held_end || now < m_held_end->at)
        return;
    auto held = *std::exchange(m_held_end, std::nullopt);
    // Unless something else took the screen meanwhile.
    if (m_pending && !m_pending->hidden && m_pending->load_id == held.load_id)
        dispatch({KioskEvent::Kind::MediaEnded}, now);
}

void Player::media_failed(const std::string& reason, Clock::time_point now) {
    const Item& item = m_machine.playlist().items[m_pending->item];
    log::error_once_per(std::chrono::seconds(600), m_machine.playlist().source + ":" +
                                                       std::to_string(item.line) + ": item \"" +
                                                       item.id + "\" failed to play (" + reason +
                                                       "); skipping it");
    m_pending.reset();
    dispatch({KioskEvent::Kind::MediaFailed}, now);
}

void Player::release_media() {
    if (m_mpv && (m_shown.kind == Shown::Kind::Media || m_pending))
        m_mpv->stop();
    m_pending.reset();
}

void Player::carry_out(const KioskCommand& command, Clock::time_point now) {
    using Kind = KioskCommand::Kind;
    const Playlist& playlist = m_machine.playlist();
    switch (command.kind) {
    case Kind::ShowItem: {
        m_still_waiting.reset();
        const Item& item = playlist.items[command.item_index];
        if (item.kind == ItemKind::Image && !m_stills_for_mpv.count(command.item_index)) {
            show_still(command.item_index, command.lang, now);
            return;
        }
        if (item.kind != ItemKind::FactSheet) {
            show_media(command.item_index, command.lang, now);
            return;
        }
        release_media();
        set_shown({Shown::Kind::FactSheet, command.item_index, command.lang});
        if (!can_draw(command.item_index, command.lang)) {
            m_language_unavailable = true;
            return;
        }
        m_unattended.count_play(item.id);
        m_dirty = true;
        return;
    }
    case Kind::ShowLanguage:
        if (!can_draw(command.item_index, command.lang)) {
            m_language_unavailable = true;
            return;
        }
        m_shown.lang = command.lang;
        m_dirty = true;
        return;
    case Kind::PauseMedia:
        if (m_mpv)
            m_mpv->set_paused(true);
        return;
    case Kind::ResumeMedia:
        // Under a still, mpv may hold the next item loaded ahead: it stays
        // paused on its first frame until its turn.
        if (m_mpv && !(m_pending && m_pending->hidden))
            m_mpv->set_paused(false);
        return;
    case Kind::StopMedia:
        if (m_mpv)
            m_mpv->stop();
        m_pending.reset();
        m_still_waiting.reset();
        return;
    case Kind::ShowHotline:
        if (m_machine.hotline_open())
            m_unattended.hotline_shown(command.lang);
        m_dirty = true;
        return;
    case Kind::HideHotline:
        m_unattended.hotline_hidden();
        m_dirty = true;
        return;
    case Kind::ShowNotice:
        m_still_waiting.reset();
        release_media();
        set_shown({Shown::Kind::Notice, command.item_index, command.lang});
        m_unattended.count_play(playlist.notices[command.item_index].id);
        m_dirty = true;
        return;
    case Kind::NoticeChanged:
        m_dirty = true;
        return;
    case Kind::AdoptPlaylist:
        if (auto root = m_update ? m_update->take_adopted_root() : nullptr)
            m_root = root;
        m_screens->clear_cache();
        m_prepared.reset();
        if (m_pending && m_pending->hidden)
            release_media(); // an item of the playlist just replaced
        m_drawable.clear();
        m_stills_for_mpv.clear();
        m_still_waiting.reset();
        set_shown({});
        m_dirty = true;
        return;
    }
}

void Player::handle_media_events(Clock::time_point now) {
    if (!m_mpv)
        return;
    for (auto& event : m_mpv->poll_events()) {
        if (!m_pending || event.load_id != m_pending->load_id)
            continue;
        if (m_pending->hidden) { // kept for the switch to it
            if (event.kind == MediaEventKind::Ready) {
                m_pending->ready = true;
                log_event("ready-ahead " + m_machine.playlist().items[m_pending->item].id, now);
            } else if (event.kind == MediaEventKind::Failed)
                m_pending->failure = event.detail;
            continue;
        }
        switch (event.kind) {
        case MediaEventKind::Ready:
            media_ready(now);
            break;
        case MediaEventKind::Ended:
            media_ended(now);
            break;
        case MediaEventKind::Failed:
            media_failed(event.detail, now);
            break;
        }
    }
}

void Player::handle_press(int x, int y, const char* what, Clock::time_point now) {
    if (m_machine.screen() == Screen::Hotline) {
        // The very layout draw_hotline() used, so taps hit what is drawn.
        auto layout =
            render::hotline_layout(m_machine.playlist(), m_machine.language(), screen_size());
        auto hit = hit_test(layout, x, y);
        if (hit.kind == HotlineHit::Kind::Close) {
            log_event(std::string(what) + " close", now);
            dispatch({KioskEvent::Kind::CloseHotline}, now);
            return;
        }
        if (hit.kind == HotlineHit::Kind::Language) {
            log_event(std::string(what) + " language", now);
            dispatch({KioskEvent::Kind::PickLanguage, hit.language_index}, now);
            return;
        }
    }
    log_event(what, now);
    dispatch({KioskEvent::Kind::Tap}, now);
}

void Player::handle_sdl_event(const SDL_Event& event, Clock::time_point now) {
    Size size = output_size(); // input arrives in screen coordinates
    switch (event.type) {
    case SDL_QUIT:
        m_running = false;
        return;
    case SDL_FINGERDOWN: {
        int x = static_cast<int>(event.tfinger.x * size.width);
        int y = static_cast<int>(event.tfinger.y * size.height);
        m_rotation.to_logical(size, x, y);
        handle_press(x, y, "tap", now);
        return;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (event.button.which != SDL_TOUCH_MOUSEID) {
            int x = event.button.x, y = event.button.y;
            m_rotation.to_logical(size, x, y);
            handle_press(x, y, "click", now);
        }
        return;
    case SDL_KEYDOWN:
        if (event.key.repeat)
            return;
        if (event.key.keysym.sym == SDLK_ESCAPE && m_machine.hotline_open()) {
            log_event("key close", now);
            dispatch({KioskEvent::Kind::CloseHotline}, now);
        } else {
            log_event("key", now);
            dispatch({KioskEvent::Kind::Tap}, now);
        }
        return;
    case SDL_WINDOWEVENT:
        if (event.window.event == SDL_WINDOWEVENT_EXPOSED ||
            event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            m_dirty = true;
        return;
    default:
        if (m_update && event.type == m_update->event_type()) {
            handle_update(now);
            return;
        }
        if (event.type == m_still_event) {
            if (m_still_waiting)
                still_decoded(now);
            else
                still_decoded_ahead(now);
            return;
        }
        if (event.type == m_display.mpv_event_type) {
            if (event.user.code == 1 && m_mpv && m_mpv->frame_pending()) {
                if (m_shown.kind == Shown::Kind::Media)
                    m_dirty = true;
                else
                    m_mpv->skip_frame(); // a load behind a fact sheet: keep mpv moving
            } else
                handle_media_events(now);
        }
        return;
    }
}

void Player::draw_frame(Clock::time_point now) {
    Size size = screen_size();
    const Playlist& playlist = m_machine.playlist();
    SDL_Renderer* renderer = m_display.renderer.get();
    Screen screen = m_machine.screen();
    bool notice = screen == Screen::Notice && m_shown.kind == Shown::Kind::Notice &&
                  m_shown.item < playlist.notices.size();
    bool media = m_shown.kind == Shown::Kind::Media && m_mpv;
    bool still = m_shown.kind == Shown::Kind::Still && m_still;
    if (screen != Screen::Hotline && !notice && m_shown.kind != Shown::Kind::FactSheet && !media &&
        !still)
        return; // nothing ready yet: keep what the screen has
    Size output = output_size();
    if (!m_rotation.begin_frame(output))
        log::error_once_per(std::chrono::seconds(3600),
                            std::string("cannot turn the picture: ") + SDL_GetError());
    bool redraw = false; // of a video or image frame already shown
    if (screen == Screen::Hotline) {
        m_screens->draw_hotline(playlist, m_machine.language(), size);
    } else if (notice) {
        m_screens->draw_notice(playlist, playlist.notices[m_shown.item], m_shown.lang, size);
    } else if (m_shown.kind == Shown::Kind::FactSheet) {
        m_screens->draw_factsheet(playlist, playlist.items[m_shown.item], m_shown.lang, size);
    } else if (still) {
        render::draw_still(renderer, m_still->texture.get(), m_still->size, size);
        redraw = std::exchange(m_still->drawn, true);
        m_screens->draw_hotline_footer(playlist, m_shown.lang, size);
    } else {
        bool fresh = m_mpv->draw(renderer, size.width, size.height);
        redraw = !fresh;
        if (fresh && m_pending && !m_pending->hidden && m_pending->item == m_shown.item) {
            m_video_frames.presented(m_pending->load_id, now);
            if (m_held_end && m_held_end->load_id == m_pending->load_id)
                m_held_end->at = std::min(now + m_video_frames.period.value_or(Clock::duration{}),
                                          m_held_end->latest);
        }
        m_screens->draw_hotline_footer(playlist, m_shown.lang, size);
    }
    if (const Notice* banner = m_machine.banner_notice(); banner && screen == Screen::Loop)
        m_screens->draw_notice_banner(*banner, m_shown.lang, size);
    if (m_update)
        m_update->draw(size);
    m_rotation.end_frame(output);
    if (m_frame_log) {
        auto t_ms = std::chrono::duration_cast<Milliseconds>(now - m_start).count();
        double luma = render::mean_luma(renderer, output);
        auto row = frame_log_frame_row(t_ms, screen_name(), shown_item_id(), m_machine.language(),
                                       luma, redraw ? "redraw" : "");
        std::fputs(row.c_str(), m_frame_log);
    }
    // SDL_RenderPresent returns nothing, but a driver that cannot show the
    // frame (kmsdrm refusing a page flip) sets SDL's error: say so, once an
    // hour, or a black screen has no explanation anywhere.
    SDL_ClearError();
    SDL_RenderPresent(renderer);
    if (char const* error = SDL_GetError(); error && *error)
        log::error_once_per(std::chrono::seconds(3600),
                            std::string("presenting a frame failed: ") + error);
    m_unattended.frame_presented();
    // libmpv is loaded behind the first frame when the playlist has a video,
    // so that the loop's first video does not wait for it.
    if (!m_mpv_tried && has_video(playlist))
        media_player();
    if (screen == Screen::Loop)
        prepare_upcoming(size);
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
        if (can_draw(upcoming->item, upcoming->lang))
            m_screens->prepare_factsheet(playlist, item, upcoming->lang, size);
        return;
    }
    if (item.kind == ItemKind::Image && !m_stills_for_mpv.count(upcoming->item)) {
        // Decoded now, behind whatever shows, even a video: mpv is not
        // needed for it.
        if (m_root->check(item.src) == PathStatus::Ok)
            m_still_decoder.request(m_root->resolve(item.src), size);
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
        !m_pending;
    bool behind_still = m_shown.kind == Shown::Kind::Media && m_pending && !m_pending->hidden &&
                        m_pending->item == m_shown.item &&
                        playlist.items[m_shown.item].kind == ItemKind::Image && m_mpv &&
                        m_mpv->path() == media::RenderPath::Software;
    if (behind_own_picture || behind_still)
        load_media(upcoming->item, upcoming->lang, MpvPlayer::Start::Hidden);
}

// A signed update: progress and notices for the overlay, and new content to
// swap in at the next item boundary.
void Player::handle_update(Clock::time_point now) {
    auto news = m_update->take_news(now);
    for (auto& event : news.events) {
        log_event(frame_log_text(event), now);
        m_unattended.count_update_event(event);
    }
    if (news.content && news.content->playlist)
        m_machine.stage_playlist(std::move(*news.content->playlist));
    m_dirty = m_dirty || news.redraw;
}

Clock::time_point Player::loop_now() const {
    return m_start + std::chrono::duration_cast<Clock::duration>((Clock::now() - m_start) *
                                                                 m_options.time_scale);
}

std::optional<Clock::time_point> Player::next_wake() const {
    std::optional<Clock::time_point> wake = m_machine.next_deadline();
    auto earliest = [&](Clock::time_point t) { wake = wake ? std::min(*wake, t) : t; };
    if (!m_taps.empty())
        earliest(m_taps.front());
    if (m_held_end)
        earliest(m_held_end->at);
    if (auto notice_end = m_update ? m_update->next_wake() : std::nullopt)
        earliest(*notice_end);
    if (m_options.run_for)
        earliest(m_start + whole_ms(*m_options.run_for));
    return wake;
}

int Player::run() {
    m_start = Clock::now();
    std::vector<Seconds> taps = m_options.tap_at;
    std::sort(taps.begin(), taps.end());
    for (Seconds t : taps)
        m_taps.push_back(m_start + whole_ms(t));
    if (!m_options.frame_log.empty()) {
        m_frame_log = std::fopen(m_options.frame_log.c_str(), "w");
        if (!m_frame_log) {
            log::error("cannot write the frame log " + m_options.frame_log);
            return 1;
        }
        std::fputs(frame_log_header().c_str(), m_frame_log);
    }
    bool stops = m_options.run_for.has_value();
    auto stop_at = m_start + whole_ms(m_options.run_for.value_or(Seconds(0)));
    m_unattended.begin_turn();
    // The first item first: a video's load then overlaps the fonts' set-up.
    dispatch({KioskEvent::Kind::Start}, m_start);
    if (!await_screens())
        return 1;
    while (m_running) {
        auto wake = next_wake();
        int timeout_ms = -1;
        if (wake) {
            auto left = std::chrono::ceil<Milliseconds>((*wake - loop_now()) / m_options.time_scale)
                            .count();
            timeout_ms = static_cast<int>(std::clamp<long long>(left, 0, 60'000));
        }
        int limit = m_unattended.max_sleep_ms();
        if (timeout_ms < 0 || timeout_ms > limit)
            timeout_ms = limit;
        SDL_Event event;
        bool got =
            timeout_ms < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout_ms);
        auto now = loop_now();
        if (m_unattended.begin_turn())
            dispatch({KioskEvent::Kind::Tick}, now);
        if (got) {
            handle_sdl_event(event, now);
            while (m_running && SDL_PollEvent(&event))
                handle_sdl_event(event, now);
        }
        while (!m_taps.empty() && now >= m_taps.front()) {
            m_taps.pop_front();
            // A real SDL touch event, through SDL's queue like a finger's.
            SDL_Event touch{};
            touch.type = SDL_FINGERDOWN;
            touch.tfinger.touchId = 1;
            touch.tfinger.x = 0.5f;
            touch.tfinger.y = 0.5f;
            touch.tfinger.pressure = 1.0f;
            SDL_PushEvent(&touch);
        }
        end_held_media(now);
        if (auto deadline = m_machine.next_deadline(); deadline && now >= *deadline)
            dispatch({KioskEvent::Kind::Tick}, now);
        if (m_update && m_update->expire(now))
            m_dirty = true;
        if (stops && now >= stop_at)
            m_running = false;
        if (m_dirty && m_running) {
            m_dirty = false;
            draw_frame(now);
        }
    }
    if (m_frame_log)
        std::fclose(m_frame_log);
    m_unattended.shutdown();
    return 0;
}

} // namespace

int run_player(const Options& options) {
    memory::return_large_blocks_to_kernel();
    log::set_level(options.log_level);
    for (auto& problem : options.config_diagnostics)
        log::warning(problem.to_string());
    LoadedContent content = load_content(playlist_to_play(options));
    // The fonts are found on a worker thread while the display opens.
    auto screens = std::make_unique<ScreensBuilder>();
    // Loading libmpv maps and relocates about 230 libraries: 70-100 ms of
    // one core before the first video can start. When the playlist has
    // a video it is loaded on a second core while SDL opens the display.
    // Every thread is started before it: glibc holds its TLS lock for a
    // whole dlopen(), so a thread started meanwhile would wait for it.
    std::jthread loading_mpv;
    auto start_loading_mpv = [&] {
        if (content.playlist && has_video(*content.playlist))
            loading_mpv = std::jthread([] { (void)media::mpv_library(); });
    };
    auto display = open_display(options, start_loading_mpv);
    if (!display) {
        log::error(display.error().message);
        return 1;
    }
    Player player(options, display.release_value(), std::move(screens), std::move(content));
    return player.run();
}

} // namespace beacon::app
