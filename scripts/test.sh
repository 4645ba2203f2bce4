#!/usr/bin/env bash
# Builds Beacon and runs the whole test suite, headless. Needs the packages
# from scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
# BEACON_TEST_HOOKS: the watchdog test needs its fault switch (never in a release).
# -g1 (line tables only): backtraces keep file:line, and the build takes about
# a third less time than with full debug information.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DBEACON_TEST_HOOKS=ON
cmake --build "$build" -j "$(nproc)"
# No display is needed: the player and renderer use SDL's offscreen driver.
unset DISPLAY WAYLAND_DISPLAY
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
