// The record of the pages a start touches (system/startup_pages.h) and its
// replay (system/startup_read_ahead.h): the record's bounds, which pages
// count as touched, and that a replay really brings a file's pages into the
// page cache, judged by the kernel's own mincore().

#include "system/startup_pages.h"
#include "system/startup_read_ahead.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace beacon;
using namespace beacon::system;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t k_page = 4096;
constexpr std::time_t k_midnight = 1'796'601'600; // 2026-12-07 00:00 UTC

FilePages file_of(std::string path, std::uint64_t size, std::vector<PageRange> ranges) {
    return {std::move(path), size, 1'700'000'000'123'456'789, std::move(ranges)};
}

std::string header() {
    return "beacon-startup-pages 1\n";
}

// A folder in the build tree, on a real disk: the page cache of a tmpfs
// file cannot be emptied, so a /tmp on tmpfs would not do.
fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::current_path() / "startup-pages-test" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A file of `pages` pages, written to disk and asked out of the page cache
// (the tests check with cached_pages() that it is).
void cold_file(const fs::path& path, std::size_t pages) {
    {
        std::ofstream out(path, std::ios::binary);
        std::string page(k_page, 'x');
        for (std::size_t i = 0; i < pages; ++i) {
            page[0] = static_cast<char>(i);
            out << page;
        }
    }
    int fd = ::open(path.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

// Which pages of `path` are in the page cache (mincore() of a mapping of
// a file the test owns reports the cache, not this process's page tables).
std::vector<bool> cached_pages(const fs::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    struct stat info {};
    ::fstat(fd, &info);
    std::size_t length = static_cast<std::size_t>(info.st_size);
    void* map = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    REQUIRE(map != MAP_FAILED);
    std::vector<unsigned char> residency((length + k_page - 1) / k_page);
    REQUIRE(::mincore(map, length, residency.data()) == 0);
    ::munmap(map, length);
    std::vector<bool> cached;
    for (unsigned char page : residency)
        cached.push_back(page & 1);
    return cached;
}

FilePages as_recorded(const fs::path& path, std::vector<PageRange> ranges) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return {path.string(), static_cast<std::uint64_t>(info.st_size),
            static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
            std::move(ranges)};
}

const FilePages* find_file(const StartupPages& pages, const fs::path& path) {
    for (auto const& file : pages)
        if (file.path == path.string())
            return &file;
    return nullptr;
}

bool covers(const FilePages& file, std::uint64_t offset) {
    for (auto const& range : file.ranges)
        if (offset >= range.offset && offset < range.offset + range.length)
            return true;
    return false;
}

} // namespace

TEST_CASE("a record of startup pages reads back as it was written", "[startup-pages]") {
    StartupPages pages{
        file_of("/usr/lib/x86_64-linux-gnu/libmpv.so.2.1.0", 3 * 1024 * 1024,
                {{0, 8 * k_page}, {20 * k_page, k_page}, {700 * k_page, 68 * k_page}}),
        file_of("/usr/share/fonts/truetype/noto/Noto Sans Khmer.ttf", 5000, {{0, 2 * k_page}}),
    };
    auto text = format_startup_pages(pages);
    auto parsed = parse_startup_pages(text);
    REQUIRE(parsed);
    REQUIRE(parsed.value().size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(parsed.value()[i].same_file(pages[i]));
        CHECK(parsed.value()[i].ranges == pages[i].ranges);
    }
}

