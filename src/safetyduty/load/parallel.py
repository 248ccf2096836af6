"""The second core: a worker process reads and parses record files while this one validates.

This module owns when a worker pays for itself and how its results come back. For a repo of
at least `MIN_FILES` record files, when this process may run on two cores and the second one is
free (the one-minute load average leaves a core idle), the loader forks one worker before it
starts. The worker reads and parses the last `WORKER_SHARE` of the files (`yamlfile.read`,
exactly as this process would) and sends the results back in batches through a pipe, while
this process reads, parses and validates the first files itself; when it reaches the worker's
files, it only validates them. Anything that goes wrong with the worker (it cannot be forked,
it dies, a batch does not come) leaves the files to be read here, as without a worker: the
results are the same either way.

The pipe carries pickles between this process and its own fork, never anything read from
disk: no one else can write into it.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

#: `yamlfile.read`: what the worker does with each file (passed in, so that this module
#: imports nothing of the loader's).
Reader = Callable[[str, str], Any]

#: Fewer record files than this are read faster than a worker starts and reports back.
MIN_FILES = 20_000

#: The part of the files the worker reads: this process also validates every file, so it
#: should reach the worker's files when they are ready, not before.
WORKER_SHARE = 0.7

_BATCH = 500


def second_core_free() -> bool:
    """True when this process may run on two cores and one of them is idle."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except OSError:
        return False
    return load <= cores - 1


class Prefetch:
    """Results the worker has read for files, taken one by one in the loader's order."""

    def __init__(self, files: Sequence[tuple[str, str]], pid: int, pipe: BinaryIO) -> None:
        self._files = files
        self._next_batch = 0
        self._pid = pid
        self._pipe: BinaryIO | None = pipe
        self._ready: dict[str, Any] = {}
        self._expected = {path for path, _ in files}

    def take(self, path: str) -> Any | None:
        """The worker's `yamlfile.read` result for `path`, or None: read it here."""
        if path not in self._expected:
            return None
        while path not in self._ready and self._pipe is not None:
            self._receive()
        self._expected.discard(path)
        return self._ready.pop(path, None)

    def _receive(self) -> None:
        assert self._pipe is not None
        start = self._next_batch * _BATCH
        batch = self._files[start : start + _BATCH]
        try:
            results = pickle.load(self._pipe)
        except Exception:  # a dead worker: the files are read here instead
            self.close()
            return
        if not batch or len(results) != len(batch):
            self.close()
            return
        self._next_batch += 1
        for (path, _), result in zip(batch, results, strict=True):
            self._ready[path] = result

    def close(self) -> None:
        """Stop listening and reap the worker (it ends on a closed pipe)."""
        if self._pipe is None:
            return
        self._pipe.close()
        self._pipe = None
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass


#: The prefetch of the load in progress, asked by `yamlfile.read` through `take`.
_current: Prefetch | None = None


def start(files: Sequence[tuple[str, str]], reader: Reader, *, force: bool = False) -> None:
    """Fork a worker that runs `reader` on the last files of `files` (path, display), when it
    pays (or with `force`)."""
    global _current
    stop()
    if not force and (len(files) < MIN_FILES or not second_core_free()):
        return
    share = files[int(len(files) * (1 - WORKER_SHARE)) :]
    if not share:
        return
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return
    if pid == 0:  # the worker
        os.close(read_fd)
        _work(share, reader, write_fd)
    os.close(write_fd)
    _current = Prefetch(share, pid, os.fdopen(read_fd, "rb"))


def _work(files: Sequence[tuple[str, str]], reader: Reader, write_fd: int) -> None:
    code = 0
    try:
        with os.fdopen(write_fd, "wb") as pipe:
            for start in range(0, len(files), _BATCH):
                batch = files[start : start + _BATCH]
                results = [reader(path, display) for path, display in batch]
                pickle.dump(results, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the parent reads what is missing itself
        code = 1
    os._exit(code)


def take(path: str) -> Any | None:
    """The worker's result for `path`, if a worker read it."""
    return _current.take(path) if _current is not None else None


def stop() -> None:
    """End the current prefetch (at the end of a load, or before the next)."""
    global _current
    if _current is not None:
        _current.close()
        _current = None
