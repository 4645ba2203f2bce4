"""Writes docs/benchmarks.md from the results."""

import datetime
import os
import platform
import subprocess

from .measures import FRAME_MS
from .players import version
from .report import cell, peer_table, verdict


def _first_line(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def _package(name):
    text = _first_line(["dpkg-query", "-W", "-f=${Version}", name])
    return text or "not installed"


def describe_machine(beacon, display):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in open("/proc/meminfo")
                     if line.startswith("MemTotal"))
    debian = open("/etc/debian_version").read().strip() if os.path.exists(
        "/etc/debian_version") else "?"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory_kb / 1024 / 1024,
        "kernel": platform.release(), "debian": debian,
        "virtualised": _first_line(["systemd-detect-virt"]) or "unknown",
        "display": f"Xvfb {display}, 1280x720x24, no GPU, no window manager",
        "beacon": version([beacon, "--version"]),
        "libmpv": _package("libmpv2"), "mpv": version(["mpv", "--version"]),
        "vlc": _package("vlc-bin"), "chromium": version(["chromium", "--version"]),
        "ffmpeg": version(["ffmpeg", "-version"]),
        "load_before": open("/proc/loadavg").read().split()[:3],
    }


def _median(results, measure, key, player="beacon"):
    stats = results.stats(measure, player, key)
    return stats[0] if stats else None


_PLAYBACK_COLUMNS = [("cpu_s", "CPU s", 2), ("frames", "distinct frames", 0),
                     ("cpu_ms_per_frame", "CPU ms/frame", 2), ("pss_mb", "PSS MB", 0),
                     ("processes", "procs", 0)]


def _vlc_row(results, measure, label):
    """Issue 22, target 1: CPU no more than VLC's, with at least as many
    distinct frames presented; the floor and Beacon's distance to it."""
    cpu, vcpu = _median(results, measure, "cpu_s"), _median(results, measure, "cpu_s", "vlc")
    shown_frames = _median(results, measure, "frames")
    vlc_frames = _median(results, measure, "frames", "vlc")
    floor = _median(results, measure, "cpu_s", "floor")
    if cpu is None or vcpu is None or shown_frames is None or vlc_frames is None:
        shown, ok = "–", None
    else:
        shown = (f"CPU {cpu:.2f} s vs VLC {vcpu:.2f} s ({cpu / vcpu:.2f}×); frames "
                 f"{shown_frames:.0f} vs {vlc_frames:.0f}")
        ok = cpu <= vcpu and shown_frames >= vlc_frames
    if cpu is not None and floor:
        shown += f"; {cpu / floor:.2f}× the decode-only floor ({floor:.2f} s)"
    return ("2v", label + " against VLC", "CPU ≤ VLC's, as many distinct frames (issue 22); "
            "stretch ≤ 2× the floor", shown, ok)


def _appliance_row(appliance):
    """Target 6 of issue 22: memory on the booted appliance image, measured
    by tests/system/run.sh (boot 2, under QEMU) and kept in
    bench/appliance-memory.json, since this harness runs on the host."""
    target = "≥ half of RAM available (a 1 GB board); Beacon's PSS shown"
    if not appliance:
        return ("9", "memory on the appliance, playing 1080p", target, "–", None)
    total = appliance["mem_total_kb"]
    available = appliance["least_mem_available_kb"]
    shown = (f"{appliance['most_used_kb'] / 1024:.0f} of {total / 1024:.0f} MB used at most, "
             f"{available / total:.0%} available; Beacon's PSS at most "
             f"{appliance['most_beacon_pss_kb'] / 1024:.0f} MB; playing "
             f"{appliance['playing']}, {appliance['samples']} samples over a minute, "
             f"QEMU image of {appliance['date']} (`tests/system/run.sh`)")
    return ("9", "memory on the appliance, playing 1080p", target, shown,
            available >= total / 2 if "1080p" in appliance["playing"] else "not measured at 1080p")


