#!/usr/bin/env bash
# Cross-builds Beacon for arm64 or armhf with Debian's multiarch toolchain
# (crossbuild-essential-ARCH and the ARCH's library packages installed beside
# the host's), runs the tests under qemu-user, and packs the release .deb.
#
#   scripts/cross-build.sh ARCH [--install-deps] [--tests REGEX|--no-tests]
#
#   ARCH            arm64 | armhf
#   --install-deps  add the architecture to dpkg and install what it needs
#                   (root; Debian 12's packages only)
#   --tests REGEX   which tests run under qemu-user (CTest -R); the default
#                   is every unit test and the headless end-to-end tests
#   --no-tests      build the .deb only
#
# Writes build-cross-ARCH/ (with test hooks, for the tests) and
# build-cross-ARCH-release/beacon_VERSION_ARCH.deb (no test hooks).
# No binfmt registration is needed: CTest starts every test binary, and the
# tests start the player, through qemu-ARCH-static
# (cmake/toolchains/debian-multiarch.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { echo "usage: cross-build.sh arm64|armhf [--install-deps] [--tests REGEX|--no-tests]" >&2; exit 2; }
arch=${1:-}
case "$arch" in arm64 | armhf) ;; *) usage ;; esac
shift
install_deps=no run_tests=yes
# Unit tests of every layer, and the real binary headless (play, render,
# validate, the CLI). Left out: tests that need root services or devices
# (nginx, loop mounts), valgrind, and the accelerated soak, whose pace
# qemu-user's ten-fold slowdown would turn into a false failure.
tests='.*'
exclude='soak|valgrind|leak|nginx|server|stick|mount|exFAT|FAT|listening port|deadline|trickl|watchdog|SIGTERM'
while [ $# -gt 0 ]; do
    case "$1" in
    --install-deps) install_deps=yes ;;
    --tests) tests=${2:?}; exclude='^$'; shift ;;
    --no-tests) run_tests=no ;;
    *) usage ;;
    esac
    shift
done

if [ "$install_deps" = yes ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    # libsdl2-ttf-dev: the text tests' outside drawer (the player does not link it).
    libraries=(libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libtinyxml2-dev libqrencode-dev
        libfontconfig-dev libgl-dev libpng-dev libturbojpeg0-dev libicu-dev libharfbuzz-dev
        libfreetype-dev libsystemd-dev libsodium-dev libcurl4-openssl-dev libssl-dev
        libavformat-dev libavutil-dev libdrm-dev libx11-dev libxext-dev libespeak-ng-dev
        # libmpv is opened with dlopen(): the build needs only its headers,
        # which come from the host's libmpv-dev (the two architectures'
        # libmpv-dev cannot be installed together); the tests need the library.
        libmpv2)
    packages=(crossbuild-essential-"$arch" qemu-user-static catch2 libmpv-dev)
    for library in "${libraries[@]}"; do packages+=("$library:$arch"); done
    export DEBIAN_FRONTEND=noninteractive
    $sudo dpkg --add-architecture "$arch"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

toolchain=$PWD/cmake/toolchains/debian-multiarch.cmake
launcher=()
if command -v ccache > /dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
started=$SECONDS
say() { echo "== cross-build $arch: $* ($((SECONDS - started)) s)"; }

if [ "$run_tests" = yes ]; then
    build=build-cross-$arch
    say "building with test hooks in $build"
    cmake -S . -B "$build" -DBEACON_DEB_ARCH="$arch" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
        -DBEACON_TEST_HOOKS=ON "${launcher[@]}" > /dev/null
    cmake --build "$build" -j "$(nproc)"
    say "running the tests under $(grep -m1 CMAKE_CROSSCOMPILING_EMULATOR "$build/CMakeCache.txt" | cut -d= -f2)"
    # Everything runs about ten times slower under qemu-user: hence the
    # longer per-test timeout.
    (unset DISPLAY WAYLAND_DISPLAY && ctest --test-dir "$build" --output-on-failure -j "$(nproc)" \
        --timeout 900 -R "$tests" -E "$exclude")
fi

release=build-cross-$arch-release
say "building the release .deb in $release"
cmake -S . -B "$release" -DBEACON_DEB_ARCH="$arch" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DBEACON_TESTS=OFF -DBEACON_TEST_HOOKS=OFF "${launcher[@]}" > /dev/null
cmake --build "$release" -j "$(nproc)"
rm -f "$release"/beacon_*.deb
(cd "$release" && cpack -G DEB > cpack.log 2>&1) || { cat "$release/cpack.log"; exit 1; }
deb=$(echo "$release"/beacon_*_"$arch".deb)
[ -f "$deb" ] || { echo "cross-build: no .deb was made" >&2; exit 1; }
file "$release/beacon"
dpkg-deb -f "$deb" Package Version Architecture Depends
say "wrote $deb"
