#include "app/app.h"

#include "app/command_table.h"
#include "app/options.h"

#include <cstdio>

namespace beacon::app {

int run(int argc, char** argv) {
    auto options = parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr, "beacon: %s\n", options.error().message.c_str());
        return 2;
    }
    return command_row(options.value().command).run(options.value());
}

} // namespace beacon::app
