#pragma once

// How the long-running player asks the C library's allocator to behave.

namespace beacon::memory {

// Makes every large block (video frames, decoder pools) live in its own
// mapping, given back to the kernel the moment it is freed.
//
// Why: glibc raises its mmap threshold each time a mapped block is freed, so
// after the first file change mpv's frame pools come from the heap arenas,
// where they stay resident as fragments. Each reload of a video then added
// 10-13 MB that was never returned (92 MB -> 116 MB PSS over four loops of
// a 720p clip). A fixed threshold keeps the figure flat. Call once at
// start-up, before any thread exists. Does nothing where glibc's mallopt is
// missing.
void return_large_blocks_to_kernel();

} // namespace beacon::memory
