#!/usr/bin/env bash
# Installs Beacon's USB rule: sticks are mounted read-only at /media/beacon-usb
# by systemd-mount when plugged in, and unmounted by systemd when pulled out.
# Run as root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
install -D -m 0644 "$here/99-beacon-usb.rules" /etc/udev/rules.d/99-beacon-usb.rules
install -d -m 0755 /media/beacon-usb
udevadm control --reload-rules
echo "USB sticks will be mounted read-only at /media/beacon-usb"
