#include "fleet/kiosk_facts.h"

#include "update/store.h"

#include <algorithm>
#include <charconv>
#include <sys/utsname.h>
#include <unistd.h>

namespace beacon::fleet {

namespace {

std::optional<long long> leading_number(std::string_view text) {
    auto start = text.find_first_of("-0123456789");
    if (start == std::string_view::npos)
        return std::nullopt;
    long long value = 0;
    auto [end, error] = std::from_chars(text.data() + start, text.data() + text.size(), value);
    if (error != std::errc())
        return std::nullopt;
    return value;
}

} // namespace

std::string host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
        return "kiosk";
    return name;
}

std::string machine_arch() {
    utsname names{};
    if (uname(&names) != 0)
        return "unknown";
    return names.machine;
}

std::optional<std::uint64_t> resident_bytes() {
    auto status = read_small_file(posix_file_system(), "/proc/self/status", 64 * 1024);
    if (!status)
        return std::nullopt;
    auto at = status.value().find("VmRSS:");
    if (at == std::string::npos)
        return std::nullopt;
    auto kib = leading_number(std::string_view(status.value()).substr(at + 6, 40));
    if (!kib || *kib < 0)
        return std::nullopt;
    return static_cast<std::uint64_t>(*kib) * 1024;
}

std::optional<double> cpu_celsius(const Path& thermal_root) {
    FileSystem& fs = posix_file_system();
    auto zones = fs.list(thermal_root);
    if (!zones)
        return std::nullopt;
    std::sort(zones.value().begin(), zones.value().end());
    for (auto& zone : zones.value()) {
        if (zone.rfind("thermal_zone", 0) != 0)
            continue;
        // sysfs files are not "regular" to every check: read them plainly.
        auto text = read_small_file(fs, thermal_root / zone / "temp", 64);
        if (!text)
            continue;
        auto millidegrees = leading_number(text.value());
        if (millidegrees && *millidegrees > -50'000 && *millidegrees < 200'000)
            return static_cast<double>(*millidegrees) / 1000.0;
    }
    return std::nullopt;
}

long long count_boot(FileSystem& fs, const Path& state_dir, const Path& boot_id_file) {
    auto boot_id = read_small_file(fs, boot_id_file, 128);
    std::string id = boot_id ? std::string(boot_id.value()) : "unknown";
    id.erase(std::remove_if(id.begin(), id.end(), [](char c) { return c == '\n' || c == ' '; }),
             id.end());
    Path file = state_dir / "boots";
    long long count = 0;
    std::string recorded_id;
    if (auto text = read_small_file(fs, file, 256)) {
        std::string_view line = text.value();
        count = leading_number(line).value_or(0);
        auto space = line.find(' ');
        if (space != std::string_view::npos)
            recorded_id = std::string(line.substr(space + 1));
        while (!recorded_id.empty() && recorded_id.back() == '\n')
            recorded_id.pop_back();
    }
    if (count > 0 && recorded_id == id)
        return count;
    ++count;
    Path temporary = state_dir / "boots.new";
    (void)fs.remove(temporary);
    if (!write_small_file(fs, temporary, std::to_string(count) + " " + id + "\n") ||
        !fs.rename(temporary, file))
        return 0;
    return count;
}

void measure(FleetReport& report, FileSystem& fs, const Path& store_dir) {
    update::Store store(fs, store_dir);
    if (auto version = store.current_version()) {
        report.content.version = *version;
        // An installed bundle is named by its signed label, which
        // administrators chose (`beacon bundle --label`), never by the
        // store's path to its playlist; a bundle without one has none.
        if (auto manifest = store.version_manifest(*version)) {
            report.content.sequence = manifest->sequence;
            report.content.label = manifest->label;
        } else {
            report.content.sequence = store.sequence_of(*version);
        }
    }
    if (auto free = fs.free_bytes(store_dir))
        report.store_free_bytes = free.value();
    report.memory_bytes = resident_bytes();
    report.cpu_celsius = cpu_celsius();
}

} // namespace beacon::fleet
