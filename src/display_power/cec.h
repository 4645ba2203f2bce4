#pragma once

// HDMI-CEC through the kernel's CEC framework (/dev/cecN, <linux/cec.h>):
// Standby (opcode 0x36) to the television to sleep, Image View On (0x04)
// to wake it. The kernel framework rather than libcec: it is what the Pi's
// vc4 HDMI driver (and most boards' DRM drivers) expose, it needs no
// library, and libcec would add its own adapter detection and a C++ ABI to
// carry for two messages.
//
// The device is reached through CecDevice, so the ioctl sequence (caps,
// mode, logical address, transmit) and the bytes sent are tested against a
// fake (tests/unit/test_display_power.cpp); only a real HDMI sink shows
// whether a television obeys.

#include "display_power/display_power.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace beacon::display_power {

// CEC logical addresses and opcodes used here (HDMI 1.4b, CEC 13.x).
constexpr std::uint8_t cec_address_tv = 0;
constexpr std::uint8_t cec_address_unregistered = 15;
constexpr std::uint8_t cec_opcode_standby = 0x36;
constexpr std::uint8_t cec_opcode_image_view_on = 0x04;

// A CEC frame: header (initiator << 4 | destination), opcode.
std::array<std::uint8_t, 2> cec_frame(std::uint8_t initiator, std::uint8_t destination,
                                      std::uint8_t opcode);

// An ioctl on an open /dev/cecN; returns 0 or -errno.
class CecDevice {
  public:
    virtual ~CecDevice() = default;
    virtual int control(unsigned long request, void* argument) = 0;
};

class CecSleep final : public SleepMethod {
  public:
    // `path` for the log only.
    CecSleep(std::unique_ptr<CecDevice> device, std::string path);
    // The adapters under /dev that can transmit; none when there are none.
    static std::vector<std::unique_ptr<SleepMethod>> find_all();

    std::string name() const override { return "hdmi-cec " + m_path; }
    Result<std::string> set(DisplayPower power) override;

  private:
    // Caps, initiator mode and our logical address, the first time.
    Status prepare();

    std::unique_ptr<CecDevice> m_device;
    std::string m_path;
    bool m_prepared = false;
    std::uint8_t m_initiator = cec_address_unregistered;
};

} // namespace beacon::display_power
