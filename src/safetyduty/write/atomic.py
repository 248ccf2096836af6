"""Writing files so that nothing a user wrote is lost or half-written.

A file is written to a temporary name in the same folder, flushed and fsynced, then linked into
place (never over an existing file) or renamed over it (when overwriting is asked for). A reader
sees the old state or the whole new file, never a part; a crash leaves at most a temporary file
that is removed on the way out — or, when the process is killed before it can be,
`remove_stale_temps` removes later (and `.gitignore` keeps out of git: `.*.yaml.*.tmp`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

#: A temporary file older than this was left by a writer that died: no write takes an hour.
STALE_AFTER_SECONDS = 3600
#: The name of a temporary file of a record: `.<id>.yaml.<mkstemp's random part>.tmp`.
_TEMP_NAME = re.compile(r"\..+\.yaml\.[A-Za-z0-9_]+\.tmp\Z", re.IGNORECASE)


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
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=folder)
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


def temp_prefix(name: str) -> str:
    """The start of the name of a temporary file `write_atomic` writes for the file `name`."""
    return f".{name}."


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files `write_atomic` left in `folder` for a record (`.yaml`) more than
    STALE_AFTER_SECONDS old — by a writer killed between writing and linking — and return them.
    A younger one may be another writer's at work, and is left."""
    removed: list[Path] = []
    cutoff = (time.time() if now is None else now) - STALE_AFTER_SECONDS
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not _TEMP_NAME.match(name):
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                path.unlink()
                removed.append(path)
    return removed
