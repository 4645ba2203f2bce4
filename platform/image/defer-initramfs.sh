#!/usr/bin/env bash
# Defers, then restores, update-initramfs in a root file system that
# mmdebstrap is building (platform/image/build.sh).
#
#   defer-initramfs.sh ROOT defer     before any package is installed
#   defer-initramfs.sh ROOT restore   after all of them, before the one real run
#
# Why: the kernel package's postinst runs `update-initramfs -c` directly (the
# update_initramfs=no setting only stops `-u`), and customize.sh must build
# the initramfs again after it prunes modules. Under qemu-user each run takes
# many minutes. dpkg-divert moves the real program aside when initramfs-tools
# is unpacked, and a no-op stands in its place until `restore`.
set -euo pipefail
root=$1 action=$2
real=/usr/sbin/update-initramfs
case "$action" in
defer)
    chroot "$root" dpkg-divert --quiet --local --rename --divert "$real.beacon-real" --add "$real"
    mkdir -p "$root/usr/sbin"
    printf '#!/bin/sh\n# Deferred by Beacon'"'"'s image build (defer-initramfs.sh).\nexit 0\n' > "$root$real"
    chmod 755 "$root$real"
    ;;
restore)
    rm -f "$root$real"
    chroot "$root" dpkg-divert --quiet --local --rename --divert "$real.beacon-real" --remove "$real"
    [ -x "$root$real" ] || { echo "defer-initramfs.sh: $real is missing after restore" >&2; exit 1; }
    ;;
*) echo "usage: defer-initramfs.sh ROOT defer|restore" >&2; exit 2 ;;
esac
