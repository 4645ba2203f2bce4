#pragma once

// The update worker's thread: it waits on a FileWatcher (USB folder, content
// store, mount table) and the network poll timer, installs what it finds,
// and posts what happened as UpdateEvents. It never touches the screen or
// the playlist.
//
// Threading: the constructor, take() and the destructor are for the loop's
// thread. Every other member belongs to the worker thread, which runs one
// request (its start) until it is stopped; see system/worker.h.

#include "app/options.h"
#include "app/update/update_event.h"
#include "system/worker.h"
#include "update/installer.h"
#include "update/network_update.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace beacon {
class FileWatcher;
}

namespace beacon::app {

class UpdateWorker {
  public:
    // `playing` is the store version the loop shows now, if it shows one.
    // `wake` is called on the worker thread after each event is posted.
    UpdateWorker(const Options& options, std::function<void()> wake,
                 std::optional<std::string> playing);
    ~UpdateWorker(); // cancels an install in progress and joins
    UpdateWorker(const UpdateWorker&) = delete;
    UpdateWorker& operator=(const UpdateWorker&) = delete;

    // What happened since the last call, oldest first.
    std::vector<UpdateEvent> take() { return m_worker.take(); }

  private:
    // The worker's only request: watch until stopped.
    struct Watch {};
    using Thread = Worker<Watch, UpdateEvent>;

    void run(Thread::Context& context);
    void watch_what_exists();
    void check_store();
    void scan_usb();
    void poll_network();
    update::InstallReport install(update::BundleSource& source, update::Origin origin);
    void finish(const update::InstallReport& report, update::Origin origin,
                const std::string& where, bool show);
    void post_progress(update::Origin origin, const update::Progress& progress);

    const Options m_options;
    PosixFileSystem m_files;
    update::Store m_store;
    std::unique_ptr<update::NetworkUpdater> m_network; // null without update-url
    update::Backoff m_poll_backoff;
    std::chrono::steady_clock::time_point m_next_poll;
    std::optional<std::string> m_posted_version; // the version the loop has or will have
    std::vector<std::pair<std::string, std::string>> m_seen_sticks; // folder, manifest hash
    std::unique_ptr<FileWatcher> m_watcher;
    std::chrono::steady_clock::time_point m_last_progress_post;
    Thread::Context* m_context = nullptr; // while run() runs
    Thread m_worker;                      // last: starts after every member above exists
};

} // namespace beacon::app
