#include "display_power/drm_dpms.h"

#include <xf86drm.h>
#include <xf86drmMode.h>

#include <cerrno>
#include <memory>

namespace beacon::display_power {

namespace {

struct FreeResources {
    void operator()(drmModeRes* resources) const { drmModeFreeResources(resources); }
};
struct FreeConnector {
    void operator()(drmModeConnector* connector) const { drmModeFreeConnector(connector); }
};
struct FreeProperty {
    void operator()(drmModePropertyRes* property) const { drmModeFreeProperty(property); }
};
struct FreeObjectProperties {
    void operator()(drmModeObjectProperties* properties) const {
        drmModeFreeObjectProperties(properties);
    }
};

std::string connector_name(const drmModeConnector& connector) {
    const char* type = drmModeGetConnectorTypeName(connector.connector_type);
    return std::string(type ? type : "Unknown") + "-" + std::to_string(connector.connector_type_id);
}

std::vector<DrmConnector> read_connectors(int fd) {
    std::vector<DrmConnector> out;
    std::unique_ptr<drmModeRes, FreeResources> resources(drmModeGetResources(fd));
    if (!resources)
        return out;
    for (int i = 0; i < resources->count_connectors; ++i) {
        std::unique_ptr<drmModeConnector, FreeConnector> connector(
            drmModeGetConnector(fd, resources->connectors[i]));
        if (!connector)
            continue;
        DrmConnector info;
        info.id = connector->connector_id;
        info.name = connector_name(*connector);
        info.connected = connector->connection == DRM_MODE_CONNECTED;
        info.driven = connector->encoder_id != 0;
        for (int p = 0; p < connector->count_props; ++p) {
            std::unique_ptr<drmModePropertyRes, FreeProperty> property(
                drmModeGetProperty(fd, connector->props[p]));
            if (property)
                info.properties.push_back({property->prop_id, property->name});
        }
        out.push_back(std::move(info));
    }
    return out;
}

// The property's value as the kernel reports it now, or -1.
long long read_back(int fd, const DpmsTarget& target) {
    std::unique_ptr<drmModeObjectProperties, FreeObjectProperties> properties(
        drmModeObjectGetProperties(fd, target.connector_id, DRM_MODE_OBJECT_CONNECTOR));
    if (!properties)
        return -1;
    for (std::uint32_t i = 0; i < properties->count_props; ++i)
        if (properties->props[i] == target.property_id)
            return static_cast<long long>(properties->prop_values[i]);
    return -1;
}

const char* dpms_state_name(long long value) {
    switch (value) {
    case DRM_MODE_DPMS_ON:
        return "On";
    case DRM_MODE_DPMS_STANDBY:
        return "Standby";
    case DRM_MODE_DPMS_SUSPEND:
        return "Suspend";
    case DRM_MODE_DPMS_OFF:
        return "Off";
    default:
        return "unknown";
    }
}

} // namespace

std::vector<DpmsTarget> choose_dpms_targets(const std::vector<DrmConnector>& connectors) {
    std::vector<DpmsTarget> driven, connected;
    for (auto& connector : connectors) {
        if (!connector.connected)
            continue;
        for (auto& property : connector.properties) {
            if (property.name != "DPMS")
                continue;
            DpmsTarget target{connector.id, property.id, connector.name};
            (connector.driven ? driven : connected).push_back(target);
            break;
        }
    }
    return driven.empty() ? connected : driven;
}

DrmDpms::DrmDpms(int drm_fd, std::vector<DpmsTarget> targets)
    : m_fd(drm_fd), m_targets(std::move(targets)) {}

std::unique_ptr<SleepMethod> DrmDpms::create(int drm_fd) {
    if (drm_fd < 0)
        return nullptr;
    auto targets = choose_dpms_targets(read_connectors(drm_fd));
    if (targets.empty())
        return nullptr;
    return std::unique_ptr<SleepMethod>(new DrmDpms(drm_fd, std::move(targets)));
}

std::string DrmDpms::name() const {
    std::string names;
    for (auto& target : m_targets)
        names += (names.empty() ? "" : ",") + target.connector_name;
    return "drm-dpms " + names;
}

Result<std::string> DrmDpms::set(DisplayPower power) {
    std::uint64_t value = power == DisplayPower::Off ? DRM_MODE_DPMS_OFF : DRM_MODE_DPMS_ON;
    std::string report;
    for (auto& target : m_targets) {
        int result =
            drmModeConnectorSetProperty(m_fd, target.connector_id, target.property_id, value);
        if (result != 0)
            return Error::from_errno(result < 0 ? -result : errno, "drmModeConnectorSetProperty(" +
                                                                       target.connector_name +
                                                                       ", DPMS)");
        long long now = read_back(m_fd, target);
        report += (report.empty() ? "" : "; ") + std::string("DRM connector ") +
                  target.connector_name + " (id " + std::to_string(target.connector_id) +
                  ") DPMS is now " + dpms_state_name(now);
        if (now != static_cast<long long>(value))
            return Error{"the kernel reports DPMS " + std::string(dpms_state_name(now)) + " on " +
                         target.connector_name};
    }
    return report;
}

} // namespace beacon::display_power
