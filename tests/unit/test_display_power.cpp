// The screen's sleep methods without their hardware: the CEC ioctl sequence
// and the bytes sent, checked against the kernel's own message builders
// (<linux/cec-funcs.h>) through a fake /dev/cecN; the choice of DRM
// connector and property; and what DisplayPowerControl reports. Whether a
// television obeys, and whether a panel goes dark, only hardware shows (the
// QEMU system test sees virtio-gpu's connector DPMS).

#include "display_power/cec.h"
#include "display_power/drm_dpms.h"

#include <sys/ioctl.h>

#include <linux/cec-funcs.h>
#include <linux/cec.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstring>
#include <vector>

using namespace beacon;
using namespace beacon::display_power;

namespace {

struct FakeCecBus {
    std::uint32_t capabilities = CEC_CAP_TRANSMIT | CEC_CAP_LOG_ADDRS;
    std::uint8_t configured_address = CEC_LOG_ADDR_INVALID; // none: unconfigured
    bool can_claim = true;
    std::uint32_t tx_status = CEC_TX_STATUS_OK;
    int transmit_errno = 0;
    std::vector<unsigned long> calls;
    std::vector<std::vector<std::uint8_t>> sent;
    std::uint32_t mode = 0;
};

class FakeCec final : public CecDevice {
  public:
    explicit FakeCec(FakeCecBus& bus) : m_bus(bus) {}
    int control(unsigned long request, void* argument) override {
        m_bus.calls.push_back(request);
        if (request == CEC_ADAP_G_CAPS) {
            auto* caps = static_cast<cec_caps*>(argument);
            *caps = {};
            caps->capabilities = m_bus.capabilities;
            return 0;
        }
        if (request == CEC_S_MODE) {
            m_bus.mode = *static_cast<std::uint32_t*>(argument);
            return 0;
        }
        if (request == CEC_ADAP_G_LOG_ADDRS) {
            auto* addresses = static_cast<cec_log_addrs*>(argument);
            *addresses = {};
            if (m_bus.configured_address != CEC_LOG_ADDR_INVALID) {
                addresses->num_log_addrs = 1;
                addresses->log_addr[0] = m_bus.configured_address;
            }
            return 0;
        }
        if (request == CEC_ADAP_S_LOG_ADDRS) {
            if (!m_bus.can_claim)
                return -EINVAL;
            auto* claim = static_cast<cec_log_addrs*>(argument);
            REQUIRE(claim->log_addr_type[0] == CEC_LOG_ADDR_TYPE_PLAYBACK);
            claim->log_addr[0] = CEC_LOG_ADDR_PLAYBACK_1;
            m_bus.configured_address = CEC_LOG_ADDR_PLAYBACK_1;
            return 0;
        }
        if (request == CEC_TRANSMIT) {
            if (m_bus.transmit_errno)
                return -m_bus.transmit_errno;
            auto* message = static_cast<cec_msg*>(argument);
            m_bus.sent.emplace_back(message->msg, message->msg + message->len);
            message->tx_status = static_cast<std::uint8_t>(m_bus.tx_status);
            return 0;
        }
        return -ENOTTY;
    }

  private:
    FakeCecBus& m_bus;
};

// The kernel's own builders for the frames Beacon sends.
std::vector<std::uint8_t> kernel_frame(std::uint8_t initiator, bool standby) {
    cec_msg message{};
    cec_msg_init(&message, initiator, CEC_LOG_ADDR_TV);
    if (standby)
        cec_msg_standby(&message);
    else
        cec_msg_image_view_on(&message);
    return {message.msg, message.msg + message.len};
}

} // namespace

TEST_CASE("CEC frames are the kernel's Standby and Image View On", "[display][cec]") {
    for (std::uint8_t initiator : {std::uint8_t(4), std::uint8_t(15)}) {
        auto standby = cec_frame(initiator, cec_address_tv, cec_opcode_standby);
        auto view_on = cec_frame(initiator, cec_address_tv, cec_opcode_image_view_on);
        CHECK(std::vector<std::uint8_t>(standby.begin(), standby.end()) ==
              kernel_frame(initiator, true));
        CHECK(std::vector<std::uint8_t>(view_on.begin(), view_on.end()) ==
              kernel_frame(initiator, false));
    }
    CHECK(cec_frame(4, 0, 0x36) == std::array<std::uint8_t, 2>{0x40, 0x36});
    CHECK(cec_frame(15, 0, 0x04) == std::array<std::uint8_t, 2>{0xF0, 0x04});
}

TEST_CASE("CEC: an unconfigured adapter claims a playback address, then sends", "[display][cec]") {
    FakeCecBus bus;
    CecSleep cec(std::make_unique<FakeCec>(bus), "/dev/cec0");
    auto off = cec.set(DisplayPower::Off);
    REQUIRE(off.ok());
    CHECK(off.value() == "Standby acknowledged");
    CHECK(bus.mode == CEC_MODE_INITIATOR);
    CHECK(bus.calls == std::vector<unsigned long>{CEC_ADAP_G_CAPS, CEC_S_MODE, CEC_ADAP_G_LOG_ADDRS,
                                                  CEC_ADAP_S_LOG_ADDRS, CEC_TRANSMIT});
    REQUIRE(cec.set(DisplayPower::On).ok());
    // Prepared once; playback device 1 is logical address 4.
    CHECK(bus.calls.size() == 6);
    REQUIRE(bus.sent.size() == 2);
    CHECK(bus.sent[0] == std::vector<std::uint8_t>{0x40, 0x36});
    CHECK(bus.sent[1] == std::vector<std::uint8_t>{0x40, 0x04});
}

