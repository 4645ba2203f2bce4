#include "app/update/update_worker.h"

#include "system/file_watcher.h"
#include "system/log.h"
#include "update/sha256.h"

#include <cmath>
#include <random>

namespace beacon::app {

namespace fs = std::filesystem;
using namespace beacon::update;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// A burst of changes (a stick mounting, a folder moved in) settles this
// long before the worker looks; well inside the 2 s an administrator waits.
constexpr milliseconds settle_time{250};
constexpr milliseconds settle_limit{1500};
// Progress reaches the screen at most this often.
constexpr milliseconds progress_interval{100};
// How often folders that do not exist yet are looked for again.
constexpr milliseconds rewatch_interval{2000};

} // namespace

UpdateWorker::UpdateWorker(const Options& options, std::function<void()> wake,
                           std::optional<std::string> playing)
    : m_options(options), m_store(m_files, options.store_dir),
      m_poll_backoff(milliseconds(30'000),
                     std::max(milliseconds(30'000), whole_ms(options.update_interval)),
                     std::random_device{}()),
      m_posted_version(std::move(playing)),
      m_worker([this](Watch&, Thread::Context& context) { run(context); },
               {.capacity = 1,
                .wake = std::move(wake),
                // Owner's thread: m_watcher is set before the request below.
                .interrupt = [this] {
                    if (m_watcher)
                        m_watcher->stop();
                }}) {
    if (!m_options.update_url.empty()) {
        http_global_init(); // here, on the main thread, before any thread uses curl
        HttpPolicy policy;
        policy.connect_timeout = policy.stall_timeout = whole_ms(m_options.update_timeout);
        m_network = std::make_unique<NetworkUpdater>(m_store, m_options.update_url, policy,
                                                     std::random_device{}());
        // Allowed: signatures and sequences protect what is installed. Said
        // once, so whoever reads the log knows what plain http leaves open.
        if (m_options.update_url.rfind("http://", 0) == 0)
            log::warning("updates: update-url " + m_options.update_url +
                         " is plain http: bundles are still checked against their signatures "
                         "and numbers, but the traffic is not encrypted, so the network can see "
                         "what the kiosk fetches and can hold updates back; use https where "
                         "the server has it");
    }
    auto watcher = FileWatcher::create();
    if (watcher)
        m_watcher = watcher.release_value();
    else
        log::error("updates: cannot watch for USB sticks: " + watcher.error().message);
    m_next_poll = SteadyClock::now() + milliseconds(1000);
    // The thread waits for this, so it starts with every member set up.
    m_worker.submit(Watch{});
}

// m_worker goes first (declared last): it stops the watcher, which cancels
// an install in progress, and joins.
UpdateWorker::~UpdateWorker() = default;

void UpdateWorker::watch_what_exists() {
    if (!m_watcher)
        return;
    (void)m_watcher->watch_mounts();
    std::error_code error;
    if (!m_options.usb_dir.empty() && fs::is_directory(m_options.usb_dir, error))
        (void)m_watcher->watch(m_options.usb_dir);
    if (fs::is_directory(m_options.store_dir, error))
        (void)m_watcher->watch(m_options.store_dir);
}

void UpdateWorker::run(Thread::Context& context) {
    m_context = &context;
    // Whatever an interrupted install left behind goes first.
    if (m_files.stat(m_store.root()).type == FileInfo::Type::Directory)
        if (auto lock = m_store.lock())
            if (auto recovered = m_store.recover(); !recovered)
                log::warning("updates: cleaning the store: " + recovered.error().message);
    watch_what_exists();
    check_store();
    scan_usb();
    while (!context.stopping()) {
        auto now = SteadyClock::now();
        milliseconds timeout = rewatch_interval;
        if (m_network)
            timeout = std::min(
                timeout, std::max(milliseconds(0),
                                  std::chrono::duration_cast<milliseconds>(m_next_poll - now)));
        auto wake = m_watcher ? m_watcher->wait(timeout)
                              : (context.sleep_for(timeout) ? FileWatcher::Wake::Timeout
                                                            : FileWatcher::Wake::Stopped);
        if (wake == FileWatcher::Wake::Stopped || context.stopping())
            return;
        if (wake == FileWatcher::Wake::Changed) {
            auto until = SteadyClock::now() + settle_limit;
            while (m_watcher->wait(settle_time) == FileWatcher::Wake::Changed &&
                   SteadyClock::now() < until) {
            }
            if (context.stopping())
                return;
            watch_what_exists();
            check_store();
            scan_usb();
        } else {
            watch_what_exists();
        }
        if (m_network && SteadyClock::now() >= m_next_poll)
            poll_network();
    }
}

void UpdateWorker::check_store() {
    auto version = m_store.current_version();
    if (!version || version == m_posted_version)
        return;
    // The version folder's own path: the player never follows `current`.
    auto playlist = m_store.current_playlist();
    if (!playlist)
        return;
    m_posted_version = version;
    LoadedContent content = load_content(playlist->string());
    if (content.note)
        log::warning(*content.note);
    if (!content.playlist) {
        for (auto& diagnostic : content.diagnostics)
            log::error(diagnostic.to_string());
        log::error("updates: version " + *version + " does not load; still playing the old one");
        return;
    }
    m_context->post(UpdateStaged{*version, std::move(content)});
}

void UpdateWorker::scan_usb() {
    if (m_options.usb_dir.empty())
        return;
    // A bundle sits at the stick's root; sticks are mounted on the folder
    // itself or on folders inside it.
    std::vector<fs::path> candidates{m_options.usb_dir};
    std::error_code error;
    for (auto it = fs::directory_iterator(m_options.usb_dir, error);
         !error && it != fs::directory_iterator(); it.increment(error))
        if (it->is_directory(error) && !it->is_symlink(error))
            candidates.push_back(it->path());
    std::vector<std::pair<std::string, std::string>> present;
    for (auto& folder : candidates) {
        // Anything named manifest.xml is looked at: a link or a FIFO is
        // reported as one by the install, not skipped in silence.
        if (m_files.stat_beneath(folder, "manifest.xml").type == FileInfo::Type::Missing)
            continue;
        auto manifest = read_small_file_beneath(m_files, folder, "manifest.xml",
                                                ManifestLimits{}.max_bytes + 1);
        std::string key = manifest ? sha256_hex(manifest.value()) : "unreadable";
        present.emplace_back(folder.string(), key);
        bool seen = std::find(m_seen_sticks.begin(), m_seen_sticks.end(), present.back()) !=
                    m_seen_sticks.end();
        if (seen || m_context->stopping())
            continue;
        FolderSource source(m_files, folder);
        auto report = install(source, Origin::Usb);
        finish(report, Origin::Usb, "USB stick " + folder.string(), true);
    }
    // A stick that went away is forgotten: plugged in again, it is read again.
    m_seen_sticks = std::move(present);
}

void UpdateWorker::poll_network() {
    KeyRing ring = load_key_ring(m_files, m_options.keys_dir);
    bool moved = false;
    InstallOptions install;
    install.origin = Origin::Network;
    install.cancel = &m_context->stop_flag();
    install.progress = [&](const update::Progress& progress) {
        if (!moved)
            m_context->post(UpdateStarted{Origin::Network});
        moved = true;
        post_progress(Origin::Network, progress);
    };
    auto report = m_network->poll(ring, install,
                                  [&](milliseconds time) { return m_context->sleep_for(time); });
    auto interval = whole_ms(m_options.update_interval);
    if (report && report->failure == Failure::Network) {
        // Offline: keep playing, say so in the log now and then, not on screen.
        m_next_poll = SteadyClock::now() + std::min(interval, m_poll_backoff.next());
        if (!moved) {
            log::error_once_per(std::chrono::seconds(3600),
                                "updates: " + m_network->url() + " is unreachable (" +
                                    report->detail + "); still playing the current content");
            return;
        }
    } else {
        m_poll_backoff.reset();
        std::uniform_real_distribution<double> jitter(0.9, 1.1);
        static thread_local std::mt19937 random(std::random_device{}());
        m_next_poll =
            SteadyClock::now() +
            milliseconds(std::llround(static_cast<double>(interval.count()) * jitter(random)));
    }
    if (report && report->failure != Failure::Cancelled)
        finish(*report, Origin::Network, m_network->url(), moved || !report->ok());
    check_store();
}

InstallReport UpdateWorker::install(BundleSource& source, Origin origin) {
    KeyRing ring = load_key_ring(m_files, m_options.keys_dir);
    for (auto& problem : ring.problems)
        log::warning("updates: " + problem);
    m_context->post(UpdateStarted{origin});
    InstallOptions options;
    options.origin = origin;
    options.cancel = &m_context->stop_flag();
    options.progress = [&](const update::Progress& progress) { post_progress(origin, progress); };
    auto report = install_bundle(source, m_store, ring, options);
    check_store();
    return report;
}

void UpdateWorker::post_progress(Origin origin, const update::Progress& progress) {
    auto now = SteadyClock::now();
    if (now - m_last_progress_post < progress_interval && progress.done != progress.total)
        return;
    m_last_progress_post = now;
    m_context->post(UpdateProgress{origin, progress.done, progress.total});
}

void UpdateWorker::finish(const InstallReport& report, Origin origin, const std::string& where,
                          bool show) {
    std::string from = std::string("updates: from ") + where + ": ";
    if (report.outcome == InstallReport::Outcome::Installed)
        log::info(from + "installed version " + report.version + " (" +
                  std::to_string(report.items) + " items, " + std::to_string(report.languages) +
                  " languages; " + std::to_string(report.bytes_copied) + " bytes copied, " +
                  std::to_string(report.bytes_reused) + " already stored)" +
                  (report.detail.empty() ? "" : "; " + report.detail));
    else if (report.outcome == InstallReport::Outcome::Repaired)
        log::info(from + "repaired version " + report.version + ": " +
                  std::to_string(report.bytes_copied) + " bytes of damaged files copied again" +
                  (report.detail.empty() ? "" : "; " + report.detail));
    else if (report.outcome == InstallReport::Outcome::AlreadyCurrent)
        log::info(from + "version " + report.version + " is already playing");
    else if (report.failure != Failure::Cancelled)
        log::error(from + "not installed (" + failure_name(report.failure) + "): " + report.detail);
    m_context->post(UpdateFinished{origin, report, show});
}

} // namespace beacon::app
