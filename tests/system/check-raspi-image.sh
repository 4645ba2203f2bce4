#!/usr/bin/env bash
# Static check of a Raspberry Pi image (platform/image/build.sh arm64 raspi):
# what the Pi 3's and Pi 4's boot ROM and firmware need to start Debian's
# kernel from it, and what issue 17 promises of the appliance. Reads the
# image file only: no mounting, no root, no loop devices (sfdisk, mtools on
# IMG@@OFFSET, debugfs on IMG?offset=N, dtc).
#
#   tests/system/check-raspi-image.sh IMG
#   tests/system/run.sh --raspi-check IMG      (the same)
#
# Prints one line per check ("ok" or "FAIL", with what was found) and exits 1
# if any check failed. Packages: fdisk, mtools, e2fsprogs, file,
# device-tree-compiler, python3.
set -u
[ $# -eq 1 ] || { echo "usage: check-raspi-image.sh IMG" >&2; exit 2; }
img=$1
[ -f "$img" ] || { echo "check-raspi-image: no image at $img" >&2; exit 2; }
for tool in sfdisk mdir mtype mcopy debugfs dumpe2fs file dtc python3; do
    command -v "$tool" > /dev/null || { echo "check-raspi-image: $tool is missing (scripts/install-deps.sh)" >&2; exit 2; }
done
export MTOOLS_SKIP_CHECK=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
ok() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() { # CONDITION-STATUS MESSAGE: ok when the previous command succeeded
    if [ "$1" -eq 0 ]; then ok "$2"; else fail "$2"; fi
}
finish() {
    echo "check-raspi-image: $failures check(s) failed"
    [ "$failures" -eq 0 ]
    exit
}

# --- the image and its partition table ----------------------------------------
bytes=$(stat -c %s "$img")
limit=1500000000 # issue 17: "an image under 1.5 GB uncompressed"
[ "$bytes" -lt "$limit" ]
check $? "image size $((bytes / 1048576)) MiB ($bytes bytes), under 1.5 GB"
sfdisk --json "$img" > "$tmp/table.json" 2> "$tmp/sfdisk.err" ||
    { fail "no partition table sfdisk can read: $(cat "$tmp/sfdisk.err")"; finish; }
# label, disk id, then per partition: number start size type bootable
python3 - "$tmp/table.json" > "$tmp/table.txt" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["partitiontable"]
print(t["label"], t.get("id", "-"), t.get("sectorsize", 512))
for n, p in enumerate(t.get("partitions", []), 1):
    print(n, p["start"], p["size"], p["type"], "boot" if p.get("bootable") else "-")
PY
read -r label disk_id sector < "$tmp/table.txt"
# The Pi 3's boot ROM reads an MBR only (the Pi 4's reads GPT too, but one
# image serves both).
[ "$label" = dos ]
check $? "MBR partition table (the Pi 3's boot ROM reads no GPT): label $label"
[ "$label" = dos ] || finish # not a raspi image: what follows would only mislead
parts=$(($(wc -l < "$tmp/table.txt") - 1))
[ "$parts" -eq 3 ]
check $? "three partitions (BEACON, root, data): found $parts"
[ "$parts" -ge 3 ] || finish
part() { sed -n "$(($1 + 1))p" "$tmp/table.txt"; } # NUMBER -> "n start size type boot"
offset() { echo $(($(part "$1" | cut -d' ' -f2) * sector)); }
size_of() { echo $(($(part "$1" | cut -d' ' -f3) * sector)); }
type1=$(part 1 | cut -d' ' -f4)
case "$type1" in
b | c | e) ok "partition 1 is a FAT partition in the table (type $type1), the one the firmware reads" ;;
*) fail "partition 1 has type $type1, not FAT (b, c or e): the Pi's firmware only reads FAT" ;;
esac
for n in 2 3; do
    [ "$(part "$n" | cut -d' ' -f4)" = 83 ]
    check $? "partition $n is a Linux partition (type $(part "$n" | cut -d' ' -f4))"
