#!/usr/bin/env bash
# Fails if src/core reaches for the outside world: SDL, mpv, the clock or the
# filesystem. Time and files are passed in; see docs/ARCHITECTURE.md.
set -u
core=${1:?usage: check-core-purity.sh SRC/CORE}
pattern='#include *[<"](SDL|mpv/|fstream|filesystem|ctime|time\.h|unistd\.h|sys/|fcntl\.h|dirent\.h|thread)|(system_clock|steady_clock|high_resolution_clock)::now|\bfopen\(|\btime\(nullptr|\bgetenv\('
if grep -rnE --include='*.h' --include='*.cpp' "$pattern" "$core"; then
    echo "src/core must stay pure: the lines above reach for the outside world" >&2
    exit 1
fi
echo "src/core is pure"
