#!/usr/bin/env bash
# Builds Beacon and runs the whole test suite, headless. Needs the packages
# from scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
# BEACON_TEST_HOOKS: the watchdog test needs its fault switch (never in a release).
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBEACON_TEST_HOOKS=ON
cmake --build "$build" -j "$(nproc)"
# No display is needed: the player and renderer use SDL's offscreen driver.
unset DISPLAY WAYLAND_DISPLAY
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
