#pragma once

// The administrator's commands for signed bundles. Each prints a clear
// message and returns the exit status: 0 done, 1 refused or failed.

#include "app/options.h"

namespace beacon::app {

int run_keygen(const Options& options);   // beacon keygen --out DIR
int run_bundle(const Options& options);   // beacon bundle --key SECRET --from DIR|FILE --out DIR
int run_verify(const Options& options);   // beacon verify DIR [--key PUB]
int run_install(const Options& options);  // beacon install DIR|URL
int run_rollback(const Options& options); // beacon rollback [--to NUMBER]
int run_versions(const Options& options); // beacon versions (versions_command.cpp)

} // namespace beacon::app
