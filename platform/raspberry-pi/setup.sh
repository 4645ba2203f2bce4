#!/usr/bin/env bash
# Turns a fresh Raspberry Pi OS Lite (Debian 12 "bookworm", no desktop) into a
# Beacon kiosk that boots straight into content on the console, through SDL's
# kmsdrm backend. Run once, as root, with the beacon .deb beside it or named:
#
#   sudo ./setup.sh [beacon_VERSION_ARCH.deb]
#
# It installs the .deb, enables the service, stops console blanking and the
# tty1 login, and sets up stick mounting. Safe to run again. Reboot after.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "setup.sh: run as root (sudo ./setup.sh)" >&2
    exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
deb=${1:-$(find "$here" -maxdepth 1 -name "beacon_*.deb" | sort -V | tail -n 1)}
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
    echo "setup.sh: no beacon .deb given or found beside this script" >&2
    exit 1
fi
step() { echo "==> $*"; }

step "installing $(basename "$deb") and what it depends on"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$(realpath "$deb")"

step "enabling the beacon service (starts at every boot, restarts if it stops or freezes)"
systemctl daemon-reload
systemctl enable beacon.service

step "freeing tty1 for Beacon: no login prompt, no other consoles on demand"
systemctl disable getty@tty1.service 2>/dev/null || true
systemctl mask getty@tty1.service
mkdir -p /etc/systemd/logind.conf.d
cat > /etc/systemd/logind.conf.d/beacon.conf <<'CONF'
# Beacon owns the screen: no consoles are spawned when someone presses Ctrl+Alt+Fn.
[Login]
NAutoVTs=0
ReserveVT=0
CONF

step "stopping console blanking and the blinking cursor"
cmdline=/boot/firmware/cmdline.txt
[ -f "$cmdline" ] || cmdline=/boot/cmdline.txt
if [ -f "$cmdline" ]; then
    for option in consoleblank=0 vt.global_cursor_default=0 logo.nologo quiet; do
        key=${option%%=*}
        if ! grep -qw -- "$key" "$cmdline" && ! grep -q -- "$key=" "$cmdline"; then
            sed -i "1 s/\$/ $option/" "$cmdline"
        fi
    done
else
    echo "    (no cmdline.txt found: add consoleblank=0 to the kernel command line by hand)"
fi
# Also for the running system, until the next boot.
setterm --blank 0 --powerdown 0 --cursor off > /dev/tty1 2>/dev/null < /dev/tty1 || true

step "the KMS display driver (needed by SDL's kmsdrm backend)"
config=/boot/firmware/config.txt
[ -f "$config" ] || config=/boot/config.txt
if [ -f "$config" ] && ! grep -q '^dtoverlay=vc4-kms-v3d' "$config"; then
    echo "dtoverlay=vc4-kms-v3d" >> "$config"
fi

step "mounting sticks: the package's udev rule mounts them under /media/beacon-usb"
mkdir -p /media/beacon-usb
if compgen -G "/lib/udev/rules.d/*beacon*.rules" > /dev/null; then
    udevadm control --reload-rules
    udevadm trigger --subsystem-match=block --action=add || true
else
    echo "    (this beacon package ships no udev rule yet: sticks are not mounted automatically)"
fi

step "done: reboot to start the kiosk (sudo reboot)"
echo "    logs: journalctl -u beacon -f      settings: /etc/beacon/beacon.conf"
