#!/usr/bin/env bash
# Whole-system test: boots the Beacon appliance image under QEMU (TCG, no
# KVM) and checks it from the outside, over QMP and the serial console only.
#
#   tests/system/run.sh            the amd64 pc image (builds it if missing)
#   tests/system/run.sh --arm64    the arm64 virt image: first frame and a tap
#   tests/system/run.sh --sound-stress [MINUTES]
#                                  sound under underruns (not in CI: default
#                                  10 minutes, and the boot): the amd64 image
#                                  plays a loop of videos with a 440 Hz tone
#                                  while the player is frozen for 0.3-0.8 s
#                                  every 2 s; the player must never abort or
#                                  restart, and the tone must still be heard
#   tests/system/run.sh --raspi-check [IMG]   static check of the Raspberry Pi
#           image (tests/system/check-raspi-image.sh): boot partition,
#           config.txt, cmdline.txt, root and data partitions; seconds
#   tests/system/run.sh --raspi [IMG]   the Pi image's own kernel, initrd and
#           Pi 3 B device tree on QEMU's raspi3b machine, read from the serial
#           console (tests/system/raspi_boot.py); 5-10 minutes under TCG
#
# Environment:
#   IMAGE     an image to test instead of building one
#   OUT       where images, screendumps and logs go (default build-system)
#   BEACON    a host beacon binary for keygen/bundle (default build/beacon)
#   SMP       guest CPUs (default 2)
#
# What the amd64 run proves (tests/system/kiosk.py):
#   boot 1  first content frame (and the time to it); no black screendump
#           for 30 s; a tap shows the hotline and its QR decodes with zbarimg
#           from the screendump; it closes by itself after hotline-timeout
#           (10 s, set in the BEACON partition's beacon.conf, which proves the
#           file is applied); an unknown key and a damaged bundle on BEACON are
#           reported and change nothing; a hot-plugged FAT32 stick with a newer
#           signed bundle is installed and its content shows; a second, larger
#           bundle is plugged and QEMU is killed (-9) during its install.
#           beacon.conf says audio = on, and the stick's bundle starts with a
#           video carrying a 440 Hz tone: QEMU records the guest's HDA line
#           out (-audiodev wav) and sox finds the tone there, and silence
#           while a second tap's hotline is up; beacon.conf also says
#           speech = on, and two Tabs and Enter on that hotline make its
#           Listen button speak, heard in the same recording.
#   boot 2  the same disk boots back to whole content (one bundle or the
#           other); the player is frozen with SIGSTOP and systemd's watchdog
#           restarts it.
#   boot 3  display-hours closed: the guest switches its output off (serial
#           console, and QEMU's "Display output is not active" read by
#           tesseract); a tap brings the hotline, whose QR decodes; the
#           screen is off again after the hotline's timeout; the journal
#           says nothing about the tap. The same config asks for the discreet
#           hotline with a tel: QR (its title read by tesseract, its QR equal
#           to the host's own rendering); a key wakes the screen and Escape
#           puts it back to sleep at once.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
arch=amd64 stress_minutes=0
case "${1:-}" in
--arm64) arch=arm64 ;;
--sound-stress) stress_minutes=${2:-10} ;;
esac
out=$(mkdir -p "${OUT:-build-system}" && cd "${OUT:-build-system}" && pwd)
beacon=${BEACON:-$root/build/beacon}
smp=${SMP:-2}
started=$SECONDS
step() { echo "== system test: $* ($((SECONDS - started)) s)"; }
fail() { echo "system test: $*" >&2; exit 1; }
case "${1:-}" in
--raspi-check | --raspi)
    raspi_image=${2:-${IMAGE:-$out/beacon-arm64-raspi.img}}
    [ -f "$raspi_image" ] || fail "no Raspberry Pi image at $raspi_image (platform/image/build.sh arm64 raspi $out, with BEACON_DEB)"
    if [ "$1" = --raspi-check ]; then
        exec tests/system/check-raspi-image.sh "$raspi_image"
    fi
    step "booting the Raspberry Pi image's kernel on QEMU raspi3b"
    exec python3 tests/system/raspi_boot.py "$raspi_image" --out "$out/run-raspi"
    ;;
esac
[ -x "$beacon" ] || fail "no host beacon binary at $beacon (build first, or set BEACON)"

if [ "$arch" = amd64 ]; then
    target=pc firmware=/usr/share/ovmf/OVMF.fd
else
    target=virt firmware=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
