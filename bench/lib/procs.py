"""Processes: starting players, measuring a whole process tree, stopping it.

The harness makes itself a child subreaper, so processes that daemonise
(Chromium's crash handler, zygotes) are re-parented to it and still count
as part of the tree it measures.
"""

import ctypes
import os
import signal
import subprocess
import time

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_CHILD_SUBREAPER = 36
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def become_subreaper():
    _libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _stat(pid):
    """(ppid, start time, CPU ticks used) of a process, or None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rindex(")") + 2:].split()
    # Fields after the command name: state ppid ... utime(11) stime(12) ...
    # starttime(19), counted from the state field.
    return int(fields[1]), int(fields[19]), int(fields[11]) + int(fields[12])


def _pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root, exclude=()):
    """Pids below `root` (not itself), leaving out `exclude` and their trees."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        stat = _stat(int(name))
        if stat:
            children.setdefault(stat[0], []).append(int(name))
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid in exclude:
            continue
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


class TreeSampler:
    """CPU time and PSS of every process the harness started, except `exclude`.

    CPU counts each process (keyed by pid and start time, so a reused pid is
    a new process) at its last sample; a process that lives less than one
    sampling interval can be missed, which only Chromium's short-lived
    helpers risk and which then undercounts Chromium, never Beacon.
    """

    def __init__(self, exclude=()):
        self.exclude = set(exclude)
        self.ticks = {}
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self.pids = []  # what the last sample() found

    def sample(self):
        pss = 0
        pids = descendants(os.getpid(), self.exclude)
        self.pids = pids
        for pid in pids:
            stat = _stat(pid)
            if not stat:
                continue
            self.ticks[(pid, stat[1])] = stat[2]
            pss += _pss_kb(pid)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.peak_processes = max(self.peak_processes, len(pids))
        return pss

    def sample_pss(self):
        """PSS only, of the processes the last sample() found: cheap enough
        to run every few milliseconds, so a transient that lasts a few
        milliseconds (a screen being built) is seen in the peak."""
        pss = sum(_pss_kb(pid) for pid in self.pids)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        return pss

    def snapshot(self):
        return dict(self.ticks)

    def cpu_seconds(self, since=None):
        since = since or {}
        return sum(t - since.get(k, 0) for k, t in self.ticks.items()) / CLOCK_TICKS

    def reset_peak(self):
        self.peak_pss_kb = 0
        self.peak_processes = 0


def start(argv, env=None, log=None):
    out = open(log, "ab") if log else subprocess.DEVNULL
    return subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)


def stop_tree(process, exclude=(), grace=5.0):
    """SIGTERM to every process the harness started (bar `exclude`), then
    SIGKILL to what is left after `grace` seconds; reaps them all."""
    exclude = set(exclude)
    deadline = time.monotonic() + grace
    sig = signal.SIGTERM
    while True:
        pids = descendants(os.getpid(), exclude)
        pids = [p for p in pids if not _is_zombie(p)]
        if not pids:
            break
        if time.monotonic() > deadline:
            sig = signal.SIGKILL
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        _reap()
        time.sleep(0.05)
    if process is not None:
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
    _reap()


def _is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
        return data[data.rindex(")") + 2] == "Z"
    except OSError:
        return True


def _reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
