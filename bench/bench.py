#!/usr/bin/env python3
"""Beacon's benchmark suite. Run through bench/run.sh; see bench/README.md."""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import content, document, procs, reporting  # noqa: E402
from lib.measures import Bench, Install, MeasureError  # noqa: E402
from lib.players import HEIGHT, WIDTH, Beacon, Chromium, Floor, Mpv, Player, Vlc  # noqa: E402
from lib.report import Results  # noqa: E402
from lib.screen import Picture, Screen  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CP = Player("cp", "`cp -r`", True)
CP_SYNC = Player("cp_sync", "`cp -r` then `sync`", True)
# 8: the player itself is the base ("beacon"); this is it with reports on.
REPORTING = Player("beacon_reports", "Beacon with `--report-url` (every 10 s)", True)


class Settings:
    def __init__(self, smoke):
        self.smoke = smoke
        self.runs = 1 if smoke else 3
        self.warmup = 1 if smoke else 5
        self.window = 3 if smoke else 60
        self.taps = 3 if smoke else 50
        self.switches = 4 if smoke else 50
        self.validate_items = 1000 if smoke else 10000
        self.validate_runs = 3 if smoke else 5
        self.install_mb = 20 if smoke else 500
        # Root may drop the page cache, for a start from disk.
        self.drop_caches = not smoke and os.access("/proc/sys/vm/drop_caches", os.W_OK)


def start_xvfb(logs):
    for number in range(90, 100):
        if not os.path.exists(f"/tmp/.X11-unix/X{number}") and \
                not os.path.exists(f"/tmp/.X{number}-lock"):
            break
    else:
        raise SystemExit("no free X display number in :90..:99")
    display = f":{number}"
    log = open(os.path.join(logs, "xvfb.log"), "w")
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{WIDTH}x{HEIGHT}x24",
                             "-nolisten", "tcp", "-ac", "-br", "-noreset"],
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{number}"):
        if time.monotonic() > deadline or xvfb.poll() is not None:
            raise SystemExit("Xvfb did not start; see " + log.name)
        time.sleep(0.05)
    time.sleep(0.3)
    return xvfb, display


def prepare(beacon, work, clips, settings):
    """Playlists, pages, slides and reference pictures for every measure."""
    playlists = content.Playlists(os.path.join(SOURCE, "playlists/default.xml"), work)
    P = content.Playlists
    c = {"playlists": playlists, "languages": playlists.languages}
    c["video720"] = {"playlist": playlists.write("video720.xml",
                                                 [P.video("clip", "media/clip720.mp4")]),
                     "clip": clips["clip720"],
                     "page": content.video_page(work, "video720.html", "media/clip720.mp4")}
    c["video1080"] = {"playlist": playlists.write("video1080.xml",
                                                  [P.video("clip", "media/clip1080.mp4")]),
                      "clip": clips["clip1080"], "clip_width": 1920,
                      "page": content.video_page(work, "video1080.html", "media/clip1080.mp4")}
    c["first"] = {"playlist": playlists.write("first.xml", [P.video("first", "media/first.mp4")]),
                  "clip": clips["first"],
                  "page": content.video_page(work, "first.html", "media/first.mp4")}
    sheets = [playlists.factsheet(i) for i in range(len(playlists.factsheets))]
    factsheet_playlist = playlists.write("factsheets.xml", sheets)
    pages = playlists.factsheet_pages()
    slides_dir = os.path.join(work, "slides")
    os.makedirs(slides_dir, exist_ok=True)
    slides = []
    for sheet in sheets:
        for lang in playlists.languages:
            out = os.path.join(slides_dir, f"{sheet.get('id')}-{lang}.png")
            render(beacon, factsheet_playlist, sheet.get("id"), lang, out)
            slides.append(out)
    c["factsheets"] = {"factsheet_playlist": factsheet_playlist, "slides": slides,
                       "slide_seconds": pages[0][3] if pages else 10,
                       "factsheet_page": content.factsheet_page(work, "factsheets.html", pages)}
    # Switching: videos, a still and fact sheets, one second each.
    cycle = [P.video("video-a", "media/switch-a.mp4"), P.image("still", "media/still.png", 1),
             playlists.factsheet(0, "sheet-a", 1), P.video("video-b", "media/switch-b.mp4"),
             playlists.factsheet(1, "sheet-b", 1)]
    languages = len(playlists.languages)
    c["switch_items"] = {"video-a": ("video", 1), "still": ("image", 1),
                         "sheet-a": ("factsheet", languages), "video-b": ("video", 1),
                         "sheet-b": ("factsheet", languages)}
    per_cycle = sum(seconds for _, seconds in c["switch_items"].values()) + 0.5
    c["switch_seconds"] = (settings.switches + 2) / len(cycle) * per_cycle + 2
    c["switch_playlist"] = playlists.write("switches.xml", cycle)
    c["validate_playlist"] = content.big_playlist(playlists, settings.validate_items, False)
    c["validate_distinct"] = content.big_playlist(playlists, settings.validate_items, True)
    hotlines = []
    for lang in playlists.languages:
        out = os.path.join(work, f"hotline-{lang}.png")
        render(beacon, c["video720"]["playlist"], "hotline", lang, out)
        hotlines.append(Picture(out, WIDTH, HEIGHT, region=(0.05, 0.05, 0.95, 0.9), count=6))
    c["hotlines"] = hotlines
    c["first_picture"] = Picture(clips["first"], WIDTH, HEIGHT)
    return c


