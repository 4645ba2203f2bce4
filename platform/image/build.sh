#!/usr/bin/env bash
# Builds a Beacon appliance: a raw disk image that boots straight into the
# kiosk, from Debian 12 packages and the beacon .deb built from this tree.
#
#   platform/image/build.sh ARCH TARGET OUT_DIR
#     ARCH    amd64 | arm64
#     TARGET  pc     UEFI mini PCs and thin clients (amd64)
#             virt   QEMU's arm64 "virt" machine with UEFI (arm64): the Pi's
#                    software, testable without a Pi
#             raspi  Raspberry Pi 3 and 4 (arm64)
#   writes OUT_DIR/beacon-ARCH-TARGET.img and OUT_DIR/beacon-ARCH-TARGET.sizes
#
# Environment:
#   BEACON_DEB       use this .deb instead of building one from the tree
#   BEACON_KEYS      a folder of *.pub keys the image trusts from the start
#   DEBIAN_MIRROR    default http://deb.debian.org/debian (and
#   DEBIAN_SECURITY_MIRROR, default http://deb.debian.org/debian-security):
#                    the image gets bookworm, bookworm-updates and security
#
# Runs as root on a plain Debian 12 machine. Nothing is loop-mounted: the root
# file system is made by mmdebstrap in a folder, the partitions by
# mkfs.ext4 -d and mtools, the disk by sfdisk and dd.
#
# Disk layout (GPT on pc and virt, MBR on raspi, which the Pi 3 needs):
#   1  BEACON  FAT32  administrators' files (beacon/); the boot loader and
#                     kernel (pc, virt) or the Pi's firmware (raspi)
#   2  root    ext4   read-only root file system
#   3  data    ext4   /var/lib/beacon: content store and state; grows to fill
#                     the card at the first boot
set -euo pipefail

usage() { echo "usage: build.sh amd64|arm64 pc|virt|raspi OUT_DIR" >&2; exit 2; }
[ $# -eq 3 ] || usage
arch=$1 target=$2 out=$3
case "$arch/$target" in
amd64/pc | arm64/virt | arm64/raspi) ;;
*) echo "build.sh: $arch/$target is not an image Beacon makes (amd64 pc, arm64 virt, arm64 raspi)" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "build.sh: run as root (mmdebstrap's root mode, file ownership)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
image="$out/beacon-$arch-$target.img"
work=$(mktemp -d "$out/.build-$arch-$target.XXXXXX")
# mmdebstrap mounts /proc, /sys and /dev/pts inside the root it builds; if
# it is interrupted they may still be there, and rm -rf must not walk them.
cleanup() {
    # (grep finds nothing after a normal build: that is not a failure.)
    { findmnt -rn -o TARGET | grep -F "$work/" || true; } | sort -r | while read -r target; do
        umount -l "$target" 2>/dev/null || true
    done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
started=$SECONDS
step() { echo "== build.sh: $* ($((SECONDS - started)) s)"; }
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

# --- the .deb ---------------------------------------------------------------
deb=${BEACON_DEB:-}
if [ -z "$deb" ]; then
    if [ "$arch" != "$(dpkg --print-architecture)" ]; then
        step "cross-building the beacon .deb for $arch from $source_dir"
        "$source_dir/scripts/cross-build.sh" "$arch" --no-tests > "$work/build.log" 2>&1 ||
            { tail -n 40 "$work/build.log"; exit 1; }
        deb=$(echo "$source_dir/build-cross-$arch-release"/beacon_*_"$arch".deb)
    else
        step "building the beacon .deb from $source_dir"
        build="$source_dir/build-image-$arch"
        cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBEACON_TESTS=OFF > "$work/cmake.log"
        cmake --build "$build" -j "$(nproc)" > "$work/build.log" || { tail -n 40 "$work/build.log"; exit 1; }
        rm -f "$build"/beacon_*.deb
        (cd "$build" && cpack -G DEB > "$work/cpack.log") || { cat "$work/cpack.log"; exit 1; }
        deb=$(echo "$build"/beacon_*.deb)
    fi
fi
[ -f "$deb" ] || { echo "build.sh: no .deb at $deb" >&2; exit 1; }
deb=$(realpath "$deb")
deb_arch=$(dpkg-deb -f "$deb" Architecture)
[ "$deb_arch" = "$arch" ] || { echo "build.sh: $deb is for $deb_arch, not $arch" >&2; exit 1; }
echo "   using $(basename "$deb")"

# --- the root file system ---------------------------------------------------
packages=(
    systemd-sysv udev kmod dbus e2fsprogs dosfstools util-linux
    systemd-timesyncd systemd-resolved ca-certificates
    # kmsdrm: SDL draws through GBM and EGL, on the GPU's driver or on Mesa's
    # software rasteriser (virtio-gpu without virgl, a GPU Mesa lacks)
    libgbm1 libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri libdrm2
    fonts-noto-cjk
    # sound through ALSA alone (issue 24), no PulseAudio or PipeWire: the
    # cards' PCM definitions (libasound2-data: "hdmi" on Intel HDA and the
    # Pi's vc4) come with libmpv; alsa-utils' udev rule runs `alsactl init`
    # at boot, which unmutes a PC's HDMI and line outputs (the kernel starts
    # them muted) and sets the Pi's jack to a sane level
    alsa-utils
)
case "$target" in
# AMD GPUs need their firmware to light a screen at all (non-free-firmware);
# Intel's display works without its optional GuC/DMC blobs.
pc) packages+=(linux-image-amd64 initramfs-tools systemd-boot-efi firmware-amd-graphics) ;;
virt) packages+=(linux-image-arm64 initramfs-tools systemd-boot-efi) ;;
# sfdisk (fdisk): the Pi's MBR has no systemd-repart, beacon-grow-data does
# the data partition's first-boot growth (customize.sh).
raspi) packages+=(linux-image-arm64 initramfs-tools raspi-firmware fdisk) ;;
esac
# The .deb is installed with dpkg in the customize hook (mmdebstrap's apt
# cannot see a file outside the chroot); what it depends on comes first,
# from the mirror, with the package names read from its control file.
deb_depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/\(.*\)//; s/\|.*//; s/[[:space:]]//g' |
    grep -v '^$' | paste -sd, -)
