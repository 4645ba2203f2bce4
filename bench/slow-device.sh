#!/usr/bin/env bash
# `beacon install` onto a slow card, against the card's own time (issue 22,
# target 3). This kernel has no device-mapper (no dm-delay) and cgroup v1's
# blkio does not throttle buffered writeback, so the card is made in user
# space: bench/lib/throttle_fs.py passes a folder through FUSE and lets
# writes through at WRITE_MB_PER_S; a loop device on an image file in it,
# formatted ext4 and mounted, is the card (journal, page cache and all).
#
#   bench/slow-device.sh BUILD/beacon [SIZE_MB] [WRITE_MB_PER_S] [RUNS] [OTHER_BEACON...]
#
# Needs root (loop devices, mount) and python3-fusepy. The source bundle is
# on the host's disk, warm in the page cache: only the card is slow. Each
# run, interleaved: `cp -r` + `sync` of the bundle onto the card, then
# `beacon install` of it into a store on the card; both are judged against
# the card's own time, the bundle's bytes at WRITE_MB_PER_S. Other binaries
# (a build from before a change) are measured in the same rounds.
set -euo pipefail
beacon=$(realpath "${1:?usage: slow-device.sh BEACON [SIZE_MB] [WRITE_MB_PER_S] [RUNS]}")
size_mb=${2:-100}
rate=${3:-20}
runs=${4:-3}
others=()
for other in "${@:5}"; do others+=("$(realpath "$other")"); done
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /var/tmp/beacon-slow.XXXXXX)
mkdir -p "$work/backing" "$work/fuse" "$work/card"
loop=""
throttle=""
cleanup() {
    mountpoint -q "$work/card" && umount "$work/card"
    [ -n "$loop" ] && losetup -d "$loop"
    mountpoint -q "$work/fuse" && fusermount -u "$work/fuse"
    [ -n "$throttle" ] && wait "$throttle" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# The card: formatted before the throttle (mkfs's own writes are not the
# measure), inode tables and journal written now, not by a background
# thread during the runs.
truncate -s "$((size_mb * 3 + 256))M" "$work/backing/card.img"
mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$work/backing/card.img"
/usr/bin/python3 "$here/bench/lib/throttle_fs.py" "$work/backing" "$work/fuse" "$rate" \
    > "$work/throttle.log" 2>&1 &
throttle=$!
for _ in $(seq 50); do [ -e "$work/fuse/card.img" ] && break; sleep 0.1; done
loop=$(losetup -f --show "$work/fuse/card.img")
mount "$loop" "$work/card"

# The bundle: five files of random bytes, each opening with an MP4 box.
. "$here/bench/lib/large_bundle.sh"
content="$work/content"
make_large_content "$here" "$content" "$size_mb"
"$beacon" keygen --out "$work/keys" > /dev/null
mkdir -p "$work/trusted" && cp "$work/keys/beacon.pub" "$work/trusted/"
"$beacon" bundle --key "$work/keys/beacon.key" --from "$content" --out "$work/bundle" \
    > /dev/null 2>&1
bytes=$(du -sb "$work/bundle" | cut -f1)
own=$(echo "$bytes / ($rate * 1000000)" | bc -l)
printf 'bundle: %.1f MB; card: ext4 on a loop device writing %s MB/s; its own time %.2f s\n' \
    "$(echo "$bytes / 1000000" | bc -l)" "$rate" "$own"

seconds() { date +%s.%N; }
run() { # NAME COMMAND...
    local name=$1; shift
    sync
    find "$work/bundle" -type f -exec cat {} + > /dev/null # the source stays warm
    local start end
    start=$(seconds)
    if ! "$@" > "$work/run.log" 2>&1; then
        echo "$name failed:"; tail -5 "$work/run.log"; exit 1
    fi
    end=$(seconds)
    local took
    took=$(echo "$end - $start" | bc -l)
    printf '%-24s %6.2f s  %5.2f x the card'"'"'s own time\n' "$name" "$took" \
        "$(echo "$took / $own" | bc -l)"
    rm -rf "$work/card/copy" "$work/card/store"
    sync
}
for _ in $(seq "$runs"); do
    run "cp -r && sync" sh -c "cp -r '$work/bundle' '$work/card/copy' && sync"
    for binary in "$beacon" "${others[@]}"; do
        label="beacon install"
        [ "$binary" != "$beacon" ] && label=$(basename "$binary")
        run "$label" "$binary" install "$work/bundle" --store "$work/card/store" \
            --keys "$work/trusted"
    done
done
