#include "fleet/report_listing.h"

#include "fleet/dav_listing.h"
#include "fleet/envelope.h"

#include <algorithm>

namespace beacon::fleet {

namespace {

bool is_report_name(const std::string& name) {
    return name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
}

} // namespace

Result<std::vector<KioskReport>> read_report_listing(update::HttpClient& client,
                                                     const std::string& folder_url,
                                                     const std::vector<std::string>& headers,
                                                     const EnrolledKeys& enrolled,
                                                     long long now_hour) {
    std::vector<std::string> listing_headers = headers;
    listing_headers.push_back("Depth: 1");
    listing_headers.push_back("Content-Type: application/xml; charset=utf-8");
    auto listed = client.request("PROPFIND", folder_url, listing_headers, dav_propfind_body,
                                 max_listing_bytes);
    if (!listed)
        return Error{"cannot list " + folder_url + ": " + listed.error().message};
    if (listed.value().status != 207)
        return Error{"cannot list " + folder_url + ": the server answered " +
                     std::to_string(listed.value().status) +
                     (listed.value().status == 401 || listed.value().status == 403
                          ? " (check --report-auth-file)"
                      : listed.value().status == 405 ? " (no WebDAV PROPFIND there)"
                                                     : "")};
    auto files = TRY(parse_dav_listing(listed.value().body, folder_url));
    std::erase_if(files, [](const DavFile& file) { return !is_report_name(file.name); });
    std::sort(files.begin(), files.end(),
              [](const DavFile& a, const DavFile& b) { return a.name < b.name; });
    if (files.size() > max_report_files)
        files.resize(max_report_files);

    std::vector<KioskReport> rows;
    for (auto& file : files) {
        long long arrived_hour = file.modified_hour.value_or(now_hour);
        if (file.length && *file.length > max_envelope_bytes) {
            rows.push_back(unreadable_report(file.name, arrived_hour,
                                             file.url + ": " + std::to_string(*file.length) +
                                                 " bytes, more than a report can be"));
            continue;
        }
        auto fetched = client.request("GET", file.url, headers, {}, max_envelope_bytes);
        if (!fetched || fetched.value().status != 200) {
            rows.push_back(unreadable_report(file.name, arrived_hour,
                                             fetched ? file.url + ": the server answered " +
                                                           std::to_string(fetched.value().status)
                                                     : fetched.error().message));
            continue;
        }
        rows.push_back(read_report(fetched.value().body, file.name, arrived_hour, enrolled));
    }
    return rows;
}

} // namespace beacon::fleet
