#pragma once

// Rules for paths that come from content. A content path is relative, uses
// '/' separators and never leaves the folder it is resolved against. The
// lexical part is checked here; whether a symlink leads out is a question for
// the filesystem, answered through ContentRoot.

#include "core/media_signature.h"

#include <optional>
#include <string>

namespace beacon {

// Returns why `path` is not an acceptable content path, or nothing if it is.
std::optional<std::string> content_path_problem(const std::string& path);

enum class PathStatus { Ok, Missing, NotAFile, EscapesRoot };

// The folder a playlist's media are resolved against. Implemented over the
// real filesystem in src/system and by fixtures in tests.
class ContentRoot {
  public:
    virtual ~ContentRoot() = default;
    // `relative` has already passed content_path_problem().
    virtual PathStatus check(const std::string& relative) const = 0;
    // The path to hand to a media player.
    virtual std::string resolve(const std::string& relative) const = 0;
    // Why the file is not acceptable as `use`, judged by media_problem()
    // (core/media_signature.h) on its first bytes; nothing when it is. Asked
    // only after check() said Ok. A root that cannot read files says
    // nothing, so every root over real files must override it.
    virtual std::optional<std::string> format_problem(const std::string& relative,
                                                      MediaUse use) const {
        (void)relative;
        (void)use;
        return std::nullopt;
    }
};

} // namespace beacon
