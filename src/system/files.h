#pragma once

// Reading whole playlists and captions: a copy into a string, or a mapping.
// Paths of media inside a content folder are checked by DirectoryContentRoot
// (system/content_root.h).

#include "core/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace beacon {

// Reads a whole small text file (playlists, captions). Larger files are
// refused rather than read: a playlist has no reason to be large.
Result<std::string> read_text_file(const std::filesystem::path& path,
                                   std::uintmax_t max_bytes = 16 * 1024 * 1024);

// A whole file mapped read-only: `beacon validate` parses a 9 MB playlist
// straight from the page cache, without copying it first.
//
// Only for a file nobody rewrites while it is mapped: reading a page past
// the end of a file truncated meanwhile kills the process (SIGBUS). The
// player therefore reads its playlist with read_text_file(): it reloads a
// playlist when it changes, possibly while an editor is still saving it.
class MappedFile {
  public:
    static Result<MappedFile> open(const std::filesystem::path& path,
                                   std::uintmax_t max_bytes = 16 * 1024 * 1024);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    ~MappedFile();

    std::string_view text() const { return {m_data ? m_data : "", m_size}; }

  private:
    MappedFile() = default;
    void unmap();

    const char* m_data = nullptr; // null for an empty file
    std::size_t m_size = 0;
};

} // namespace beacon
