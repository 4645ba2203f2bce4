#include "system/memory.h"

#include <climits>
#include <cstdint>
#include <cstdlib>

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif
#include <sys/mman.h>
#include <unistd.h>

namespace beacon::memory {

void return_large_blocks_to_kernel() {
#if defined(M_MMAP_THRESHOLD)
    // 256 KiB: well below one plane of a 720p frame, well above the text
    // layouts, glyphs and XML nodes that make up the rest of the heap.
    constexpr int k_threshold_bytes = 256 * 1024;
    mallopt(M_MMAP_THRESHOLD, k_threshold_bytes);
#endif
}

void give_back_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

bool grow_heap_in_huge_pages(std::size_t bytes) {
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(M_TRIM_THRESHOLD) &&                       \
    defined(M_MMAP_THRESHOLD) && defined(MADV_HUGEPAGE)
    if (bytes == 0 || bytes > INT_MAX / 2)
        return false;
    int const pad = static_cast<int>(bytes);
    // glibc's largest mmap threshold on 64-bit: a playlist's buffer copy
    // (tinyxml2 parses a copy of the file) then comes from the heap as well.
    constexpr int k_heap_blocks_up_to = 32 * 1024 * 1024;
    // The order matters. The grown heap must never be trimmed, and the
    // probe below must come from the heap, not from a mapping of its own.
    if (!mallopt(M_TRIM_THRESHOLD, 2 * pad) || !mallopt(M_MMAP_THRESHOLD, k_heap_blocks_up_to) ||
        !mallopt(M_TOP_PAD, pad))
        return false;
    // A block one byte larger than the free space at the top of the heap
    // makes glibc call sbrk() once, for the block plus the pad.
    std::size_t const free_at_top = mallinfo2().keepcost;
    auto const before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    void* probe = std::malloc(free_at_top + 1);
    auto const after = reinterpret_cast<std::uintptr_t>(sbrk(0));
    std::free(probe); // back to the top of the heap, which is kept
    auto const page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    std::uintptr_t const start = (before + page - 1) / page * page;
    if (!probe || after <= start || after - start < bytes / 2)
        return false; // not glibc's heap (a sanitizer's allocator), or no room to grow
    // The kernel puts a huge page wherever an aligned 2 MiB stretch lies
    // inside the range; the rest stays in 4 KiB pages.
    return madvise(reinterpret_cast<void*>(start), after - start, MADV_HUGEPAGE) == 0;
#else
    (void)bytes;
    return false;
#endif
}

} // namespace beacon::memory