TEST_CASE("a record of startup pages that breaks a rule is refused whole", "[startup-pages]") {
    const std::string good = "4096000 1 0+4096,8192+4096 /usr/lib/a.so\n";
    REQUIRE(parse_startup_pages(header() + good));
    // A file's last range ends at its size rounded up to 4 KiB, the unit of
    // every page size (a 16 KiB-page kernel records 16384+4096 here).
    CHECK(record_end(20000) == 20480);
    CHECK(record_end(20480) == 20480);
    REQUIRE(parse_startup_pages(header() + "20000 1 16384+4096 /usr/lib/odd.so\n"));
    std::string many_files = header();
    for (std::size_t i = 0; i <= StartupPagesLimits::max_files; ++i)
        many_files += "8192 1 0+4096 /usr/lib/lib" + std::to_string(i) + ".so\n";
    std::string many_ranges = header() + "1099511627776 1 ";
    for (std::size_t i = 0; i <= StartupPagesLimits::max_ranges; ++i)
        many_ranges += (i ? "," : "") + std::to_string(i * 2 * k_page) + "+4096";
    many_ranges += " /usr/lib/big.so\n";
    std::string too_many_bytes = header();
    for (int i = 0; i < 3; ++i) // 3 x 100 MiB over the 256 MiB a start may read
        too_many_bytes += "104857600 1 0+104857600 /usr/lib/l" + std::to_string(i) + ".so\n";
    std::string too_long = header() + good;
    too_long.resize(StartupPagesLimits::max_text_bytes + 1, '#');

    const std::pair<const char*, std::string> bad[] = {
        {"no header", good},
        {"another version", "beacon-startup-pages 2\n" + good},
        {"a relative path", header() + "8192 1 0+4096 usr/lib/a.so\n"},
        {"a path that climbs", header() + "8192 1 0+4096 /usr/lib/../../etc/shadow\n"},
        {"a path with a dot", header() + "8192 1 0+4096 /usr/./lib/a.so\n"},
        {"a path with an empty part", header() + "8192 1 0+4096 /usr//lib/a.so\n"},
        {"a path that names a folder", header() + "8192 1 0+4096 /usr/lib/\n"},
        {"a path with a carriage return", header() + "8192 1 0+4096 /usr/lib/a.so\r\n"},
        {"a path with a tab", header() + "8192 1 0+4096 /usr/lib/a\tb.so\n"},
        {"a file without ranges", header() + "8192 1  /usr/lib/a.so\n"},
        {"a range past the last 4 KiB of an odd size",
         header() + "20000 1 16384+16384 /usr/lib/a.so\n"},
        {"no path", header() + "8192 1 0+4096\n"},
        {"a range not page-aligned", header() + "8192 1 100+4096 /usr/lib/a.so\n"},
        {"a length not page-aligned", header() + "8192 1 0+4000 /usr/lib/a.so\n"},
        {"an empty range", header() + "8192 1 0+0 /usr/lib/a.so\n"},
        {"ranges out of order", header() + "81920 1 8192+4096,0+4096 /usr/lib/a.so\n"},
        {"ranges that overlap", header() + "81920 1 0+8192,4096+4096 /usr/lib/a.so\n"},
        {"ranges that touch", header() + "81920 1 0+4096,4096+4096 /usr/lib/a.so\n"},
        {"a range past the file", header() + "8192 1 4096+8192 /usr/lib/a.so\n"},
        {"a range that wraps around",
         header() + "8192 1 4096+18446744073709547520 /usr/lib/a.so\n"},
        {"a size that is not a number", header() + "8k 1 0+4096 /usr/lib/a.so\n"},
        {"a negative size", header() + "-8192 1 0+4096 /usr/lib/a.so\n"},
        {"a range without its length", header() + "8192 1 0 /usr/lib/a.so\n"},
        {"a last line cut short", header() + "8192 1 0+4096 /usr/lib/a.so"},
        {"more files than the cap", many_files},
        {"more ranges than the cap", many_ranges},
        {"more bytes than the cap", too_many_bytes},
        {"a text over the size cap", too_long},
    };
    for (auto const& [what, text] : bad) {
        INFO(what);
        CHECK_FALSE(parse_startup_pages(text));
    }
}

TEST_CASE("touched pages become ranges, and near ones are read as one", "[startup-pages]") {
    std::vector<bool> present(40, false);
    for (int page : {0, 1, 2, 5, 6, 20, 39})
        present[page] = true;
    // 2 pages apart are joined with a gap of 2; 13 apart are not.
    auto ranges = present_ranges(present, 100 * k_page, k_page, 2);
    CHECK(ranges == std::vector<PageRange>{{100 * k_page, 7 * k_page},
                                           {120 * k_page, k_page},
                                           {139 * k_page, k_page}});
    CHECK(present_ranges(present, 0, k_page, 0).size() == 4);
    CHECK(present_ranges(std::vector<bool>(8, false), 0, k_page, 4).empty());

    // Two mappings of one file: overlapping, touching and near ranges merge.
    auto merged =
        merge_ranges({{0, 2 * k_page}, {10 * k_page, k_page}},
                     {{k_page, 3 * k_page}, {12 * k_page, k_page}, {40 * k_page, k_page}}, k_page);
    CHECK(merged == std::vector<PageRange>{
                        {0, 4 * k_page}, {10 * k_page, 3 * k_page}, {40 * k_page, k_page}});
}

