#pragma once

// `beacon fleet URL`: the reports read from a WebDAV folder instead of a
// local one, over HTTP(S) with libcurl (update/http_client.h). One PROPFIND
// with "Depth: 1" lists the folder (dav_listing.h), then one GET per
// NAME.json fetches each report. Both are capped before anything is parsed:
// the listing at max_listing_bytes, each report at max_envelope_bytes (a
// file the listing says is larger is not fetched at all). A report that
// cannot be fetched is a row that says why, as an unreadable file is.

#include "core/result.h"
#include "fleet/report_reader.h"
#include "update/http_client.h"

#include <string>
#include <vector>

namespace beacon::fleet {

// `folder_url` ends in '/'. `headers`: "Authorization: ..." when the folder
// needs credentials (report_auth.h), sent to that server only. `now_hour`
// stands in for a report's arrival when the listing gives no modification
// time. Fails when the folder cannot be listed at all.
Result<std::vector<KioskReport>> read_report_listing(update::HttpClient& client,
                                                     const std::string& folder_url,
                                                     const std::vector<std::string>& headers,
                                                     const EnrolledKeys& enrolled,
                                                     long long now_hour);

} // namespace beacon::fleet
