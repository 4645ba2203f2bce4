#include "app/player.h"

#include "app/content.h"
#include "app/display.h"
#include "core/frame_log.h"
#include "core/kiosk_machine.h"
#include "media/mpv_player.h"
#include "render/screens.h"
#include "system/log.h"

#include <SDL_ttf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>

namespace beacon::app {

namespace {

using Clock = std::chrono::steady_clock;
using media::MediaEventKind;
using media::MpvPlayer;

// What the loop shows under the hotline. It changes when a fact sheet is
// drawn, or when a media file's first frame is ready: until then the previous
// content stays, so a switch never shows a black frame.
struct Shown {
    enum class Kind { Nothing, FactSheet, Media } kind = Kind::Nothing;
    std::size_t item = 0;
    std::string lang;
};

struct PendingLoad {
    std::uint64_t load_id = 0;
    std::size_t item = 0;
    std::string lang;
};

class Player {
  public:
    Player(const Options& options, Display display, std::unique_ptr<render::Screens> screens,
           std::unique_ptr<MpvPlayer> mpv, LoadedContent content);
    int run();

  private:
    void handle_sdl_event(const SDL_Event& event, Clock::time_point now);
    void handle_press(int x, int y, const char* what, Clock::time_point now);
    void handle_media_events(Clock::time_point now);
    void dispatch(const KioskEvent& event, Clock::time_point now);
    void carry_out(const KioskCommand& command, Clock::time_point now);
    void draw_frame(Clock::time_point now);
    void log_event(const std::string& detail, Clock::time_point now);
    Size screen_size() const;
    std::string shown_item_id() const;
    std::optional<Clock::time_point> next_wake() const;

