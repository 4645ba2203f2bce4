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
# and the peak RSS of `beacon install` and of an idle `beacon play`.
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
content="$work/content"
mkdir -p "$content/media"
cp "$here/tests/data/bundles/content/media/tiny.png" "$content/media/"
part=$((size_mb / 5))
items=""
for i in 1 2 3 4 5; do
    head -c "${part}M" /dev/urandom > "$content/media/clip$i.mp4"
    items="$items  <video id=\"clip$i\" src=\"media/clip$i.mp4\"/>\n"
done
sed "s#  <image id=\"a-picture\"#$(printf '%s' "$items")  <image id=\"a-picture\"#" \
    "$here/tests/data/bundles/content/playlist.xml" > "$content/playlist.xml"
"$beacon" keygen --out "$work/keys" > /dev/null
mkdir -p "$work/trusted" && cp "$work/keys/beacon.pub" "$work/trusted/"
"$beacon" bundle --key "$work/keys/beacon.key" --from "$content" --out "$work/bundle" \
    > /dev/null 2>&1
bytes=$(du -sb "$work/bundle" | cut -f1)
mb=$(echo "$bytes / 1000000" | bc -l)

run() { # NAME COMMAND...
    local name=$1; shift
    drop_caches
    local start end
    start=$(seconds)
    "$@"
    end=$(seconds)
    printf '%-22s %6.2f s  %7.1f MB/s\n' "$name" "$(echo "$end - $start" | bc -l)" \
        "$(echo "$mb / ($end - $start)" | bc -l)"
}
echo "bundle: $(printf '%.1f' "$mb") MB in $work"
run "cp -r" cp -r "$work/bundle" "$work/copy1"
run "cp -r && sync" sh -c "cp -r '$work/bundle' '$work/copy2' && sync"
rm -rf "$work/copy1" "$work/copy2"
run "beacon install" sh -c "'$beacon' install '$work/bundle' --store '$work/store' \
    --keys '$work/trusted' > /dev/null 2>&1"
rm -rf "$work/store"
drop_caches
/usr/bin/time -f '%M' -o "$work/install.rss" "$beacon" install "$work/bundle" \
    --store "$work/store" --keys "$work/trusted" > /dev/null 2>&1
/usr/bin/time -f '%M' -o "$work/idle.rss" "$beacon" play "$here/tests/data/bundles/content/playlist.xml" \
    --headless --size 1280x720 --run-for 5 > /dev/null 2>&1 || true
echo "peak RSS: beacon install $(cat "$work/install.rss") KiB;" \
    "idle beacon play (1280x720, headless) $(cat "$work/idle.rss") KiB"
