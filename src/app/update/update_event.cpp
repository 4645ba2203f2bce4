#include "app/update/update_event.h"

namespace beacon::app {

using update::InstallReport;

const char* origin_name(update::Origin origin) {
    switch (origin) {
    case update::Origin::Usb:
        return "usb";
    case update::Origin::Network:
        return "network";
    case update::Origin::Folder:
        break;
    }
    return "folder";
}

namespace {

std::string finished_text(const UpdateFinished& finished) {
    const InstallReport& report = finished.report;
    std::string text;
    switch (report.outcome) {
    case InstallReport::Outcome::Installed:
        text = "update-installed " + report.version;
        break;
    case InstallReport::Outcome::Repaired:
        text = "update-repaired " + report.version;
        break;
    case InstallReport::Outcome::AlreadyCurrent:
        text = "update-current " + report.version;
        break;
    case InstallReport::Outcome::Refused:
        text = std::string("update-refused ") + update::failure_name(report.failure);
        break;
    }
    return text + " " + origin_name(finished.origin);
}

} // namespace

std::string frame_log_text(const UpdateEvent& event) {
    if (auto* started = std::get_if<UpdateStarted>(&event))
        return std::string("update-started ") + origin_name(started->origin);
    if (auto* finished = std::get_if<UpdateFinished>(&event))
        return finished_text(*finished);
    if (auto* staged = std::get_if<UpdateStaged>(&event))
        return "update-staged " + staged->version;
    return "";
}

} // namespace beacon::app
