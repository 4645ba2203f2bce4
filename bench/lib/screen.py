"""Reading pixels off the X display (Xvfb) and the pictures to compare them with.

Pixels are read with XGetImage on the root window, one 1x1 image per point,
which costs a few tens of microseconds each: cheap enough to poll every
couple of milliseconds while a player runs on the same machine.
"""

import ctypes
import subprocess
import time


class _XImage(ctypes.Structure):
    pass


class _Funcs(ctypes.Structure):
    _fields_ = [
        ("create_image", ctypes.c_void_p),
        ("destroy_image", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_XImage))),
        ("get_pixel", ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.POINTER(_XImage),
                                       ctypes.c_int, ctypes.c_int)),
        ("put_pixel", ctypes.c_void_p),
        ("sub_image", ctypes.c_void_p),
        ("add_pixel", ctypes.c_void_p),
    ]


_XImage._fields_ = [
    ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
    ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
    ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
    ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
    ("bits_per_pixel", ctypes.c_int), ("red_mask", ctypes.c_ulong),
    ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong),
    ("obdata", ctypes.c_void_p), ("f", _Funcs),
]

_ALL_PLANES = 0xFFFFFFFF
_Z_PIXMAP = 2


class Screen:
    def __init__(self, display):
        self._x = ctypes.CDLL("libX11.so.6")
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x.XGetImage.restype = ctypes.POINTER(_XImage)
        self._x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int,
                                      ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                      ctypes.c_ulong, ctypes.c_int]
        self._display = self._x.XOpenDisplay(display.encode())
        if not self._display:
            raise RuntimeError(f"cannot open X display {display}")
        self._root = self._x.XDefaultRootWindow(self._display)

    def pixel(self, x, y):
        image = self._x.XGetImage(self._display, self._root, x, y, 1, 1, _ALL_PLANES,
                                  _Z_PIXMAP)
        if not image:
            return (0, 0, 0)
        value = image.contents.f.get_pixel(image, 0, 0)
        image.contents.f.destroy_image(image)
        return ((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)

    def matches(self, picture, tolerance):
        """True when every probe point of `picture` shows on screen."""
        for (x, y), expected in picture.probes:
            actual = self.pixel(x, y)
            if max(abs(a - e) for a, e in zip(actual, expected)) > tolerance:
                return False
        return True

    def wait_for(self, condition, timeout, interval=0.002):
        """Polls until condition() holds; returns the monotonic time it first
        did, or None on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return time.monotonic()
            time.sleep(interval)
        return None


class Picture:
    """Probe points (screen coordinates) and their colours in a reference
    picture: the first frame of a clip, or Beacon's own render of a screen."""

    def __init__(self, path, width, height, region=(0.1, 0.1, 0.9, 0.8), count=5):
        raw = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(path), "-frames:v", "1", "-vf",
             f"scale={width}:{height}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
            check=True, capture_output=True).stdout
        self.width, self.height = width, height
        self._raw = raw

        def at(x, y):
            i = (y * width + x) * 3
            return tuple(raw[i:i + 3])

        # Probes sit where the picture is flat (a 5x5 neighbourhood of one
        # colour), so a pixel of scaling or placement changes nothing.
        left, top, right, bottom = region
        candidates = []
        for gy in range(12):
            for gx in range(16):
                x = int(width * (left + (right - left) * (gx + 0.5) / 16))
                y = int(height * (top + (bottom - top) * (gy + 0.5) / 12))
                colour = at(x, y)
                flat = all(at(x + dx, y + dy) == colour
                           for dx in (-2, 0, 2) for dy in (-2, 0, 2))
                if flat:
                    candidates.append(((x, y), colour))
        if len(candidates) < count:
            raise RuntimeError(f"{path}: too few flat places to probe")
        # Spread the probes over the picture and prefer distinct colours.
        step = len(candidates) / count
        self.probes = [candidates[int(i * step)] for i in range(count)]