done
end3=$(($(offset 3) + $(size_of 3)))
[ "$end3" -le "$bytes" ]
check $? "the partitions end inside the image ($end3 of $bytes bytes)"
# PARTUUIDs on an MBR disk: the disk identifier, a dash, the partition number.
disk_hex=$(printf '%08x' "$((disk_id))")

# --- the boot partition: firmware, kernel, device trees ----------------------------
fat="$img@@$(offset 1)"
fat_label=$(mlabel -s -i "$fat" :: 2> /dev/null | sed -E 's/^ *Volume label is //; s/ *\(abbr.*$//; s/ *$//')
[ "$fat_label" = BEACON ]
check $? "partition 1 is a FAT file system labelled BEACON (label '$fat_label')"
mdir -/ -b -i "$fat" ::/ > "$tmp/fat.list" 2> "$tmp/mdir.err" ||
    { fail "mtools cannot list partition 1: $(cat "$tmp/mdir.err")"; finish; }
sed -i 's|^::/||' "$tmp/fat.list"
on_fat() { grep -qixF "$1" "$tmp/fat.list"; } # FAT is case-insensitive, as the firmware is
fat_file() { # NAME WHY
    on_fat "$1"
    check $? "BEACON holds $1 ($2)"
}
fat_file bootcode.bin "the Pi 3's second-stage boot loader"
fat_file start.elf "the Pi 3's GPU firmware"
fat_file fixup.dat "the Pi 3's memory split for start.elf"
fat_file start4.elf "the Pi 4's GPU firmware"
fat_file fixup4.dat "the Pi 4's memory split for start4.elf"
fat_file config.txt "the firmware's configuration"
fat_file cmdline.txt "the kernel command line"
fat_file beacon/beacon.conf "the administrator's configuration template"
for folder in beacon/keys beacon/bundle; do
    grep -qixF "$folder/" "$tmp/fat.list"
    check $? "BEACON has the $folder/ folder for administrators"
done
mtype -i "$fat" ::/config.txt 2> /dev/null | tr -d '\r' > "$tmp/config.txt"
mtype -i "$fat" ::/cmdline.txt 2> /dev/null | tr -d '\r' > "$tmp/cmdline.txt"

# config.txt: the firmware reads "key=value" lines; [pi3]/[pi4] sections
# apply to one board, [all] to both. The checks below read the lines that
# apply to every board (before any section, or under [all]).
awk '/^\[/{section=tolower($0); next} section=="" || section=="[all]"' "$tmp/config.txt" |
    sed -E 's/#.*//; s/[[:space:]]+$//' | grep -v '^$' > "$tmp/config.all"
setting() { sed -n -E "s/^$1[[:space:]]*=[[:space:]]*//p" "$tmp/config.all" | tail -n 1; }
[ "$(setting arm_64bit)" = 1 ]
check $? "config.txt: arm_64bit=1 (the Pi starts Debian's arm64 kernel in 64-bit mode)"
[ "$(setting enable_uart)" = 1 ]
check $? "config.txt: enable_uart=1 (the mini UART on GPIO 14/15, the serial console)"
kernel=$(setting kernel)
[ -n "$kernel" ] && on_fat "$kernel"
check $? "config.txt: kernel=${kernel:-(none)} names a file on BEACON"
initramfs=$(sed -n -E 's/^initramfs[[:space:]]+([^[:space:]]+).*/\1/p' "$tmp/config.all" | tail -n 1)
[ -n "$initramfs" ] && on_fat "$initramfs"
check $? "config.txt: initramfs ${initramfs:-(none)} names a file on BEACON"
if [ -n "$kernel" ] && on_fat "$kernel"; then
    mcopy -n -i "$fat" "::/$kernel" "$tmp/kernel" 2> /dev/null
    # Debian's arm64 vmlinuz is a gzip-compressed arm64 "Image".
    kind=$(file -b "$tmp/kernel")
    case "$kind" in
    gzip*) kind="$kind; inside: $(zcat "$tmp/kernel" 2> /dev/null | file -b - | cut -c1-60)" ;;
    esac
    echo "$kind" | grep -qi 'aarch64\|arm64'
    check $? "the kernel is an arm64 Linux image ($kind)"