rootfs="$work/rootfs"
# Another architecture's maintainer scripts run in the new root through
# qemu-user, which mmdebstrap needs registered with binfmt_misc.
if [ "$arch" != "$(dpkg --print-architecture)" ]; then
    qemu=$([ "$arch" = arm64 ] && echo qemu-aarch64 || echo "qemu-$arch")
    if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
            { echo "build.sh: binfmt_misc is not available, so $arch programs cannot run here" >&2; exit 1; }
    fi
    if [ ! -e "/proc/sys/fs/binfmt_misc/$qemu" ]; then
        update-binfmts --enable "$qemu" ||
            { echo "build.sh: cannot register $qemu (package qemu-user-static)" >&2; exit 1; }
    fi
fi
# The kernel package would build an initramfs with every module as it is
# installed, and customize.sh builds it again after pruning modules. Under
# qemu-user (another architecture) each run takes many minutes, so
# defer-initramfs.sh turns update-initramfs into a no-op before any package
# is installed, and customize.sh restores it and makes the only one.
step "making the root file system with mmdebstrap ($arch, ${#packages[@]} packages and the .deb)"
mmdebstrap --mode=root --variant=minbase --arch="$arch" \
    --include="$(IFS=,; echo "${packages[*]}")" --include="$deb_depends" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-include=/usr/share/doc/beacon/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --essential-hook="\"$here/defer-initramfs.sh\" \"\$1\" defer" \
    --customize-hook="copy-in \"$deb\" /tmp" \
    --customize-hook="chroot \"\$1\" dpkg -i \"/tmp/$(basename "$deb")\" && rm \"\$1/tmp/$(basename "$deb")\"" \
    --customize-hook="\"$here/customize.sh\" \"\$1\" $arch $target" \
    bookworm "$rootfs" "deb $mirror bookworm main non-free-firmware" \
    "deb $mirror bookworm-updates main non-free-firmware" \
    "deb ${security_mirror} bookworm-security main non-free-firmware" \
    > "$work/mmdebstrap.log" 2>&1 ||
    { tail -n 60 "$work/mmdebstrap.log"; exit 1; }

