#pragma once

// Tells a waiting thread that something changed in a few folders (inotify)
// or in the mount table (/proc/self/mountinfo), so a USB stick with a bundle
// is noticed within moments of being mounted, without polling the disk.
// inotify cannot see a filesystem being mounted on a watched folder; the
// mount table covers that.
//
// Threading: wait() is for one thread; stop() may be called from any thread
// and makes wait() return Wake::Stopped from then on.

#include "core/result.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace beacon {

class FileWatcher {
  public:
    static Result<std::unique_ptr<FileWatcher>> create();
    ~FileWatcher();
    FileWatcher(const FileWatcher&) = delete;
    FileWatcher& operator=(const FileWatcher&) = delete;

    // Reports creations, deletions, renames and finished writes inside
    // `folder` (not below it) and the folder itself going away. Watching a
    // folder twice is harmless.
    Status watch(const std::filesystem::path& folder);
    // Reports mounts and unmounts anywhere.
    Status watch_mounts();

    enum class Wake { Changed, Timeout, Stopped };
    // Waits up to `timeout` for a change. Events that arrive in a burst (a
    // folder being copied in) are drained together as one Changed.
    Wake wait(std::chrono::milliseconds timeout);
    void stop();

  private:
    FileWatcher() = default;
    int m_inotify = -1;
    int m_mounts = -1;
    int m_stop = -1; // eventfd
};

} // namespace beacon
