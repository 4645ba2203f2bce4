"""The measures. Each runs one player once and returns its figures, or
raises MeasureError when the player did not do what was asked."""

import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import time

from . import procs

FRAME_MS = 1000 / 60  # one frame of a 60 Hz display


class MeasureError(Exception):
    pass


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * fraction
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


class Bench:
    def __init__(self, screen, xvfb_pid, env, logs):
        self.screen = screen
        self.xvfb_pid = xvfb_pid
        self.env = env
        self.logs = logs
        self.log_count = 0

    def start(self, argv, name):
        self.log_count += 1
        log = os.path.join(self.logs, f"{self.log_count:03d}-{name}.log")
        with open(log, "w") as f:
            f.write(" ".join(argv) + "\n")
        return procs.start(argv, env=self.env, log=log), log

    def stop(self, process):
        procs.stop_tree(process, exclude={self.xvfb_pid})
        # The next run starts on a black screen again.
        self.screen.wait_for(lambda: self.screen.pixel(640, 300) == (0, 0, 0), 5, 0.05)
        time.sleep(0.3)

    def showing_something(self):
        points = [(320, 180), (640, 300), (960, 450), (200, 500)]
        return any(self.screen.pixel(x, y) != (0, 0, 0) for x, y in points)

    # 1. Start to the first content frame; `cold` drops the page cache first.
    def first_frame(self, argv, name, picture, cold=False):
        if cold:
            subprocess.run(["sync"], check=False)
            with open("/proc/sys/vm/drop_caches", "w") as f:
                f.write("3\n")
        started = time.monotonic()
        process, log = self.start(argv, name + "-first-frame")
        try:
            seen = self.screen.wait_for(lambda: self.screen.matches(picture, 40), 30)
        finally:
            self.stop(process)
        if seen is None:
            raise MeasureError(f"no first frame within 30 s (log: {log})")
        return {"first_frame_ms": (seen - started) * 1000}

    # 2 and 3. CPU time and peak PSS of the whole process tree over a window.
    # `counter` (lib/frames.py), when given, counts the distinct frames the
    # player presented in the window; `on_screen=False` for the decode-only
    # floor, which shows nothing.
    def load(self, argv, name, warmup, window, counter=None, on_screen=True, pss_every=None):
        process, log = self.start(argv, name + "-load")
        sampler = procs.TreeSampler(exclude={self.xvfb_pid})
        try:
            deadline = time.monotonic() + warmup
            while time.monotonic() < deadline:
                sampler.sample()
                time.sleep(0.5)
            if process.poll() is not None:
                raise MeasureError(f"exited during warm-up (log: {log})")
            # A peer's counter (VLC's socket) may come up after a short warm-up.
            first_count = counter.read() if counter else None
            ready_by = time.monotonic() + 10
            while counter and first_count is None and time.monotonic() < ready_by:
                sampler.sample()
                time.sleep(0.2)
                first_count = counter.read()
            since = sampler.snapshot()
            sampler.reset_peak()
            started = time.monotonic()
            while time.monotonic() - started < window:
                sampler.sample()
                until = min(started + window, time.monotonic() + 1.0)
                while time.monotonic() < until:
                    time.sleep(max(0.0, min(pss_every or 1.0, until - time.monotonic())))
                    if pss_every:
                        sampler.sample_pss()
            sampler.sample()
            elapsed = time.monotonic() - started
            last_count = counter.read() if counter else None
            visible = self.showing_something() if on_screen else True
            alive = process.poll() is None
        finally:
            self.stop(process)
        if not alive:
            raise MeasureError(f"exited during the measurement (log: {log})")
        if not visible:
            raise MeasureError(f"showed nothing on screen (log: {log})")
        figures = {"cpu_s": sampler.cpu_seconds(since) * window / elapsed,
                   "pss_mb": sampler.peak_pss_kb / 1024,
                   "processes": sampler.peak_processes}
        if counter:
            shown = counter.presented(first_count, last_count, elapsed)
            if shown is None:
                raise MeasureError(f"its frame count could not be read (log: {log})")
            figures["frames"] = shown * window / elapsed
            # CPU per distinct frame: the figure a dropping player cannot improve.
            figures["cpu_ms_per_frame"] = figures["cpu_s"] * 1000 / max(1.0, figures["frames"])
        return figures

    # 4. A real click (xdotool) to the hotline frame on screen. xdotool sends
    # the press just before it exits (XTestFakeButtonEvent, then XFlush as the
    # display closes), so the time runs from its exit to the hotline's pixels.
    def taps(self, argv, frame_log, hotlines, taps):
        process, log = self.start(argv, "beacon-taps")
        screen_ms = []
        # The hotline opens in the loop's current language: any of them counts.
        is_hotline = lambda: any(self.screen.matches(p, 12) for p in hotlines)
        xdotool = lambda *args: subprocess.run(["xdotool", *args], env=self.env, check=True)
        try:
            if self.screen.wait_for(lambda: self.showing_something() and not is_hotline(),
                                    30) is None:
                raise MeasureError(f"the loop never showed (log: {log})")
            xdotool("mousemove", "640", "300")
            for _ in range(taps):
                time.sleep(random.uniform(0.2, 0.5))  # land anywhere in a video frame
                if self.screen.wait_for(lambda: not is_hotline(), 10) is None:
                    raise MeasureError(f"the hotline never closed (log: {log})")
                xdotool("mousedown", "1")
                pressed = time.monotonic()
                seen = self.screen.wait_for(is_hotline, 5, interval=0.001)
                xdotool("mouseup", "1")
                if seen is None:
                    raise MeasureError(f"a click showed no hotline (log: {log})")
                screen_ms.append((seen - pressed) * 1000)
        finally:
            self.stop(process)
        # Beacon's own record: the frame after each click event is the hotline,
        # drawn in the same loop turn (the log's times are per turn).
        rows = read_frame_log(frame_log)
        next_frames = []
        for i, row in enumerate(rows):
            if row["type"] == "event" and row["detail"] == "click" and row["screen"] == "loop":
                next_frames.append(next((r for r in rows[i + 1:] if r["type"] == "frame"), None))
        if len(next_frames) != taps:
            raise MeasureError(f"{len(next_frames)} of {taps} clicks reached the frame log")
        same_turn = sum(1 for f in next_frames if f and f["screen"] == "hotline")
        return {"screen_median_ms": statistics.median(screen_ms),
                "screen_p95_ms": percentile(screen_ms, 0.95),
                "screen_max_ms": max(screen_ms),
                "next_frame_hotline": 100.0 * same_turn / taps}

    # 5. Black and frozen frames at item switches, from the frame log.
    def switches(self, argv, frame_log, items, switches, seconds):
        process, log = self.start(argv, "beacon-switches")
        try:
            deadline = time.monotonic() + seconds + 30
            while process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            if process.poll() is None:
                raise MeasureError(f"--run-for did not end the run (log: {log})")
        finally:
            self.stop(process)
        frames = [r for r in read_frame_log(frame_log)
                  if r["type"] == "frame" and r["screen"] == "loop"]
        black = sum(1 for r in frames if r["luma"] < 8)
        # A video ends a frame period after its last new frame. Frames the
        # log marks "redraw" show that same picture again (mpv asks for one
        # as it lets a file go), so they do not move the end.
        runs = []  # [item, first t, last new t]
        for r in frames:
            new = r["detail"] != "redraw"
            if runs and runs[-1][0] == r["item"]:
                if new:
                    runs[-1][2] = r["t_ms"]
            else:
                runs.append([r["item"], r["t_ms"], r["t_ms"]])
        freezes = []
        for (item, first, last), (_, next_first, _) in zip(runs, runs[1:]):
            kind, length = items[item]
            end = last + 1000 / 30 if kind == "video" else first + length * 1000
            freezes.append(max(0.0, next_first - end))
        if len(freezes) < switches:
            raise MeasureError(f"only {len(freezes)} switches in the run (log: {log})")
        freezes = freezes[:switches]
        return {"black_frames": black,
                "freeze_median_ms": statistics.median(freezes),
                "freeze_p95_ms": percentile(freezes, 0.95),
                "freeze_max_ms": max(freezes),
                "switches_over_one_frame": sum(1 for f in freezes if f > FRAME_MS)}

    # 6. `beacon validate` on a large playlist, wall time.
    # Also its CPU time (user + system, every thread), which a loaded host
    # disturbs less than the wall time.
    def validate(self, argv):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(argv, capture_output=True, text=True)
        elapsed = (time.perf_counter() - started) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            raise MeasureError("validate failed: " + (result.stdout + result.stderr)[-400:])
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        return {"validate_ms": elapsed, "validate_cpu_ms": cpu}


