#pragma once

#include <cstddef>

// How Beacon asks the C library's allocator to behave: one setting for the
// long-running player, another for a short command that builds a large
// model at once.

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

// Grows the main thread's heap by about `bytes` in one step, asks the kernel
// to back that stretch with transparent huge pages, and keeps it for the
// life of the process (blocks up to 32 MiB come from it too).
//
// Why: `beacon validate` of a 10,000-item playlist builds about 60 MB of
// XML nodes and strings in a fraction of a second. Each first touch of a
// 4 KiB page is a page fault: about 15,000 of them, a sixth of the command's
// time on a 2-core VM. In 2 MiB pages they are a few dozen.
//
// For short commands only: a huge page stays resident whole, and the heap
// is never trimmed afterwards, so the player must not call this. Call
// before any other thread exists. Returns false, changing nothing that
// matters, when the allocator is not glibc's (a sanitizer's, for example)
// or the heap could not grow in one piece. Where the kernel has huge pages
// switched off the call still succeeds and the heap simply uses 4 KiB pages.
bool grow_heap_in_huge_pages(std::size_t bytes);

// Gives every whole free page of the heaps back to the kernel.
//
// Why: glibc returns memory only from the top of a heap. A burst of small
// blocks freed together (the fonts of every script, opened to lay the
// hotline out in every language: about 19 MB of FreeType's face data)
// leaves free pages in the middle that stay resident and count in the
// player's PSS for good. Walks the whole heap, so call it after such a
// burst, never once per frame. Does nothing where glibc's malloc_trim is
// missing.
void give_back_free_memory();

} // namespace beacon::memory
