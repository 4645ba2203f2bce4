"""8. What fleet reporting costs the player (issue 20): the same 720p video
played with and without `--report-url`, runs interleaved. Reports go every
10 s (the shortest interval allowed; a kiosk's default is 300 s) to a PUT
sink in this process, so a 60 s window holds six of them.

Measured on the player's own process (VmRSS and PSS, peak over the window:
the memory a report costs the player for as long as it runs), the whole
tree's CPU (the short-lived `beacon report-send` children included: they
are the reports' cost, not the player's memory), and the frame log's
intervals between presented frames (the loop's frame times)."""

import http.server
import os
import threading
import time

from . import procs
from .measures import MeasureError, percentile, read_frame_log


class _Sink(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.server.puts += 1
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class ReportSink:
    """An HTTP server on 127.0.0.1 that takes PUTs and counts them."""

    def __init__(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
        self.server.puts = 0
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/reports/"

    def puts(self):
        return self.server.puts

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _own_memory_kb(pid):
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def frame_intervals(rows, since_ms):
    times = [r["t_ms"] for r in rows if r["type"] == "frame" and r["t_ms"] >= since_ms]
    return [b - a for a, b in zip(times, times[1:])]


def cost(bench, argv, name, frame_log, warmup, window, sink=None):
    """Peak VmRSS and PSS of the player itself, the tree's CPU, frame times."""
    process, log = bench.start(argv, name)
    sampler = procs.TreeSampler(exclude={bench.xvfb_pid})
    peak_rss = peak_pss = 0
    puts_before = 0
    try:
        started = time.monotonic()
        while time.monotonic() - started < warmup:
            sampler.sample()
            time.sleep(0.5)
        if process.poll() is not None:
            raise MeasureError(f"exited during warm-up (log: {log})")
        since = sampler.snapshot()
        window_start_ms = (time.monotonic() - started) * 1000
        puts_before = sink.puts() if sink else 0
        begun = time.monotonic()
        while time.monotonic() - begun < window:
            sampler.sample()
            rss, pss = _own_memory_kb(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.25)
        elapsed = time.monotonic() - begun
        alive = process.poll() is None
    finally:
        bench.stop(process)
    if not alive:
        raise MeasureError(f"exited during the measurement (log: {log})")
    # The frame log's clock starts with the player, a little after the
    # process: the window's start is placed a second late, never early.
    intervals = frame_intervals(read_frame_log(frame_log), window_start_ms + 1000)
    if len(intervals) < 10:
        raise MeasureError(f"only {len(intervals)} frames in the window (log: {log})")
    figures = {"rss_mb": peak_rss / 1024, "pss_mb": peak_pss / 1024,
               "cpu_s": sampler.cpu_seconds(since) * window / elapsed,
               "frame_p50_ms": percentile(intervals, 0.5),
               "frame_p95_ms": percentile(intervals, 0.95),
               "frame_p99_ms": percentile(intervals, 0.99),
               "frame_max_ms": max(intervals)}
    if sink:
        figures["reports"] = sink.puts() - puts_before
        # A smoke run's window is shorter than the interval.
        if figures["reports"] == 0 and window >= 20:
            raise MeasureError(f"no report arrived during the window (log: {log})")
    return figures


def run(bench, beacon, playlist, settings, results, attempt, without, with_reports):
    """Interleaved runs: without, then with, `settings.runs` times."""
    sink = ReportSink()
    try:
        for run_index in range(settings.runs):
            state = os.path.join(bench.logs, f"report-state-{run_index}")
            os.makedirs(state, exist_ok=True)
            base = ["--state-dir", state, "--trust-clock", "yes"]
            plain_log = os.path.join(bench.logs, f"reports-off-{run_index}.csv")
            attempt(results, "reports", without, lambda: cost(
                bench, beacon.play(playlist, base + ["--frame-log", plain_log]),
                "beacon-reports-off", plain_log, settings.warmup, settings.window))
            on_log = os.path.join(bench.logs, f"reports-on-{run_index}.csv")
            attempt(results, "reports", with_reports, lambda: cost(
                bench, beacon.play(playlist, base + [
                    "--frame-log", on_log, "--report-url", sink.url(), "--report-interval",
                    "10", "--kiosk-name", "bench"]),
                "beacon-reports-on", on_log, settings.warmup, settings.window, sink))
    finally:
        sink.close()
