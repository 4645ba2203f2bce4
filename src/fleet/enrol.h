#pragma once

// Enrolment without a network: a stick mounted under `usb-dir` (the folder
// itself or one of its subfolders) that carries a file named `beacon-enrol`
// gets this kiosk's public key written beside it, as
// `beacon-enrol-NAME.pub`. The administrator copies those files into the
// `--keys` folder of `beacon fleet`, which then marks reports signed by
// them as enrolled. The file is the same text as STATE/device.pub.

#include "system/filesystem.h"

#include <string>
#include <vector>

namespace beacon::fleet {

inline constexpr const char* enrol_request_name = "beacon-enrol";

// Writes the key to every stick asking for it that does not hold it yet.
// Returns the files written.
std::vector<Path> enrol_on_sticks(FileSystem& fs, const Path& usb_dir, const std::string& name,
                                  const std::string& public_key_text);

// The file name for a kiosk: "beacon-enrol-" + the name with characters
// other than letters, digits, '-', '_' and '.' replaced by '_'.
std::string enrol_file_name(const std::string& name);

} // namespace beacon::fleet
