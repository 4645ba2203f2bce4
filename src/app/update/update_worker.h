#pragma once

// The update worker's thread: it waits on a FileWatcher (USB folder, content
// store, mount table) and the network poll timer, installs what it finds,
// and posts what happened to a Mailbox. It never touches the screen or the
// playlist.
//
// Threading: the Mailbox is shared, under its mutex; everything else
// belongs to the worker thread. After each post, one SDL user event wakes
// the loop (SDL_PushEvent is thread-safe).

#include "app/content.h"
#include "app/options.h"
#include "update/installer.h"
#include "update/network_update.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace beacon {
class FileWatcher;
}

namespace beacon::app {

struct UpdateMailbox {
    struct Progress {
        update::Origin origin;
        std::uint64_t done = 0;
        std::uint64_t total = 0;
    };
    struct Finished {
        std::string notice; // for the screen; empty: nothing to show
        bool good = false;
        std::string event; // for the frame log
    };
    struct Content {
        std::string version;
        LoadedContent content;
    };

    std::mutex mutex;
    std::optional<Progress> progress; // the latest only
    bool progress_ended = false;
    std::vector<std::string> started; // frame log events
    std::vector<Finished> finished;
    std::optional<Content> content; // the latest only
};

class UpdateWorker {
  public:
    // `playing` is the store version the loop shows now, if it shows one.
    UpdateWorker(const Options& options, std::uint32_t event_type, UpdateMailbox& mailbox,
                 std::optional<std::string> playing);
    ~UpdateWorker(); // cancels an install in progress and joins
    UpdateWorker(const UpdateWorker&) = delete;
    UpdateWorker& operator=(const UpdateWorker&) = delete;

  private:
    void run();
    void watch_what_exists();
    void check_store();
    void scan_usb();
    void poll_network();
    update::InstallReport install(update::BundleSource& source, update::Origin origin);
    void finish(const update::InstallReport& report, update::Origin origin,
                const std::string& where, bool show);
    void wake_loop();
    bool wait_unless_stopping(std::chrono::milliseconds time);

    const Options m_options;
    std::uint32_t m_event_type;
    UpdateMailbox& m_mailbox;
    update::PosixFileSystem m_files;
    update::Store m_store;
    std::unique_ptr<update::NetworkUpdater> m_network; // null without update-url
    update::Backoff m_poll_backoff;
    std::chrono::steady_clock::time_point m_next_poll;
    std::optional<std::string> m_posted_version; // the version the loop has or will have
    std::vector<std::pair<std::string, std::string>> m_seen_sticks; // folder, manifest hash
    std::unique_ptr<FileWatcher> m_watcher;
    std::atomic<bool> m_stopping{false};
    std::mutex m_stop_mutex;
    std::condition_variable m_stop_signal;
    std::chrono::steady_clock::time_point m_last_progress_post;
    std::thread m_thread; // last: starts after every member above exists
};

} // namespace beacon::app
