#include "display_power/cec.h"

#include "system/log.h"

#include <linux/cec.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace beacon::display_power {

namespace {

// Owns the file descriptor. Blocking mode: CEC_TRANSMIT returns once the
// frame was sent and acknowledged (or not), which is the answer we need.
class CecFile final : public CecDevice {
  public:
    explicit CecFile(int fd) : m_fd(fd) {}
    ~CecFile() override { ::close(m_fd); }
    CecFile(const CecFile&) = delete;
    CecFile& operator=(const CecFile&) = delete;

    int control(unsigned long request, void* argument) override {
        int result;
        do
            result = ::ioctl(m_fd, request, argument);
        while (result < 0 && errno == EINTR);
        return result < 0 ? -errno : 0;
    }

  private:
    int m_fd;
};

Error call_failed(const char* call, int negative_errno) {
    return Error::from_errno(-negative_errno, call);
}

std::string tx_problem(const cec_msg& message) {
    if (message.tx_status & CEC_TX_STATUS_NACK)
        return "the television did not acknowledge it (NACK: off the bus, or no CEC)";
    if (message.tx_status & CEC_TX_STATUS_ARB_LOST)
        return "lost arbitration on the bus";
    if (message.tx_status & CEC_TX_STATUS_LOW_DRIVE)
        return "low drive on the bus";
    return "transmit status " + std::to_string(message.tx_status);
}

} // namespace

std::array<std::uint8_t, 2> cec_frame(std::uint8_t initiator, std::uint8_t destination,
                                      std::uint8_t opcode) {
    return {static_cast<std::uint8_t>((initiator & 0xF) << 4 | (destination & 0xF)), opcode};
}

CecSleep::CecSleep(std::unique_ptr<CecDevice> device, std::string path)
    : m_device(std::move(device)), m_path(std::move(path)) {}

std::vector<std::unique_ptr<SleepMethod>> CecSleep::find_all() {
    std::vector<std::unique_ptr<SleepMethod>> found;
    for (int index = 0; index < 4; ++index) {
        std::string path = "/dev/cec" + std::to_string(index);
        int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            if (errno != ENOENT)
                log::warning("display power: cannot open " + path + ": " + std::strerror(errno) +
                             " (is the beacon user in the group that owns it?)");
            continue;
        }
        auto device = std::make_unique<CecFile>(fd);
        cec_caps caps{};
        if (device->control(CEC_ADAP_G_CAPS, &caps) != 0 || !(caps.capabilities & CEC_CAP_TRANSMIT))
            continue;
        found.push_back(std::make_unique<CecSleep>(std::move(device), path));
    }
    return found;
}

Status CecSleep::prepare() {
    if (m_prepared)
        return Done{};
    cec_caps caps{};
    if (int error = m_device->control(CEC_ADAP_G_CAPS, &caps))
        return call_failed("CEC_ADAP_G_CAPS", error);
    if (!(caps.capabilities & CEC_CAP_TRANSMIT))
        return Error{"the adapter cannot transmit"};
    // Initiator only: Beacon sends and never answers the bus (no follower).
    std::uint32_t mode = CEC_MODE_INITIATOR;
    if (int error = m_device->control(CEC_S_MODE, &mode))
        return call_failed("CEC_S_MODE", error);
    cec_log_addrs addresses{};
    if (int error = m_device->control(CEC_ADAP_G_LOG_ADDRS, &addresses))
        return call_failed("CEC_ADAP_G_LOG_ADDRS", error);
    if (addresses.num_log_addrs == 0 && (caps.capabilities & CEC_CAP_LOG_ADDRS)) {
        // Nobody configured the adapter (no cec-ctl at boot): claim a
        // playback device's address, as a media player is.
        cec_log_addrs claim{};
        claim.cec_version = CEC_OP_CEC_VERSION_1_4;
        claim.vendor_id = CEC_VENDOR_ID_NONE;
        std::strncpy(claim.osd_name, "Beacon", sizeof claim.osd_name - 1);
        claim.num_log_addrs = 1;
        claim.log_addr_type[0] = CEC_LOG_ADDR_TYPE_PLAYBACK;
        claim.primary_device_type[0] = CEC_OP_PRIM_DEVTYPE_PLAYBACK;
        claim.all_device_types[0] = CEC_OP_ALL_DEVTYPE_PLAYBACK;
        if (m_device->control(CEC_ADAP_S_LOG_ADDRS, &claim) == 0 && claim.num_log_addrs > 0)
            addresses = claim;
    }
    // Unconfigured (no HDMI sink seen yet), the kernel still lets the
    // unregistered address (15) talk to the television.
    m_initiator = addresses.num_log_addrs > 0 && addresses.log_addr[0] != CEC_LOG_ADDR_INVALID
                      ? addresses.log_addr[0]
                      : cec_address_unregistered;
    m_prepared = true;
    return Done{};
}

Result<std::string> CecSleep::set(DisplayPower power) {
    TRY(prepare());
    auto frame =
        cec_frame(m_initiator, cec_address_tv,
                  power == DisplayPower::Off ? cec_opcode_standby : cec_opcode_image_view_on);
    cec_msg message{};
    message.len = static_cast<std::uint32_t>(frame.size());
    std::memcpy(message.msg, frame.data(), frame.size());
    if (int error = m_device->control(CEC_TRANSMIT, &message)) {
        // The adapter lost its configuration (a sink unplugged): ask again
        // next time.
        m_prepared = false;
        return call_failed("CEC_TRANSMIT", error);
    }
    if (!(message.tx_status & CEC_TX_STATUS_OK))
        return Error{tx_problem(message)};
    return std::string(power == DisplayPower::Off ? "Standby" : "Image View On") + " acknowledged";
}

} // namespace beacon::display_power
