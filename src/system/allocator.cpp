#include "system/allocator.h"

#include <malloc.h>

namespace beacon {

void tune_allocator_for_long_runs() {
#if defined(__GLIBC__)
    // glibc raises its mmap threshold to the size of each mmapped block it
    // frees (up to 32 MB), after which every text texture and surface of that
    // size comes from the heap and its pages stay with the process when
    // freed. A fixed threshold turns that off. Measured headless on the
    // default playlist's fact sheets (44 screens in turn): PSS about 80 MB
    // with glibc's defaults, about 66 MB with these settings.
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024);
    // One arena per thread that ever allocated (mpv's, the screens builder,
    // the update worker) each keeps its own free pages.
    mallopt(M_ARENA_MAX, 2);
#endif
}

} // namespace beacon