fi
[ -f "$firmware" ] || fail "no UEFI firmware at $firmware (packages ovmf, qemu-efi-aarch64)"
image=${IMAGE:-$out/beacon-$arch-$target.img}
if [ ! -f "$image" ]; then
    step "building the $arch $target image"
    [ "$arch" = amd64 ] || fail "build the arm64 image first (platform/image/build.sh arm64 virt $out, with BEACON_DEB)"
    platform/image/build.sh "$arch" "$target" "$out"
fi

run="$out/run-$arch"
rm -rf "$run"
mkdir -p "$run"
results="$run/results.json"

# --- keys and bundles (made on the host, as an administrator would) -------
step "making keys, bundles and sticks"
"$beacon" keygen --out "$run/keys" > /dev/null
# Content: the default hotline, and one full-screen picture of a colour the
# screendumps can recognise.
make_content() { # DIR COLOUR(ffmpeg) [BIG_VIDEO_SECONDS] [TONE_SECONDS]
    local dir=$1 colour=$2 big=${3:-0} tone=${4:-}
    mkdir -p "$dir/media"
    ffmpeg -loglevel error -f lavfi -i "color=c=$colour:s=1280x720" -frames:v 1 "$dir/media/screen.png"
    local first="" extra=""
    if [ -n "$tone" ]; then
        # First in the loop: the same colour with a 440 Hz tone, for the
        # sound check (issue 24). Small and cheap to decode under TCG; mpv
        # scales it to the screen.
        ffmpeg -loglevel error -f lavfi -i "color=c=$colour:s=320x180:r=10" \
            -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$tone" -ac 2 \
            -c:v mpeg4 -q:v 5 -c:a aac -b:a 96k "$dir/media/tone.mp4"
        first='  <video id="tone" src="media/tone.mp4"/>'
        # And a 1080p clip of the same colour, so that boot 2 measures
        # memory while 1080p plays whichever bundle survived the power cut
        # (issue 22, target 6): the frames are full size though cheap to
        # decode under TCG, and the colour checks see the bundle's colour.
        ffmpeg -loglevel error -f lavfi -i "color=c=$colour:s=1920x1080:r=30" -t 5 \
            -c:v mpeg4 -q:v 5 "$dir/media/hd.mp4"
        extra='  <video id="hd" src="media/hd.mp4"/>'
    fi
    if [ "$big" -gt 0 ]; then
        # Large enough that copying and hashing it takes a while in the guest
        # (18 s: 63 MB). 1080p, so that boot 2 measures the appliance's
        # memory while it plays 1080p on its 720p screen (issue 22, target 6).
        ffmpeg -loglevel error -f lavfi -i "testsrc2=s=1920x1080:r=30" -t "$big" \
            -c:v mpeg4 -q:v 1 "$dir/media/large.mp4"
        extra="$extra"$'\n''  <video id="large" src="media/large.mp4"/>'
    fi
    python3 - "$root/playlists/default.xml" "$dir/playlist.xml" "$extra" "$first" <<'PY'
import re, sys
source, target, extra, first = sys.argv[1:5]
text = open(source, encoding="utf-8").read()
hotline = re.search(r"<hotline.*?</hotline>", text, re.S).group(0)
languages = re.search(r'<playlist languages="([^"]*)"', text).group(1)
open(target, "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<playlist languages="{languages}">\n{hotline}\n{first}\n'
    '  <image id="screen" src="media/screen.png" duration="20"/>\n'
    f'{extra}\n</playlist>\n')
PY
}
sign() { # CONTENT OUT SEQUENCE
    local args=(bundle --key "$run/keys/beacon.key" --from "$1" --out "$2")
    if "$beacon" bundle --help 2>&1 | grep -q -- --sequence; then args+=(--sequence "$3"); fi
    "$beacon" "${args[@]}" > "$run/bundle-$(basename "$2").log" 2>&1 ||
        { cat "$run/bundle-$(basename "$2").log"; fail "beacon bundle failed for $1"; }
}
make_content "$run/content-newer" magenta 0 8
make_content "$run/content-large" cyan 18
make_content "$run/content-damaged" yellow
sign "$run/content-newer" "$run/bundle-newer" 10
sign "$run/content-large" "$run/bundle-large" 20
sign "$run/content-damaged" "$run/bundle-damaged" 30
# Damaged after signing: the picture no longer matches its signed hash.
printf 'x' >> "$run/bundle-damaged/media/screen.png"

