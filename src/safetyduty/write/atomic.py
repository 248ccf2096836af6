"""Writing files so that nothing a user wrote is lost or half-written.

A file is written to a temporary name in the same folder, flushed and fsynced, then linked into
place (never over an existing file) or renamed over it (when overwriting is asked for). A reader
sees the old state or the whole new file, never a part; a crash leaves at most a temporary file
that is removed on the way out.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write `data` to `path` whole. Without `overwrite`, raise FileExistsError if it exists.

    With `overwrite`, a symbolic link is written through (the file it points to is replaced,
    the link stays), and a device or a pipe (`-o /dev/stdout`) is written to as a stream: a
    rename would put a plain file in its place.
    """
    if overwrite:
        path = Path(os.path.realpath(path))
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = 0  # not there yet (or unreachable: the write below will say why)
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            with path.open("wb") as stream:
                stream.write(data)
            return
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if overwrite:
            os.replace(tmp, path)
        else:
            # link() fails if the name is taken, so two writers can never clobber each other.
            os.link(tmp, path)
        _fsync_dir(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
