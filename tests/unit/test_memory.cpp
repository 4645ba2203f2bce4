// The allocator settings, observed through glibc's own statistics and the
// kernel's account of the process's mappings. Not under AddressSanitizer,
// whose allocator replaces glibc's and ignores mallopt().
//
// glibc's settings and its heap belong to the whole process and only grow (a
// heap grown with a pad stays grown and serves later large blocks from its
// top), so each case runs in a process of its own, whatever ran before it:
// when the whole binary runs at once, the case starts this binary again,
// filtered to the case's own tag, and takes that run's verdict.

#include "system/memory.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif
#include <sys/wait.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BEACON_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define BEACON_UNDER_ASAN 1
#endif

#if defined(M_MMAP_THRESHOLD) && defined(__GLIBC__) && !defined(BEACON_UNDER_ASAN)

namespace {

// Keeps the compiler from pairing a malloc() with its free() and dropping both.
void* volatile g_escaped = nullptr;

constexpr const char* k_fresh_process_variable = "BEACON_TEST_FRESH_PROCESS";

// True in the process that should run the case's checks: one started for
// it. Otherwise starts that process (this binary, filtered to `tag`) and
// checks that it passed.
bool in_fresh_process(const char* tag) {
    if (std::getenv(k_fresh_process_variable))
        return true;
    pid_t const child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        setenv(k_fresh_process_variable, "1", 1);
        execl("/proc/self/exe", "beacon_unit_tests", tag, static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    INFO("the case's own process ended with status " << status);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    return false;
}

// A block of `bytes`, touched so it is really there; says whether glibc
// served it from a mapping of its own.
bool allocated_in_own_mapping(std::size_t bytes) {
    std::size_t const mappings_before = mallinfo2().hblks;
    void* block = std::malloc(bytes);
    REQUIRE(block);
    std::memset(block, 1, bytes);
    g_escaped = block;
    bool const mapped = mallinfo2().hblks == mappings_before + 1;
    std::free(block);
    return mapped;
}

} // namespace

TEST_CASE("after the setting, a freed large block does not send the next one to the heap",
          "[memory][memory-threshold]") {
    if (!in_fresh_process("[memory-threshold]"))
        return;
    beacon::memory::return_large_blocks_to_kernel();
    // Without the setting glibc would now raise its threshold to this
    // block's size, and the same request would come from the heap next.
    CHECK(allocated_in_own_mapping(4 << 20));
    CHECK(allocated_in_own_mapping(4 << 20));
    CHECK(allocated_in_own_mapping(1 << 20));
    // Small blocks (text, glyphs, XML nodes) stay on the heap.
    CHECK_FALSE(allocated_in_own_mapping(64 << 10));
}

namespace {

// The flags the kernel lists for the mapping that holds `address`
// (/proc/self/smaps "VmFlags:"), or "" when no mapping holds it.
std::string mapping_flags(const void* address) {
    auto const wanted = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t start = 0;
        std::uintptr_t end = 0;
        char dash = 0;
        std::istringstream range(line);
        if (range >> std::hex >> start >> dash >> end && dash == '-' &&
            line.find(':') > line.find(' ')) {
            inside = start <= wanted && wanted < end;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0)
            return line.substr(8);
    }
    return "";
}

} // namespace

TEST_CASE("the heap grown for a short command is taken at once and marked for huge pages",
          "[memory][memory-huge-heap]") {
    if (!in_fresh_process("[memory-huge-heap]"))
        return;
    constexpr std::size_t grown = 32u << 20;
    REQUIRE(beacon::memory::grow_heap_in_huge_pages(grown));
    void* const end_before = sbrk(0);
    std::size_t const mappings_before = mallinfo2().hblks;

    // What validate allocates: many small nodes and strings, and one copy of
    // the playlist's text, a few megabytes long.
    std::vector<void*> blocks;
    for (int i = 0; i < 2000; ++i) {
        blocks.push_back(std::malloc(4096 + i % 7 * 16));
        std::memset(blocks.back(), 1, 4096);
    }
    void* const text_copy = std::malloc(9u << 20);
    std::memset(text_copy, 1, 9u << 20);
    g_escaped = text_copy;

    // All of it came from the stretch grown beforehand: the heap's end did
    // not move, and the large block is not a mapping of its own.
    CHECK(sbrk(0) == end_before);
    CHECK(mallinfo2().hblks == mappings_before);
    // The kernel was asked for huge pages there ("hg" in its flags).
    std::string const flags = mapping_flags(blocks[1000]);
    INFO("VmFlags:" << flags);
    CHECK(flags.find(" hg") != std::string::npos);
    CHECK(mapping_flags(text_copy).find(" hg") != std::string::npos);

    // Freeing does not hand the stretch back: the next command phase reuses it.
    for (void* block : blocks)
        std::free(block);
    std::free(text_copy);
    CHECK(sbrk(0) == end_before);
}

namespace {

// The process's resident bytes, as the kernel counts them (/proc/self/statm).
std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

} // namespace

TEST_CASE("free pages left in the middle of the heap go back to the kernel when asked",
          "[memory][memory-give-back]") {
    if (!in_fresh_process("[memory-give-back]"))
        return;
    beacon::memory::return_large_blocks_to_kernel(); // as the player starts
    // What the hotline audit leaves: many small blocks (FreeType's faces),
    // freed together while a block allocated after them stays in use, so
    // the free space is not at the top of the heap and glibc keeps it.
    constexpr int blocks_count = 24 * 1024;
    constexpr std::size_t block_bytes = 1024;
    std::vector<void*> blocks;
    blocks.reserve(blocks_count);
    for (int i = 0; i < blocks_count; ++i) {
        blocks.push_back(std::malloc(block_bytes));
        std::memset(blocks.back(), 1, block_bytes);
    }
    // Larger than any free chunk the process had, below the mmap
    // threshold: it comes from the top of the heap, above the blocks.
    void* const kept = std::malloc(192u << 10);
    std::memset(kept, 1, 192u << 10);
    g_escaped = kept;
    for (void* block : blocks)
        std::free(block);
    std::size_t const before = resident_bytes();

    beacon::memory::give_back_free_memory();
    std::size_t const after = resident_bytes();
    INFO("resident before " << before << " bytes, after " << after);
    // Most of the 24 MB freed is no longer resident.
    CHECK(before - std::min(before, after) > (16u << 20));
    std::free(kept);
}

#endif
