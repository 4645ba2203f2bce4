#pragma once

// The kiosk's own Ed25519 key, which signs its fleet reports. Made with
// libsodium (update/keys.h) at the first start that sends a report, and kept
// in the state folder:
//   STATE/device.key  the secret key, mode 0600, never leaves the kiosk
//   STATE/device.pub  the public key, for the administrator to enrol
// Enrolment copies device.pub to a stick (enrol.h) or, on the appliance, to
// the BEACON partition at boot (platform/README.md, "30 kiosks").

#include "core/result.h"
#include "system/filesystem.h"
#include "update/keys.h"

#include <optional>
#include <string>

namespace beacon::fleet {

struct DeviceKey {
    update::SecretKey secret;
    update::PublicKey public_key;
    bool made = false;              // made now, not loaded
    std::optional<std::string> fix; // a warning: the key file was readable by others
};

// Loads STATE/device.key, or makes a new pair when there is none. A key file
// that other users could read is made private again (chmod 600) and the
// warning says so.
Result<DeviceKey> load_or_make_device_key(FileSystem& fs, const Path& state_dir);

} // namespace beacon::fleet
