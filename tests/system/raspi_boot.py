#!/usr/bin/env python3
"""Boots the Raspberry Pi image's own kernel on QEMU's raspi3b machine and
reads what happens from the serial console only (tests/system/run.sh --raspi).

QEMU does not run the Pi's boot firmware (bootcode.bin, start.elf), so what
the firmware would do is done here from the image's own BEACON partition:
the kernel and initrd that config.txt names, the Pi 3 B's device tree, and
cmdline.txt as the kernel command line, unchanged. The SD card is a copy of
the image (never the image itself), grown to a power of two as QEMU's SD
card model needs; the copy's size beyond the image is room for the data
partition to grow into, as on a real card.

Checked, in order, on the mini UART (ttyS1: QEMU's second serial port; the
first is the PL011, which the Pi 3's device tree gives to Bluetooth):
the root is mounted from the partition cmdline.txt names; the data
partition grows and is mounted; beacon-boot-config applies the BEACON
partition's beacon.conf (a host name set here); multi-user.target is
reached; beacon.service's process runs under the hardened unit. QEMU's
raspi3b has no vc4 display engine, so Beacon finds no display: it must say
why once and must not be restarted over and over (issue 17: "a renderer
failure is never a crash loop").
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk import Failure, Qmp, Screen, log, player_crashes  # noqa: E402

HOSTNAME = "raspi-test"


def run(*command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs).stdout


def boot_partition_offset(image):
    table = json.loads(run("sfdisk", "--json", image))["partitiontable"]
    if table["label"] != "dos":
        raise Failure(f"{image}: partition table {table['label']}, not the Pi's MBR")
    first = table["partitions"][0]
    return first["start"] * table.get("sectorsize", 512)


def config_txt_names(config):
    """kernel= and the initramfs line of config.txt (lines for every board)."""
    kernel = initrd = None
    section = ""
    for line in config.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line.lower()
            continue
        if section not in ("", "[all]"):
            continue
        if m := re.match(r"kernel\s*=\s*(\S+)", line):
            kernel = m.group(1)
        elif m := re.match(r"initramfs\s+(\S+)", line):
            initrd = m.group(1)
    return kernel, initrd


def prepare(args):
    """The SD card copy, BEACON edited as an administrator would, and what
    the firmware would load, taken from it."""
    os.makedirs(args.out, exist_ok=True)
    disk = os.path.join(args.out, "sd.img")
    log(f"copying {args.image} to {disk}")
    run("cp", "--sparse=always", args.image, disk)
    size = os.path.getsize(disk)
    card = 1 << 30
    while card < size + args.room_mib * 1048576:
        card <<= 1
    os.truncate(disk, card)
    fat = f"{disk}@@{boot_partition_offset(disk)}"
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")

    def take(name):
        target = os.path.join(args.out, os.path.basename(name))
        copied = subprocess.run(["mcopy", "-n", "-i", fat, f"::/{name}", target], env=env,
                                capture_output=True, text=True)
        if copied.returncode != 0:
            raise Failure(f"BEACON has no {name}, which the firmware would load: {copied.stderr.strip()}"
                          " (tests/system/check-raspi-image.sh says more)")
        return target

    config = open(take("config.txt"), encoding="utf-8", errors="replace").read()
    kernel_name, initrd_name = config_txt_names(config)
    pieces = {
        "kernel": args.kernel or (kernel_name and take(kernel_name)),
        "initrd": args.initrd or (initrd_name and take(initrd_name)),
        "dtb": args.dtb or take("bcm2837-rpi-3-b.dtb"),
        "cmdline": args.cmdline or open(take("cmdline.txt")).read().splitlines()[0].strip(),
    }
    if not pieces["kernel"] or not pieces["initrd"]:
        raise Failure(f"config.txt names no kernel ({kernel_name}) or initramfs ({initrd_name})")
    # The administrator's edit: a host name, which beacon-boot-config applies.
    conf = os.path.join(args.out, "beacon.conf")
    original = subprocess.run(["mtype", "-i", fat, "::/beacon/beacon.conf"], env=env,
                              capture_output=True, text=True).stdout
    with open(conf, "w") as f:
        f.write(original.rstrip("\n") + f"\n\n# tests/system/raspi_boot.py\nhostname = {HOSTNAME}\n")
    subprocess.run(["mcopy", "-o", "-i", fat, conf, "::/beacon/beacon.conf"], check=True, env=env,
                   capture_output=True)
    log(f"SD card {card >> 20} MiB (image {size >> 20} MiB); kernel {pieces['kernel']}, "
        f"initrd {pieces['initrd']}, dtb {pieces['dtb']}")
    log(f"cmdline: {pieces['cmdline']}")
    return disk, pieces


class Console:
    def __init__(self, path, process):
        self.path, self.process = path, process

    def text(self):
        try:
            with open(self.path, "rb") as f:
                return f.read().decode("utf-8", "replace").replace("\r", "")
        except FileNotFoundError:
            return ""

    def wait(self, pattern, deadline):
        while time.time() < deadline:
            text = self.text()
            match = re.search(pattern, text)
            if match:
                return match
            if self.process.poll() is not None:
                raise Failure(f"QEMU exited with {self.process.returncode}")
            if emergency := re.search(r"Reached target emergency\.target", text):
                why = re.findall(r"(?:Timed out|Dependency failed for|Failed to) [^\n]*",
                                 text[:emergency.start()])
                raise Failure("the boot went to emergency mode" + (f" after: {why[0]}" if why else ""))
            time.sleep(1)
        return None


# What the serial console must show, in this order: (name, pattern). The
# journal reaches ttyS1 through journald (ForwardToConsole, TTYPath).
MILESTONES = [
    ("root mounted from cmdline.txt's root=", r"systemd\[1\]: systemd \d+|beacon-root: clean"),
    ("data partition grown", r"beacon-grow-data: the data partition grew from (\d+) MiB to (\d+) MiB"),
    ("data file system grown", r'systemd-growfs\[\d+\]: Successfully resized "/var/lib/beacon" to ([^ ]+)'),
    ("data partition mounted", r"Mounted var-lib-beacon\.mount"),
    ("BEACON's beacon.conf used", r"beacon-boot: configuration: using beacon/beacon\.conf"),
    ("BEACON's host name applied", r"beacon-boot: hostname: " + HOSTNAME),
    ("multi-user.target reached", r"Reached target multi-user\.target"),
    ("beacon.service started", r"Starting beacon\.service"),
    ("beacon ran under the hardened unit", r"beacon\[\d+\]: .*"),
]


def boot(args):
    disk, pieces = prepare(args)
    serial = os.path.join(args.out, "serial.log")
    qmp_path = os.path.join(args.out, "qmp.sock")
    for stale in (serial, qmp_path):
        if os.path.exists(stale):
            os.unlink(stale)
    # -serial null -serial FILE: raspi3b's first port is the PL011 (ttyAMA0),
    # the second the mini UART (ttyS1), the image's console. The SD card is
    # on the SDHOST/SDHCI pins the kernel's pin setup selects (if=sd).
    # USB (dwc2) carries a keyboard and a tablet, as a kiosk's touch screen.
    # cmdline.txt as it is: QEMU needs nothing more (the console is ttyS1,
    # the second -serial below).
    append = pieces["cmdline"]
    command = ["qemu-system-aarch64", "-machine", "raspi3b", "-kernel", pieces["kernel"],
               "-initrd", pieces["initrd"], "-dtb", pieces["dtb"], "-append", append,
               "-drive", f"file={disk},format=raw,if=sd",
               "-usb", "-device", "usb-kbd", "-device", "usb-tablet",
               "-serial", "null", "-serial", f"file:{serial}", "-display", "none",
               "-monitor", "none", "-qmp", f"unix:{qmp_path},server=on,wait=off"]
    started = time.time()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                               stdout=open(os.path.join(args.out, "qemu.log"), "w"),
                               stderr=subprocess.STDOUT)
    results = {"sd_card_mib": os.path.getsize(disk) >> 20, "milestones_s": {}}
    failures = []
    console = Console(serial, process)
    try:
        qmp = Qmp(qmp_path)
        log(f"QEMU raspi3b started: {' '.join(command)}")
        deadline = started + args.boot_timeout
        try:
            for name, pattern in MILESTONES:
                match = console.wait(pattern, deadline)
                if not match:
                    failures.append(f"not seen within {args.boot_timeout:.0f} s: {name} ({pattern})")
                    log(f"MISSING {name}")
                    continue
                seconds = round(time.time() - started, 1)
                results["milestones_s"][name] = seconds
                log(f"{seconds:7.1f} s  {name}: {match.group(0)[:150]}")
        except Failure as failure:
            failures.append(str(failure))
        if "beacon.service started" in results["milestones_s"] and process.poll() is None:
            # Watch Beacon for a while: with no display it must say why,
            # once, and not be restarted again and again.
            log(f"watching beacon.service for {args.watch:.0f} s")
            time.sleep(args.watch)
            text = console.text()
            starts = len(re.findall(r"Starting beacon\.service", text))
            restarts = len(re.findall(r"beacon\.service: Scheduled restart job", text))
            beacon_lines = re.findall(r"beacon\[\d+\]: .*", text)
            reasons = [line for line in beacon_lines
                       if re.search(r"no display|cannot (start SDL|open a window|create a renderer|draw)", line)]
            # SDL's fallback when it finds no display at all: it draws where
            # nobody sees it, so this is a black screen, whatever it says.
            unseen = [line for line in beacon_lines if re.search(r"video driver (offscreen|dummy)", line)]
            results.update(beacon_starts=starts, beacon_restarts=restarts,
                           beacon_reasons=reasons[:10], beacon_unseen=unseen[:10])
            log(f"beacon.service: {starts} start(s), {restarts} restart(s) in the first "
                f"{args.watch:.0f} s after it started")
            for line in (reasons + unseen)[:6]:
                log(f"  {line[:200]}")
            spawn = re.findall(r"beacon\.service: Failed at step \S+|beacon\.service: .*status=2\d\d/\S+",
                               text)
            if spawn:
                failures.append(f"beacon.service could not be started by systemd: {spawn[0]}")
            if unseen:
                failures.append("Beacon draws with SDL's off-screen driver, on no screen, and says "
                                f"nothing is wrong: {unseen[0][:160]}")
            if not reasons:
                failures.append("Beacon never said why nothing is on the screen (no display line)")
            elif len(reasons) > 1:
                failures.append(f"Beacon said why {len(reasons)} times, not once")
            # The same crash rule as every amd64 boot (kiosk.py).
            crashes = player_crashes(text)
            if crashes:
                failures.append(f"the player crashed {len(crashes)} times: {crashes[0][:160]}")
            if restarts > 1:
                failures.append(f"beacon.service was restarted {restarts} times in {args.watch:.0f} s: a crash loop")
        try:
            shot = os.path.join(args.out, "screen.ppm")
            qmp.execute("screendump", filename=shot)
            screen = Screen(shot)
            results["screendump"] = f"{screen.width}x{screen.height}, black {screen.black_fraction():.2f}"
            log(f"screendump {shot}: {results['screendump']}")
        except Failure as failure:
            results["screendump"] = str(failure)
    finally:
        process.kill()
        process.wait()
    results["failures"] = failures
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    for failure in failures:
        log(f"FAILED: {failure}")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image")
    parser.add_argument("--out", required=True)
    parser.add_argument("--boot-timeout", type=float, default=1500)
    parser.add_argument("--watch", type=float, default=120,
                        help="seconds to watch beacon.service after it first starts")
    parser.add_argument("--room-mib", type=int, default=256,
                        help="at least this much card beyond the image, for the data partition")
    # Stand-ins, to try the machine before a raspi image exists.
    parser.add_argument("--kernel")
    parser.add_argument("--initrd")
    parser.add_argument("--dtb")
    parser.add_argument("--cmdline")
    args = parser.parse_args()
    try:
        return boot(args)
    except Failure as failure:
        log(f"FAILED: {failure}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
