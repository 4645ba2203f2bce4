#pragma once

// The one ContentRoot over real files: a folder on disk that a playlist's
// media paths are resolved against, read through the FileSystem layer
// (system/filesystem.h) so tests can put any fault under it.
//
// Policy (the stricter of the two the player and the installer once had):
// a content path never leaves its root. It is walked one component at a
// time without following symbolic links, and a link anywhere on the path is
// refused as leading outside (PathStatus::EscapesRoot), wherever it points
// today: a link checked now can be re-aimed before the file is played. A
// signed bundle holds plain files only, so an installed version passes the
// same check. Only the root folder itself may be reached through links.
//
// Threading: const and stateless beyond its folder; any thread may ask.

#include "core/path_rules.h"
#include "system/filesystem.h"

#include <optional>
#include <set>

namespace beacon {

class DirectoryContentRoot final : public ContentRoot {
  public:
    // Over the real filesystem.
    explicit DirectoryContentRoot(const Path& folder);
    // `fs` must outlive the root.
    DirectoryContentRoot(FileSystem& fs, const Path& folder);
    // Only the files named in `listed` are there (a bundle's verified files,
    // `beacon verify`): any other path is Missing, or NotAFile when listed
    // files lie under it, whatever the folder holds besides.
    DirectoryContentRoot(FileSystem& fs, const Path& folder, std::set<std::string> listed);

    PathStatus check(const std::string& relative) const override;
    std::string resolve(const std::string& relative) const override;
    std::optional<std::string> format_problem(const std::string& relative,
                                              MediaUse use) const override;

  private:
    FileSystem& m_fs;
    Path m_folder; // absolute and canonical
    std::optional<std::set<std::string>> m_listed;
};

} // namespace beacon
