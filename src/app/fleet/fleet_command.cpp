#include "app/fleet/fleet_command.h"

#include "fleet/dashboard.h"
#include "fleet/report_auth.h"
#include "fleet/report_listing.h"
#include "system/log.h"
#include "system/stats_file.h"
#include "update/http_client.h"

#include <cstdio>
#include <ctime>

namespace beacon::app {

namespace {

int fail(const std::string& message) {
    log::console("beacon fleet: " + message + "\n");
    return 2;
}

bool is_url(const std::string& text) {
    return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

// The reports in a WebDAV folder, with the credentials of --report-auth-file
// (the kiosks' own file serves, when the server lets them read too).
Result<std::vector<fleet::KioskReport>> read_remote(FileSystem& files, const Options& options,
                                                    const fleet::EnrolledKeys& enrolled,
                                                    long long now_hour) {
    std::string url = options.files.front();
    if (url.find_first_of("?#") == std::string::npos && url.back() != '/')
        url += '/';
    std::vector<std::string> headers;
    if (!options.report_auth_file.empty())
        headers.push_back(TRY(fleet::load_report_auth(files, options.report_auth_file)));
    update::HttpPolicy policy;
    policy.attempts = 1;
    auto client = TRY(update::HttpClient::create(policy));
    return fleet::read_report_listing(*client, url, headers, enrolled, now_hour);
}

} // namespace

int run_fleet(const Options& options) {
    PosixFileSystem files;
    Path out = options.out;
    long long now_hour = static_cast<long long>(std::time(nullptr)) / 3600;
    auto enrolled = fleet::load_enrolled_keys(files, options.keys_dir);
    auto reports = is_url(options.files.front())
                       ? read_remote(files, options, enrolled, now_hour)
                       : fleet::read_report_folder(files, options.files.front(), enrolled);
    if (!reports)
        return fail(reports.error().message);
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
