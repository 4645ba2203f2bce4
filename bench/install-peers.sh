#!/usr/bin/env bash
# Installs the peers the full benchmark measures Beacon against, from Debian
# 12's packages: bare mpv, VLC (cvlc) and Chromium, plus the tools the harness
# drives them with. Not part of CI's dependencies: only the full run needs them.
# Run as root or through sudo.
set -euo pipefail
packages=(
  # the peers
  mpv vlc-bin vlc-plugin-base vlc-plugin-video-output chromium
  # the harness: a display, real clicks, the peers' fonts
  xvfb xdotool x11-utils python3 ffmpeg procps util-linux
)
sudo=""
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
