#include "system/startup_read_ahead.h"

#include "system/filesystem.h"
#include "system/log.h"
#include "system/stats_file.h"
#include "system/unique_fd.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <unordered_map>

namespace beacon::system {

namespace {

// Ranges of a file closer than this are read as one: see present_ranges().
constexpr std::size_t k_gap_pages = 4;
// /proc/self/maps of a player with ~300 libraries mapped is about 150 KB.
constexpr std::size_t k_max_maps_bytes = 4 * 1024 * 1024;

// One line of /proc/self/maps: "start-end perms offset dev inode   path".
struct Mapping {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    std::uint64_t offset = 0;
    std::uint64_t inode = 0;
    std::string_view path;
};

// A private mapping of a file that still has its name, or nothing.
std::optional<Mapping> parse_mapping(std::string_view line) {
    Mapping mapping;
    auto number = [](std::string_view text, std::uint64_t& out, int base) {
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, base);
        return error == std::errc{} && end == text.data() + text.size();
    };
    std::string_view fields[5];
    for (auto& field : fields) {
        auto space = line.find(' ');
        if (space == std::string_view::npos)
            return std::nullopt;
        field = line.substr(0, space);
        line = line.substr(space + 1);
    }
    auto dash = fields[0].find('-');
    if (dash == std::string_view::npos || !number(fields[0].substr(0, dash), mapping.start, 16) ||
        !number(fields[0].substr(dash + 1), mapping.end, 16) ||
        !number(fields[2], mapping.offset, 16) || !number(fields[4], mapping.inode, 10) ||
        mapping.inode == 0 || mapping.end <= mapping.start || fields[1].size() != 4 ||
        fields[1][3] != 'p')
        return std::nullopt;
    auto path_start = line.find_first_not_of(' ');
    if (path_start == std::string_view::npos)
        return std::nullopt;
    mapping.path = line.substr(path_start);
    constexpr std::string_view deleted = " (deleted)";
    if (mapping.path.front() != '/' || mapping.path.ends_with(deleted))
        return std::nullopt;
    return mapping;
}

// Which of the `pages` pages from `start` are in this process's page tables:
// bit 63 of each 8-byte entry of /proc/self/pagemap (Documentation/admin-
// guide/mm/pagemap.rst). Readable by the process itself; only the frame
// numbers need privileges, and they are not used.
Result<std::vector<bool>> present_pages(int pagemap, std::uint64_t start, std::uint64_t pages,
                                        std::uint64_t page) {
    std::vector<bool> present(pages);
    std::uint64_t entries[512];
    for (std::uint64_t done = 0; done < pages;) {
        std::uint64_t count = std::min<std::uint64_t>(pages - done, std::size(entries));
        off_t at = static_cast<off_t>((start / page + done) * sizeof(std::uint64_t));
        ssize_t n = ::pread(pagemap, entries, count * sizeof(std::uint64_t), at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return Error::from_errno(n < 0 ? errno : EIO, "pread(/proc/self/pagemap)");
        std::uint64_t got = static_cast<std::uint64_t>(n) / sizeof(std::uint64_t);
        for (std::uint64_t i = 0; i < got; ++i)
            present[done + i] = (entries[i] >> 63) & 1;
        done += got;
    }
    return present;
}

// Nanoseconds since the epoch, or 0 past the year 2262 (no record holds it).
std::int64_t modified_ns(const struct stat& info) {
    std::int64_t ns = 0;
    if (__builtin_mul_overflow(static_cast<std::int64_t>(info.st_mtim.tv_sec), 1'000'000'000,
                               &ns) ||
        __builtin_add_overflow(ns, static_cast<std::int64_t>(info.st_mtim.tv_nsec), &ns))
        return 0;
    return ns;
}

// "12.3 MiB": one decimal.
std::string mib(std::uint64_t bytes) {
    std::uint64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MiB";
}

void debug(const std::string& message) {
    log::write(log::Level::Debug, "startup pages: " + message);
}

} // namespace

Result<StartupPages> pages_mapped_now() {
    std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    std::string maps =
        TRY(read_small_file(posix_file_system(), "/proc/self/maps", k_max_maps_bytes));
    UniqueFd pagemap(::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC));
    if (!pagemap)
        return Error::from_errno(errno, "open(/proc/self/pagemap)");
    // A page this process has just written must be present; under an
    // emulator the page map describes the emulator's own addresses.
    static volatile std::uint64_t written_now;
    written_now = 1;
    auto here = reinterpret_cast<std::uintptr_t>(&written_now);
    auto self = TRY(present_pages(pagemap.get(), here / page * page, 1, page));
    if (!self[0])
        return Error{"/proc/self/pagemap does not describe this process (an emulator?)"};

