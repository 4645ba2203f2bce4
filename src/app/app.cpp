#include "app/app.h"

#include "app/command_table.h"
#include "app/config_command.h"
#include "app/options.h"
#include "system/log.h"

#include <cstdio>

namespace beacon::app {

int run(int argc, char** argv) {
    auto options = parse_options(argc, argv);
    if (!options) {
        log::console("beacon: " + options.error().message + "\n");
        return 2;
    }
    const CommandRow& row = command_row(options.value().command);
    // Every command that reads the configuration file tells its problems
    // the same way, before it starts; `config check` lists them itself.
    if (row.config == ConfigFile::Read && row.command != Command::ConfigCheck)
        report_config_problems(options.value());
    return row.run(options.value());
}

} // namespace beacon::app
