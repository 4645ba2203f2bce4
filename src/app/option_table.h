#pragma once

// The option table behind options.h: one row per option. The same table
// drives the command line, the configuration file (key = the name without
// "--", for rows marked InConfig::Yes) and --help. Inside the app only.

#include "app/options.h"
#include "core/result.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace beacon::app {

enum class InConfig { No, Yes };

struct OptionRow {
    const char* name;
    const char* value_name; // nullptr for a flag
    InConfig in_config;
    const char* help;
    std::function<Status(Options&, const std::string&)> apply;
    // Set exactly for numeric rows (numbers, and both sides of WxH).
    std::optional<NumberRange> range = std::nullopt;
    // Configuration rows: the value in `options`, as the file would spell
    // it ("45", "/var/lib/beacon/store"), for `beacon config check`.
    std::function<std::string(const Options&)> show = nullptr;
};

const std::vector<OptionRow>& option_table();

// "45", "0.1", "1e+15": a range's ends as --help and messages show them.
std::string format_number(double value);

} // namespace beacon::app