def render(beacon, playlist, screen, lang, out):
    subprocess.run([beacon, "render", playlist, "--screen", screen, "--lang", lang, "--size",
                    f"{WIDTH}x{HEIGHT}", "--out", out], check=True, capture_output=True)


def attempt(results, measure, player, action):
    try:
        results.add(measure, player.name, action())
        print(f"   {measure:<12} {player.name:<9} ok", flush=True)
    except MeasureError as error:
        results.fail(measure, player.name, str(error))
        print(f"   {measure:<12} {player.name:<9} FAILED: {error}", flush=True)


def run_all(bench, players, c, settings, results, only):
    beacon = players[0]
    wanted = lambda name: not only or name in only

    if wanted("first"):
        print("1. first frame", flush=True)
        available = [p for p in players if p.available and p.on_screen]
        for p in available:  # once unmeasured, so the warm runs start warm
            try:
                bench.first_frame(p.video(c["first"]), p.name, c["first_picture"])
            except MeasureError:
                pass
        for _ in range(settings.runs):
            for p in available:
                attempt(results, "first", p, lambda: bench.first_frame(
                    p.video(c["first"]), p.name, c["first_picture"]))
        if settings.drop_caches:
            for _ in range(settings.runs):
                for p in available:
                    attempt(results, "first_cold", p, lambda: bench.first_frame(
                        p.video(c["first"]), p.name, c["first_picture"], cold=True))
    for measure in ("video720", "video1080", "factsheets"):
        if not wanted(measure):
            continue
        print(f"2/3. load: {measure}", flush=True)
        for run in range(settings.runs):
            for p in players:
                if not p.available or (measure == "factsheets" and not p.shows_factsheets):
                    continue
                counter = None
                if measure == "factsheets":
                    argv = p.factsheets(c[measure])
                else:
                    argv, counter = p.counted_video(c[measure], bench.logs, f"{measure}-{run}")
                # Fact sheets: PSS every 10 ms besides the full sample each
                # second. A sheet is built in a few milliseconds every ten
                # seconds, and that is when memory peaks: sampled once a
                # second, the peak was caught or missed by the phase of the
                # sampler against the sheet changes (24 or 38 MB, run by run).
                pss_every = 0.01 if measure == "factsheets" else None
                attempt(results, measure, p, lambda: bench.load(
                    argv, f"{p.name}-{measure}", settings.warmup, settings.window, counter,
                    p.on_screen, pss_every))
    if wanted("taps"):
        print("4. tap to hotline", flush=True)
        for run in range(settings.runs):
            log = os.path.join(bench.logs, f"taps-{run}.csv")
            argv = beacon.play(c["video720"]["playlist"],
                               ["--hotline-timeout", "1", "--frame-log", log])
            attempt(results, "taps", beacon,
                    lambda: bench.taps(argv, log, c["hotlines"], settings.taps))
    if wanted("switches"):
        print("5. item switches", flush=True)
        for run in range(settings.runs):
            log = os.path.join(bench.logs, f"switches-{run}.csv")
            argv = beacon.play(c["switch_playlist"], ["--run-for", f"{c['switch_seconds']:.1f}",
                                                      "--frame-log", log])
            attempt(results, "switches", beacon, lambda: bench.switches(
                argv, log, c["switch_items"], settings.switches, c["switch_seconds"]))
    if wanted("validate"):
        print("6. validate", flush=True)
        for _ in range(settings.validate_runs):
            attempt(results, "validate", beacon, lambda: bench.validate(
                [beacon.binary, "validate", c["validate_playlist"]]))
        for _ in range(settings.runs):
            attempt(results, "validate_distinct", beacon, lambda: bench.validate(
                [beacon.binary, "validate", c["validate_distinct"]]))
        attempt(results, "version", beacon, lambda: bench.validate([beacon.binary, "--version"]))
    if wanted("reports"):
        print("8. reporting cost", flush=True)
        reporting.run(bench, beacon, c["video720"]["playlist"], settings, results, attempt,
                      beacon, REPORTING)
    if wanted("install"):
        print("7. install throughput", flush=True)
        try:
            install = Install(beacon.binary, c["playlists"], os.path.dirname(bench.logs),
                              settings.install_mb)
        except MeasureError as error:
            results.fail("install", "beacon", str(error))
            install = None
        for _ in range(settings.runs if install else 0):
            attempt(results, "install", beacon, install.install)
            attempt(results, "install", CP, install.copy)
            attempt(results, "install", CP_SYNC, install.copy_and_sync)


