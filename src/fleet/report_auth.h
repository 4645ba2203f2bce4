#pragma once

// The credentials a kiosk sends with its reports, from `report-auth-file`:
// one line, either
//   basic USER:PASSWORD
//   bearer TOKEN
// ('#' comment lines and blank lines are ignored). Only its owner may read
// it (mode 0600 or 0400; root's, made by the administrator): a file that
// group or others can read is refused, and reports go out without
// credentials, which the server then rejects (logged once).

#include "core/result.h"
#include "system/filesystem.h"

#include <string>

namespace beacon::fleet {

inline constexpr std::size_t max_auth_file_bytes = 4096;

// The "Authorization: ..." request header.
Result<std::string> load_report_auth(FileSystem& fs, const Path& file);

// Parses the file's text (no permission check): for tests.
Result<std::string> parse_report_auth(std::string_view text, const std::string& source);

} // namespace beacon::fleet
