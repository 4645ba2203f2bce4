#include "system/service.h"

#include "core/error.h"
#include "system/log.h"
#include "system/termination.h"

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <sys/timex.h>
#include <systemd/sd-daemon.h>

#ifndef BEACON_BUILD_DATE
#define BEACON_BUILD_DATE "2025-01-01"
#endif

namespace beacon::service {

ServiceNotifier::ServiceNotifier() {
    // `systemctl stop` is honoured within 2 s, even by a loop that is stuck.
    install_termination_deadline();
    std::uint64_t usec = 0;
    // 0 on "not enabled", >0 with the unit's WatchdogSec in usec.
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        m_ping_interval = std::chrono::milliseconds(std::max<std::uint64_t>(usec / 2000, 1));
        log::info("systemd watchdog on: pinging every " + std::to_string(m_ping_interval->count()) +
                  " ms");
    }
}

void ServiceNotifier::ready() {
    if (m_ready_sent)
        return;
    m_ready_sent = true;
    if (int sent = sd_notify(0, "READY=1\nSTATUS=Playing"); sent < 0)
        log::warning(Error::from_errno(-sent, "sd_notify(READY=1) failed").message);
}

void ServiceNotifier::stopping() {
    sd_notify(0, "STOPPING=1");
}

void ServiceNotifier::ping_if_due(SteadyTime now) {
    if (!m_ping_interval || (m_last_ping && now - *m_last_ping < *m_ping_interval))
        return;
    m_last_ping = now;
    if (int sent = sd_notify(0, "WATCHDOG=1"); sent < 0)
        log::error_once_per(std::chrono::seconds(600),
                            Error::from_errno(-sent, "sd_notify(WATCHDOG=1) failed").message);
}

void notify_waiting(const std::string& status) {
    std::string message = "READY=1\nWATCHDOG=1\nSTATUS=" + status;
    sd_notify(0, message.c_str()); // outside systemd: 0, nothing to do
}

std::optional<SteadyTime> ServiceNotifier::next_ping() const {
    if (!m_ping_interval)
        return std::nullopt;
    if (!m_last_ping)
        return SteadyTime::min();
    return *m_last_ping + *m_ping_interval;
}

CivilDate build_date() {
    auto date = parse_civil_date(BEACON_BUILD_DATE);
    return date.value_or(CivilDate{2025, 1, 1});
}

namespace {

bool clock_synchronised() {
    // systemd-timesyncd touches this once it has synchronised since boot.
    struct stat info;
    if (::stat("/run/systemd/timesync/synchronized", &info) == 0)
        return true;
    // Otherwise the kernel's view, kept by any NTP daemon (chrony, ntpd):
    // a read-only query needs no privilege.
    struct timex query {};
    int state = ::adjtimex(&query);
    return state != -1 && state != TIME_ERROR && !(query.status & STA_UNSYNC);
}

} // namespace

bool clock_trusted(std::time_t now, ClockTrust trust) {
    switch (trust) {
    case ClockTrust::Yes:
        return true;
    case ClockTrust::No:
        return false;
    case ClockTrust::Auto:
        break;
    }
    LocalTime local = local_time(now, false);
    return !(local.date < build_date()) && clock_synchronised();
}

LocalTime local_time(std::time_t now, bool trusted) {
    std::tm parts{};
    if (!::localtime_r(&now, &parts))
        return LocalTime{};
    LocalTime local;
    local.date = {parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday};
    local.weekday = (parts.tm_wday + 6) % 7; // tm: 0 = Sunday
    local.minute_of_day = parts.tm_hour * 60 + parts.tm_min;
    local.clock_trusted = trusted;
    return local;
}

std::time_t local_midnight(const CivilDate& date) {
    std::tm parts{};
    parts.tm_year = date.year - 1900;
    parts.tm_mon = date.month - 1;
    parts.tm_mday = date.day;
    parts.tm_isdst = -1; // let mktime decide whether DST was in force
    return std::mktime(&parts);
}

} // namespace beacon::service
