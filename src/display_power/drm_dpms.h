#pragma once

// DPMS on the DRM connectors that SDL's kmsdrm driver lights, through
// libdrm's legacy property call (drmModeConnectorSetProperty): SDL 2.26
// drives KMS with the legacy API and never turns on DRM_CLIENT_CAP_ATOMIC,
// so the kernel accepts the connector's "DPMS" property on atomic drivers
// too (vc4, virtio-gpu). The file descriptor is SDL's DRM master; it is
// borrowed, never closed here.
//
// Which connectors and which property is a pure choice (choose_dpms_targets)
// tested without hardware; setting it needs a DRM device (the QEMU system
// test's virtio-gpu, a Pi).

#include "display_power/display_power.h"

#include <cstdint>
#include <string>
#include <vector>

namespace beacon::display_power {

struct DrmProperty {
    std::uint32_t id = 0;
    std::string name;
};

struct DrmConnector {
    std::uint32_t id = 0;
    std::string name; // "HDMI-A-1"
    bool connected = false;
    bool driven = false; // has an encoder, so a CRTC shows something on it
    std::vector<DrmProperty> properties;
};

struct DpmsTarget {
    std::uint32_t connector_id = 0;
    std::uint32_t property_id = 0;
    std::string connector_name;
    bool operator==(const DpmsTarget&) const = default;
};

// The connected, driven connectors that have a "DPMS" property; when none is
// driven (SDL has not set a mode yet), the connected ones.
std::vector<DpmsTarget> choose_dpms_targets(const std::vector<DrmConnector>& connectors);

class DrmDpms final : public SleepMethod {
  public:
    // Nullptr when `drm_fd` has no connector with DPMS.
    static std::unique_ptr<SleepMethod> create(int drm_fd);

    std::string name() const override;
    // Sets the property on every target, then reads it back: "DRM connector
    // HDMI-A-1 (id 33) DPMS is now Off", what the kernel now reports (the
    // QEMU system test looks for this line on the serial console).
    Result<std::string> set(DisplayPower power) override;

  private:
    DrmDpms(int drm_fd, std::vector<DpmsTarget> targets);
    int m_fd;
    std::vector<DpmsTarget> m_targets;
};

} // namespace beacon::display_power
