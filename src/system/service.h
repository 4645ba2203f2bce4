#pragma once

// Life under systemd, and the wall clock.
//
// ServiceNotifier speaks the sd_notify protocol through libsystemd: READY=1
// once the first frame is on screen, WATCHDOG=1 from the render loop at half
// the unit's WatchdogSec, so a frozen loop (not only a crash) gets restarted.
// Outside systemd (no NOTIFY_SOCKET) every call does nothing. Constructing
// one also installs the SIGTERM deadline (system/termination.h), so it must
// be constructed after SDL_Init.
//
// The local civil time is read here, with the system's time zone, and handed
// to the pure core as a LocalTime. Threading: main thread only.

#include "core/schedule.h"

#include <chrono>
#include <ctime>
#include <optional>
#include <string>

namespace beacon::service {

using SteadyTime = std::chrono::steady_clock::time_point;

class ServiceNotifier {
  public:
    ServiceNotifier();

    void ready();
    void stopping();
    // How often the loop must ping, when systemd's watchdog is on.
    std::optional<std::chrono::milliseconds> ping_interval() const { return m_ping_interval; }
    // Sends WATCHDOG=1 when the last ping is older than ping_interval().
    void ping_if_due(SteadyTime now);
    // When the loop must wake up next to ping in time.
    std::optional<SteadyTime> next_ping() const;

  private:
    std::optional<std::chrono::milliseconds> m_ping_interval;
    std::optional<SteadyTime> m_last_ping;
    bool m_ready_sent = false;
};

// While Beacon waits for a display (before its first frame): tells systemd
// the service is up, waiting (READY=1, STATUS=`status`, so boot reaches
// multi-user.target and `systemctl status` says why), and pings its watchdog.
// Called at least every WatchdogSec/2. Does nothing outside systemd.
void notify_waiting(const std::string& status);

enum class ClockTrust { Auto, Yes, No };

// Whether the wall clock can be believed: with Auto, not earlier than the day
// Beacon was built and synchronised (per the kernel's NTP status or
// systemd-timesyncd's flag file).
bool clock_trusted(std::time_t now, ClockTrust trust);

// `now` as local civil time in the system's time zone (localtime_r).
LocalTime local_time(std::time_t now, bool trusted);

// The start of `date` in the system's time zone (00:00, or the first minute
// that exists on a day whose midnight was skipped).
std::time_t local_midnight(const CivilDate& date);

// The build date baked in at compile time (BEACON_BUILD_DATE).
CivilDate build_date();

} // namespace beacon::service
