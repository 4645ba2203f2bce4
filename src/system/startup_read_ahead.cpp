#include "system/startup_read_ahead.h"

#include "system/filesystem.h"
#include "system/log.h"
#include "system/service.h"
#include "system/stats_file.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace beacon::system {

namespace {

// Ranges of a file closer than this are read as one: see present_ranges().
constexpr std::size_t k_gap_pages = 4;
// /proc/self/maps of a player with ~300 libraries mapped is about 150 KB.
constexpr std::size_t k_max_maps_bytes = 4 * 1024 * 1024;

// Closes a descriptor on every path out.
struct Descriptor {
    int fd = -1;
    explicit Descriptor(int value) : fd(value) {}
    ~Descriptor() {
        if (fd >= 0)
            ::close(fd);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
};

Result<std::string> read_proc_file(const char* path, std::size_t max_bytes) {
    Descriptor file(::open(path, O_RDONLY | O_CLOEXEC));
    if (file.fd < 0)
        return Error::from_errno(errno, std::string("open(") + path + ")");
    std::string text;
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(file.fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return Error::from_errno(errno, std::string("read(") + path + ")");
        if (n == 0)
            return text;
        if (text.size() + static_cast<std::size_t>(n) > max_bytes)
            return Error{ErrorCode::TooLarge, std::string(path) + " is larger than " +
                                                  std::to_string(max_bytes) + " bytes"};
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

// One line of /proc/self/maps: "start-end perms offset dev inode   path".
struct Mapping {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    std::uint64_t offset = 0;
    std::string_view path;
};

std::optional<Mapping> parse_mapping(std::string_view line) {
    Mapping mapping;
    auto hex = [](std::string_view text, std::uint64_t& out) {
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
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
    if (dash == std::string_view::npos || !hex(fields[0].substr(0, dash), mapping.start) ||
        !hex(fields[0].substr(dash + 1), mapping.end) || !hex(fields[2], mapping.offset) ||
        fields[4] == "0" || mapping.end <= mapping.start)
        return std::nullopt;
    auto path_start = line.find_first_not_of(' ');
    if (path_start == std::string_view::npos)
        return std::nullopt;
    mapping.path = line.substr(path_start);
    constexpr std::string_view deleted = " (deleted)";
    if (mapping.path.front() != '/' ||
        (mapping.path.size() > deleted.size() && mapping.path.ends_with(deleted)))
        return std::nullopt;
    return mapping;
}

// Which of `mapping`'s pages are in this process's page tables: bit 63 of
// each 8-byte entry of /proc/self/pagemap (Documentation/admin-guide/mm/
// pagemap.rst). Readable by the process itself; only the frame numbers
// need privileges, and they are not used.
Result<std::vector<bool>> present_pages(int pagemap, const Mapping& mapping, std::uint64_t page) {
    std::uint64_t pages = (mapping.end - mapping.start) / page;
    std::vector<bool> present(pages);
    std::uint64_t entries[512];
    for (std::uint64_t done = 0; done < pages;) {
        std::uint64_t count = std::min<std::uint64_t>(pages - done, std::size(entries));
        off_t at = static_cast<off_t>((mapping.start / page + done) * sizeof(std::uint64_t));
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

std::int64_t modified_ns(const struct stat& info) {
    return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
}

// "12.3 MiB": one decimal.
std::string mib(std::uint64_t bytes) {
    std::uint64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MiB";
}

} // namespace

Result<StartupPages> pages_mapped_now() {
    std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    std::string maps = TRY(read_proc_file("/proc/self/maps", k_max_maps_bytes));
    Descriptor pagemap(::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC));
    if (pagemap.fd < 0)
        return Error::from_errno(errno, "open(/proc/self/pagemap)");
    StartupPages pages;
    std::string_view rest = maps;
    while (!rest.empty()) {
        auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        auto mapping = parse_mapping(line);
        if (!mapping || mapping->path.find('\n') != std::string_view::npos)
            continue;
        auto present = TRY(present_pages(pagemap.fd, *mapping, page));
        auto ranges = present_ranges(present, mapping->offset, page, k_gap_pages);
        if (ranges.empty())
            continue;
        auto same_path = [&](const FilePages& file) { return file.path == mapping->path; };
        auto known = std::find_if(pages.begin(), pages.end(), same_path);
        if (known == pages.end()) {
            struct stat info {};
            std::string path(mapping->path);
            if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
                continue;
            pages.push_back(
                {std::move(path), static_cast<std::uint64_t>(info.st_size), modified_ns(info), {}});
            known = pages.end() - 1;
        }
        known->ranges = merge_ranges(std::move(known->ranges), ranges, k_gap_pages * page);
    }
    // A mapping may reach past the end of its file (the last page, or a
    // file that shrank since): the record only names bytes of the file.
    for (auto& file : pages) {
        std::uint64_t pages_end = (file.size + page - 1) / page * page;
        std::erase_if(file.ranges,
                      [&](const PageRange& range) { return range.offset >= pages_end; });
        if (!file.ranges.empty()) {
            auto& last = file.ranges.back();
            last.length = std::min(last.length, pages_end - last.offset);
        }
    }
    keep_within_limits(pages);
    return pages;
}

std::optional<std::uint64_t> read_ahead(const FilePages& file, const std::atomic<bool>& stop) {
    // O_NONBLOCK: a path that became a FIFO must not hang the thread in open().
    Descriptor descriptor(::open(file.path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    struct stat info {};
    if (descriptor.fd < 0 || ::fstat(descriptor.fd, &info) != 0 || !S_ISREG(info.st_mode) ||
        static_cast<std::uint64_t>(info.st_size) != file.size ||
        modified_ns(info) != file.modified_ns)
        return std::nullopt;
    std::uint64_t asked = 0;
    for (auto const& range : file.ranges) {
        if (stop.load(std::memory_order_relaxed))
            break;
        // readahead(2) starts the reads and returns; a failure only means
        // these pages are read when they are touched, as without a record.
        if (::readahead(descriptor.fd, static_cast<off64_t>(range.offset), range.length) == 0)
            asked += range.length;
    }
    return asked;
}

StartupReadAhead::StartupReadAhead(std::filesystem::path record_file, std::size_t threads)
    : m_shared(std::make_shared<Shared>()) {
    m_shared->record_file = std::move(record_file);
    threads = std::max<std::size_t>(threads, 1);
    m_shared->threads_left = threads;
    for (std::size_t k = 0; k < threads; ++k)
        m_threads.emplace_back(
            [shared = m_shared, k, threads] { read_share(*shared, k, threads); });
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

void StartupReadAhead::read_share(Shared& shared, std::size_t first, std::size_t step) {
    if (first == 0) {
        // The first thread reads the record; the others wait for it rather
        // than each reading it.
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
    // The last thread out says what was done, once. At debug level, as the
    // record's line: their figures vary from start to start, and the log of
    // a start must not differ by whether someone pressed the screen.
    if (shared.threads_left.fetch_sub(1) == 1 && !shared.record.empty())
        log::write(log::Level::Debug,
                   "startup pages: read ahead " + mib(shared.bytes_asked) + " of " +
                       std::to_string(shared.files_read.load()) + " files" +
                       (shared.files_changed ? " (" + std::to_string(shared.files_changed.load()) +
                                                   " changed or missing since they were recorded)"
                                             : std::string()));
}

void StartupReadAhead::record_once() {
    if (m_record_started)
        return;
    m_record_started = true;
    m_recorder = std::jthread([shared = m_shared] { record_if_changed(*shared); });
}

void StartupReadAhead::forget_record() {
    m_shared->forget = true;
}

void StartupReadAhead::record_if_changed(Shared& shared) {
    {
        std::unique_lock lock(shared.mutex);
        shared.parsed_cv.wait(lock, [&] { return shared.parsed; });
    }
    auto now = pages_mapped_now();
    // After the pages were read: a press before then may be in them.
    if (shared.forget)
        return;
    if (!now) {
        log::info("startup pages: not recorded: " + now.error().message);
        return;
    }
    if (now.value().empty() || same_files(now.value(), shared.record))
        return;
    // Its times, like the counters' beside it (stats_file.h), say only the
    // day: the state folder never tells when the kiosk started.
    std::time_t now_time = std::time(nullptr);
    std::time_t midnight = service::local_midnight(service::local_time(now_time, false).date);
    auto written =
        write_file_atomically(shared.record_file, format_startup_pages(now.value()), midnight);
    if (!written) {
        log::info("startup pages: not recorded: " + written.error().message);
        return;
    }
    std::uint64_t bytes = 0;
    for (auto const& file : now.value())
        for (auto const& range : file.ranges)
            bytes += range.length;
    log::write(log::Level::Debug, "startup pages: recorded " + mib(bytes) + " of " +
                                      std::to_string(now.value().size()) +
                                      " files, read ahead at the next start");
}

} // namespace beacon::system