    StartupPages pages;
    // What stat() said of each path met so far; nullopt: not to be recorded.
    std::unordered_map<std::string, std::optional<std::size_t>> known;
    std::string_view rest = maps;
    while (!rest.empty()) {
        auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        auto mapping = parse_mapping(line);
        if (!mapping || !recordable_path(mapping->path) ||
            mapping->end - mapping->start > StartupPagesLimits::max_total_bytes)
            continue;
        std::string path(mapping->path);
        auto [slot, first_time] = known.try_emplace(path);
        if (first_time) {
            // stat() before reading its pages: device files (/dev/dri) and a
            // file replaced under the same name (another inode) are skipped.
            struct stat info {};
            if (::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
                info.st_ino == mapping->inode) {
                pages.push_back(
                    {path, static_cast<std::uint64_t>(info.st_size), modified_ns(info), {}});
                slot->second = pages.size() - 1;
            }
        }
        if (!slot->second)
            continue;
        auto present = TRY(present_pages(pagemap.get(), mapping->start,
                                         (mapping->end - mapping->start) / page, page));
        auto& file = pages[*slot->second];
        file.ranges = merge_ranges(std::move(file.ranges),
                                   present_ranges(present, mapping->offset, page, k_gap_pages),
                                   k_gap_pages * page);
    }
    // A mapping may reach past the end of its file (its last page, whole):
    // the record's ranges end at the file's size rounded up to 4 KiB, the
    // unit the reader checks, whatever this system's page size.
    for (auto& file : pages) {
        std::uint64_t last = record_end(file.size);
        std::erase_if(file.ranges, [&](const PageRange& range) { return range.offset >= last; });
        if (!file.ranges.empty())
            file.ranges.back().length =
                std::min(file.ranges.back().length, last - file.ranges.back().offset);
    }
    std::erase_if(pages, [](const FilePages& file) { return file.ranges.empty(); });
    keep_within_limits(pages);
    return pages;
}

