"""How each player is started on the same content, as a facility would run it.

Every player gets a 1280x720 window at the top-left corner of the Xvfb
screen (there is no window manager), plays without sound and loops.
"""

import os
import pwd
import shutil
import subprocess

from . import frames

WIDTH, HEIGHT = 1280, 720


class Player:
    def __init__(self, name, label, available, why=""):
        self.name = name
        self.label = label
        self.available = available
        self.why = why  # when not available

    on_screen = True  # the load measure checks the window shows something
    shows_factsheets = True

    def video(self, content):
        raise NotImplementedError

    def counted_video(self, content, folder, tag):
        """The video command with a frame counter (lib/frames.py), or None
        for the counter where the player keeps no count the harness can read."""
        return self.video(content), None

    def factsheets(self, content):
        raise NotImplementedError


class Beacon(Player):
    def __init__(self, binary, state_dir=None):
        super().__init__("beacon", "Beacon", os.access(binary, os.X_OK),
                         f"{binary} is not built")
        self.binary = binary
        # Kept from run to run, as a kiosk keeps /var/lib/beacon/state from
        # boot to boot: the daily counters and the record of the pages a
        # start touches, read ahead by the next start (issue 22).
        self.state_dir = state_dir

    def play(self, playlist, extra=()):
        state = ["--state-dir", self.state_dir] if self.state_dir else []
        return [self.binary, "play", playlist, "--windowed", "--size", f"{WIDTH}x{HEIGHT}",
                "--render-path", "software", *state, *extra]

    def video(self, content):
        return self.play(content["playlist"])

    def counted_video(self, content, folder, tag):
        log = frames.fresh_path(folder, f"frames-{tag}.csv")
        return self.play(content["playlist"], ["--frame-log", log]), frames.FrameLogCounter(log)

    def factsheets(self, content):
        return self.play(content["factsheet_playlist"])


class Mpv(Player):
    def __init__(self):
        found = shutil.which("mpv")
        super().__init__("mpv", "bare `mpv --vo=x11`", bool(found), "mpv is not installed")

    def base(self):
        return ["mpv", "--no-config", "--vo=x11", "--no-audio", "--hwdec=no",
                f"--geometry={WIDTH}x{HEIGHT}+0+0", "--no-border", "--really-quiet",
                "--no-input-default-bindings", "--no-osc", "--osd-level=0"]

    def video(self, content):
        return self.base() + ["--loop-file=inf", content["clip"]]

    def counted_video(self, content, folder, tag):
        ipc = frames.fresh_path(folder, f"mpv-{tag}.sock")
        return (self.base() + [f"--input-ipc-server={ipc}", "--loop-file=inf", content["clip"]],
                frames.MpvCounter(ipc))

    def factsheets(self, content):
        # A picture-frame player: Beacon's own renders of the fact sheets.
        return self.base() + ["--loop-playlist=inf", "--image-display-duration="
                              + str(content["slide_seconds"]), *content["slides"]]


class Vlc(Player):
    """VLC refuses to run as root, so it runs as `nobody` through setpriv."""

    def __init__(self, home):
        found = shutil.which("cvlc")
        super().__init__("vlc", "`cvlc --vout=xcb_x11`", bool(found),
                         "VLC (cvlc) is not installed: bench/install-peers.sh")
        self.home = home

    def wrap(self, args):
        if os.getuid() != 0:
            return ["cvlc", *args]
        user = pwd.getpwnam("nobody")
        os.makedirs(self.home, exist_ok=True)
        os.chown(self.home, user.pw_uid, user.pw_gid)
        return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                "--clear-groups", "env", f"HOME={self.home}", "cvlc", *args]

    def base(self):
        return ["--vout=xcb_x11", "--no-audio", "--no-video-title-show", "--no-osd",
                "--quiet", "--no-video-deco"]

    def video(self, content):
        # Its window takes the video's size: zoom a larger video down to the screen.
        zoom = f"--zoom={WIDTH / content.get('clip_width', WIDTH):.6f}"
        return self.wrap(self.base() + [zoom, "--loop", content["clip"]])

    def counted_video(self, content, folder, tag):
        # The socket goes where `nobody` may write: VLC's home.
        os.makedirs(self.home, exist_ok=True)
        rc = frames.fresh_path(self.home, f"rc-{tag}.sock")
        zoom = f"--zoom={WIDTH / content.get('clip_width', WIDTH):.6f}"
        # `--input-repeat` loops within one input, as mpv's `--loop-file` does:
        # `--loop` makes a new input each time, which starts its statistics again.
        argv = self.wrap(self.base() + [zoom, "--extraintf=oldrc", "--rc-fake-tty",
                                        f"--rc-unix={rc}", "--input-repeat=65535",
                                        content["clip"]])
        return argv, frames.VlcCounter(rc)

    def factsheets(self, content):
        return self.wrap(self.base() + ["--loop", f"--image-duration={content['slide_seconds']}",
                                        *content["slides"]])


class Floor(Player):
    """Not a player: FFmpeg decoding the clip alone, single-threaded, paced
    at the clip's rate (`-re`) and looping, so its CPU over the window is
    what decoding that much video costs. The floor for software playback:
    every player decodes at least this much, then also converts and shows."""

    on_screen = False
    shows_factsheets = False

    def __init__(self):
        found = shutil.which("ffmpeg")
        super().__init__("floor", "floor: FFmpeg decoding alone (`ffmpeg -threads 1`)",
                         bool(found), "ffmpeg is not installed")

    def command(self, clip, progress=None):
        extra = ["-progress", progress] if progress else []
        return ["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-nostats", *extra,
                "-threads", "1", "-re", "-stream_loop", "-1", "-i", clip, "-an", "-f", "null",
                "-"]

    def video(self, content):
        return self.command(content["clip"])

    def counted_video(self, content, folder, tag):
        progress = frames.fresh_path(folder, f"floor-{tag}.progress")
        return self.command(content["clip"], progress), frames.ProgressCounter(progress)


class Chromium(Player):
    """A browser kiosk (Anthias, FullPageOS): Debian's chromium in --kiosk."""

    def __init__(self, profile):
        found = shutil.which("chromium")
        super().__init__("chromium", "Chromium kiosk `<video>`", bool(found),
                         "Debian's chromium is not installed: bench/install-peers.sh")
        self.profile = profile

    def page(self, url):
        shutil.rmtree(self.profile, ignore_errors=True)
        return ["chromium", "--kiosk", "--no-sandbox", f"--user-data-dir={self.profile}",
                "--no-first-run", "--no-default-browser-check", "--noerrdialogs",
                "--disable-infobars", "--disable-session-crashed-bubble",
                "--autoplay-policy=no-user-gesture-required", "--window-position=0,0",
                f"--window-size={WIDTH},{HEIGHT}", "--disable-features=Translate,MediaRouter",
                "--disable-background-networking", "--password-store=basic", url]

    def video(self, content):
        return self.page("file://" + content["page"])

    def factsheets(self, content):
        return self.page("file://" + content["factsheet_page"])


def version(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "unknown"