def _appliance_wakeups_row(appliance):
    """The loop's sleep on the appliance (kmsdrm, where SDL's own wait polls
    every millisecond): the main thread's wake-ups a second and Beacon's CPU
    share over boot 2's minute of measures (tests/system/run.sh)."""
    target = "the loop sleeps until something is due: ≤ 100 wake-ups a second playing ≤ 30 fps"
    label = "the loop's wake-ups on the appliance"
    if not appliance or "main_thread_wakeups_per_second" not in appliance:
        return ("9b", label, target, "–", None)
    wakeups = appliance["main_thread_wakeups_per_second"]
    shown = (f"{wakeups:.0f} a second; Beacon's CPU {appliance['beacon_cpu_percent_of_a_core']:.0f} % "
             f"of a core under QEMU's emulation, over {appliance['measured_seconds']:.0f} s of the "
             f"same loop (`tests/system/run.sh`)")
    return ("9b", label, target, shown, wakeups <= 100)


def _targets(results, settings, appliance=None):
    rows = []
    first, mpv_first = _median(results, "first", "first_frame_ms"), _median(
        results, "first", "first_frame_ms", "mpv")
    rows.append(("1", "first frame", "≤ 150 ms, and no slower than bare mpv",
                 cell(results.stats("first", "beacon", "first_frame_ms"), 0) + " ms"
                 + (f" (mpv {mpv_first:.0f} ms)" if mpv_first else ""),
                 None if first is None else first <= 150 and (
                     mpv_first is None or first <= mpv_first)))
    cold, mpv_cold = _median(results, "first_cold", "first_frame_ms"), _median(
        results, "first_cold", "first_frame_ms", "mpv")
    vlc_cold = _median(results, "first_cold", "first_frame_ms", "vlc")
    shown = "–" if cold is None else (
        cell(results.stats("first_cold", "beacon", "first_frame_ms"), 0) + " ms"
        + (f" (mpv {mpv_cold:.0f} ms, {cold / mpv_cold:.2f}×)" if mpv_cold else "")
        + (f"; VLC {vlc_cold:.0f} ms" if vlc_cold else ""))
    rows.append(("1c", "first frame from a cold page cache",
                 "≤ bare mpv's, toward VLC's (issue 22)", shown,
                 None if cold is None or mpv_cold is None else cold <= mpv_cold))
    for measure, label in (("video720", "720p playback"), ("video1080", "1080p on a 720p screen")):
        cpu, pss = _median(results, measure, "cpu_s"), _median(results, measure, "pss_mb")
        mcpu, mpss = (_median(results, measure, "cpu_s", "mpv"),
                      _median(results, measure, "pss_mb", "mpv"))
        ok = None
        if None not in (cpu, pss, mcpu, mpss):
            ok = cpu <= 1.1 * mcpu and pss <= mpss + 15
        shown = "–" if cpu is None else (
            f"CPU {cpu:.2f} s vs mpv {mcpu:.2f} s ({cpu / mcpu:.2f}×); PSS {pss:.0f} vs "
            f"{mpss:.0f} MB" if None not in (mcpu, mpss) else f"CPU {cpu:.2f} s; PSS {pss:.0f} MB")
        rows.append(("2", label, "CPU ≤ 1.1× bare mpv; PSS ≤ bare mpv + 15 MB", shown, ok))
        rows.append(_vlc_row(results, measure, label))
    cpu, pss = _median(results, "factsheets", "cpu_s"), _median(results, "factsheets", "pss_mb")
    share = None if cpu is None else cpu / settings.window * 100
    rows.append(("3", "fact sheets only", "≤ 1% of one core; ≤ 30 MB PSS (issue 22)",
                 "–" if cpu is None else f"{share:.2f}% of a core; PSS {pss:.0f} MB",
                 None if cpu is None else share <= 1 and pss <= 30))
    median = _median(results, "taps", "screen_median_ms")
    p95 = _median(results, "taps", "screen_p95_ms")
    rows.append(("4", "tap to hotline", "≤ 1 frame (16.7 ms) median, ≤ 2 frames p95",
                 "–" if median is None else
                 f"median {median:.1f} ms ({median / FRAME_MS:.2f} frames), "
                 f"p95 {p95:.1f} ms ({p95 / FRAME_MS:.2f} frames)",
                 None if median is None else median <= FRAME_MS and p95 <= 2 * FRAME_MS))
    black = _median(results, "switches", "black_frames")
    worst = results.stats("switches", "beacon", "freeze_max_ms")
    rows.append(("5", "switches", "zero black frames; no freeze over one frame past the end",
                 "–" if black is None else
                 f"{black:.0f} black frames; longest freeze {worst[2]:.0f} ms "
                 f"({worst[2] / FRAME_MS:.1f} frames)",
                 None if black is None else black == 0 and worst[2] <= FRAME_MS))
    ms = _median(results, "validate", "validate_ms")
    rows.append(("6", f"validate {settings.validate_items:,} items", "≤ 100 ms",
                 "–" if ms is None else f"{ms:.0f} ms", None if ms is None else ms <= 100))
    ms = _median(results, "validate_distinct", "validate_ms")
    rows.append(("6b", f"validate {settings.validate_items:,} items, every fact sheet with "
                 "words of its own", "≤ 100 ms",
                 "–" if ms is None else f"{ms:.0f} ms ({ms / 100:.1f}× the target)",
                 None if ms is None else ms <= 100))
    mbs = _median(results, "install", "mb_per_s")
    cp_mbs = _median(results, "install", "mb_per_s", "cp_sync")
    shown = "–" if mbs is None else f"{mbs:.0f} MB/s"
    if mbs is not None and cp_mbs is not None:
        shown += f"; `cp -r` then `sync` {cp_mbs:.0f} MB/s (Beacon {mbs / cp_mbs:.2f}× of it)"
    rows.append(("7", "install throughput against `cp`", "≥ 0.8× of `cp -r` then `sync` (issue 22)",
                 shown, None if mbs is None or cp_mbs is None else mbs >= 0.8 * cp_mbs))
    off_rss, on_rss = (_median(results, "reports", "rss_mb"),
                       _median(results, "reports", "rss_mb", "beacon_reports"))
    off_p95, on_p95 = (_median(results, "reports", "frame_p95_ms"),
                       _median(results, "reports", "frame_p95_ms", "beacon_reports"))
    measured = None not in (off_rss, on_rss, off_p95, on_p95)
    rows.append(("8", "reporting cost", "≤ 1 MB RSS; frame p95 within 1 ms of no reports",
                 "–" if not measured else
                 f"RSS {on_rss - off_rss:+.2f} MB; frame p95 {on_p95:.1f} vs {off_p95:.1f} ms",
                 None if not measured else
                 on_rss - off_rss <= 1 and on_p95 - off_p95 <= 1))
    rows.append(_appliance_row(appliance))
    rows.append(_appliance_wakeups_row(appliance))
    lines = ["| # | measure | target | Beacon | verdict |", "|---|---|---|---|---|"]
    lines += [f"| {n} | {m} | {t} | {b} | {verdict(ok)} |" for n, m, t, b, ok in rows]
    return "\n".join(lines)


