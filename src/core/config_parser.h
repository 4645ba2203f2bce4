#pragma once

// The configuration file's syntax: one "key = value" per line, '#' starts a
// comment, blank lines are ignored. What the keys mean is the option table's
// business (src/app/option_table.cpp); this only splits text into entries.

#include "core/diagnostic.h"

#include <string>
#include <string_view>
#include <vector>

namespace beacon {

struct ConfigEntry {
    std::string key;
    std::string value;
    int line = 0;
};

struct ParsedConfig {
    std::string source;
    std::vector<ConfigEntry> entries; // malformed lines are reported and left out
    Diagnostics diagnostics;
};

ParsedConfig parse_config(std::string_view text, const std::string& source);

} // namespace beacon