fi
# Device trees: with upstream_kernel=1 the firmware loads the upstream
# names (bcm2837-rpi-3-b.dtb), else Raspberry Pi OS's (bcm2710-rpi-3-b.dtb).
upstream=$(setting upstream_kernel)
dtb_for() { # UPSTREAM-NAME DOWNSTREAM-NAME -> the one the firmware loads
    if [ "$upstream" = 1 ] && on_fat "$1"; then echo "$1"; elif on_fat "$2"; then echo "$2"; fi
}
for board in "Pi 3 B:bcm2837-rpi-3-b.dtb:bcm2710-rpi-3-b.dtb:bcm2835-vc4" \
    "Pi 3 B+:bcm2837-rpi-3-b-plus.dtb:bcm2710-rpi-3-b-plus.dtb:bcm2835-vc4" \
    "Pi 4 B:bcm2711-rpi-4-b.dtb:bcm2711-rpi-4-b.dtb:bcm2711-vc5"; do
    IFS=: read -r name up down gpu <<< "$board"
    dtb=$(dtb_for "$up" "$down")
    if [ -z "$dtb" ]; then
        fail "no device tree for the $name ($up with upstream_kernel=1, or $down)"
        continue
    fi
    mcopy -n -i "$fat" "::/$dtb" "$tmp/$dtb" 2> /dev/null
    model=$(dtc -q -I dtb -O dts "$tmp/$dtb" 2> /dev/null | sed -n -E '0,/model = "/s/^[[:space:]]*model = "([^"]*)".*/\1/p')
    [ -n "$model" ]
    check $? "the $name's device tree $dtb ($model)"
    # The KMS display pipeline and the GPU, enabled: what dtoverlay=vc4-kms-v3d
    # adds on Raspberry Pi OS. A node without "status" is enabled.
    dtc -q -I dtb -O dts "$tmp/$dtb" 2> /dev/null | awk '
        /\{[[:space:]]*$/ { depth++; name[depth] = $1; compat[depth] = ""; status[depth] = "okay" }
        /compatible = / { compat[depth] = $0 }
        /status = / { status[depth] = $0 ~ /"okay"/ ? "okay" : "disabled" }
        /^[[:space:]]*\};/ { if (compat[depth] != "") print status[depth], compat[depth]; depth-- }' > "$tmp/nodes.txt"
    missing=""
    for part in "$gpu" hvs "hdmi" "v3d"; do
        grep -E "^okay .*\"brcm,[^\"]*$part" "$tmp/nodes.txt" > /dev/null || missing+=" $part"
    done
    [ -z "$missing" ]
    check $? "the $name's device tree enables vc4 KMS and V3D (gpu $gpu, HVS, HDMI, V3D)${missing:+: missing or disabled:$missing}"
done
# Every overlay config.txt asks for must be there: a missing one is only a
# line in the firmware's own log, and what it should have enabled is not.
overlays=$(sed -n -E 's/^dtoverlay[[:space:]]*=[[:space:]]*([^,:[:space:]]+).*/\1/p' "$tmp/config.txt" | sort -u)
for overlay in $overlays; do
    on_fat "overlays/$overlay.dtbo"
    check $? "config.txt: dtoverlay=$overlay has overlays/$overlay.dtbo"
done
[ -n "$overlays" ] || ok "config.txt: no dtoverlay= lines (vc4 KMS comes from the device trees, checked above)"

