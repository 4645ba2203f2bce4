#!/usr/bin/python3
"""A slow device for bench/slow-device.sh: a FUSE folder that passes one
backing folder through, but lets writes through at most RATE bytes a second
(one queue, as a card has: concurrent writers share the rate). A loop device
on an image file in it, formatted ext4, behaves like an SD card of that write
speed under a real filesystem, journal and page cache included.

    throttle_fs.py BACKING MOUNTPOINT WRITE_MB_PER_S [READ_MB_PER_S]

Runs in the foreground until the folder is unmounted (`fusermount -u`).
Needs Debian's python3-fusepy (libfuse2). fsync is passed to the backing
file's page cache only: the throttle is the device, not the host's disk.
"""

import errno
import os
import sys
import threading
import time

try:  # Debian's python3-fusepy names the module fusepy
    from fusepy import FUSE, FuseOSError, Operations
except ImportError:
    from fuse import FUSE, FuseOSError, Operations


class Throttle:
    """A device that moves `rate` bytes a second, one request at a time."""

    def __init__(self, rate):
        self.rate = rate
        self.lock = threading.Lock()
        self.free_at = 0.0  # when the device has finished what it was given
        self.slack = 0.02  # seconds

    def take(self, size):
        if not self.rate:
            return
        with self.lock:
            now = time.monotonic()
            # A device idle for a while takes a short burst at once (its
            # cache); the slack also keeps the overshoot of each sleep, and
            # this process's own time per request, from slowing the rate.
            self.free_at = max(self.free_at, now - self.slack) + size / self.rate
            delay = self.free_at - now
        if delay > self.slack:
            time.sleep(delay - self.slack)


class ThrottledFolder(Operations):
    def __init__(self, backing, write_rate, read_rate):
        self.backing = backing
        self.writes = Throttle(write_rate)
        self.reads = Throttle(read_rate)
        self.written = 0

    def _path(self, path):
        return os.path.join(self.backing, path.lstrip("/"))

    def getattr(self, path, fh=None):
        try:
            st = os.lstat(self._path(path))
        except OSError as error:
            raise FuseOSError(error.errno)
        return {key: getattr(st, key) for key in (
            "st_mode", "st_nlink", "st_size", "st_uid", "st_gid",
            "st_atime", "st_mtime", "st_ctime")}

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._path(path))

    def create(self, path, mode, fi=None):
        return os.open(self._path(path), os.O_RDWR | os.O_CREAT | os.O_TRUNC, mode)

    def open(self, path, flags):
        return os.open(self._path(path), flags & ~os.O_APPEND)

    def read(self, path, size, offset, fh):
        self.reads.take(size)
        return os.pread(fh, size, offset)

    def write(self, path, data, offset, fh):
        self.writes.take(len(data))
        self.written += len(data)
        return os.pwrite(fh, data, offset)

    def truncate(self, path, length, fh=None):
        os.truncate(self._path(path), length)

    def unlink(self, path):
        os.unlink(self._path(path))

    def fsync(self, path, datasync, fh):
        return 0

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        os.close(fh)
        return 0

    def statfs(self, path):
        st = os.statvfs(self._path(path))
        return {key: getattr(st, key) for key in (
            "f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree",
            "f_files", "f_flag", "f_frsize", "f_namemax")}

    def chmod(self, path, mode):
        os.chmod(self._path(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._path(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self._path(path), times)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    backing, mountpoint = sys.argv[1], sys.argv[2]
    write_rate = float(sys.argv[3]) * 1e6
    read_rate = float(sys.argv[4]) * 1e6 if len(sys.argv) == 5 else 0
    if not os.path.isdir(backing):
        sys.exit(f"{backing}: {os.strerror(errno.ENOTDIR)}")
    FUSE(ThrottledFolder(backing, write_rate, read_rate), mountpoint, foreground=True,
         big_writes=True, max_write=1 << 20, allow_other=True)


if __name__ == "__main__":
    main()
