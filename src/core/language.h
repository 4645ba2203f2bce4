#pragma once

#include "core/hotline_layout.h"

#include <string>

namespace beacon {

// Right-to-left for the languages whose script runs that way (Arabic, Farsi,
// Urdu, Hebrew, …), judged by the primary subtag.
Direction direction_of(const std::string& lang);

} // namespace beacon
