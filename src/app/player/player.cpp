#include "app/player/player.h"

#include "app/player/kiosk_player.h"
#include "media/mpv_library.h"
#include "system/log.h"
#include "system/memory.h"

#include <cmath>
#include <thread>

namespace beacon::app {

namespace player {

namespace {

KioskConfig config_from(const Options& options) {
    KioskConfig config;
    config.hotline_timeout = whole_ms(options.hotline_timeout);
    config.notice_every = static_cast<std::size_t>(options.notice_every);
    if (options.language_rotation)
        config.language_rotation = whole_ms(*options.language_rotation);
    return config;
}

Playlist playlist_or_fallback(LoadedContent& content) {
    if (content.note)
        log::warning(*content.note);
    if (content.playlist)
        return *content.playlist;
    for (auto& diagnostic : content.diagnostics)
        log::error(diagnostic.to_string());
    log::error("the playlist has errors; showing the built-in hotline screen until it is fixed");
    return fallback_playlist();
}

} // namespace

Player::Player(const Options& options, Probe probe, Display display, ScreensFuture screens,
               LoadedContent content)
    : m_probe(std::move(probe)), m_display(std::move(display)),
      m_painter(m_display.renderer.get(), options.rotation, std::move(screens)),
      m_media(m_display, *m_probe.clock), m_stills(m_display.renderer.get()), m_root(content.root),
      m_machine(playlist_or_fallback(content), config_from(options)), m_unattended(options),
      m_update(UpdateDriver::create(options, m_display.renderer.get())) {}

} // namespace player

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
        if (content.playlist && player::needs_mpv(*content.playlist))
            loading_mpv = std::jthread([] { (void)media::mpv_library(); });
    };
    auto display = open_display(options, start_loading_mpv);
    if (!display) {
        log::error(display.error().message);
        return 1;
    }
    auto probe = player::probe_for(options);
    if (!probe) {
        log::error(probe.error().message);
        return 1;
    }
    player::Player player(options, probe.release_value(), display.release_value(),
                          std::move(screens), std::move(content));
    return player.run();
}

} // namespace beacon::app
