#pragma once

#include "app/options.h"

namespace beacon::app {

// `beacon fleet DIR|URL --out OUT_DIR [--keys DIR] [--report-auth-file FILE]`:
// reads every NAME.json report in DIR, or in the WebDAV folder at URL
// (fleet/report_listing.h), writes OUT_DIR/index.html and
// OUT_DIR/metrics.prom. Exit status:
// 0 every kiosk online and validly signed, 1 at least one late, offline, with
// a bad signature or a known name with a new key, 2 nothing could be written.
int run_fleet(const Options& options);

} // namespace beacon::app
