#!/usr/bin/env bash
# Installs Beacon's USB rule and mount helper: sticks are mounted at
# /media/beacon-usb by systemd-mount when plugged in (read-only, or
# read-write for the beacon user when they carry beacon-export-stats), and
# unmounted by systemd when pulled out. Run as root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
install -D -m 0755 "$here/beacon-usb-mount" /usr/lib/beacon/beacon-usb-mount
install -D -m 0644 "$here/99-beacon-usb.rules" /etc/udev/rules.d/99-beacon-usb.rules
install -D -m 0644 "$here/beacon-usb@.service" /etc/systemd/system/beacon-usb@.service
systemctl daemon-reload
install -d -m 0755 /media/beacon-usb
udevadm control --reload-rules
echo "USB sticks will be mounted at /media/beacon-usb (read-only unless they ask for the export)"
