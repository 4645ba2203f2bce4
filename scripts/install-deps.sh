#!/usr/bin/env bash
# Installs what Beacon needs to build, run and test, from Debian 12's packages.
# Run as root or through sudo.
set -euo pipefail
packages=(
  # build
  build-essential cmake pkg-config
  # the stack
  libsdl2-dev libsdl2-image-dev libmpv-dev libtinyxml2-dev
  libqrencode-dev libfontconfig-dev libgl-dev
  # display power (issue 25): DPMS on DRM connectors and under X11; HDMI-CEC
  # uses the kernel's <linux/cec.h> (linux-libc-dev, with build-essential)
  libdrm-dev libx11-dev libxext-dev
  # pictures: PNG and JPEG headers read before decoding, JPEGs decoded reduced
  libpng-dev libturbojpeg0-dev
  # fonts for the languages Beacon shows
  fonts-noto-core fonts-noto-cjk fonts-dejavu-core
  # text layout: ICU (NFC, UAX #9 bidi, UAX #14 and dictionary line breaks),
  # HarfBuzz and FreeType (the engine shapes, and draws the glyphs it shaped)
  libicu-dev libharfbuzz-dev libfreetype-dev
  # typography tests: outside references for shaping (hb-shape), bidi, and
  # drawing (SDL_ttf shapes and draws a run by itself)
  libharfbuzz-bin libfribidi-bin libsdl2-ttf-dev
  # tests: Catch2, media made with ffmpeg, a real QR decoder, XSD checks
  catch2 ffmpeg zbar-tools libxml2-utils
  # sound (issue 24): what Beacon sends to ALSA is measured with sox
  sox
  # speech (issue 23, part 5): the hotline's Listen words, by espeak-ng
  libespeak-ng-dev
  # tests: OCR reads the fallback hotline number back from a render, and the
  # appliance's system test reads words off QEMU's screen; the Spanish data
  # reads the Spanish hotline renders (issue 23: number found, no revealing
  # word in the discreet style)
  tesseract-ocr tesseract-ocr-spa
  # translators' PO files: msgfmt --check is the outside reader of `beacon translate`
  gettext
  # unattended operation: sd_notify, time zones for schedules, and the ops
  # tests (systemd-analyze verify, the .deb built by CPack, lintian)
  libsystemd-dev tzdata systemd dpkg-dev file lintian shellcheck
  # signed updates: Ed25519 (libsodium), HTTP (libcurl), SHA-256 with the
  # CPU's SHA instructions (libcrypto); tests serve bundles with a real nginx
  # and mount real FAT32/exFAT images (kernel or FUSE driver, loop devices)
  libsodium-dev libcurl4-openssl-dev libssl-dev nginx
  dosfstools exfatprogs mtools fusefat exfat-fuse
  # robustness and benchmarks: libFuzzer (clang and its runtimes), valgrind's
  # leak check, and the benchmark harness (python3) driving real windows on
  # Xvfb with real clicks (xdotool) against bare mpv; VLC and Chromium, the
  # full benchmark's other peers, come from bench/install-peers.sh
  clang libclang-rt-14-dev valgrind xvfb xdotool mpv python3
  # the appliance: disk images built without mounting anything
  # (platform/image/build.sh), and booted under QEMU with UEFI firmware by
  # the whole-system test (tests/system/run.sh); an arm64 image's maintainer
  # scripts run through qemu-user (binfmt). The arm64 and armhf cross builds
  # add their own packages: scripts/cross-build.sh ARCH --install-deps
  mmdebstrap fdisk e2fsprogs qemu-system-x86 ovmf qemu-system-arm qemu-efi-aarch64
  qemu-user-static binfmt-support
  # the Raspberry Pi image's static check reads its device trees
  # (tests/system/check-raspi-image.sh)
  device-tree-compiler
  # the fleet (issue 20): reports read with nlohmann/json; their tests check
  # them against docs/fleet-report.schema.json (python3-jsonschema), render
  # the dashboard in headless Chromium, check metrics.prom with promtool
  # (prometheus) and make nginx's htpasswd with openssl; `beacon fleet URL`
  # lists the reports with WebDAV PROPFIND, which nginx answers only with
  # its dav_ext module
  nlohmann-json3-dev python3-jsonschema chromium prometheus openssl
  libnginx-mod-http-dav-ext
)
sudo=""
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# BEACON_DPKG_UNSAFE_IO=1 (CI's throwaway machines only): dpkg skips the sync
# after each unpacked file, which a power cut would need and CI does not.
dpkg_options=()
if [ "${BEACON_DPKG_UNSAFE_IO:-0}" = 1 ]; then dpkg_options=(-o Dpkg::Options::=--force-unsafe-io); fi
$sudo apt-get install -y -qq --no-install-recommends "${dpkg_options[@]}" "${packages[@]}"
