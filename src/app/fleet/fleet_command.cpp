#include "app/fleet/fleet_command.h"

#include "fleet/dashboard.h"
#include "system/log.h"
#include "system/stats_file.h"

#include <cstdio>
#include <ctime>

namespace beacon::app {

namespace {

int fail(const std::string& message) {
    log::console("beacon fleet: " + message + "\n");
    return 2;
}

} // namespace

int run_fleet(const Options& options) {
    PosixFileSystem files;
    Path folder = options.files.front();
    Path out = options.out;
    auto enrolled = fleet::load_enrolled_keys(files, options.keys_dir);
    auto reports = fleet::read_report_folder(files, folder, enrolled);
    if (!reports)
        return fail(reports.error().message);
    long long now_hour = static_cast<long long>(std::time(nullptr)) / 3600;
    auto dashboard = fleet::make_dashboard(reports.value(), now_hour, enrolled.problems);
    if (auto made = files.make_dir(out); !made)
        return fail(made.error().message);
    std::time_t now = std::time(nullptr);
    if (auto written = write_file_atomically(out / "index.html", dashboard.html, now); !written)
        return fail(written.error().message);
    if (auto written = write_file_atomically(out / "metrics.prom", dashboard.metrics, now);
        !written)
        return fail(written.error().message);
    std::printf("%zu reports: %s\n", reports.value().size(),
                dashboard.all_well ? "all online" : "some late, offline or untrusted");
    return dashboard.all_well ? 0 : 1;
}

} // namespace beacon::app