def write(results, players, settings, machine, c, analysis_path, copiers=(), reporting=None,
          appliance=None):
    m = machine
    on_screen = [p for p in players if p.on_screen]  # the floor only decodes
    sheets = [p for p in players if p.shows_factsheets]
    kind = "smoke run (harness check only: too short to quote)" if settings.smoke else "full run"
    out = [
        "# Beacon benchmarks",
        "",
        "Written by `bench/run.sh` (see `bench/README.md`); do not edit by hand: the "
        "analysis at the end comes from `bench/analysis.md`.",
        "",
        f"**{kind}**, {m['date']}, {m['duration_min']:.0f} min. Each figure is the median "
        f"over the runs with (min–max); ratios are a peer's median over Beacon's, "
        "measured in the same session, peers interleaved run by run.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores ({m['virtualised']}); "
        f"RAM {m['memory_gb']:.0f} GB; kernel {m['kernel']}; Debian {m['debian']}",
        f"- Display: {m['display']}; load average before {' '.join(m['load_before'])}, "
        f"after {' '.join(m['load_after'])}",
        f"- Beacon: {m['beacon']} (`--windowed --size 1280x720 --render-path software`); "
        f"libmpv {m['libmpv']}",
        f"- Peers: {m['mpv']}; VLC {m['vlc']}; {m['chromium']}",
        f"- Content made with {m['ffmpeg']}: testsrc2 clips, 720p30 H.264 at 3 Mb/s and "
        "1080p30 at 6 Mb/s, 10 s looped; the shipped default playlist's hotline and fact "
        f"sheets ({', '.join(c['languages'])})",
        f"- Runs per figure: {settings.runs}; load windows {settings.window} s after "
        f"{settings.warmup} s of warm-up",
        "",
        "## Targets",
        "",
        _targets(results, settings, appliance),
        "",
        "## 1. Cold start to the first content frame",
        "",
        "From starting the process to the clip's first frame on the X display (pixels read "
        "with XGetImage every 2 ms), with the page cache warm: each player was started once "
        "before, unmeasured.",
        "",
        peer_table(results, "first", on_screen, [("first_frame_ms", "ms", 0)]),
        "",
        "From disk: the same with the page cache dropped before every run."
        if m["drop_caches"] else "From disk: not measured (needs root to drop the page cache).",
        "",
        peer_table(results, "first_cold", on_screen, [("first_frame_ms", "ms", 0)])
        if m["drop_caches"] else "",
        "",
        "## 2. Playback: CPU seconds and peak PSS over the window",
        "",
        "The whole process tree: every process the player started, including Chromium's "
        "renderer, GPU and utility processes and anything re-parented (the harness is a "
        "child subreaper). CPU is user + system time. Distinct frames are the new pictures "
        "presented in the window: Beacon's from its frame log (rows not marked `redraw`), "
        "VLC's from its own statistics (`stats`, \"frames displayed\"), bare mpv's as the "
        "clip's 30 frames a second less the frames mpv reports dropped (`frame-drop-count`, "
        "`decoder-frame-drop-count`); for the floor, frames decoded. CPU ms/frame is CPU over "
        "distinct frames, which a player cannot lower by dropping frames. The floor is FFmpeg "
        "decoding the same clip alone on one thread at the clip's pace "
        "(`ffmpeg -threads 1 -re -stream_loop -1 -i CLIP -an -f null -`): what any software "
        "player must spend before converting and showing a frame.",
        "",
        "### 720p30 H.264 on a 720p screen",
        "",
        peer_table(results, "video720", players, _PLAYBACK_COLUMNS),
        "",
        "### 1080p30 H.264 scaled to a 720p screen",
        "",
        peer_table(results, "video1080", players, _PLAYBACK_COLUMNS),
        "",
        "## 3. Fact sheets only, no video",
        "",
        "Beacon plays the default playlist's fact sheets. mpv and VLC show Beacon's own renders "
        "of them as a slideshow (a picture-frame player); Chromium shows them as an HTML page "
        "rotating through the same languages with the same timing. PSS is the peak of the "
        "whole tree, read every 10 ms (playback's tables read it once a second): a fact sheet "
        "is built in a few milliseconds as the previous one ends, and that is when memory "
        "peaks.",
        "",
        peer_table(results, "factsheets", sheets,
                   [("cpu_s", "CPU s", 3), ("pss_mb", "PSS MB", 0), ("processes", "procs", 0)]),
        "",
        "## 4. Tap to hotline",
        "",
        f"{settings.taps} real clicks per run (`xdotool mousedown 1` on the Beacon window, at "
        "random moments of a playing 720p video), timed from the moment xdotool sends the "
        "press (as it exits) to the hotline's pixels on the X display, polled every 1 ms. "
        "The frame log shows whether the next presented frame after each click was the "
        "hotline.",
        "",
        _tap_table(results),
        "",
        "## 5. Black and frozen frames at item switches",
        "",
        f"{settings.switches} switches per run between 1 s videos, a still and fact sheets, from "
        "the frame log. Black: a presented frame with mean luma under 8. Freeze: how long the "
        "previous item stayed on screen past its end (a video's last new frame plus 1/30 s, "
        "not counting the redraws the log marks; a still's or fact sheet's duration).",
        "",
        _switch_table(results),
        "",
        f"## 6. Validating a generated {settings.validate_items:,}-item playlist",
        "",
        "`beacon validate` wall time, process start included: 10% fact sheets in all "
        f"{len(c['languages'])} languages of the default playlist, 45% videos, 45% pictures, "
        "every media file present. `beacon --version` is the floor: starting the process "
        "and loading its libraries.",
        "",
        _validate_table(results, settings),
        "",
        "## 7. Install throughput",
        "",
        f"`beacon install` of a signed bundle holding {settings.install_mb} MB of media (ten "
        "files) into an empty store: it checks the signature, hashes every file and fsyncs "
        "it. Against `cp -r` of the same bundle folder on the same disk, and `cp -r` then "
        "`sync`, the fair match. Page cache warm.",
        "",
        peer_table(results, "install", players[:1] + list(copiers),
                   [("mb_per_s", "MB/s", 0), ("seconds", "s", 2)]),
        "",
        "## 8. What fleet reporting costs",
        "",
        "The 720p video of section 2 played with and without `--report-url`, runs "
        "interleaved, reports every 10 s (the shortest interval; the default is 300 s) to a "
        "PUT sink on 127.0.0.1. RSS and PSS: the player's own process, peak over the window "
        "(each PUT is made by a short-lived `beacon report-send` child, so that libcurl and "
        "its TLS stack never enter the player; its CPU is in the tree's). Frame times: the "
        "intervals between presented frames in the frame log over the window.",
        "",
        peer_table(results, "reports", players[:1] + ([reporting] if reporting else []),
                   [("rss_mb", "RSS MB", 1), ("pss_mb", "PSS MB", 1), ("cpu_s", "CPU s", 2),
                    ("frame_p50_ms", "frame p50 ms", 1), ("frame_p95_ms", "p95 ms", 1),
                    ("frame_p99_ms", "p99 ms", 1), ("frame_max_ms", "max ms", 1)]),
        "",
        _reporting_delta(results, reporting),
        "",
    ]
    if os.path.exists(analysis_path):
        out += [open(analysis_path).read().rstrip(), ""]
    return "\n".join(out)


