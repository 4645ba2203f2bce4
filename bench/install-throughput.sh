#!/usr/bin/env bash
# Install throughput and memory of `beacon install` against `cp` for the same
# media on the same disk (issue 4: at least 80% of cp; under 30 MB above the
# player's idle memory). Not run in CI: it writes about 2 GB.
#
#   bench/install-throughput.sh BUILD/beacon [SIZE_MB] [WORK_DIR]
#
# Prints, each run with the page cache dropped first (when allowed):
#   cp -r                 no fsync (what `cp` promises)
#   cp -r && sync         durable, like an install
#   beacon install        streams, hashes (SHA-256), fsyncs, validates, swaps
# three runs each, then the peak RSS of a standalone `beacon install`, and the
# VmRSS of a running `beacon play` idle and while its update worker installs
# the same bundle from --usb-dir.
set -euo pipefail
beacon=$(realpath "${1:?usage: install-throughput.sh BEACON [SIZE_MB] [WORK_DIR]}")
size_mb=${2:-500}
work=${3:-$(mktemp -d /var/tmp/beacon-bench.XXXXXX)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
here=$(cd "$(dirname "$0")/.." && pwd)

drop_caches() {
    sync
    if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
}
seconds() { date +%s.%N; }

# Content: the test playlist with five large "videos" (only their bytes
# matter here; the playlist is validated, the media are not decoded).
. "$here/bench/lib/large_bundle.sh"
content="$work/content"
make_large_content "$here" "$content" "$size_mb"
"$beacon" keygen --out "$work/keys" > /dev/null
mkdir -p "$work/trusted" && cp "$work/keys/beacon.pub" "$work/trusted/"
# The small version the player starts from is signed first: a bundle's
# sequence is its signing time, and the player installs only a newer one
# (signed after, the small bundle was newer and the stick was refused).
small="$work/small"
"$beacon" bundle --key "$work/keys/beacon.key" --from "$here/tests/data/bundles/content" \
    --out "$small" > /dev/null 2>&1
sleep 1
"$beacon" bundle --key "$work/keys/beacon.key" --from "$content" --out "$work/bundle" \
    > /dev/null 2>&1
bytes=$(du -sb "$work/bundle" | cut -f1)
mb=$(echo "$bytes / 1000000" | bc -l)

run() { # NAME COMMAND...
    local name=$1; shift
    drop_caches
    # The media come from disk, but the binary is in memory, as it is in a
    # running player: a cold start of a binary that links ~245 libraries
    # costs ~0.6 s here, which is start-up, not install throughput.
    "$beacon" --help > /dev/null 2>&1 || true
    local start end
    start=$(seconds)
    "$@"
    end=$(seconds)
    printf '%-22s %6.2f s  %7.1f MB/s\n' "$name" "$(echo "$end - $start" | bc -l)" \
        "$(echo "$mb / ($end - $start)" | bc -l)"
}
echo "bundle: $(printf '%.1f' "$mb") MB in $work"
for i in 1 2 3; do
    run "cp -r" cp -r "$work/bundle" "$work/copy1"
    run "cp -r && sync" sh -c "cp -r '$work/bundle' '$work/copy2' && sync"
    rm -rf "$work/copy1" "$work/copy2"
    run "beacon install" sh -c "'$beacon' install '$work/bundle' --store '$work/store' \
        --keys '$work/trusted' > /dev/null 2>&1"
    rm -rf "$work/store"
done
drop_caches
/usr/bin/time -f '%M' -o "$work/install.rss" "$beacon" install "$work/bundle" \
    --store "$work/store" --keys "$work/trusted" > /dev/null 2>&1
echo "peak RSS of a standalone beacon install: $(cat "$work/install.rss") KiB"
rm -rf "$work/store"

# Memory of an install inside the running player, the way a stick arrives:
# the player plays a small version from its store, idle, then the bundle is
# renamed into --usb-dir (atomic, as a mount appears) and the player's own
# update worker installs it. VmRSS is sampled every 20 ms; page cache is not
# counted in it, buffers, the manifest and thread stacks are.
"$beacon" install "$small" --store "$work/store" --keys "$work/trusted" > /dev/null 2>&1
mkdir -p "$work/usb"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
peak_while() { # PID SECONDS [STOP-WHEN-CURRENT-IS-NOT]: the largest VmRSS seen
    local pid=$1 until peak=0 now
    until=$(echo "$(seconds) + $2" | bc -l)
    while [ "$(echo "$(seconds) < $until" | bc -l)" = 1 ]; do
        now=$(rss "$pid")
        [ "$now" -gt "$peak" ] && peak=$now
        if [ -n "${3:-}" ] && [ "$(readlink "$work/store/current")" != "$3" ]; then break; fi
        sleep 0.02
    done
    echo "$peak"
}
drop_caches
"$beacon" play --headless --size 1280x720 --run-for 600 --store "$work/store" \
    --keys "$work/trusted" --usb-dir "$work/usb" --state-dir "$work/state" \
    > "$work/player.log" 2>&1 &
player=$!
sleep 3 # start-up: fonts, first frames
idle=$(peak_while "$player" 5)
old_version=$(readlink "$work/store/current")
start=$(seconds)
mv "$work/bundle" "$work/usb/STICK"
during=$(peak_while "$player" 300 "$old_version")
took=$(echo "$(seconds) - $start" | bc -l)
after=$(peak_while "$player" 2)
[ "$after" -gt "$during" ] && during=$after
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$player/status")
kill "$player"; wait "$player" 2>/dev/null || true
mv "$work/usb/STICK" "$work/bundle"
if [ "$(readlink "$work/store/current")" = "$old_version" ]; then
    echo "the player did not install the bundle:"; tail -5 "$work/player.log"; exit 1
fi
printf 'player: idle peak VmRSS %d KiB; during the install %d KiB (+%.1f MB); VmHWM %d KiB; ' \
    "$idle" "$during" "$(echo "($during - $idle) / 1024" | bc -l)" "$hwm"
printf 'install noticed and done in %.1f s\n' "$took"