stick() { # BUNDLE IMAGE MiB
    rm -f "$2"
    mkfs.vfat -F 32 -n BEACONSTICK -C "$2" $(($3 * 1024)) > /dev/null
    (cd "$1" && mcopy -s -i "$2" ./* ::/)
}
stick "$run/bundle-newer" "$run/stick-newer.img" 64
# The first stick also asks for the statistics export: mounted read-write
# for the player, which writes beacon-stats-HOST.csv beside the marker.
: > "$run/beacon-export-stats"
mcopy -i "$run/stick-newer.img" "$run/beacon-export-stats" ::/
stick "$run/bundle-large" "$run/stick-large.img" 512

# --- the disk under test: a copy of the image, BEACON edited as an administrator would
disk="$run/disk.img"
cp --sparse=always "$image" "$disk"
# A flashed card is larger than the image: the data partition must grow.
truncate -s +1G "$disk"
boot_offset=$(($(sfdisk -J "$disk" | python3 -c 'import json,sys; t=json.load(sys.stdin)["partitiontable"]; print(t["partitions"][0]["start"] * t.get("sectorsize", 512))')))
fat="$disk@@$boot_offset"
export MTOOLS_SKIP_CHECK=1
cat > "$run/beacon.conf" <<'CONF'
# Written by tests/system/run.sh on the BEACON partition.
hotline-timeout = 10
colour = red
hostname = kiosk-test
timezone = Europe/Paris
audio = on
speech = on
CONF
mcopy -o -i "$fat" "$run/beacon.conf" ::/beacon/beacon.conf
mcopy -o -i "$fat" "$run/keys/beacon.pub" ::/beacon/keys/test.pub
mcopy -s -o -i "$fat" "$run/bundle-damaged/." ::/beacon/bundle/ 2>/dev/null ||
    (cd "$run/bundle-damaged" && mcopy -s -o -i "$fat" ./* ::/beacon/bundle/)

# The test boot entry: the image's own, with COMMAND run once at boot by
# systemd.run (a one-shot service that starts the normal boot itself and
# stays, success action none, so nothing else changes). No double quotes in
# COMMAND: it sits inside the kernel command line's quotes.
boot_entry_running() { # COMMAND
    cp "$run/entry-normal.conf" "$run/entry.conf"
    python3 - "$run/entry.conf" "$1" <<'PY2'
import sys
path, command = sys.argv[1:3]
lines = open(path).read().splitlines()
extra = f' systemd.run="/bin/sh -c \'{command}\'" systemd.run_success_action=none systemd.run_failure_action=none'
open(path, "w").write("\n".join(l + extra if l.startswith("options ") else l for l in lines) + "\n")
PY2
    mcopy -o -i "$fat" "$run/entry.conf" ::/loader/entries/beacon.conf
}
mcopy -o -i "$fat" ::/loader/entries/beacon.conf "$run/entry-normal.conf"

python=(python3 tests/system/kiosk.py --arch "$arch" --firmware "$firmware" --out "$run"
    --smp "$smp" --results "$results")
if [ "$stress_minutes" -gt 0 ]; then
    # The bundle on BEACON is a minute of tone, then the picture: sound
    # nearly all the time. From 60 s after boot a one-shot unit on the
    # kernel command line (systemd.run, as boot 2 does) freezes the player
    # again and again, each time long enough for the card to run dry.
    make_content "$run/content-tone" magenta 0 60
    sign "$run/content-tone" "$run/bundle-tone" 40
    mdeltree -i "$fat" ::/beacon/bundle > /dev/null
    mmd -i "$fat" ::/beacon/bundle
    (cd "$run/bundle-tone" && mcopy -s -o -i "$fat" ./* ::/beacon/bundle/)
    stress="systemctl start --no-block multi-user.target; sleep 60; echo start | systemd-cat -t beacon-sound-stress; while true; do systemctl kill --signal=SIGSTOP beacon.service; sleep 0.3; systemctl kill --signal=SIGCONT beacon.service; sleep 1; systemctl kill --signal=SIGSTOP beacon.service; sleep 0.8; systemctl kill --signal=SIGCONT beacon.service; sleep 1.5; done"
    boot_entry_running "$stress"
    step "sound under underruns: $stress_minutes minutes"
    "${python[@]}" sound-stress --disk "$disk" --stress-minutes "$stress_minutes"
    step "passed"
    cat "$results"
    exit 0
fi
if [ "$arch" = arm64 ]; then
    step "booting the arm64 image: first frame and a tap"
    "${python[@]}" smoke --disk "$disk" --boot-timeout 1500
    step "passed"
    exit 0
fi

step "boot 1: first frame, hotline, BEACON partition, a stick, a power cut"
"${python[@]}" boot --disk "$disk" --stick-newer "$run/stick-newer.img" \
    --stick-large "$run/stick-large.img"

# For boot 2 only: freeze the player about 165 s after boot, so the watchdog
# must act. On the way it prints memory figures to the console (for
# docs/benchmarks.md): the whole system's, then Beacon's own, read from /proc
# every 2 s for a minute once it has played for a while. A minute holds a
# whole turn of either bundle's loop (the large one: its 20 s picture, then
# 18 s of 1080p; the newer one: 8 s of tone, the picture, 5 s of 1080p).
# shellcheck disable=SC2016 # a literal: expanded by the guest's shell
measure='m=$$(systemctl show -p MainPID --value beacon.service); grep -e ^MemTotal -e ^MemAvailable /proc/meminfo | sed s/^/beacon-measure:/; grep -e ^Pss: /proc/$$m/smaps_rollup | sed s/^/beacon-measure:beacon-/; sed s/^/beacon-measure:uptime:/ /proc/uptime; sed s/^/beacon-measure:process-stat:/ /proc/$$m/stat; sed -n s/^voluntary_ctxt_switches:/beacon-measure:main-wakeups:/p /proc/$$m/task/$$m/status'
# After them, once: the record of the pages a start touches, which the
# player writes in its state folder for the next start to read ahead (issue
# 22), and any line the player logged about it (only a problem is logged at
# the default level). Boot 1's record may lack libmpv (its first content
# may have had no video); boot 2's player rewrites it after its first video
# frame, which the large bundle shows about 20 s after its content, so it is
# read at the end of the minute of measures, not before it.
# shellcheck disable=SC2016 # a literal: expanded by the guest's shell
record='r=/var/lib/beacon/state/startup-pages; sed -n 1p $$r | sed s/^/beacon-record:header:/; grep -c . $$r | sed s/^/beacon-record:lines:/; grep -c /libmpv.so $$r | sed s/^/beacon-record:libmpv:/; journalctl -b -u beacon.service -o cat | grep startup.pages | sed s/^/beacon-record:log:/'
# ($$ is a literal $ for systemd, which expands $VARIABLES in ExecStart=.)
boot_entry_running "systemctl start --no-block multi-user.target; sleep 100; for i in \$\$(seq 30); do $measure; sleep 2; done; $record; systemctl kill --signal=SIGSTOP beacon.service; sleep infinity"
# Sound stays on (beacon.conf from boot 1): the player must not abort in
# this boot either (kiosk.py checks every boot's console for it).

step "boot 2: after the power cut, and the watchdog"
"${python[@]}" reboot --disk "$disk"
grep -q "data partition: [0-9]* MB" "$run/boot2/serial.log" &&
    echo "   data partition at boot 2: $(grep -o 'data partition: [^"]*' "$run/boot2/serial.log" | tail -n 1 | tr -d '\r')"
# The minute's figures, summed up: its least memory available and Beacon's
# largest PSS, with the content that played (kiosk.py's result).
python3 - "$run/boot2/serial.log" "$results" "$run/appliance-memory.json" <<'PY'
import json, re, sys, time
serial, results, out = sys.argv[1:4]
text = open(serial, encoding="utf-8", errors="replace").read()
values = {}
for key, kb in re.findall(r"beacon-measure:(\S+?):\s+(\d+) kB", text):
    values.setdefault(key, []).append(int(kb))
if not values.get("MemAvailable") or not values.get("beacon-Pss"):
    sys.exit("boot 2: no memory figures on the console")
# kiosk.py's results, by command: boot 2's is "reboot".
content = json.load(open(results)).get("reboot", {}).get("after_power_cut", "")
figures = {
    "date": time.strftime("%Y-%m-%d"),
    "playing": ("a loop of a picture and 18 s of 1080p testsrc2" if "install was cut" in content
                else "a loop of a picture, 8 s of 320x180 with sound and 5 s of 1080p in one "
                     "colour") + " (MPEG-4) on the 1280x720 screen",
    "samples": len(values["beacon-Pss"]),
    "mem_total_kb": max(values["MemTotal"]),
    "least_mem_available_kb": min(values["MemAvailable"]),
    "most_beacon_pss_kb": max(values["beacon-Pss"]),
}
figures["most_used_kb"] = figures["mem_total_kb"] - figures["least_mem_available_kb"]

# The startup-pages record boot 1 wrote (or boot 2 rewrote): it must be
# there, whole, name libmpv, and the player must have logged no problem with it.
record = {}
for key, value in re.findall(r"beacon-record:(header|lines|libmpv|log):([^\r\n]*)", text):
    record.setdefault(key, []).append(value.strip())
counts = {key: int(record[key][0]) for key in ("lines", "libmpv")
          if record.get(key) and record[key][0].isdigit()}
if set(record.get("header", [])) != {"beacon-startup-pages 1"} or len(counts) != 2:
    sys.exit(f"boot 2: no startup-pages record in the state folder: {record}")
files = counts["lines"] - 1
if files < 50 or counts["libmpv"] < 1:
    sys.exit(f"boot 2: the startup-pages record names {files} files, libmpv "
             f"{'among them' if counts['libmpv'] else 'not among them'}")
if record.get("log"):
    sys.exit(f"boot 2: the player logged about its startup pages: {record['log']}")
figures["startup_record_files"] = files

# The same minute's CPU time and the loop's wake-ups, from one sample to the
# next of the same process: /proc/uptime, /proc/PID/stat (utime + stime, in
# the kernel's 100 ticks a second) and the main thread's voluntary context
# switches, each time it went to sleep and was woken.
samples, current = [], {}
for key, value in re.findall(r"beacon-measure:(uptime|process-stat|main-wakeups):\s*([^\r\n]+)",
                             text):
    current[key] = value
    if key == "main-wakeups" and len(current) == 3:
        stat = current["process-stat"].rsplit(")", 1)
        fields = stat[1].split() if len(stat) == 2 else []
        if len(fields) > 12 and current["main-wakeups"].strip().isdigit():
            samples.append((float(current["uptime"].split()[0]), stat[0].split()[0],
                            int(fields[11]) + int(fields[12]), int(current["main-wakeups"])))
        current = {}
same = [s for s in samples if samples and s[1] == samples[-1][1]]
if len(same) < 10:
    sys.exit(f"boot 2: {len(same)} CPU samples of one player process on the console, not 10")
seconds = same[-1][0] - same[0][0]
figures["measured_seconds"] = round(seconds, 1)
figures["beacon_cpu_percent_of_a_core"] = round((same[-1][2] - same[0][2]) / seconds, 1)
figures["main_thread_wakeups_per_second"] = round((same[-1][3] - same[0][3]) / seconds, 1)
json.dump(figures, open(out, "w"), indent=1)
print(f"   memory over {figures['samples']} samples while playing {figures['playing']}: "
      f"least MemAvailable {figures['least_mem_available_kb']} of {figures['mem_total_kb']} kB, "
      f"used at most {figures['most_used_kb']} kB, Beacon's PSS at most "
      f"{figures['most_beacon_pss_kb']} kB ({out})")
print(f"   the startup-pages record names {files} files, libmpv among them, and the "
      "player logged no problem with it")
print(f"   over {seconds:.0f} s of the same loop: Beacon used "
      f"{figures['beacon_cpu_percent_of_a_core']} % of a core, and its main thread woke "
      f"{figures['main_thread_wakeups_per_second']} times a second")
PY

# Boot 3, the normal boot entry again, and display-hours on BEACON that are
# closed now: one minute, twelve hours from now in the kiosk's time zone.
# trust-clock: QEMU's clock is the host's, but no time server answers here.
mcopy -o -i "$fat" "$run/entry-normal.conf" ::/loader/entries/beacon.conf
opens=$(TZ=Europe/Paris date -d '+12 hours' +%H)
cat > "$run/beacon.conf" <<CONF
# Written by tests/system/run.sh on the BEACON partition, for boot 3.
display-hours = mon-sun $opens:00-$opens:01
trust-clock = yes
hotline-timeout = 20
hotline-style = discreet
qr = tel
hostname = kiosk-test
timezone = Europe/Paris
CONF
mcopy -o -i "$fat" "$run/beacon.conf" ::/beacon/beacon.conf
# What that QR must say: the host's beacon draws the same hotline, and
# zbarimg reads it.
"$beacon" render "$root/playlists/default.xml" --screen hotline --qr tel --hotline-style discreet \
    --size 1280x720 --out "$run/tel-hotline.png" > /dev/null 2>&1
tel_qr=$(zbarimg --raw -q "$run/tel-hotline.png" 2> /dev/null | head -n 1)
case "$tel_qr" in tel:*) ;; *) fail "the host's discreet hotline has no tel: QR ($tel_qr)" ;; esac
step "boot 3: the display sleeps outside display-hours, and a tap brings the hotline"
"${python[@]}" sleep --disk "$disk" --sleep-hotline-timeout 20 --expect-qr "$tel_qr"
step "passed"
cat "$results"
