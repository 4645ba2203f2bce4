#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#   fuzz/run.sh 0        builds the targets only (CI builds them ahead, niced)
#
# Corpora start from the test fixtures and fuzz/seeds, and grow in
# $BUILD_DIR/corpus (default build-fuzz). An input that crashes a target, or
# breaks one of its invariants, is copied into tests/data/fuzz-regressions/,
# where the normal test suite replays it; the script then exits with status 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-$(nproc)}

CC=clang CXX=clang++ cmake -S . -B "$build" -DBEACON_FUZZ=ON -DBEACON_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 1; }
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cmake --build "$build" --target help | grep -o 'fuzz_[a-z_]*' | sort -u)
fi
cmake --build "$build" -j "$jobs" --target "${targets[@]}"
if [ "$seconds" = 0 ]; then
    echo "built ${targets[*]} in $build"
    exit 0
fi

# Seeds: every file under the given folders whose name matches the pattern.
seed() {
    local corpus=$1 pattern=$2
    shift 2
    local dir
    for dir in "$@"; do
        [ -d "$dir" ] || continue
        find "$dir" -type f -name "$pattern" -exec cp -n {} "$corpus"/ \;
    done
}

# Runs one target; its exit status says whether it found anything.
fuzz_one() {
    local target=$1 name=${1#fuzz_} max_len=4096
    local corpus=$build/corpus/$name artifacts=$build/artifacts/$name
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    case $name in
    playlist) seed "$corpus" '*.xml' tests/data/playlists playlists; max_len=16384 ;;
    config) seed "$corpus" '*.conf' fuzz/seeds/config packaging platform ;;
    manifest) seed "$corpus" '*.xml' tests/data/bundles; max_len=16384 ;;
    text_layout) seed "$corpus" '*' fuzz/seeds/text; max_len=512 ;;
    playlist_layout) seed "$corpus" '*.xml' tests/data/playlists playlists; max_len=16384 ;;
    media_probe) seed "$corpus" '*' tests/data/playlists/good/media; max_len=4096 ;;
    esac
    seed "$corpus" '*' "tests/data/fuzz-regressions/$name"
    local dict=()
    if [ -f "fuzz/$name.dict" ]; then dict=(-dict="fuzz/$name.dict"); fi
    # Third-party leaks that are not Beacon's: the same list the sanitizer
    # build of the test suite uses.
    LSAN_OPTIONS=suppressions=$PWD/tests/robustness/lsan.supp \
        "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$max_len" "${dict[@]}" -artifact_prefix="$artifacts/" \
        -print_final_stats=1 "$corpus" >"$build/$target.log" 2>&1
}

# One target per core at a time: each libFuzzer process uses one.
echo "fuzzing ${targets[*]} for ${seconds} s each, $jobs at a time"
declare -A pids
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    fuzz_one "$target" &
    pids[$target]=$!
done
failed=()
for target in "${targets[@]}"; do
    name=${target#fuzz_}
    if wait "${pids[$target]}"; then
        echo "== $target: no crash"
        grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/$target.log" |
            sed 's/^/   /'
        grep -E 'cov: [0-9]+' "$build/$target.log" | tail -n 1 | sed 's/^/   /'
    else
        echo "!! $target failed; its log follows"
        tail -n 60 "$build/$target.log"
        regressions=tests/data/fuzz-regressions/$name
        mkdir -p "$regressions"
        for artifact in "$build/artifacts/$name"/*; do
            [ -f "$artifact" ] || continue
            cp "$artifact" "$regressions/"
            echo "!! kept $regressions/$(basename "$artifact") as a regression fixture"
        done
        failed+=("$target")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}"
    exit 1
fi
echo "fuzzing: no crash in ${targets[*]}"
