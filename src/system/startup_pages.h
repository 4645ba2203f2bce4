#pragma once

// The pages of files the player's start reads, recorded on one start and
// read ahead on the next.
//
// Why: loading libmpv maps about 230 libraries and faults their pages in one
// after another, each fault waiting for its read. From a cold page cache that
// serial wait, not the loader's own work, was most of the first frame's time
// (bench/analysis.md, issue 22). The pages a start touches are the same from
// one boot to the next, so the player records which ones it touched, once
// its first frames are up, and the next start asks the kernel for all of
// them at once on a few threads while the loader works.
//
// This header is the record itself: its text form and the rules that bound
// it. startup_read_ahead.h reads the process's pages and replays a record.

#include "core/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::system {

// Byte ranges of one file, page-aligned, in increasing order, disjoint.
struct PageRange {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    bool operator==(const PageRange&) const = default;
};

// A file as it was when its pages were recorded. A file whose size or
// modification time changed since (a library upgraded) is not read ahead.
struct FilePages {
    std::string path; // absolute
    std::uint64_t size = 0;
    std::int64_t modified_ns = 0;
    std::vector<PageRange> ranges;
    bool same_file(const FilePages& other) const {
        return path == other.path && size == other.size && modified_ns == other.modified_ns;
    }
};

using StartupPages = std::vector<FilePages>;

// The bounds a record is held to, when parsed and when made. About 300 files
// and 1,200 ranges make a start that plays a video (libmpv's libraries, the
// player's own, its fonts): the caps leave room and stop a runaway file.
struct StartupPagesLimits {
    static constexpr std::size_t max_text_bytes = 1024 * 1024;
    static constexpr std::size_t max_files = 1024;
    static constexpr std::size_t max_ranges = 32768; // over all files
    static constexpr std::size_t max_path_bytes = 1024;
    // What one start may ask to be read, over all files: well above the
    // ~50 MiB a start that plays a video touches, well below a 1 GB board's
    // free memory.
    static constexpr std::uint64_t max_total_bytes = 256ull * 1024 * 1024;
};

// The text form, one file per line:
//   beacon-startup-pages 1
//   <size> <modified_ns> <offset>+<length>,<offset>+<length>,... <path>
// The path comes last so that it may hold spaces; paths with a line feed
// are never recorded.
std::string format_startup_pages(const StartupPages& pages);

// Refuses the whole text when it is over the limits or not in the form
// above: a record is rewritten by the next start anyway, so one bad line is
// no reason to trust the others. Every path must be recordable_path(); every
// file must have ranges, each aligned to 4 KiB (a multiple of every page
// size Linux uses), in order, and inside its file's size rounded up to
// 4 KiB.
Result<StartupPages> parse_startup_pages(std::string_view text);

// A path a record may hold: absolute, at most max_path_bytes, with no ".",
// ".." or empty component and no control character.
bool recordable_path(std::string_view path);

// The end of `size` bytes rounded up to the record's 4 KiB unit: where the
// last range of a file may end.
std::uint64_t record_end(std::uint64_t size);

// The ranges of the pages marked present, for a mapping of `pages` pages
// whose first page is at byte `first_offset` of its file. Ranges closer than
// `gap_pages` pages are joined: one read of a few pages more costs less than
// a second read (an SD card's reads cost about a millisecond each).
std::vector<PageRange> present_ranges(const std::vector<bool>& present, std::uint64_t first_offset,
                                      std::uint64_t page_size, std::size_t gap_pages);

// Adds `more` to `ranges` (both in the form above) and returns the union,
// ranges closer than `gap_bytes` joined. A file is mapped in several parts.
std::vector<PageRange> merge_ranges(std::vector<PageRange> ranges,
                                    const std::vector<PageRange>& more, std::uint64_t gap_bytes);

// Cuts `pages` down to the limits: files past max_files, ranges past
// max_ranges and bytes past max_total_bytes are left out, in order.
void keep_within_limits(StartupPages& pages);

// True when both name the same files in the same versions, whatever their
// ranges: the ranges a start touches vary a little from run to run, and a
// record is only worth rewriting when the files changed.
bool same_files(const StartupPages& a, const StartupPages& b);

} // namespace beacon::system
