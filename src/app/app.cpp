#include "app/app.h"

#include "app/validate/render_command.h"
#include "app/validate/validate.h"
#include "app/options.h"
#include "app/player.h"
#include "app/update/update_commands.h"

#include <cstdio>

#ifndef BEACON_VERSION
#define BEACON_VERSION "0"
#endif

namespace beacon::app {

int run(int argc, char** argv) {
    auto options = parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr, "beacon: %s\n", options.error().message.c_str());
        return 2;
    }
    switch (options.value().command) {
    case Command::Help:
        std::fputs(usage().c_str(), stdout);
        return 0;
    case Command::Version:
        std::printf("beacon %s\n", BEACON_VERSION);
        return 0;
    case Command::Validate:
        return run_validate(options.value());
    case Command::Render:
        return run_render(options.value());
    case Command::Play:
        return run_player(options.value());
    case Command::Keygen:
        return run_keygen(options.value());
    case Command::Bundle:
        return run_bundle(options.value());
    case Command::Verify:
        return run_verify(options.value());
    case Command::Install:
        return run_install(options.value());
    case Command::Rollback:
        return run_rollback(options.value());
    }
    return 2;
}

} // namespace beacon::app
