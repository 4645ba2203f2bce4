#pragma once

// What a report says about the machine, measured by the report worker just
// before it sends (never on the loop's thread): the OS reads here are a few
// small files under /proc and /sys and one statvfs().

#include "core/fleet_report.h"
#include "system/filesystem.h"

#include <optional>
#include <string>

namespace beacon::fleet {

std::string host_name();
std::string machine_arch(); // uname's machine: "x86_64", "aarch64"

// This process's resident set (VmRSS), in bytes.
std::optional<std::uint64_t> resident_bytes();
// The first thermal zone's temperature, where /sys/class/thermal has one.
std::optional<double> cpu_celsius(const Path& thermal_root = "/sys/class/thermal");

// Counts the machine's boots in STATE/boots: "COUNT BOOT_ID", raised when
// the kernel's boot id differs from the one recorded. Returns the count
// (1 the first time; 0 when the state folder is not writable).
long long count_boot(FileSystem& fs, const Path& state_dir,
                     const Path& boot_id_file = "/proc/sys/kernel/random/boot_id");

// Fills the measured fields of `report`: the store's version, sequence,
// bundle label (replacing the playlist's source the loop put there) and free
// space, memory, temperature.
void measure(FleetReport& report, FileSystem& fs, const Path& store_dir);

} // namespace beacon::fleet
