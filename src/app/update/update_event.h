#pragma once

// What the update worker tells the loop, as values: it posts them through
// its Worker (system/worker.h), and the loop's UpdateDriver turns them into
// the overlay, the staged playlist, the frame log and the daily counters.
// Text is made only where an event is shown or logged (frame_log_text(),
// InstallReport::notice()), never parsed back.

#include "app/content.h"
#include "update/installer.h"

#include <cstdint>
#include <string>
#include <variant>

namespace beacon::app {

// An install began (from a stick or a folder), or a poll found a bundle and
// began downloading it.
struct UpdateStarted {
    update::Origin origin;
};

// Bytes copied or downloaded so far; at most every 100 ms, and the last one.
struct UpdateProgress {
    update::Origin origin;
    std::uint64_t done = 0;
    std::uint64_t total = 0;
};

// An install or a poll ended, whatever the outcome: installed, repaired,
// already current, or refused with its reason (report.failure).
struct UpdateFinished {
    update::Origin origin;
    update::InstallReport report;
    bool show = false; // on screen as a notice; otherwise only logged
};

// A new version is current in the store, loaded and ready to swap in at the
// next item boundary.
struct UpdateStaged {
    std::string version;
    LoadedContent content; // the driver moves it out for the loop to stage
};

using UpdateEvent = std::variant<UpdateStarted, UpdateProgress, UpdateFinished, UpdateStaged>;

// "usb", "network", "folder".
const char* origin_name(update::Origin origin);
// The event as the frame log shows it, comma-free: "update-started usb",
// "update-installed 7 usb", "update-refused untrusted-key network",
// "update-staged 7". Empty for progress, which is not logged.
std::string frame_log_text(const UpdateEvent& event);

} // namespace beacon::app
