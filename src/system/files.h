#pragma once

// Filesystem access for content: reading playlists and checking media paths
// against a content root. src/core sees only the ContentRoot interface.

#include "core/path_rules.h"
#include "core/result.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace beacon {

// Reads a whole small text file (playlists, captions). Larger files are
// refused rather than read: a playlist has no reason to be large.
Result<std::string> read_text_file(const std::filesystem::path& path,
                                   std::uintmax_t max_bytes = 16 * 1024 * 1024);

// A folder on disk. Paths are resolved with symlinks followed, and anything
// that ends up outside the folder is refused.
class DirectoryContentRoot final : public ContentRoot {
  public:
    explicit DirectoryContentRoot(const std::filesystem::path& folder);
    PathStatus check(const std::string& relative) const override;
    std::string resolve(const std::string& relative) const override;

  private:
    std::filesystem::path m_folder; // canonical
};

} // namespace beacon
