"""Distinct frames presented during a playback window (issue 22), so a player
that saves CPU by dropping frames does not win the CPU comparison.

Each counter is read at the start and at the end of the window; `presented()`
turns the two readings into frames. Where a player keeps no count of its
own, the figure is the clip's frame rate times the window less the frames
the player itself reports dropped, and the table says so.

- Beacon: its frame log (`--frame-log`), rows of type `frame` that are not
  marked `redraw` (a picture already shown). Lines are flushed one at a
  time, so counting them at any moment is exact.
- bare mpv: its JSON IPC (`--input-ipc-server`): `frame-drop-count` (frames
  the output dropped as late) and `decoder-frame-drop-count`.
- VLC: its remote-control interface (`--extraintf=oldrc --rc-unix`),
  `stats`: "frames displayed".
- The decode-only floor: ffmpeg's `-progress` file, `frame=` (decoded).
"""

import json
import os
import re
import socket
import time

CLIP_FPS = 30


class FrameCounter:
    kind = "count"  # "count": cumulative frames shown; "drops": cumulative drops

    def read(self):
        """The cumulative figure now, or None when it cannot be read."""
        raise NotImplementedError

    def presented(self, start, end, elapsed):
        if start is None or end is None:
            return None
        if self.kind == "drops":
            return max(0.0, CLIP_FPS * elapsed - (end - start))
        return float(end - start)


class FileCounter(FrameCounter):
    """A counter read from a file the player keeps writing."""

    def __init__(self, path):
        self.path = path

    def text(self):
        try:
            with open(self.path) as f:
                return f.read()
        except OSError:
            return None


class FrameLogCounter(FileCounter):
    def read(self):
        text = self.text()
        if text is None:
            return None
        return sum(1 for line in text.splitlines()
                   if ",frame," in line and not line.rstrip().endswith("redraw"))


def _unix_request(path, payload, until, timeout=3.0):
    """Sends `payload` on a Unix socket and reads until `until` matches."""
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(timeout)
            s.connect(path)
            s.sendall(payload)
            data = b""
            deadline = time.monotonic() + timeout
            while not until(data) and time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            return data.decode(errors="replace")
    except OSError:
        return None


class MpvCounter(FrameCounter):
    kind = "drops"

    def __init__(self, path):
        self.path = path

    def _property(self, name):
        request = json.dumps({"command": ["get_property", name], "request_id": 1}) + "\n"
        text = _unix_request(self.path, request.encode(), lambda d: b'"request_id":1' in d)
        for line in (text or "").splitlines():
            try:
                reply = json.loads(line)
            except ValueError:
                continue
            if reply.get("request_id") == 1:
                return reply.get("data") if reply.get("error") == "success" else 0
        return None

    def read(self):
        drops = [self._property(n) for n in ("frame-drop-count", "decoder-frame-drop-count")]
        return None if None in drops else sum(drops)


class VlcCounter(FrameCounter):
    def __init__(self, path):
        self.path = path

    def read(self):
        text = _unix_request(self.path, b"stats\n", lambda d: b"end of statistical info" in d)
        found = re.search(r"frames displayed\s*:\s*(\d+)", text or "")
        return int(found.group(1)) if found else None


class ProgressCounter(FileCounter):
    def read(self):
        found = re.findall(r"^frame=(\d+)", self.text() or "", re.M)
        return int(found[-1]) if found else None


def fresh_path(folder, name):
    path = os.path.join(folder, name)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    return path
