#include "app/app.h"

#include "app/command_table.h"
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
    return command_row(options.value().command).run(options.value());
}

} // namespace beacon::app
