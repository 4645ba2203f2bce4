#pragma once

namespace beacon::app {

// Parses the command line and runs the chosen command. Returns the exit code.
int run(int argc, char** argv);

} // namespace beacon::app
