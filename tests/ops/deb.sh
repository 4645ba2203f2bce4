#!/usr/bin/env bash
# The .deb end to end: a release build (no test hooks) packed by CPack,
# lintian with no errors, the right files and dependencies, then installed on
# this machine, its default playlist validated with the installed binary, and
# purged again (unless beacon was installed before the test).
# Exit 77 (skipped) when not root: installing needs it.
set -euo pipefail
source_dir=${1:?usage: deb.sh SOURCE_DIR WORK_DIR}
work=${2:?usage: deb.sh SOURCE_DIR WORK_DIR}
if [ "$(id -u)" != 0 ]; then
    echo "installing a .deb needs root; skipped"
    exit 77
fi
fail() { echo "deb: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cmake -S "$source_dir" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBEACON_TESTS=OFF \
    -DBEACON_TEST_HOOKS=OFF > "$work/cmake.log"
cmake --build "$work/build" -j "$(nproc)" > "$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; fail "build failed"; }
(cd "$work/build" && cpack -G DEB > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(echo "$work"/build/beacon_*.deb)
[ -f "$deb" ] || fail "no .deb was made"
echo "built $(basename "$deb")"

lintian --tag-display-limit 0 "$deb" > "$work/lintian.txt" 2>&1 || true
cat "$work/lintian.txt"
if grep -q '^E:' "$work/lintian.txt"; then fail "lintian reports errors"; fi

dpkg-deb -c "$deb" | awk '{print $6}' > "$work/contents.txt"
for file in ./usr/bin/beacon ./lib/systemd/system/beacon.service \
    ./lib/systemd/system/beacon-usb@.service ./etc/beacon/beacon.conf \
    ./usr/share/beacon/playlists/default.xml ./usr/share/beacon/playlists/media/demo.mp4 \
    ./usr/share/doc/beacon/copyright; do
    grep -qx "$file" "$work/contents.txt" || fail "the package lacks $file"
done
for rule in "$source_dir"/platform/usb/*.rules; do
    [ -e "$rule" ] || continue
    grep -qx "./lib/udev/rules.d/$(basename "$rule")" "$work/contents.txt" || fail "no udev rule $rule"
done
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/beacon/beacon.conf "$work/control/conffiles" || fail "beacon.conf is not a conffile"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for library in libmpv2 libcurl4 libsdl2-2.0-0 libsdl2-image-2.0-0 libespeak-ng1 libtinyxml2 \
    libsystemd0 adduser; do
    [[ $depends == *"$library"* ]] || fail "Depends lacks $library"
done
# The release build carries no test-only fault switch.
if grep -q -a -- "--test-stall-at" "$work/build/beacon"; then fail "the release binary has test hooks"; fi

was_installed=no
if dpkg-query -W -f='${Status}' beacon 2>/dev/null | grep -q "install ok installed"; then
    was_installed=yes
fi
if [ "$was_installed" = no ]; then
    trap 'dpkg --purge beacon > /dev/null 2>&1 || true' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
# apt resolves the dependencies (Debian's packages) as an administrator would.
apt-get install -y -qq --no-install-recommends "$deb" > "$work/install.log" 2>&1 \
    || dpkg -i "$deb" >> "$work/install.log" 2>&1 || { cat "$work/install.log"; fail "install failed"; }

/usr/bin/beacon validate /usr/share/beacon/playlists/default.xml
# The player finds that playlist on its own: its compiled-in path is the
# package's, not the build's install prefix (/usr/local once made every kiosk
# show only the built-in hotline).
# (Played for real: the path is not greppable in the binary, -O3 builds the
# string from immediates.)
(unset DISPLAY WAYLAND_DISPLAY && timeout 120 /usr/bin/beacon play --headless --size 320x180 \
    --run-for 2 --frame-log "$work/frames.csv" > "$work/play.log" 2>&1) ||
    { cat "$work/play.log"; fail "the installed player did not run headless"; }
grep -q ",loop,demo," "$work/frames.csv" ||
    { cat "$work/play.log"; fail "the installed player does not play /usr/share/beacon/playlists/default.xml on its own"; }
getent passwd beacon > /dev/null || fail "postinst made no beacon user"
for dir in /var/lib/beacon /var/lib/beacon/state /var/lib/beacon/store; do
    [ "$(stat -c %U "$dir")" = beacon ] || fail "$dir is not beacon's"
done
if /usr/bin/beacon --help | grep -q -- --test-stall-at; then fail "installed beacon has test hooks"; fi
# The installed unit, against the installed binary.
output=$(systemd-analyze verify /lib/systemd/system/beacon.service 2>&1) || fail "$output"
[ -z "$output" ] || fail "systemd-analyze verify: $output"
# The stick unit, as udev would start it for a stick at sda1.
output=$(systemd-analyze verify /lib/systemd/system/beacon-usb@sda1.service 2>&1 |
    grep -v 'dev-sda1.device' || true)
[ -z "$output" ] || fail "systemd-analyze verify beacon-usb@: $output"
echo "the .deb builds, passes lintian, installs and validates"