# cmdline.txt: one line; root= names partition 2; console= is the port the
# journal uses.
lines=$(grep -c . "$tmp/cmdline.txt")
[ "$lines" -eq 1 ]
check $? "cmdline.txt is one line (the firmware reads only the first): $lines"
cmdline=$(head -n 1 "$tmp/cmdline.txt")
root_arg=$(echo "$cmdline" | tr ' ' '\n' | sed -n 's/^root=//p' | tail -n 1)
root_offset=$(offset 2)
rootfs="$img?offset=$root_offset"
root_label=$(dumpe2fs -h "$rootfs" 2> /dev/null | sed -n -E 's/^Filesystem volume name:[[:space:]]*//p')
case "${root_arg,,}" in
partuuid=*)
    [ "${root_arg,,}" = "partuuid=$disk_hex-02" ]
    check $? "cmdline.txt: root=$root_arg is partition 2 (the disk identifier is $disk_hex)"
    ;;
label=*)
    [ "${root_arg#*=}" = "$root_label" ]
    check $? "cmdline.txt: root=$root_arg is partition 2's label ($root_label)"
    ;;
*) fail "cmdline.txt: root=${root_arg:-(none)} is neither PARTUUID= nor LABEL= (a device name changes between SD card and USB boot)" ;;
esac
echo " $cmdline " | grep -q ' ro '
check $? "cmdline.txt mounts the root read-only (ro)"
consoles=$(echo "$cmdline" | tr ' ' '\n' | sed -n 's/^console=//p' | cut -d, -f1 | paste -sd' ')

# --- the root file system -------------------------------------------------------
rootcat() { debugfs -R "cat $1" "$rootfs" 2> /dev/null; }
rootls() { debugfs -R "ls -l $1" "$rootfs" 2> /dev/null; }
root_has() { debugfs -R "stat $1" "$rootfs" 2> /dev/null | grep -q '^Inode:'; } # debugfs exits 0 either way
link_target() { debugfs -R "stat $1" "$rootfs" 2> /dev/null | sed -n -E 's/^Fast link dest: "(.*)"$/\1/p'; }
features=$(dumpe2fs -h "$rootfs" 2> /dev/null | sed -n -E 's/^Filesystem features:[[:space:]]*//p')
echo "$features" | grep -qw extent
check $? "partition 2 is an ext4 file system (label ${root_label:-none}; features: ${features:-unreadable})"
[ -n "$features" ] || finish
debugfs -R "dump /usr/bin/beacon $tmp/beacon" "$rootfs" > /dev/null 2>&1
kind=$(file -b "$tmp/beacon" 2> /dev/null)
echo "$kind" | grep -q 'ELF 64-bit LSB.*ARM aarch64'
check $? "/usr/bin/beacon is an aarch64 program ($(echo "$kind" | cut -d, -f1-2))"
for unit in beacon.service beacon-boot-config.service; do
    target=$(link_target "/etc/systemd/system/multi-user.target.wants/$unit")
    [ -n "$target" ]
    check $? "$unit is enabled (multi-user.target.wants/$unit -> ${target:-nothing})"
done
unit_text=$(rootcat /lib/systemd/system/beacon.service)
[ -n "$unit_text" ] || unit_text=$(rootcat /usr/lib/systemd/system/beacon.service)
for line in ProtectSystem=strict Type=notify WatchdogSec= SystemCallFilter= CapabilityBoundingSet=; do
    echo "$unit_text" | grep -q "^$line"
    check $? "beacon.service has $line (the hardened unit)"
done
rootcat /etc/fstab | sed -E 's/#.*//' | awk 'NF' > "$tmp/fstab"
root_line=$(awk '$2 == "/"' "$tmp/fstab")
echo "$root_line" | awk '{print $4}' | tr ',' '\n' | grep -qx ro
check $? "fstab mounts / read-only: ${root_line:-(no line for /)}"
fstab_root=$(echo "$root_line" | awk '{print $1}')
[ "${fstab_root,,}" = "${root_arg,,}" ]
check $? "fstab's root ($fstab_root) is cmdline.txt's (${root_arg:-none})"
data_line=$(awk '$2 == "/var/lib/beacon"' "$tmp/fstab")
[ "$(echo "$data_line" | awk '{print tolower($1)}')" = "partuuid=$disk_hex-03" ]
check $? "fstab mounts partition 3 (PARTUUID=$disk_hex-03) on /var/lib/beacon: ${data_line:-(none)}"
echo "$data_line" | grep -q 'x-systemd.growfs'
check $? "the data file system grows at boot (x-systemd.growfs)"
# systemd-repart handles GPT only: on this MBR disk something else must grow
# the data partition before growfs can.
grow=$(echo "$data_line" | sed -n -E 's/.*x-systemd.after=([^, ]+).*/\1/p')
if [ "$grow" = systemd-repart.service ] || [ -z "$grow" ]; then
    fail "nothing grows the data partition on an MBR disk (fstab orders the mount after '${grow:-nothing}'; systemd-repart does GPT only)"
