#!/usr/bin/env bash
# Installs what Beacon needs to build, run and test, from Debian 12's packages.
# Run as root or through sudo.
set -euo pipefail
packages=(
  # build
  build-essential cmake pkg-config
  # the stack
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libmpv-dev libtinyxml2-dev
  libqrencode-dev libfontconfig-dev libgl-dev
  # fonts for the languages Beacon shows
  fonts-noto-core fonts-noto-cjk fonts-dejavu-core
  # tests: Catch2, media made with ffmpeg, a real QR decoder, XSD checks
  catch2 ffmpeg zbar-tools libxml2-utils
)
sudo=""
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
