// The allocator setting the player makes at start-up, observed through
// glibc's own statistics. Not under AddressSanitizer, whose allocator
// replaces glibc's and ignores mallopt().

#include "system/memory.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

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
          "[memory]") {
    beacon::memory::return_large_blocks_to_kernel();
    // Without the setting glibc would now raise its threshold to this
    // block's size, and the same request would come from the heap next.
    CHECK(allocated_in_own_mapping(4 << 20));
    CHECK(allocated_in_own_mapping(4 << 20));
    CHECK(allocated_in_own_mapping(1 << 20));
    // Small blocks (text, glyphs, XML nodes) stay on the heap.
    CHECK_FALSE(allocated_in_own_mapping(64 << 10));
}

#endif
