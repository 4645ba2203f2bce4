#include "app/config_command.h"

#include "app/option_table.h"
#include "system/log.h"

#include <algorithm>
#include <cstdio>

namespace beacon::app {

void report_config_problems(const Options& options) {
    if (options.config_note)
        log::info(*options.config_note);
    for (auto& problem : options.config_diagnostics)
        log::warning(problem.to_string());
}

int run_config_check(const Options& options) {
    // The listing is itself a valid beacon.conf: "key = value  # origin".
    if (options.config_read.empty())
        std::printf("# %s does not exist: every value is the default.\n",
                    default_config_path().c_str());
    else
        std::printf("# The configuration in effect, read from %s.\n", options.config_read.c_str());
    for (auto& row : option_table()) {
        if (row.in_config != InConfig::Yes || !row.show)
            continue;
        std::string key = std::string(row.name).substr(2);
        std::string line = key + " = " + row.show(options);
        auto origin = options.origins.find(row.name);
        line.resize(std::max<std::size_t>(line.size() + 2, 44), ' ');
        line += "# " + (origin == options.origins.end() ? std::string("default") : origin->second);
        std::printf("%s\n", line.c_str());
    }
    std::fflush(stdout);
    report_config_problems(options);
    if (!options.config_diagnostics.empty()) {
        log::console("beacon: " + std::to_string(options.config_diagnostics.size()) +
                     " problem(s) in " + options.config_read +
                     "; each of those lines is ignored and its default used\n");
        return 1;
    }
    return 0;
}

} // namespace beacon::app
