#!/usr/bin/env python3
"""Where a playing Beacon's PSS goes, by mapping.

Runs `beacon play PLAYLIST` in a 1280x720 window on its own Xvfb with the
software render path (as bench.py's fact-sheet measure does), reads
/proc/PID/smaps every --every seconds and prints the groups of the sample
with the highest total PSS. Anonymous memory is split the way glibc lays it
out: the main arena ([heap], grown with brk), the arenas of other threads
(64 MiB-aligned mappings), thread stacks, and the rest (blocks above the
mmap threshold: surfaces, textures, the X shared-memory image).

Usage: bench/pss_by_mapping.py build/beacon [--playlist P] [--seconds 25]
       [--env MALLOC_ARENA_MAX=1] [--runs 2]
Several binaries may be given; their runs are interleaved.
"""
import argparse
import collections
import os
import statistics
import subprocess
import sys
import time

ARENA_ALIGN = 64 * 1024 * 1024  # glibc's HEAP_MAX_SIZE on 64-bit
STACK_KB = 8 * 1024
LIB_GROUPS = ("icu", "mpv", "SDL2_ttf", "SDL2-", "harfbuzz", "freetype", "fontconfig", "X11",
              "xcb", "stdc++", "libc.so", "libm.so", "LLVM", "gallium", "tinyxml2", "sodium",
              "png", "brotli", "glib", "dbus", "systemd", "asound", "pulse")


def group_of(start, end, perms, path):
    size_kb = (end - start) // 1024
    if not path:
        if start % ARENA_ALIGN == 0 and perms.startswith("rw"):
            return "anon: thread arena"
        if STACK_KB - 16 <= size_kb <= STACK_KB + 16:
            return "anon: thread stack"
        return "anon: mmapped blocks"
    if path == "[heap]":
        return "anon: main arena [heap]"
    if path.startswith("["):
        return path
    if path.startswith("/usr/share/fonts"):
        return "font: " + os.path.basename(path)
    if path.startswith("/var/cache/fontconfig"):
        return "fontconfig caches"
    if path.startswith("/SYSV"):
        return "SysV shm (X image)"
    if path.startswith(("/usr/lib", "/lib")):
        base = os.path.basename(path)
        for key in LIB_GROUPS:
            if key in base:
                return "lib: " + base
        return "lib: other"
    if path.endswith("/beacon"):
        return "beacon binary"
    return path


def sample(pid):
    groups = collections.Counter()
    key = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if "-" in parts[0] and len(parts) >= 5 and not parts[0].endswith(":"):
                start, end = (int(x, 16) for x in parts[0].split("-"))
                key = group_of(start, end, parts[1], " ".join(parts[5:]))
            elif parts[0] == "Pss:":
                groups[key] += int(parts[1])
    return groups


def threads(pid):
    names = collections.Counter()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                names[f.read().strip()] += 1
        except OSError:
            pass
    return names


def run(beacon, args, display):
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
                            stderr=subprocess.DEVNULL)
    time.sleep(1)
    env = dict(os.environ, DISPLAY=display)
    env.pop("SDL_VIDEODRIVER", None)
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value
    p = subprocess.Popen([beacon, "play", args.playlist, "--windowed", "--size", "1280x720",
                          "--render-path", "software"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, peak_threads = collections.Counter(), collections.Counter()
    try:
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            time.sleep(args.every)
            groups = sample(p.pid)
            if sum(groups.values()) > sum(peak.values()):
                peak, peak_threads = groups, threads(p.pid)
    finally:
        p.terminate()
        p.wait()
        xvfb.terminate()
        xvfb.wait()
    return peak, peak_threads


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("beacon", nargs="+")
    parser.add_argument("--playlist", default="/tmp/beacon-bench/factsheets.xml")
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--every", type=float, default=0.25)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for beacon")
    parser.add_argument("--display", default=":77")
    parser.add_argument("--top", type=int, default=22)
    args = parser.parse_args()
    totals = collections.defaultdict(list)
    for n in range(args.runs):
        for beacon in args.beacon:
            peak, names = run(beacon, args, args.display)
            total = sum(peak.values()) / 1024
            totals[beacon].append(total)
            print(f"== {beacon} run {n + 1}: peak PSS {total:.1f} MB; threads "
                  + ", ".join(f"{k}x{v}" for k, v in sorted(names.items())))
            for name, kb in peak.most_common(args.top):
                print(f"{kb / 1024:7.2f} MB  {name}")
            sys.stdout.flush()
    for beacon, values in totals.items():
        print(f"{beacon}: median {statistics.median(values):.1f} MB over {len(values)} runs "
              f"({min(values):.1f}-{max(values):.1f})")


if __name__ == "__main__":
    main()
