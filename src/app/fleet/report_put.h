#pragma once

// A report's PUT made by a short-lived child process, `beacon report-send`
// (the player's own binary, /proc/self/exe), so that libcurl and the TLS
// stack it pulls in (about 8 MB of RSS in a fresh process, 3.4 MB more in
// the player, bench/ and docs/benchmarks.md) are never loaded into the
// player when only reports use the network. The child exits after each
// report and its memory goes with it. With `update-url` set the update
// poller has loaded libcurl anyway, and the report worker PUTs in process.
//
// The child is given everything on its stdin, never on its command line
// (which `ps` shows to every user): the URL on the first line, one request
// header a line ("Authorization: ..."), an empty line, then the body. It
// answers on stdout with the HTTP status ("204") or "error: WHY", and exits.
//
// Threading: put_in_child() is for the report worker's thread; it blocks
// until the child answers, or `cancel` is raised (the child is then
// killed). The stdio are a socket pair, so that a child gone early can
// never raise SIGPIPE in the player.

#include "app/options.h"
#include "core/result.h"

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::app {

inline constexpr std::size_t max_report_request_bytes = 80 * 1024;

Result<long> put_in_child(const std::string& url, std::string_view body,
                          const std::vector<std::string>& headers, const std::atomic<bool>* cancel);

// `beacon report-send`: the child's side.
int run_report_send(const Options& options);

} // namespace beacon::app
