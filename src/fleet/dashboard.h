#pragma once

// `beacon fleet`'s output from the reports read: a static index.html (inline
// CSS and SVG, no script, no outside asset) and metrics.prom in the
// OpenMetrics text format. Pure: the reports and the hour are passed in.
//
// Every text that came from a report is escaped for where it goes (HTML
// text and attributes, OpenMetrics label values) in one function each.

#include "fleet/report_reader.h"

#include <string>
#include <string_view>
#include <vector>

namespace beacon::fleet {

// Whether a kiosk is reporting, from its last report's hour and its
// interval. Reports carry the hour, not the minute (privacy), so a kiosk is
// online when its last report is at most `slack` whole hours old, where
// slack = max(1, ceil(2 * interval / 1 h)); late up to two hours more;
// offline after that.
enum class Liveness { Online, Late, Offline };
Liveness liveness(long long report_hour, int interval_seconds, long long now_hour);
const char* liveness_name(Liveness liveness);

struct Dashboard {
    std::string html;
    std::string metrics;
    // Every kiosk online and signed by an enrolled or at least a valid key
    // (no bad signature, no known name with a new key): exit status 0.
    bool all_well = true;
};

// `now_hour`: UTC hours since 1970. `problems`: what could not be read at all
// (the --keys folder), shown at the top.
Dashboard make_dashboard(const std::vector<KioskReport>& reports, long long now_hour,
                         const std::vector<std::string>& problems);

std::string html_escape(std::string_view text);  // core/markup_escape.h's
std::string label_escape(std::string_view text); // an OpenMetrics label value

} // namespace beacon::fleet