# An MP4 `ftyp` box (size 24, brand isom): what makes a file an MP4 to
# Beacon's media check (src/core/media_signature.cpp).
MP4_FILE_TYPE_BOX = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


class Install:
    """A signed bundle holding `total_mb` of media, made with the real
    commands (`beacon keygen`, `beacon bundle`), for timing `beacon install`
    against a plain copy of the same folder."""

    def __init__(self, beacon, playlists, work, total_mb):
        self.beacon = beacon
        self.work = os.path.join(work, "install")
        shutil.rmtree(self.work, ignore_errors=True)
        content = os.path.join(self.work, "content")
        os.makedirs(os.path.join(content, "media"))
        files = 10
        self.megabytes = total_mb
        items = []
        for i in range(files):
            name = f"media/video-{i}.mp4"
            with open(os.path.join(content, name), "wb") as f:
                # Only the bytes matter here (nothing decodes them), but
                # `bundle` checks what a media file is, so each one opens
                # with an MP4 file-type box.
                f.write(MP4_FILE_TYPE_BOX)
                for _ in range(total_mb // files):
                    f.write(os.urandom(1024 * 1024))
            items.append(playlists.video(f"video-{i}", name))
        shutil.copy(playlists.write("install.xml", items), os.path.join(content, "playlist.xml"))
        keys = os.path.join(self.work, "signing")
        self.trusted = os.path.join(self.work, "trusted")
        self.bundle = os.path.join(self.work, "bundle")
        self._run([beacon, "keygen", "--out", keys])
        os.makedirs(self.trusted)
        shutil.copy(os.path.join(keys, "beacon.pub"), self.trusted)
        self._run([beacon, "bundle", "--key", os.path.join(keys, "beacon.key"), "--from",
                   content, "--out", self.bundle])

    @staticmethod
    def _run(argv):
        result = subprocess.run(argv, capture_output=True, text=True)
        if result.returncode != 0:
            raise MeasureError(" ".join(argv[:2]) + " failed: "
                               + (result.stdout + result.stderr)[-400:])

    def _timed(self, argv_list):
        target = os.path.join(self.work, "target")
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(["sync"], check=False)
        started = time.perf_counter()
        for argv in argv_list:
            self._run([a.replace("{target}", target) for a in argv])
        elapsed = time.perf_counter() - started
        shutil.rmtree(target, ignore_errors=True)
        return {"seconds": elapsed, "mb_per_s": self.megabytes / elapsed}

    def install(self):
        return self._timed([[self.beacon, "install", self.bundle, "--store", "{target}",
                             "--keys", self.trusted]])

    def copy(self):
        return self._timed([["cp", "-r", self.bundle, "{target}"]])

    def copy_and_sync(self):
        # beacon install fsyncs every file it writes; this is the fair match.
        return self._timed([["cp", "-r", self.bundle, "{target}"], ["sync"]])


def read_frame_log(path):
    rows = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            row["t_ms"] = float(row["t_ms"])
            row["luma"] = float(row["luma"]) if row["luma"] else -1.0
            rows.append(row)
    return rows
