#pragma once

// How every command reads and reports the configuration file, and
// `beacon config check [FILE]`. parse_options() (options.cpp) reads the file
// for each command whose row says ConfigFile::Read; report_config_problems()
// is the one place its problems are told, the same way for every command.

#include "app/options.h"

namespace beacon::app {

// Writes each problem of the configuration file as "FILE:LINE: what is
// wrong" to stderr (the journal, for the player). The values in question
// were ignored and their defaults kept.
void report_config_problems(const Options& options);

// `beacon config check [FILE]`: prints every configuration key with its
// effective value and where that came from (default, FILE:LINE, command
// line). Exits 1 when the file has any problem, else 0.
int run_config_check(const Options& options);

} // namespace beacon::app
