#include "app/player/player.h"

#include "app/fallback.h"
#include "app/player/kiosk_player.h"
#include "fleet/kiosk_facts.h"
#include "media/mpv_library.h"
#include "system/filesystem.h"
#include "system/log.h"
#include "system/memory.h"
#include "system/termination.h"

#include <cmath>
#include <csignal>
#include <ctime>
#include <thread>

namespace beacon::app {

namespace player {

namespace {

KioskConfig config_from(const Options& options) {
    KioskConfig config;
    config.hotline_timeout = whole_ms(options.hotline_timeout);
    config.notice_every = static_cast<std::size_t>(options.notice_every);
    config.hotline_choices = hotline_choices(options);
    if (options.language_rotation)
        config.language_rotation = whole_ms(*options.language_rotation);
    return config;
}

// The configuration's problems, then the appliance's (--setup-problems), then
// an unusable playlist: what the setup notice shows. Each is logged here
// once, except the file's, which its writer already logged.
std::vector<std::string> setup_problems(const Options& options, const LoadedContent& content) {
    std::vector<std::string> problems;
    for (auto& problem : options.config_diagnostics)
        problems.push_back(problem.to_string());
    if (!options.setup_problems_file.empty()) {
        // A few lines; the cap only stops a runaway file.
        constexpr std::size_t max_bytes = 16 * 1024;
        constexpr std::size_t max_problems = 20;
        auto text = read_small_file(posix_file_system(), options.setup_problems_file, max_bytes);
        if (text) {
            for (auto& line : setup_problem_lines(text.value(), max_problems))
                problems.push_back(std::move(line));
        } else {
            log::warning("setup problems: " + text.error().message);
        }
    }
    if (!content.playlist)
        problems.push_back((content.diagnostics.empty() ? std::string("the playlist cannot be used")
                                                        : content.diagnostics.front().to_string()) +
                           "; showing a hotline screen (see the log for which)");
    return problems;
}

Playlist playlist_or_fallback(LoadedContent& content, const Options& options) {
    if (content.note)
        log::warning(*content.note);
    if (content.playlist)
        return *content.playlist;
    for (auto& diagnostic : content.diagnostics)
        log::error(diagnostic.to_string());
    Fallback fallback = choose_fallback(options, playlist_to_play(options));
    log::error("the playlist has errors; showing " + fallback.from + " until it is fixed");
    return fallback.playlist;
}

} // namespace

Player::Player(const Options& options, Probe probe, Display display, ScreensFuture screens,
               LoadedContent content, const std::vector<std::string>& setup_problems,
               std::unique_ptr<system::StartupReadAhead> startup_pages)
    : m_probe(std::move(probe)), m_display(std::move(display)),
      m_painter(m_display.renderer.get(), options.rotation, std::move(screens)), m_power(m_display),
      m_media(m_display, *m_probe.clock), m_stills(m_display.renderer.get()), m_root(content.root),
      m_machine(playlist_or_fallback(content, options), config_from(options)),
      m_unattended(options), m_update(UpdateDriver::create(options, m_display.renderer.get())),
      m_setup(m_display.renderer.get(), setup_problems), m_options(options), m_sound(options),
      m_listen(options.speech), m_reports(ReportDriver::create(options, m_probe.clock->start())),
      m_startup_pages(std::move(startup_pages)) {
    // SIGTERM must wake the loop where it sleeps in its own poll().
    service::wake_on_termination(events::wake_fd());
    m_painter.set_text_scale(options.text_scale);
    m_listen.set_playlist(m_machine.playlist());
    refresh_listen();
}

void Player::refresh_listen() {
    if (m_listen.update(m_sound.current(), m_unattended.local_time()))
        m_painter.set_listen_languages(m_listen.languages());
}

// What the player knows for a fleet report; the worker adds what it
// measures (report_driver.cpp). Read on the loop's thread.
FleetReport Player::make_report() const {
    FleetReport report;
    report.name = m_options.kiosk_name.empty() ? fleet::host_name() : m_options.kiosk_name;
    report.location = m_options.location;
    report.beacon_version = BEACON_VERSION;
    report.arch = fleet::machine_arch();
    report.interval_seconds = static_cast<int>(std::lround(m_options.report_interval.count()));
    const LocalTime& local = m_unattended.local_time();
    report.clock_trusted = local.clock_trusted;
    if (local.clock_trusted) {
        // UTC, and the hour only: the day and hour the report was made.
        long long hours = static_cast<long long>(std::time(nullptr)) / 3600;
        report.day = civil_from_days(hours / 24);
        report.hour = static_cast<int>(hours % 24);
    }
    // Replaced by the bundle's label when one is installed (kiosk_facts.h).
    report.content.label = m_machine.playlist().source;
    report.uptime_minutes = m_unattended.uptime_minutes();
    report.render_path = m_display.render_path == media::RenderPath::OpenGL ? "opengl" : "software";
    switch (m_options.window_mode) {
    case WindowMode::Fullscreen:
        report.display_mode = "fullscreen";
        break;
    case WindowMode::Windowed:
        report.display_mode = "windowed";
        break;
    case WindowMode::Headless:
        report.display_mode = "headless";
        break;
    }
    add_counters(report, m_unattended.stats(), local.date);
    return report;
}

} // namespace player

int run_player(const Options& options) {
    memory::return_large_blocks_to_kernel();
    log::set_level(options.log_level);
    // Next, before the playlist is read and any library loaded: the pages
    // the last start touched are asked for on threads of their own.
    auto startup_pages = std::make_unique<system::StartupReadAhead>(
        std::filesystem::path(options.state_dir) / "startup-pages");
    // A write to a pipe whose reader is gone (an ALSA plugin's, a helper's)
    // must fail with EPIPE, which the writer handles, not end the kiosk.
    std::signal(SIGPIPE, SIG_IGN);
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
    if (!display && options.window_mode == WindowMode::Fullscreen)
        display = wait_for_display(options, display.error());
    if (!display) {
        log::error(display.error().message);
        return 1;
    }
    auto probe = player::probe_for(options);
    if (!probe) {
        log::error(probe.error().message);
        return 1;
    }
    auto problems = player::setup_problems(options, content);
    player::Player player(options, probe.release_value(), display.release_value(),
                          std::move(screens), std::move(content), problems,
                          std::move(startup_pages));
    return player.run();
}

} // namespace beacon::app
