#include "app/update/update_driver.h"

#include "app/update/update_worker.h"
#include "render/update_overlay.h"
#include "update/store.h"

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
    // Member order is teardown order reversed: the worker (which writes the
    // mailbox) stops before the mailbox goes.
    UpdateMailbox mailbox;
    render::UpdateOverlay overlay;
    std::optional<Clock::time_point> notice_until;
    std::shared_ptr<DirectoryContentRoot> staged_root;
    std::unique_ptr<UpdateWorker> worker;

    explicit Impl(SDL_Renderer* renderer) : overlay(renderer) {}
};

std::unique_ptr<UpdateDriver> UpdateDriver::create(const Options& options, SDL_Renderer* renderer) {
    if (!options.files.empty())
        return nullptr;
    std::uint32_t event_type = SDL_RegisterEvents(1);
    if (event_type == static_cast<std::uint32_t>(-1))
        return nullptr;
    auto impl = std::make_unique<Impl>(renderer);
    // What the loop plays now, when it plays the store's current version.
    update::PosixFileSystem files;
    update::Store store(files, options.store_dir);
    std::optional<std::string> playing;
    if (auto current = store.current_playlist(); current && playlist_to_play(options) == *current)
        playing = store.current_version();
    impl->worker = std::make_unique<UpdateWorker>(options, event_type, impl->mailbox, playing);
    std::unique_ptr<UpdateDriver> driver(new UpdateDriver(std::move(impl)));
    driver->m_event_type = event_type;
    return driver;
}

UpdateDriver::UpdateDriver(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

UpdateDriver::~UpdateDriver() = default;

UpdateDriver::News UpdateDriver::take_news(Clock::time_point now) {
    News news;
    std::lock_guard lock(m_impl->mailbox.mutex);
    UpdateMailbox& mailbox = m_impl->mailbox;
    news.events = std::move(mailbox.started);
    mailbox.started.clear();
    if (mailbox.progress) {
        m_impl->overlay.show_progress(progress_title(mailbox.progress->origin),
                                      mailbox.progress->done, mailbox.progress->total);
        m_impl->notice_until.reset();
        mailbox.progress.reset();
        news.redraw = true;
    }
    for (auto& finished : mailbox.finished) {
        news.events.push_back(finished.event);
        if (!finished.notice.empty()) {
            m_impl->overlay.show_notice(finished.notice, finished.good
                                                             ? render::UpdateOverlay::Tone::Good
                                                             : render::UpdateOverlay::Tone::Bad);
            m_impl->notice_until = now + notice_time;
        } else if (mailbox.progress_ended && !m_impl->notice_until) {
            m_impl->overlay.hide();
        }
        news.redraw = true;
    }
    mailbox.finished.clear();
    mailbox.progress_ended = false;
    if (mailbox.content) {
        news.events.push_back("update-staged " + mailbox.content->version);
        m_impl->staged_root = mailbox.content->content.root;
        news.content = std::move(mailbox.content->content);
        mailbox.content.reset();
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
