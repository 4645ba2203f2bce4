#!/usr/bin/env bash
# mmdebstrap's customize hook for platform/image/build.sh: turns the fresh
# Debian root file system ($1) into the Beacon appliance. Runs outside the
# chroot, as root; commands meant for the image run through chroot.
set -euo pipefail
root=$1 arch=$2 target=$3
here=$(cd "$(dirname "$0")" && pwd)
in_root() { chroot "$root" "$@"; }

echo "customize.sh: the Beacon appliance for $arch $target"
cp -a "$here/overlay/." "$root/"
# A PC's sound card: ALSA's default device without the converter plugins
# that can abort the player after an underrun (the file says why). The Pi
# keeps its cards' own definitions: its HDMI needs alsa-lib's IEC958 one.
if [ "$target" = pc ]; then cp "$here/pc/asound.conf" "$root/etc/asound.conf"; fi

# The appliance's defaults, and the keys it trusts before anyone edits BEACON.
mkdir -p "$root/usr/share/beacon/image/keys"
{
    cat "$root/etc/beacon/beacon.conf"
    cat <<'CONF'

# Appliance settings, applied at every boot from the BEACON partition:
# the kiosk's name on the network (letters, digits, hyphens) and its time
# zone (for example America/Chicago), which schedules and notices follow.
# hostname = beacon
# timezone = UTC
CONF
} > "$root/usr/share/beacon/image/beacon.conf"

# The root file system is read-only: what changes per kiosk lives in RAM
# (/run/beacon-boot, rebuilt at every boot from BEACON) or on the data
# partition (/var/lib/beacon).
rm -rf "$root/etc/beacon/beacon.conf" "$root/etc/beacon/keys"
ln -s /run/beacon-boot/beacon.conf "$root/etc/beacon/beacon.conf"
ln -s /run/beacon-boot/keys "$root/etc/beacon/keys"
ln -sfn /run/beacon-boot/localtime "$root/etc/localtime"
echo Etc/UTC > "$root/etc/timezone"
# /var/lib/beacon is the data partition's mount point: what the .deb's
# postinst made there is hidden by the mount, so it goes.
rm -rf "${root:?}/var/lib/beacon"
mkdir -p "$root/boot/beacon" "$root/var/lib/beacon" "$root/media/beacon-usb"
echo beacon > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tbeacon\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
# An empty machine-id on a read-only root: systemd makes a new one in RAM at
# each boot, so no two kiosks flashed from one image share an identity.
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"

in_root systemctl enable beacon.service beacon-boot-config.service \
    systemd-networkd.service systemd-resolved.service systemd-timesyncd.service
# The Pi's MBR: its data partition grows by beacon-grow-data (systemd-repart
# handles GPT only).
if [ "$target" = raspi ]; then
    in_root systemctl enable beacon-grow-data.service
fi
# No login anywhere: not on the screen, not on a serial port, not on another
# VT; Ctrl+Alt+Del does nothing.
in_root systemctl mask getty@tty1.service serial-getty@ttyS0.service \
    serial-getty@ttyS1.service serial-getty@ttyAMA0.service serial-getty@serial0.service \
    autovt@.service ctrl-alt-del.target console-getty.service
# Timers that would write to the read-only root or scan it for nothing.
in_root systemctl mask e2scrub_all.timer e2scrub_reap.service fstrim.timer 2>/dev/null || true

# The kernel and initramfs live on BEACON, not in the root file system's
# /boot; the copies there stay for build.sh to pick up and are small.
# Firmware and modules for hardware a kiosk never has.
modules=$(find "$root/lib/modules" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)
# drivers/staging goes except vc04_services: the Pi's 3.5 mm jack
# (snd-bcm2835, "bcm2835 Headphones") and its VCHIQ transport live there.
# Sound (sound/, the HDA and HDMI codecs, vc4's HDMI audio) is all kept.
if [ -d "$modules/kernel/drivers/staging" ]; then
    find "$modules/kernel/drivers/staging" -mindepth 1 -maxdepth 1 ! -name vc04_services \
        -exec rm -rf {} +
fi
for unused in drivers/infiniband drivers/net/wireless drivers/isdn \
    drivers/net/ethernet/mellanox drivers/scsi/qla2xxx drivers/scsi/lpfc drivers/target \
    drivers/gpu/drm/nouveau net/mac80211 net/wireless drivers/bluetooth net/bluetooth \
    drivers/media/dvb-frontends drivers/media/tuners drivers/media/usb/dvb-usb \
    drivers/media/usb/dvb-usb-v2 drivers/media/pci drivers/net/can drivers/net/wwan \
    drivers/scsi/bfa drivers/scsi/be2iscsi drivers/scsi/qedi drivers/scsi/qedf \
    drivers/net/ethernet/qlogic drivers/net/ethernet/chelsio drivers/net/ethernet/cavium \
    drivers/net/ethernet/huawei drivers/net/ethernet/sfc fs/ocfs2 fs/gfs2 fs/xfs fs/btrfs; do
    rm -rf "${modules:?}/kernel/$unused"
done
in_root depmod "$(basename "$modules")"
# build.sh deferred every initramfs (defer-initramfs.sh): the one initramfs
# is made here, once, without the pruned modules.
"$here/defer-initramfs.sh" "$root" restore
for modules_dir in "$root"/lib/modules/*/; do
    version=$(basename "$modules_dir")
    rm -f "$root/boot/initrd.img-$version"
    in_root update-initramfs -c -k "$version" > /dev/null
done
