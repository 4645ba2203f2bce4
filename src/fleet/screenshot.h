#pragma once

// A report's picture (FleetReport::Screenshot) from a JPEG file's bytes:
// base64 with libsodium's encoder, and refused when it would not fit the
// report (the envelope is capped at 64 KiB; the picture gets 48 KiB of it).
// Which frame may be pictured at all is core/screenshot_gate.h's rule.

#include "core/fleet_report.h"
#include "core/result.h"

#include <string_view>

namespace beacon::fleet {

Result<FleetReport::Screenshot> screenshot_of_jpeg(std::string_view jpeg, int width, int height);

} // namespace beacon::fleet