    const Options& m_options;
    Display m_display;
    std::unique_ptr<render::Screens> m_screens;
    std::unique_ptr<MpvPlayer> m_mpv; // may be null: then every media item fails
    std::shared_ptr<DirectoryContentRoot> m_root;
    KioskMachine m_machine;
    Shown m_shown;
    std::optional<PendingLoad> m_pending;
    bool m_dirty = false;
    bool m_running = true;
    Clock::time_point m_start;
    std::deque<Clock::time_point> m_taps; // injected taps still to come, in order
    std::FILE* m_frame_log = nullptr;
};

KioskConfig config_from(const Options& options) {
    KioskConfig config;
    config.hotline_timeout = Milliseconds(std::llround(options.hotline_timeout_seconds * 1000));
    return config;
}

Playlist playlist_or_fallback(LoadedContent& content) {
    if (content.playlist)
        return *content.playlist;
    for (auto& diagnostic : content.diagnostics)
        log::error(diagnostic.to_string());
    log::error("the playlist has errors; showing the built-in hotline screen until it is fixed");
    return fallback_playlist();
}

Player::Player(const Options& options, Display display, std::unique_ptr<render::Screens> screens,
               std::unique_ptr<MpvPlayer> mpv, LoadedContent content)
    : m_options(options), m_display(std::move(display)), m_screens(std::move(screens)),
      m_mpv(std::move(mpv)), m_root(content.root),
      m_machine(playlist_or_fallback(content), config_from(options)) {}

Size Player::screen_size() const {
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(m_display.renderer.get(), &width, &height);
    return {width, height};
}

std::string Player::shown_item_id() const {
    if (m_shown.kind == Shown::Kind::Nothing || m_shown.item >= m_machine.playlist().items.size())
        return "";
    return m_machine.playlist().items[m_shown.item].id;
}

void Player::log_event(const std::string& detail, Clock::time_point now) {
    if (!m_frame_log)
        return;
    auto t_ms = std::chrono::duration_cast<Milliseconds>(now - m_start).count();
    auto row = frame_log_event_row(t_ms, m_machine.screen() == Screen::Hotline ? "hotline" : "loop",
                                   shown_item_id(), m_machine.language(), detail);
    std::fputs(row.c_str(), m_frame_log);
}

void Player::dispatch(const KioskEvent& event, Clock::time_point now) {
    for (auto& command : m_machine.handle(event, now))
        carry_out(command, now);
}

void Player::carry_out(const KioskCommand& command, Clock::time_point now) {
    using Kind = KioskCommand::Kind;
    const Playlist& playlist = m_machine.playlist();
    switch (command.kind) {
    case Kind::ShowItem: {
        const Item& item = playlist.items[command.item_index];
        if (item.kind == ItemKind::FactSheet) {
            m_pending.reset();
            if (m_mpv && m_shown.kind == Shown::Kind::Media)
                m_mpv->stop();
            m_shown = {Shown::Kind::FactSheet, command.item_index, command.lang};
            m_dirty = true;
            return;
        }
        if (!m_mpv || m_root->check(item.src) != PathStatus::Ok) {
            log::error_once_per(std::chrono::seconds(600),
                                playlist.source + ":" + std::to_string(item.line) + ": item \"" +
                                    item.id + "\": media file \"" + item.src +
                                    "\" cannot be played; skipping it");
            dispatch({KioskEvent::Kind::MediaFailed}, now);
            return;
        }
        std::optional<std::string> caption;
        if (auto found = item.captions.find(command.lang); found != item.captions.end())
            if (m_root->check(found->second.src) == PathStatus::Ok)
                caption = m_root->resolve(found->second.src);
        auto kind = item.kind == ItemKind::Video ? MpvPlayer::Kind::Video : MpvPlayer::Kind::Image;
        auto id = m_mpv->load(m_root->resolve(item.src), kind, caption);
        m_pending = PendingLoad{id, command.item_index, command.lang};
        return;
    }
    case Kind::ShowLanguage:
        m_shown.lang = command.lang;
        m_dirty = true;
        return;
    case Kind::PauseMedia:
        if (m_mpv)
            m_mpv->set_paused(true);
        return;
    case Kind::ResumeMedia:
        if (m_mpv)
            m_mpv->set_paused(false);
        return;
    case Kind::StopMedia:
        if (m_mpv)
            m_mpv->stop();
        m_pending.reset();
        return;
    case Kind::ShowHotline:
    case Kind::HideHotline:
        m_dirty = true;
        return;
    case Kind::AdoptPlaylist:
        m_screens->clear_cache();
        m_shown = {};
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
        switch (event.kind) {
        case MediaEventKind::Ready:
            m_shown = {Shown::Kind::Media, m_pending->item, m_pending->lang};
            m_dirty = true;
            dispatch({KioskEvent::Kind::MediaReady}, now);
            break;
        case MediaEventKind::Ended:
            dispatch({KioskEvent::Kind::MediaEnded}, now);
            break;
        case MediaEventKind::Failed: {
            const Item& item = m_machine.playlist().items[m_pending->item];
            log::error_once_per(std::chrono::seconds(600),
                                m_machine.playlist().source + ":" + std::to_string(item.line) +
                                    ": item \"" + item.id + "\" failed to play (" + event.detail +
                                    "); skipping it");
            m_pending.reset();
            dispatch({KioskEvent::Kind::MediaFailed}, now);
            break;
        }
        }
    }
}

void Player::handle_press(int x, int y, const char* what, Clock::time_point now) {
    if (m_machine.screen() == Screen::Hotline) {
        // The very layout draw_hotline() used, so taps hit what is drawn.
        auto layout = render::hotline_layout(m_machine.playlist(), m_machine.language(),
                                             screen_size());
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
    Size size = screen_size();
    switch (event.type) {
    case SDL_QUIT:
        m_running = false;
        return;
    case SDL_FINGERDOWN:
        handle_press(static_cast<int>(event.tfinger.x * size.width),
                     static_cast<int>(event.tfinger.y * size.height), "tap", now);
        return;
    case SDL_MOUSEBUTTONDOWN:
        if (event.button.which != SDL_TOUCH_MOUSEID)
            handle_press(event.button.x, event.button.y, "click", now);
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
        if (event.type == m_display.mpv_event_type) {
            if (event.user.code == 1 && m_mpv && m_mpv->frame_pending())
                m_dirty = m_dirty || m_shown.kind == Shown::Kind::Media;
            else
                handle_media_events(now);
        }
        return;
    }
}

void Player::draw_frame(Clock::time_point now) {
    Size size = screen_size();
    const Playlist& playlist = m_machine.playlist();
    SDL_Renderer* renderer = m_display.renderer.get();
    if (m_machine.screen() == Screen::Hotline) {
        m_screens->draw_hotline(playlist, m_machine.language(), size);
    } else if (m_shown.kind == Shown::Kind::FactSheet) {
        m_screens->draw_factsheet(playlist, playlist.items[m_shown.item], m_shown.lang, size);
    } else if (m_shown.kind == Shown::Kind::Media && m_mpv) {
        m_mpv->draw(renderer, size.width, size.height);
        m_screens->draw_hotline_footer(playlist, m_shown.lang, size);
    } else {
        return; // nothing ready yet: keep what the screen has
    }
    if (m_frame_log) {
        auto t_ms = std::chrono::duration_cast<Milliseconds>(now - m_start).count();
        double luma = render::mean_luma(renderer, size);
        auto row =
            frame_log_frame_row(t_ms, m_machine.screen() == Screen::Hotline ? "hotline" : "loop",
                                shown_item_id(), m_machine.language(), luma);
        std::fputs(row.c_str(), m_frame_log);
    }
    SDL_RenderPresent(renderer);
}

std::optional<Clock::time_point> Player::next_wake() const {
    std::optional<Clock::time_point> wake = m_machine.next_deadline();
    auto earliest = [&](Clock::time_point t) { wake = wake ? std::min(*wake, t) : t; };
    if (!m_taps.empty())
        earliest(m_taps.front());
    if (m_options.run_for_seconds)
        earliest(m_start + Milliseconds(std::llround(*m_options.run_for_seconds * 1000)));
    return wake;
}

int Player::run() {
    m_start = Clock::now();
    std::vector<double> taps = m_options.tap_at_seconds;
    std::sort(taps.begin(), taps.end());
    for (double t : taps)
        m_taps.push_back(m_start + Milliseconds(std::llround(t * 1000)));
    if (!m_options.frame_log.empty()) {
        m_frame_log = std::fopen(m_options.frame_log.c_str(), "w");
        if (!m_frame_log) {
            log::error("cannot write the frame log " + m_options.frame_log);
            return 1;
        }
        std::fputs(frame_log_header().c_str(), m_frame_log);
    }
    bool stops = m_options.run_for_seconds.has_value();
    auto stop_at =
        m_start + Milliseconds(std::llround(m_options.run_for_seconds.value_or(0) * 1000));
    dispatch({KioskEvent::Kind::Start}, m_start);
    while (m_running) {
        auto wake = next_wake();
        int timeout_ms = -1;
        if (wake) {
            auto left = std::chrono::ceil<Milliseconds>(*wake - Clock::now()).count();
            timeout_ms = static_cast<int>(std::clamp<long long>(left, 0, 60'000));
        }
        SDL_Event event;
        bool got =
            timeout_ms < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout_ms);
        auto now = Clock::now();
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
        if (auto deadline = m_machine.next_deadline(); deadline && now >= *deadline)
            dispatch({KioskEvent::Kind::Tick}, now);
        if (stops && now >= stop_at)
            m_running = false;
        if (m_dirty && m_running) {
            m_dirty = false;
            draw_frame(now);
        }
    }
    if (m_frame_log)
        std::fclose(m_frame_log);
    return 0;
}

} // namespace

int run_player(const Options& options) {
    for (auto& problem : options.config_diagnostics)
        log::warning(problem.to_string());
    auto display = open_display(options);
    if (!display) {
        log::error(display.error().message);
        return 1;
    }
    auto screens = render::Screens::create(display.value().renderer.get());
    if (!screens) {
        log::error(screens.error().message);
        return 1;
    }
    std::unique_ptr<MpvPlayer> mpv;
    auto created = MpvPlayer::create(display.value().render_path, display.value().window.get(),
                                     display.value().mpv_event_type);
    if (created)
        mpv = created.release_value();
    else
        log::error(created.error().message + "; videos and images will be skipped");

    std::string path = options.files.empty() ? default_playlist_path() : options.files[0];
    LoadedContent content = load_content(path);
    Player player(options, display.release_value(), screens.release_value(), std::move(mpv),
                  std::move(content));
    return player.run();
}

} // namespace beacon::app
