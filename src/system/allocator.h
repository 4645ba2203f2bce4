#pragma once

// How the C library's allocator behaves in a process that runs for months.

namespace beacon {

// Called once, first thing, by the player (before any other thread starts).
// Large blocks (decoded pictures, text textures, FreeType faces) are given
// back to the system when freed rather than kept in the heap, and at most
// two heap arenas exist, so a loop that builds and drops screens all day
// stays near its working set instead of its worst moment.
void tune_allocator_for_long_runs();

} // namespace beacon