# Image keys: trusted from the first boot, before anyone edits BEACON.
if [ -n "${BEACON_KEYS:-}" ]; then
    cp "$BEACON_KEYS"/*.pub "$rootfs/usr/share/beacon/image/keys/"
fi

# --- partitions -------------------------------------------------------------
uuid() { cat /proc/sys/kernel/random/uuid; }
esp_uuid=$(uuid) root_uuid=$(uuid) data_uuid=$(uuid)
fat_serial=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
if [ "$target" = raspi ]; then
    # MBR: partitions are named by the disk's identifier and their number.
    disk_id=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
    root_ref="PARTUUID=$disk_id-02" data_ref="PARTUUID=$disk_id-03" boot_ref="PARTUUID=$disk_id-01"
else
    root_ref="PARTUUID=$root_uuid" data_ref="PARTUUID=$data_uuid" boot_ref="PARTUUID=$esp_uuid"
fi
# What grows the data partition at the first boot, before it is mounted:
# systemd-repart on GPT; it does not handle MBR, so the Pi has its own.
grow_unit=systemd-repart.service
[ "$target" = raspi ] && grow_unit=beacon-grow-data.service
# The data and BEACON partitions are on the disk the kiosk booted from: they
# are there, but udev may name them late (a Pi 4 booting from a slow USB
# stick; QEMU's raspi3b under TCG, tests/system/raspi_boot.py, where udev
# starts minutes after systemd begins to wait). systemd's default of 90 s
# would then give up and drop the boot into emergency mode, with no kiosk.
cat > "$rootfs/etc/fstab" <<FSTAB
# Written by platform/image/build.sh. The root is read-only: nothing the kiosk
# does at run time writes to it, so a power cut cannot damage it.
$root_ref  /                ext4  ro,noatime,errors=remount-ro  0 1
$data_ref  /var/lib/beacon  ext4  noatime,nodev,nosuid,x-systemd.growfs,x-systemd.after=$grow_unit,x-systemd.device-timeout=10min  0 2
$boot_ref  /boot/beacon     vfat  ro,nodev,nosuid,noexec,umask=0022,shortname=mixed,nofail,x-systemd.device-timeout=10min  0 2
tmpfs      /tmp             tmpfs nodev,nosuid,size=64M,mode=1777  0 0
tmpfs      /var/tmp         tmpfs nodev,nosuid,size=16M,mode=1777  0 0
tmpfs      /var/lib/systemd tmpfs nodev,nosuid,size=8M,mode=0755   0 0
FSTAB

cmdline="root=$root_ref ro rootwait fsck.repair=yes quiet loglevel=3 consoleblank=0"
cmdline+=" vt.global_cursor_default=0 systemd.show_status=false rd.systemd.show_status=false"
# The serial console: the PC's first port, the virt machine's PL011, and on
# the Pi 3 and 4 the mini UART on GPIO 14/15 (enable_uart=1), which
# Debian's kernel names ttyS1, as Debian's own Raspberry Pi images do.
case "$target" in
pc) serial=ttyS0 ;;
virt) serial=ttyAMA0 ;;
raspi) serial=ttyS1 ;;
esac
cmdline+=" console=$serial,115200 console=tty1"
# The journal goes there too, not to /dev/console (the screen: tty1 is the
# last console= above).
printf '[Journal]\nTTYPath=/dev/%s\n' "$serial" \
    > "$rootfs/etc/systemd/journald.conf.d/serial-console.conf"

boot="$work/boot"
mkdir -p "$boot"
# Git keeps no empty folders, so the two drop-in folders are made here.
cp -r "$here/boot-partition/." "$boot/"
mkdir -p "$boot/beacon/bundle" "$boot/beacon/keys"
cp "$rootfs/usr/share/beacon/image/beacon.conf" "$boot/beacon/beacon.conf"
kernel=$(find "$rootfs/boot" -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sort -V | tail -n 1)
initrd=initrd.img-${kernel#vmlinuz-}
case "$target" in
pc | virt)
    efi_name=$([ "$arch" = amd64 ] && echo BOOTX64.EFI || echo BOOTAA64.EFI)
    efi_src=$([ "$arch" = amd64 ] && echo systemd-bootx64.efi || echo systemd-bootaa64.efi)
    mkdir -p "$boot/EFI/BOOT" "$boot/loader/entries"
    cp "$rootfs/usr/lib/systemd/boot/efi/$efi_src" "$boot/EFI/BOOT/$efi_name"
    cp "$rootfs/boot/$kernel" "$boot/vmlinuz"
    cp "$rootfs/boot/$initrd" "$boot/initrd.img"
    printf 'default beacon.conf\ntimeout 0\nconsole-mode keep\neditor no\n' > "$boot/loader/loader.conf"
    printf 'title Beacon\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s\n' "$cmdline" \
        > "$boot/loader/entries/beacon.conf"
    ;;
raspi)
    # The Pi's boot firmware (raspi-firmware) and the device trees of
    # Debian's kernel. raspi-firmware's kernel hook would copy the device
    # trees, kernel and initrd to /boot/firmware too, but under versioned
    # names (vmlinuz-6.1.0-N-arm64) that config.txt would have to follow,
    # and only once an initrd exists; so they are taken here, from where
    # the packages put them, under the stable names config.txt gives
    # (kernel=vmlinuz, initramfs initrd.img). Upstream device-tree names
    # (bcm2837-rpi-3-b.dtb, bcm2711-rpi-4-b.dtb) are what the firmware
    # looks for with upstream_kernel=1.
    cp "$rootfs"/usr/lib/raspi-firmware/* "$boot/"
    cp "$rootfs/usr/lib/linux-image-${kernel#vmlinuz-}"/broadcom/bcm*.dtb "$boot/"
    cp "$rootfs/boot/$kernel" "$boot/vmlinuz"
    cp "$rootfs/boot/$initrd" "$boot/initrd.img"
    cp "$here/raspi/config.txt" "$boot/config.txt"
    echo "$cmdline" > "$boot/cmdline.txt"
    for needed in bootcode.bin start.elf fixup.dat start4.elf fixup4.dat \
        bcm2837-rpi-3-b.dtb bcm2837-rpi-3-b-plus.dtb bcm2711-rpi-4-b.dtb; do
        [ -f "$boot/$needed" ] || { echo "build.sh: no $needed for the Pi's boot partition" >&2; exit 1; }
    done
    ;;
esac
# The root file system carries no copy of what lives on BEACON.
rm -rf "${rootfs:?}/boot/firmware"/*

step "making the partitions"
mib() { echo $(( ($1 + 1048575) / 1048576 )); }
boot_mib=$(( $(mib "$(du -sb "$boot" | cut -f1)") + 64 ))
[ "$boot_mib" -ge 100 ] || boot_mib=100
# The root is never written: no journal, no blocks reserved for root, and
# only a little room beyond its files (block rounding, directories, inodes).
root_mib=$(( $(mib "$(du -sb --apparent-size "$rootfs" | cut -f1)") * 108 / 100 + 48 ))
# Small on purpose: it grows to fill the card at the first boot.
data_mib=64
mkfs.vfat -F 32 -n BEACON -i "$fat_serial" -C "$work/boot.img" $((boot_mib * 1024)) > /dev/null
(cd "$boot" && mcopy -s -i "$work/boot.img" ./* ::/)
mkfs.ext4 -q -F -L beacon-root -O ^has_journal -m 0 -d "$rootfs" -E root_owner=0:0 \
    "$work/root.img" "${root_mib}M"
mkdir -p "$work/data"
mkfs.ext4 -q -F -L beacon-data -d "$work/data" "$work/data.img" "${data_mib}M"

step "assembling the disk"
start=1 # MiB; partitions are MiB-aligned
total=$((start + boot_mib + root_mib + data_mib + 1))
rm -f "$image"
truncate -s "${total}M" "$image"
if [ "$target" = raspi ]; then
    sfdisk --quiet "$image" <<TABLE
label: dos
label-id: 0x$disk_id
start=${start}MiB, size=${boot_mib}MiB, type=c, bootable
size=${root_mib}MiB, type=83
size=${data_mib}MiB, type=83
TABLE
else
    root_type=$([ "$arch" = amd64 ] && echo 4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709 || echo B921B045-1DF0-41C3-AF44-4C6F280D3FAE)
    sfdisk --quiet "$image" <<TABLE
label: gpt
start=${start}MiB, size=${boot_mib}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$esp_uuid, name=BEACON
size=${root_mib}MiB, type=$root_type, uuid=$root_uuid, name=beacon-root
size=${data_mib}MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$data_uuid, name=beacon-data
TABLE
fi
offset=$start
for part in boot root data; do
    dd if="$work/$part.img" of="$image" bs=1M seek="$offset" conv=notrunc,sparse status=none
    size_var=${part}_mib
    offset=$((offset + ${!size_var}))
done

# What takes the space, for the README's size target (under 1.5 GB).
{
    echo "image $(mib "$(stat -c %s "$image")") MiB: BEACON ${boot_mib} MiB, root ${root_mib} MiB, data ${data_mib} MiB"
    echo "largest parts of the root file system (MiB):"
    # A report only: du's complaints or a closed pipe must not fail the build.
    { du -xm --max-depth=3 "$rootfs/usr" "$rootfs/var" 2>/dev/null || true; } |
        sort -rn | sed -n '1,15p' | sed "s|$rootfs||"
} > "$out/beacon-$arch-$target.sizes" || echo "build.sh: the size report is incomplete" >&2
cat "$out/beacon-$arch-$target.sizes"
step "wrote $image"