TEST_CASE("a record is cut down to its limits in order", "[startup-pages]") {
    constexpr std::uint64_t hundred_mib = 100ull * 1024 * 1024;
    StartupPages pages;
    for (int i = 0; i < 3; ++i)
        pages.push_back(file_of("/usr/lib/l" + std::to_string(i) + ".so", 2 * hundred_mib,
                                {{0, hundred_mib}, {hundred_mib + k_page, k_page}}));
    pages.push_back(file_of("/usr/lib/small.so", 8 * k_page, {{0, 2 * k_page}}));
    keep_within_limits(pages);
    std::uint64_t total = 0;
    for (auto const& file : pages)
        for (auto const& range : file.ranges)
            total += range.length;
    CHECK(total <= StartupPagesLimits::max_total_bytes);
    // The third 100 MiB does not fit: that file goes, a small one after it stays.
    REQUIRE(pages.size() == 3);
    CHECK(pages[0].ranges.size() == 2);
    CHECK(pages[1].ranges.size() == 2);
    CHECK(pages[2].path == "/usr/lib/small.so");
    REQUIRE(parse_startup_pages(format_startup_pages(pages)));

    StartupPages crowded;
    for (std::size_t i = 0; i < StartupPagesLimits::max_files + 5; ++i)
        crowded.push_back(file_of("/usr/lib/c" + std::to_string(i) + ".so", 8192, {{0, 4096}}));
    keep_within_limits(crowded);
    CHECK(crowded.size() == StartupPagesLimits::max_files);
    CHECK(crowded.back().path ==
          "/usr/lib/c" + std::to_string(StartupPagesLimits::max_files - 1) + ".so");
}

TEST_CASE("a record is rewritten only when its files changed", "[startup-pages]") {
    StartupPages a{file_of("/usr/lib/a.so", 8192, {{0, 4096}}),
                   file_of("/usr/lib/b.so", 8192, {{0, 4096}})};
    StartupPages b{file_of("/usr/lib/b.so", 8192, {{4096, 4096}}),
                   file_of("/usr/lib/a.so", 8192, {{0, 8192}})};
    CHECK(same_files(a, b)); // other ranges, other order: the same files
    b[0].modified_ns += 1;   // an upgraded library
    CHECK_FALSE(same_files(a, b));
    b.pop_back();
    CHECK_FALSE(same_files(a, b));
    CHECK_FALSE(same_files({}, a));
}