else
    target=$(link_target "/etc/systemd/system/local-fs-pre.target.wants/$grow")
    [ -n "$target" ] && root_has /usr/lib/beacon/beacon-grow-data && root_has /usr/sbin/sfdisk
    check $? "$grow grows the data partition (MBR) before the mount: enabled (${target:-not in local-fs-pre.target.wants}), with its script and sfdisk"
fi
boot_line=$(awk '$2 == "/boot/beacon"' "$tmp/fstab")
[ "$(echo "$boot_line" | awk '{print tolower($1)}')" = "partuuid=$disk_hex-01" ]
check $? "fstab mounts BEACON (PARTUUID=$disk_hex-01) on /boot/beacon: ${boot_line:-(none)}"
# The serial console: journald copies the journal to one port; cmdline.txt's
# console= must name it (the kernel's messages and the journal on one wire).
tty=$(rootcat /etc/systemd/journald.conf.d/serial-console.conf | sed -n -E 's|^TTYPath=/dev/||p')
[ -n "$tty" ] && echo " $consoles " | grep -q " $tty "
check $? "the journal's serial port (${tty:-none}) is a console= of cmdline.txt ($consoles)"
[ "$tty" = ttyS1 ]
check $? "the serial console is ttyS1 (the Pi 3's and 4's mini UART under Debian's kernel): ${tty:-none}"
for getty in "serial-getty@$tty.service" getty@tty1.service; do
    [ "$(link_target "/etc/systemd/system/$getty")" = /dev/null ]
    check $? "$getty is masked (no login)"
done
# The kernel on BEACON is the one whose modules are in the root.
modules_version=""
for dir in $(rootls /lib/modules | awk '{print $NF}' | grep -v '^\.'); do
    root_has "/boot/vmlinuz-$dir" && modules_version=$dir
done
if [ -n "$modules_version" ] && [ -f "$tmp/kernel" ]; then
    debugfs -R "dump /boot/vmlinuz-$modules_version $tmp/root-kernel" "$rootfs" > /dev/null 2>&1
    cmp -s "$tmp/kernel" "$tmp/root-kernel"
    check $? "BEACON's $kernel is the root's vmlinuz-$modules_version (its modules are there)"
    for module in gpu/drm/vc4/vc4 gpu/drm/v3d/v3d mmc/host/sdhci-iproc mmc/host/bcm2835 usb/dwc2/dwc2; do
        rootls "/lib/modules/$modules_version/kernel/drivers/$(dirname "$module")" |
            grep -qE " $(basename "$module")\.ko(\.xz|\.zst)? *$"
        check $? "the kernel module $(basename "$module") is on the root (drivers/$module)"
    done
elif [ -n "$modules_version" ]; then
    fail "BEACON's kernel (${kernel:-none}) cannot be compared with the root's vmlinuz-$modules_version: it is missing"
else
    fail "no /boot/vmlinuz-VERSION with /lib/modules/VERSION on the root"
fi

# --- the data partition ----------------------------------------------------------
data_label=$(dumpe2fs -h "$img?offset=$(offset 3)" 2> /dev/null | sed -n -E 's/^Filesystem volume name:[[:space:]]*//p')
[ "$data_label" = beacon-data ]
check $? "partition 3 is the ext4 data file system labelled beacon-data ($data_label)"
finish
