#!/usr/bin/env bash
# Beacon's benchmark suite in one command (see bench/README.md).
#
#   bench/run.sh              the full run (about an hour): writes docs/benchmarks.md
#   bench/run.sh --smoke      a short run that only checks the harness still works;
#                             writes $SMOKE_OUT (default /tmp/beacon-benchmarks-smoke.md)
#   bench/run.sh --only taps,switches --peers mpv     a subset
#
# Builds Beacon (Release) into $BUILD_DIR (default build-bench-release) unless
# BEACON names a binary to measure. Needs Xvfb, xdotool, ffmpeg and python3
# (scripts/install-deps.sh); the peers VLC and Chromium come from
# bench/install-peers.sh, and a peer that is missing is reported as such.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=0
for arg in "$@"; do
    if [ "$arg" = --smoke ]; then smoke=1; fi
done
for tool in python3 Xvfb xdotool ffmpeg; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench: $tool is missing: run scripts/install-deps.sh" >&2
        exit 1
    fi
done
if [ -z "${BEACON:-}" ]; then
    build=${BUILD_DIR:-build-bench-release}
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBEACON_TESTS=OFF >/dev/null
    cmake --build "$build" -j "$(nproc)" --target beacon
    BEACON=$build/beacon
fi
out=docs/benchmarks.md
work=/tmp/beacon-bench
if [ "$smoke" = 1 ]; then
    out=${SMOKE_OUT:-/tmp/beacon-benchmarks-smoke.md}
    work=/tmp/beacon-bench-smoke
fi
exec python3 bench/bench.py --beacon "$BEACON" --out "$out" --work "$work" "$@"