std::optional<std::uint64_t> read_ahead(const FilePages& file, const std::atomic<bool>& stop) {
    // Looked at before it is opened: opening a device can have effects of
    // its own. O_NOFOLLOW: the record's paths were resolved by the kernel;
    // O_NONBLOCK: a FIFO put there since must not hang the thread in open().
    struct stat info {};
    if (::lstat(file.path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return std::nullopt;
    UniqueFd descriptor(
        ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK));
    if (!descriptor || ::fstat(descriptor.get(), &info) != 0 || !S_ISREG(info.st_mode) ||
        static_cast<std::uint64_t>(info.st_size) != file.size ||
        modified_ns(info) != file.modified_ns)
        return std::nullopt;
    std::uint64_t asked = 0;
    for (auto const& range : file.ranges) {
        if (stop.load(std::memory_order_relaxed))
            break;
        // readahead(2) starts the reads and returns; a failure only means
        // these pages are read when they are touched, as without a record.
        if (::readahead(descriptor.get(), static_cast<off64_t>(range.offset), range.length) == 0)
            asked += range.length;
    }
    return asked;
}

StartupReadAhead::StartupReadAhead(std::filesystem::path record_file, std::size_t threads)
    : m_shared(std::make_shared<Shared>()) {
    m_shared->record_file = std::move(record_file);
    threads = std::max<std::size_t>(threads, 1);
    m_shared->threads_left = threads;
    try {
        for (std::size_t k = 0; k < threads; ++k)
            m_threads.emplace_back(
                [shared = m_shared, k, threads] { read_share(*shared, k, threads); });
    } catch (const std::system_error& error) {
        // Reading ahead only saves time: the kiosk starts without it.
        log::info(std::string("startup pages: no thread to read them ahead: ") + error.what());
        m_shared->stop = true;
        m_shared->threads_left -= threads - m_threads.size();
        if (m_threads.empty()) { // no first thread to read the record
            std::lock_guard lock(m_shared->mutex);
            m_shared->parsed = true; // with an empty record, for the recorder
            m_shared->parsed_cv.notify_all();
        }
    }
}

StartupReadAhead::~StartupReadAhead() {
    m_shared->stop = true;
}

void StartupReadAhead::wait() {
    for (auto& thread : m_threads)
        if (thread.joinable())
            thread.join();
    if (m_recorder.joinable())
        m_recorder.join();
}

void StartupReadAhead::read_record(Shared& shared) {
    // A temporary file a power cut left behind still has the time of day
    // of that start: it goes before anything else is written beside it.
    auto partial = shared.record_file;
    partial += ".partial";
    ::unlink(partial.c_str());
    StartupPages record;
    auto text = read_small_file(posix_file_system(), shared.record_file,
                                StartupPagesLimits::max_text_bytes);
    if (text) {
        auto parsed = parse_startup_pages(text.value());
        if (parsed)
            record = parsed.release_value();
        else
            log::info("startup pages: " + shared.record_file.string() + ": " +
                      parsed.error().message + "; they are recorded again");
    } else if (text.error().code != ErrorCode::NotFound) {
        log::info("startup pages: " + text.error().message);
    }
    std::lock_guard lock(shared.mutex);
    shared.record = std::move(record);
    shared.parsed = true;
    shared.parsed_cv.notify_all();
}

void StartupReadAhead::read_share(Shared& shared, std::size_t first, std::size_t step) {
    // The first thread reads the record; the others wait for it rather than
    // each reading it.
    if (first == 0)
        read_record(shared);
    {
        std::unique_lock lock(shared.mutex);
        shared.parsed_cv.wait(lock, [&] { return shared.parsed; });
    }
    for (std::size_t i = first; i < shared.record.size() && !shared.stop; i += step) {
        if (auto asked = read_ahead(shared.record[i], shared.stop)) {
            shared.files_read += 1;
            shared.bytes_asked += *asked;
        } else {
            shared.files_changed += 1;
        }
    }
    // The last thread out says what was done, once. At debug level: the
    // figures vary from start to start.
    if (shared.threads_left.fetch_sub(1) == 1 && !shared.record.empty())
        debug("read ahead " + mib(shared.bytes_asked) + " of " +
              std::to_string(shared.files_read.load()) + " files" +
              (shared.files_changed ? " (" + std::to_string(shared.files_changed.load()) +
                                          " changed or missing since they were recorded)"
                                    : std::string()));
}

void StartupReadAhead::record_once(std::time_t stamp) {
    if (!wants_record())
        return;
    m_record_started = true;
    try {
        m_recorder =
            std::jthread([shared = m_shared, stamp] { record_if_changed(*shared, stamp); });
    } catch (const std::system_error& error) {
        debug(std::string("not recorded: no thread: ") + error.what());
    }
}

void StartupReadAhead::forget_record() {
    m_shared->forget = true;
}

void StartupReadAhead::record_if_changed(Shared& shared, std::time_t stamp) {
    {
        std::unique_lock lock(shared.mutex);
        shared.parsed_cv.wait(lock, [&] { return shared.parsed; });
    }
    auto now = pages_mapped_now();
    // After the pages were read: a press before then may be in them.
    if (shared.forget)
        return;
    if (!now) {
        debug("not recorded: " + now.error().message);
        return;
    }
    if (now.value().empty() || same_files(now.value(), shared.record))
        return;
    std::string text = format_startup_pages(now.value());
    // Never write what the next start would refuse.
    if (auto check = parse_startup_pages(text); !check) {
        debug("not recorded: " + check.error().message);
        return;
    }
    // Its times, like the counters' beside it (stats_file.h), say only the
    // day: the state folder never tells when the kiosk started.
    if (auto written = write_file_atomically(shared.record_file, text, stamp); !written) {
        debug("not recorded: " + written.error().message);
        return;
    }
    std::uint64_t bytes = 0;
    for (auto const& file : now.value())
        for (auto const& range : file.ranges)
            bytes += range.length;
    debug("recorded " + mib(bytes) + " of " + std::to_string(now.value().size()) +
          " files, read ahead at the next start");
}

} // namespace beacon::system