TEST_CASE("CEC: an adapter that cannot claim talks as Unregistered", "[display][cec]") {
    FakeCecBus bus;
    bus.can_claim = false;
    CecSleep cec(std::make_unique<FakeCec>(bus), "/dev/cec0");
    REQUIRE(cec.set(DisplayPower::On).ok());
    REQUIRE(bus.sent.size() == 1);
    CHECK(bus.sent[0] == std::vector<std::uint8_t>{0xF0, 0x04}); // the kernel allows 0xf0
}

TEST_CASE("CEC: a configured adapter keeps its address", "[display][cec]") {
    FakeCecBus bus;
    bus.configured_address = CEC_LOG_ADDR_RECORD_1; // 1, set up by cec-ctl
    CecSleep cec(std::make_unique<FakeCec>(bus), "/dev/cec1");
    REQUIRE(cec.set(DisplayPower::Off).ok());
    CHECK(bus.sent.at(0) == std::vector<std::uint8_t>{0x10, 0x36});
    CHECK(std::find(bus.calls.begin(), bus.calls.end(), CEC_ADAP_S_LOG_ADDRS) == bus.calls.end());
}

TEST_CASE("CEC: a NACK, a failed ioctl and no transmit are errors that say so", "[display][cec]") {
    FakeCecBus bus;
    bus.tx_status = CEC_TX_STATUS_NACK | CEC_TX_STATUS_MAX_RETRIES;
    CecSleep cec(std::make_unique<FakeCec>(bus), "/dev/cec0");
    auto off = cec.set(DisplayPower::Off);
    REQUIRE_FALSE(off.ok());
    CHECK(off.error().message.find("NACK") != std::string::npos);
    bus.tx_status = CEC_TX_STATUS_OK;
    bus.transmit_errno = ENONET;
    auto on = cec.set(DisplayPower::On);
    REQUIRE_FALSE(on.ok());
    CHECK(on.error().message.find("CEC_TRANSMIT") != std::string::npos);
    FakeCecBus mute;
    mute.capabilities = CEC_CAP_LOG_ADDRS;
    CecSleep receiver(std::make_unique<FakeCec>(mute), "/dev/cec0");
    CHECK_FALSE(receiver.set(DisplayPower::Off).ok());
    CHECK(mute.sent.empty());
}

TEST_CASE("DRM: DPMS goes to the connected connectors SDL drives", "[display][drm]") {
    std::vector<DrmConnector> connectors = {
        {31, "HDMI-A-1", true, true, {{2, "EDID"}, {3, "DPMS"}, {5, "link-status"}}},
        {40, "HDMI-A-2", false, false, {{3, "DPMS"}}},   // nothing plugged in
        {45, "Composite-1", true, false, {{3, "DPMS"}}}, // connected, not driven
        {50, "Virtual-1", true, true, {{7, "CRTC_ID"}}}, // no DPMS property
        {55, "DSI-1", true, true, {{9, "non-desktop"}, {11, "DPMS"}}},
    };
    CHECK(choose_dpms_targets(connectors) ==
          std::vector<DpmsTarget>{{31, 3, "HDMI-A-1"}, {55, 11, "DSI-1"}});
    // Before SDL set a mode nothing is driven: the connected ones.
    for (auto& connector : connectors)
        connector.driven = false;
    CHECK(choose_dpms_targets(connectors) ==
          std::vector<DpmsTarget>{{31, 3, "HDMI-A-1"}, {45, 3, "Composite-1"}, {55, 11, "DSI-1"}});
    CHECK(choose_dpms_targets({}).empty());
    CHECK(DrmDpms::create(-1) == nullptr);
}

namespace {

class ScriptedMethod final : public SleepMethod {
  public:
    explicit ScriptedMethod(std::vector<bool>& results) : m_results(results) {}
    std::string name() const override { return "scripted"; }
    Result<std::string> set(DisplayPower) override {
        bool ok = m_results.empty() || m_results.front();
        if (!m_results.empty())
            m_results.erase(m_results.begin());
        if (!ok)
            return Error{"refused"};
        return std::string("done");
    }

  private:
    std::vector<bool>& m_results;
};

} // namespace

TEST_CASE("DisplayPowerControl: any method that works is enough, and none is not a failure",
          "[display]") {
    DisplayPowerControl none({});
    CHECK_FALSE(none.has_methods());
    CHECK(none.set(DisplayPower::Off));
    std::vector<bool> first{false, false}, second{true, false};
    std::vector<std::unique_ptr<SleepMethod>> methods;
    methods.push_back(std::make_unique<ScriptedMethod>(first));
    methods.push_back(std::make_unique<ScriptedMethod>(second));
    DisplayPowerControl control(std::move(methods));
    CHECK(control.set(DisplayPower::Off));      // the second worked
    CHECK_FALSE(control.set(DisplayPower::On)); // both failed: the wake is retried
    CHECK(control.set(DisplayPower::On, DisplayPowerControl::Quiet::Yes));
}
