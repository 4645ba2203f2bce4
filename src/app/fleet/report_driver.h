#pragma once

// Fleet reports going out (issue 20). The loop decides when a report is due
// and what the player knows (counters, render path, clock); a worker thread
// measures the machine, signs the report with the kiosk's device key and
// PUTs it to REPORT_URL/NAME.json, through a short-lived child process
// unless update-url has loaded libcurl anyway (report_put.h: reporting adds
// no libcurl to the player's memory). Nothing comes in: no listening socket.
//
// With report-screenshot, the loop's frame goes with the report (Draft);
// the worker makes the JPEG. Whether a frame may be taken is
// core/screenshot_gate.h's rule, applied by the player.
//
// When: once after start-up, every report-interval, and once after each
// update attempt ends. Never while the hotline screen is up: a report due
// then waits until it closes, so no report is made while someone reads it.
//
// Offline: the worker's queue holds one report and a newer one replaces it
// (no backlog). A failed PUT is retried with the update poller's jittered
// backoff (update/backoff.h) until it works or a newer report replaces it.
// The log gets one line when sending starts to fail and one when it works
// again, never one per attempt.
//
// Threading: every public function is for the main thread. The worker
// never touches the loop: it has nothing to tell it.

#include "app/options.h"
#include "core/fleet_report.h"
#include "render/thumbnail.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace beacon::app {

class ReportDriver {
  public:
    using Clock = std::chrono::steady_clock;

    // Nothing when report-url is not set. `now` is the loop's clock.
    static std::unique_ptr<ReportDriver> create(const Options& options, Clock::time_point now);
    ~ReportDriver(); // stops the worker, abandoning a report in flight
    ReportDriver(const ReportDriver&) = delete;
    ReportDriver& operator=(const ReportDriver&) = delete;

    // An update attempt ended: a report goes out at the next turn.
    void update_finished() { m_due = true; }
    // What the loop hands the worker: the report, and with
    // report-screenshot the loop's frame, which the worker makes a JPEG of
    // (so the encoding never delays a frame).
    struct Draft {
        FleetReport report;
        std::optional<render::Thumbnail> frame;
    };
    // Submits a report made by `make` when one is due and the hotline
    // screen is not up.
    void send_if_due(Clock::time_point now, bool hotline_up, const std::function<Draft()>& make);
    std::optional<Clock::time_point> next_wake() const;

  private:
    struct Sender;
    ReportDriver(const Options& options, Clock::time_point now);

    Clock::duration m_interval;
    Clock::time_point m_next;
    bool m_due = true; // the first report goes out at once
    std::unique_ptr<Sender> m_sender;
};

} // namespace beacon::app