def appliance_figures():
    """The booted image's memory figures (target 6): tests/system/run.sh
    writes them to its OUT folder's appliance-memory.json; a copy kept in
    bench/ goes into the report."""
    path = os.path.join(SOURCE, "bench/appliance-memory.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def rewrite(args, settings):
    with open(args.rewrite) as f:
        saved = json.load(f)
    results = Results()
    results.data, results.errors = saved["data"], saved["errors"]
    peers = {"mpv": Mpv(), "vlc": Vlc(""), "chromium": Chromium("")}
    players = [Beacon(os.path.abspath(args.beacon))] + [
        peers[n] for n in saved["peers"].split(",") if n in peers] + [Floor()]
    text = document.write(results, players, settings, saved["machine"],
                          {"languages": saved["languages"]},
                          os.path.join(SOURCE, "bench/analysis.md"), (CP, CP_SYNC), REPORTING,
                          appliance_figures())
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out} from {args.rewrite}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--beacon", required=True, help="the beacon binary to measure")
    parser.add_argument("--out", required=True, help="the Markdown report to write")
    parser.add_argument("--work", default="/tmp/beacon-bench", help="scratch folder")
    parser.add_argument("--smoke", action="store_true",
                        help="one short run of each measure: checks that the harness works")
    parser.add_argument("--peers", default="mpv,vlc,chromium",
                        help="comma-separated peers to measure (default: all)")
    parser.add_argument("--only", default="", help="comma-separated measures to run")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3; 1 with --smoke)")
    parser.add_argument("--window", type=float,
                        help="seconds of each playback window (default 60; 3 with --smoke)")
    parser.add_argument("--rewrite", metavar="RESULTS.json",
                        help="only write the report again from a run's saved results "
                             "(e.g. after editing bench/analysis.md)")
    args = parser.parse_args()
    settings = Settings(args.smoke)
    settings.runs = args.runs or settings.runs
    settings.window = args.window or settings.window
    if args.rewrite:
        return rewrite(args, settings)
    only = set(filter(None, args.only.split(",")))

    procs.become_subreaper()
    # Stopped from outside: still stop the players and Xvfb (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.makedirs(args.work, exist_ok=True)
    os.chmod(args.work, 0o755)  # VLC runs as nobody and must read the media
    logs = os.path.join(args.work, "logs")
    shutil.rmtree(logs, ignore_errors=True)
    os.makedirs(logs)
    print(f"making content in {args.work}", flush=True)
    clips = content.make_media(args.work, settings.smoke)
    beacon_binary = os.path.abspath(args.beacon)
    c = prepare(beacon_binary, args.work, clips, settings)

    peers = {"mpv": Mpv(), "vlc": Vlc(os.path.join(args.work, "vlc-home")),
             "chromium": Chromium(os.path.join(args.work, "chromium-profile"))}
    # The decode-only floor is in every playback table (issue 22), whatever the peers.
    # A fresh state folder per session: the first, unmeasured start of the
    # first-frame measure records what the next starts read ahead.
    state_dir = os.path.join(args.work, "beacon-state")
    shutil.rmtree(state_dir, ignore_errors=True)
    os.makedirs(state_dir)
    players = [Beacon(beacon_binary, state_dir)] + \
        [peers[n] for n in args.peers.split(",") if n in peers] + [Floor()]
    for p in players:
        if not p.available:
            print(f"   {p.name}: not measured: {p.why}", flush=True)

    xvfb, display = start_xvfb(logs)
    env = dict(os.environ, DISPLAY=display)
    for key in ("WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        env.pop(key, None)
    machine = document.describe_machine(beacon_binary, display)
    bench = Bench(Screen(display), xvfb.pid, env, logs)
    results = Results()
    started = time.monotonic()
    try:
        run_all(bench, players, c, settings, results, only)
    finally:
        procs.stop_tree(None, exclude={xvfb.pid})
        xvfb.terminate()
        xvfb.wait()
    machine["duration_min"] = (time.monotonic() - started) / 60
    machine["load_after"] = open("/proc/loadavg").read().split()[:3]
    machine["drop_caches"] = settings.drop_caches
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump({"data": results.data, "errors": results.errors, "machine": machine,
                   "languages": c["languages"], "peers": args.peers}, f, indent=1)
    text = document.write(results, players, settings, machine, c,
                          os.path.join(SOURCE, "bench/analysis.md"), (CP, CP_SYNC), REPORTING,
                          appliance_figures())
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out}", flush=True)
    broken = [m for m, per in results.errors.items()
              if "beacon" in per and not results.runs(m, "beacon")]
    if broken:
        print("Beacon could not be measured in: " + ", ".join(broken), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