TEST_CASE("the pages recorded are those this process touched in a mapped file", "[startup-pages]") {
    fs::path dir = fresh_dir("touched");
    fs::path path = dir / "mapped.bin";
    constexpr std::size_t pages = 96;
    cold_file(path, pages);
    int fd = ::open(path.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    auto* map = static_cast<volatile const char*>(
        ::mmap(nullptr, pages * k_page, PROT_READ, MAP_PRIVATE, fd, 0));
    ::close(fd);
    REQUIRE(map != MAP_FAILED);
    // No read-ahead around the touches, so that the kernel's fault-around
    // (at most 64 KiB around each) finds no neighbours cached to map.
    ::madvise(const_cast<char*>(map), pages * k_page, MADV_RANDOM);
    char sum = map[3 * k_page];
    sum = static_cast<char>(sum + map[70 * k_page + 12]);
    (void)sum;

    auto recorded = pages_mapped_now();
    INFO((recorded ? std::string() : recorded.error().message));
    REQUIRE(recorded);
    const FilePages* file = find_file(recorded.value(), path);
    REQUIRE(file);
    CHECK(file->size == pages * k_page);
    CHECK(covers(*file, 3 * k_page));
    CHECK(covers(*file, 70 * k_page));
    // Pages far from both touches were never mapped in.
    CHECK_FALSE(covers(*file, 40 * k_page));
    CHECK_FALSE(covers(*file, 90 * k_page));
    // The test binary itself is mapped and touched.
    CHECK(find_file(recorded.value(), fs::canonical("/proc/self/exe")));
    ::munmap(const_cast<char*>(map), pages * k_page);

    // Unmapped, the file is no longer among the pages of this process.
    auto after = pages_mapped_now();
    REQUIRE(after);
    CHECK_FALSE(find_file(after.value(), path));
    REQUIRE(parse_startup_pages(format_startup_pages(recorded.value())));
}

TEST_CASE("reading a record ahead brings its pages, and only those, into the page cache",
          "[startup-pages]") {
    fs::path dir = fresh_dir("read-ahead");
    fs::path path = dir / "library.bin";
    cold_file(path, 256);
    auto before = cached_pages(path);
    REQUIRE(before.size() == 256);
    if (before[100] || before[200]) {
        WARN("the kernel kept this file's pages after POSIX_FADV_DONTNEED; nothing to measure");
        return;
    }
    {
        std::ofstream record(dir / "startup-pages");
        record << format_startup_pages(
            {as_recorded(path, {{96 * k_page, 16 * k_page}, {150 * k_page, 2 * k_page}})});
    }
    StartupReadAhead replay(dir / "startup-pages", 2);
    replay.wait();
    // readahead(2) starts the reads; they end soon after.
    std::vector<bool> after;
    for (int attempt = 0; attempt < 200; ++attempt) {
        after = cached_pages(path);
        if (after[100] && after[111] && after[150] && after[151])
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(after[96]);
    CHECK(after[111]);
    CHECK(after[150]);
    CHECK(after[151]);
    CHECK_FALSE(after[200]);
    CHECK_FALSE(after[10]);
}

TEST_CASE("a file changed since its record is not read ahead", "[startup-pages]") {
    fs::path dir = fresh_dir("changed");
    fs::path path = dir / "library.bin";
    cold_file(path, 64);
    if (cached_pages(path)[10]) {
        WARN("the kernel kept this file's pages after POSIX_FADV_DONTNEED; nothing to measure");
        return;
    }
    FilePages recorded = as_recorded(path, {{0, 32 * k_page}});
    std::atomic<bool> stop{false};
    FilePages older = recorded;
    older.modified_ns -= 1;
    CHECK_FALSE(read_ahead(older, stop));
    FilePages shorter = recorded;
    shorter.size -= k_page;
    CHECK_FALSE(read_ahead(shorter, stop));
    FilePages gone = recorded;
    gone.path = (dir / "missing.bin").string();
    CHECK_FALSE(read_ahead(gone, stop));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(cached_pages(path)[10]);
    // The file as recorded is read.
    auto asked = read_ahead(recorded, stop);
    REQUIRE(asked);
    CHECK(*asked == 32 * k_page);
}

TEST_CASE("a start records its pages once, and not again while the files are the same",
          "[startup-pages]") {
    fs::path dir = fresh_dir("record");
    fs::path record = dir / "startup-pages";
    {
        StartupReadAhead first(record, 2);
        first.record_once(k_midnight);
        first.wait();
    }
    REQUIRE(fs::exists(record));
    std::stringstream written;
    written << std::ifstream(record).rdbuf();
    auto parsed = parse_startup_pages(written.str());
    REQUIRE(parsed);
    CHECK(find_file(parsed.value(), fs::canonical("/proc/self/exe")));
    // Its times are the stamp it was given (the day's midnight).
    struct stat info {};
    REQUIRE(::stat(record.c_str(), &info) == 0);
    CHECK(info.st_mtime == k_midnight);
    // Each write renames a new file over the old: a new inode.
    auto first_inode = info.st_ino;

    // The same files mapped: the record stays as it is.
    {
        StartupReadAhead second(record, 2);
        second.record_once(k_midnight);
        second.wait();
    }
    REQUIRE(::stat(record.c_str(), &info) == 0);
    CHECK(info.st_ino == first_inode);

    // Another file mapped since: written again.
    fs::path other = dir / "other.bin";
    cold_file(other, 4);
    int fd = ::open(other.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    auto* map =
        static_cast<volatile const char*>(::mmap(nullptr, k_page, PROT_READ, MAP_PRIVATE, fd, 0));
    ::close(fd);
    REQUIRE(map != MAP_FAILED);
    (void)map[0];
    {
        StartupReadAhead third(record, 2);
        third.record_once(k_midnight);
        third.wait();
    }
    ::munmap(const_cast<char*>(map), k_page);
    REQUIRE(::stat(record.c_str(), &info) == 0);
    CHECK(info.st_ino != first_inode);

    // Forgotten before the pages are read: nothing is written, even with no
    // record at all.
    fs::remove(record);
    {
        StartupReadAhead pressed(record, 2);
        pressed.forget_record();
        pressed.record_once(k_midnight);
        pressed.wait();
    }
    CHECK_FALSE(fs::exists(record));
    CHECK_FALSE(fs::exists(dir / "startup-pages.partial"));
}
