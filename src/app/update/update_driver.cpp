#include "app/update/update_driver.h"

#include "app/update/update_worker.h"
#include "app/wake_events.h"
#include "events/event_wait.h"
#include "render/update_overlay.h"
#include "update/store.h"

#include <variant>

namespace beacon::app {

namespace {

constexpr std::chrono::seconds notice_time{10};

const char* progress_title(update::Origin origin) {
    switch (origin) {
    case update::Origin::Usb:
        return "Copying the update from the USB stick";
    case update::Origin::Network:
        return "Downloading an update";
    case update::Origin::Folder:
        break;
    }
    return "Installing an update";
}

} // namespace

struct UpdateDriver::Impl {
    // Member order is teardown order reversed: the worker stops first.
    render::UpdateOverlay overlay;
    std::optional<Clock::time_point> notice_until;
    std::shared_ptr<DirectoryContentRoot> staged_root;
    std::unique_ptr<UpdateWorker> worker;

    explicit Impl(SDL_Renderer* renderer) : overlay(renderer) {}
};

std::unique_ptr<UpdateDriver> UpdateDriver::create(const Options& options, SDL_Renderer* renderer) {
    if (!options.files.empty())
        return nullptr;
    std::uint32_t event_type = wake_type(Wake::Update);
    if (event_type == 0)
        return nullptr;
    auto impl = std::make_unique<Impl>(renderer);
    // What the loop plays now, when it plays the store's current version.
    PosixFileSystem files;
    update::Store store(files, options.store_dir);
    std::optional<std::string> playing;
    if (auto current = store.current_playlist(); current && playlist_to_play(options) == *current)
        playing = store.current_version();
    // One SDL event per posted UpdateEvent wakes the loop
    // (events/event_wait.h); safe on the worker thread.
    auto wake = [event_type] { events::push_wake_event(event_type); };
    impl->worker = std::make_unique<UpdateWorker>(options, wake, playing);
    std::unique_ptr<UpdateDriver> driver(new UpdateDriver(std::move(impl)));
    driver->m_event_type = event_type;
    return driver;
}

UpdateDriver::UpdateDriver(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

UpdateDriver::~UpdateDriver() = default;

// Folds what the worker posted since the last call into one News, in a
// fixed order whatever the order of arrival: the starts, the latest
// progress, the ends, then the latest staged version.
UpdateDriver::News UpdateDriver::take_news(Clock::time_point now) {
    News news;
    std::optional<UpdateProgress> progress;
    std::vector<UpdateFinished> finished;
    std::optional<UpdateStaged> staged;
    for (auto& event : m_impl->worker->take()) {
        if (std::holds_alternative<UpdateStarted>(event))
            news.events.push_back(std::move(event));
        else if (auto* moved = std::get_if<UpdateProgress>(&event))
            progress = *moved;
        else if (auto* ended = std::get_if<UpdateFinished>(&event))
            finished.push_back(std::move(*ended));
        else if (auto* version = std::get_if<UpdateStaged>(&event))
            staged = std::move(*version);
    }
    if (progress) {
        m_impl->overlay.show_progress(progress_title(progress->origin), progress->done,
                                      progress->total);
        m_impl->notice_until.reset();
        news.redraw = true;
    }
    for (auto& ended : finished) {
        std::string notice = ended.show ? ended.report.notice(ended.origin) : "";
        if (!notice.empty()) {
            m_impl->overlay.show_notice(notice, ended.report.ok()
                                                    ? render::UpdateOverlay::Tone::Good
                                                    : render::UpdateOverlay::Tone::Bad);
            m_impl->notice_until = now + notice_time;
        } else if (!m_impl->notice_until) {
            m_impl->overlay.hide();
        }
        news.redraw = true;
        news.events.push_back(std::move(ended));
    }
    if (staged) {
        m_impl->staged_root = staged->content.root;
        news.content = std::move(staged->content);
        news.events.push_back(UpdateStaged{staged->version, {}});
    }
    return news;
}

bool UpdateDriver::expire(Clock::time_point now) {
    if (!m_impl->notice_until || now < *m_impl->notice_until)
        return false;
    m_impl->notice_until.reset();
    m_impl->overlay.hide();
    return true;
}

std::optional<UpdateDriver::Clock::time_point> UpdateDriver::next_wake() const {
    return m_impl->notice_until;
}

void UpdateDriver::draw(Size screen) {
    m_impl->overlay.draw(screen);
}

std::shared_ptr<DirectoryContentRoot> UpdateDriver::take_adopted_root() {
    return std::exchange(m_impl->staged_root, nullptr);
}

} // namespace beacon::app
