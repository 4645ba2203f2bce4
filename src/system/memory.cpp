#include "system/memory.h"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace beacon::memory {

void return_large_blocks_to_kernel() {
#if defined(M_MMAP_THRESHOLD)
    // 256 KiB: well below one plane of a 720p frame, well above the text
    // layouts, glyphs and XML nodes that make up the rest of the heap.
    constexpr int k_threshold_bytes = 256 * 1024;
    mallopt(M_MMAP_THRESHOLD, k_threshold_bytes);
#endif
}

} // namespace beacon::memory