def _reporting_delta(results, reporting):
    base = _median(results, "reports", "rss_mb")
    on = _median(results, "reports", "rss_mb", reporting.name) if reporting else None
    if base is None or on is None:
        return "Not measured: " + (results.error("reports", "beacon") or
                                   (results.error("reports", reporting.name) if reporting
                                    else None) or "skipped")
    reports = _median(results, "reports", "reports", reporting.name)
    return (f"RSS with reports minus without: {on - base:+.2f} MB (medians); "
            f"{reports:.0f} reports arrived per window.")


def _tap_table(results):
    keys = [("screen_median_ms", "median ms"), ("screen_p95_ms", "p95 ms"),
            ("screen_max_ms", "max ms"), ("next_frame_hotline", "next frame is the hotline, %")]
    return _single_table(results, "taps", keys, frames=True)


def _validate_table(results, settings):
    rows = [("validate", "fact sheets copying the default playlist's words (new ids)"),
            ("validate_distinct", "every fact sheet with words of its own"),
            ("version", "`beacon --version`")]
    lines = ["| playlist | runs | ms | against the 100 ms target | CPU ms (all threads) |",
             "|---|---|---|---|---|"]
    for measure, label in rows:
        stats = results.stats(measure, "beacon", "validate_ms")
        cpu = results.stats(measure, "beacon", "validate_cpu_ms")
        error = results.error(measure, "beacon")
        shown = cell(stats, 0) if stats else f"not measured: {error or 'skipped'}"
        against = f"{stats[0] / 100:.2f}×" if stats and measure != "version" else "–"
        lines.append(f"| {label} | {results.runs(measure, 'beacon')} | {shown} | {against} | "
                     f"{cell(cpu, 0) if cpu else '–'} |")
    return "\n".join(lines)


def _switch_table(results):
    keys = [("black_frames", "black frames"), ("freeze_median_ms", "freeze median ms"),
            ("freeze_p95_ms", "freeze p95 ms"), ("freeze_max_ms", "freeze max ms"),
            ("switches_over_one_frame", "switches frozen > 1 frame")]
    return _single_table(results, "switches", keys, frames=False)


def _single_table(results, measure, keys, frames):
    error = results.error(measure, "beacon")
    if not results.runs(measure, "beacon"):
        return f"Not measured: {error or 'skipped'}"
    lines = ["| figure | Beacon | in frames |", "|---|---|---|"]
    for key, label in keys:
        stats = results.stats(measure, "beacon", key)
        in_frames = "–" if stats is None or not key.endswith("_ms") else \
            f"{stats[0] / FRAME_MS:.2f}"
        lines.append(f"| {label} | {cell(stats, 1)} | {in_frames} |")
    if error:
        lines.append(f"\nSome runs failed: {error}")
    return "\n".join(lines)
