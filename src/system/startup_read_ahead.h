#pragma once

// Reads ahead, at the player's start, the pages the previous start touched
// (startup_pages.h says why), and records them again when the files changed.

#include "system/startup_pages.h"

#include <atomic>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace beacon::system {

// The pages of files this process has mapped and touched now, read from
// /proc/self/maps and /proc/self/pagemap: only pages present in the
// process's own page tables, never the page cache's, so pages another
// process (or a read ahead) brought in are not counted. Private mappings of
// regular files only (a shared writable mapping, such as a shader cache's
// index, changes from start to start); files deleted or replaced since they
// were mapped are left out. In the order of the mappings, within
// StartupPagesLimits. An error when the page map does not describe this
// process (an emulator such as qemu-user fakes /proc/self/maps only).
Result<StartupPages> pages_mapped_now();

// Asks the kernel to read `file`'s ranges into the page cache (readahead(2)),
// unless `file` is no longer the file that was recorded. Returns the bytes
// asked for, or nullopt when the file is missing or changed. Stops between
// two ranges when `stop` is set.
std::optional<std::uint64_t> read_ahead(const FilePages& file, const std::atomic<bool>& stop);

// Owns the threads that read the record's pages ahead, and the one that
// records them again. Built first thing at the player's start, before any
// dlopen(): glibc holds its loader lock for a whole dlopen(), and a thread
// created during one would wait for it to finish.
//
// Threading: the read-ahead threads and the recorder share only `Shared`;
// the owner's calls come from one thread (the player's loop). The destructor
// asks every thread to stop between two reads and joins them.
class StartupReadAhead {
  public:
    // Reads `record_file` and its pages on `threads` threads of its own and
    // returns at once. A missing, unreadable or refused record only means
    // nothing is read ahead: said once in the log, never fatal; so is a
    // thread that cannot be created.
    explicit StartupReadAhead(std::filesystem::path record_file, std::size_t threads = 4);
    ~StartupReadAhead();
    StartupReadAhead(const StartupReadAhead&) = delete;
    StartupReadAhead& operator=(const StartupReadAhead&) = delete;

    // Call when the start is over (its first frames shown). The first call
    // starts a thread that reads the pages mapped now and, when they are not
    // in the same files as the record read at start, writes them to the
    // record file (a new file renamed over the old, its times set to
    // `stamp`: the day's midnight, like the counters'). Later calls do
    // nothing. Whatever happens there is logged at debug level only: the log
    // of a start must not differ by whether someone pressed the screen
    // (forget_record()).
    void record_once(std::time_t stamp);
    // Neither recorded yet nor forgotten: whether record_once() would do
    // anything. Owner's thread only.
    bool wants_record() const { return !m_record_started && !m_shared->forget; }

    // Nothing is recorded from now on, even by a record_once() already
    // under way: what the process maps after this call must not reach the
    // record. The player calls it when a person presses the screen or a
    // key, so that no record tells which language's fonts a press opened.
    void forget_record();

    // For tests: waits until the read-ahead threads and the recorder are done.
    void wait();

  private:
    struct Shared {
        std::filesystem::path record_file;
        std::mutex mutex;
        std::condition_variable parsed_cv;
        bool parsed = false; // guarded by mutex; `record` is set before
        StartupPages record; // read-only once `parsed`
        std::atomic<bool> stop{false};
        // Set before anything a press maps; checked after the pages were read.
        std::atomic<bool> forget{false};
        std::atomic<std::size_t> threads_left{0};
        std::atomic<std::size_t> files_read{0};
        std::atomic<std::size_t> files_changed{0};
        std::atomic<std::uint64_t> bytes_asked{0};
    };
    static void read_share(Shared& shared, std::size_t first, std::size_t step);
    static void read_record(Shared& shared);
    static void record_if_changed(Shared& shared, std::time_t stamp);

    std::shared_ptr<Shared> m_shared;
    std::vector<std::jthread> m_threads;
    std::jthread m_recorder;
    bool m_record_started = false;
};

} // namespace beacon::system
