"""The cache of a command's whole output, keyed by everything that could change it.

This module owns "may this run answer from the last one?". An entry is the exact bytes a
`check` or `status` run wrote to stdout and stderr and its exit code, stored under
`$XDG_CACHE_HOME/safetyduty/<repo>/<invocation>.bin` (default `~/.cache`; never inside the repo,
so a run that promises to write nothing there keeps that promise). Its key has two parts:

- the invocation (the file's name): the arguments, today's date when `--as-of` is absent, the
  terminal (is it one, how wide), the environment variables that change output or language,
  the Python version, every installed distribution's name and version, and the stat of every
  file of this package (an edited source tree is a new program);
- the state (inside the file): for every entry under `records/` its path, size, mtime_ns,
  ctime_ns and inode; the bytes of every file under `data/` and of the shipped matrix; and, for
  each evidence path the run checked, whether it exists and what it is.

It is never trusted blindly: an entry is plain bytes in a fixed layout ending in its own
SHA-256, so a corrupt, truncated, foreign-version or half-written one is a miss, and reading
one can never run code (no pickle). Entries are written to a temporary file and moved into
place with `os.replace`. A file modified within `RACY_SECONDS` of the run is not cached (git's
rule for racy timestamps: a second edit in the same clock tick would keep its stat).

Only the standard library is imported here: the cache is read before Typer and pydantic are.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import struct
import sys
from dataclasses import dataclass

#: Set to anything but "" or "0" to turn the cache off (as `--no-cache` does).
ENV_OFF = "SAFETYDUTY_NO_CACHE"

#: A file whose mtime or ctime is this close to the run's start is not cached.
RACY_SECONDS = 2

#: First bytes of every entry; a new layout gets a new number.
MAGIC = b"safetyduty-output-cache\x001\n"

#: Entries kept per repo (one per distinct invocation); older ones are removed.
MAX_ENTRIES = 32

_HEADER = struct.Struct("<32s i I Q Q")  # state digest, exit code, evidence, stdout, stderr sizes
_DIGEST = 32

#: Evidence paths (as written in records) whose existence this run has checked.
_evidence: set[str] = set()


def note_evidence(value: str) -> None:
    """Remember that this run's result depends on whether `value` (relative to the repo)
    exists and what it is; the cache entry then carries that in its key."""
    _evidence.add(value)


def take_evidence() -> list[str]:
    """The evidence paths noted since the last call, sorted; the list starts afresh."""
    values = sorted(_evidence)
    _evidence.clear()
    return values


def disabled_by_env() -> bool:
    return os.environ.get(ENV_OFF, "") not in ("", "0")


def cache_dir() -> str:
    """`$XDG_CACHE_HOME/safetyduty`, else `~/.cache/safetyduty` (the XDG rule: a relative
    `XDG_CACHE_HOME` is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "safetyduty")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_path(root: str, invocation: bytes) -> str:
    """Where the entry of this invocation in the repo at real path `root` lives."""
    repo_dir = _sha(os.fsencode(root))[:32]
    return os.path.join(cache_dir(), repo_dir, _sha(invocation)[:40] + ".bin")


@dataclass(frozen=True)
class Entry:
    """One cached run: the state it was computed from and what it printed."""

    state: bytes
    evidence: tuple[str, ...]
    exit_code: int
    stdout: bytes
    stderr: bytes


def encode(entry: Entry) -> bytes:
    evidence = "\0".join(entry.evidence).encode("utf-8", "surrogateescape")
    header = _HEADER.pack(
        entry.state, entry.exit_code, len(evidence), len(entry.stdout), len(entry.stderr)
    )
    body = MAGIC + header + evidence + entry.stdout + entry.stderr
    return body + hashlib.sha256(body).digest()


def decode(raw: bytes) -> Entry | None:
    """The entry in `raw`, or None when it is not one this version wrote whole."""
    if len(raw) < len(MAGIC) + _HEADER.size + _DIGEST or not raw.startswith(MAGIC):
        return None
    body, digest = raw[:-_DIGEST], raw[-_DIGEST:]
    if hashlib.sha256(body).digest() != digest:
        return None
    state, code, n_evidence, n_out, n_err = _HEADER.unpack_from(body, len(MAGIC))
    start = len(MAGIC) + _HEADER.size
    if start + n_evidence + n_out + n_err != len(body):
        return None
    evidence_raw = body[start : start + n_evidence]
    evidence = tuple(evidence_raw.decode("utf-8", "surrogateescape").split("\0"))
    start += n_evidence
    out = body[start : start + n_out]
    err = body[start + n_out :]
    return Entry(state, evidence if evidence_raw else (), code, out, err)


def read_entry(path: str) -> Entry | None:
    try:
        with open(path, "rb") as file:
            return decode(file.read())
    except OSError:
        return None


def write_entry(path: str, entry: Entry) -> None:
    """Store `entry` atomically (a reader sees the old file or the new one, never half);
    a cache that cannot be written is no cache, never an error."""
    import tempfile  # only a run that stores an entry needs it

    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".bin")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(encode(entry))
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
        _prune(folder)
    except OSError:
        return


def _prune(folder: str) -> None:
    with os.scandir(folder) as entries:
        found = [(e.stat().st_mtime_ns, e.path) for e in entries if e.name.endswith(".bin")]
    found.sort(reverse=True)
    for _, path in found[MAX_ENTRIES:]:
        try:
            os.unlink(path)
        except OSError:
            pass


@dataclass(frozen=True)
class TreeState:
    """The stat of the records and the bytes of the data files, hashed."""

    digest: bytes
    #: some file was modified within RACY_SECONDS of `now`: do not store this run
    racy: bool


def tree_state(root: str, now_ns: int) -> TreeState | None:
    """The state of the repo at `root`, or None when it cannot be keyed by stat (a symbolic
    link under records/, whose target's changes its own stat would not show)."""
    entries: list[tuple[str, int, int, int, int, int]] = []
    newest = _records_state(os.path.join(root, "records"), entries)
    if newest is None:
        return None
    # marshal format 2 has no back-references, so equal lists give equal bytes; the bytes
    # are only hashed, never loaded. The order is the directory's own: a listing that comes
    # back in another order is a miss, never a wrong answer.
    digest = hashlib.sha256(marshal.dumps(entries, 2))
    _data_state(os.path.join(root, "data"), digest)
    _data_state(_shipped_data(), digest)
    return TreeState(digest.digest(), newest > now_ns - RACY_SECONDS * 1_000_000_000)


def _records_state(folder: str, entries: list[tuple[str, int, int, int, int, int]]) -> int | None:
    """Append to `entries` the path and stat of every entry below `folder`; the newest mtime
    or ctime seen (ns), or None when a symbolic link is found."""
    newest = 0
    try:
        scan = os.scandir(folder)
    except FileNotFoundError:
        entries.append((folder, -1, 0, 0, 0, 0))
        return 0
    except OSError:
        return None
    with scan:
        for entry in scan:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                return None
            mode = info.st_mode
            if stat.S_ISLNK(mode):
                return None
            mtime, ctime = info.st_mtime_ns, info.st_ctime_ns
            newest = max(newest, mtime, ctime)
            entries.append((entry.path, mode, info.st_size, mtime, ctime, info.st_ino))
            if stat.S_ISDIR(mode):
                below = _records_state(entry.path, entries)
                if below is None:
                    return None
                newest = max(newest, below)
    return newest


def _data_state(folder: str, digest: hashlib._Hash) -> None:
    """Feed `digest` the name and bytes of every file below `folder`."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                with open(path, "rb") as file:
                    content = file.read()
            except OSError as exc:
                content = f"unreadable {exc.errno}".encode()
            digest.update(os.fsencode(path) + b"\0" + str(len(content)).encode() + b"\0" + content)


def _package_dir() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _shipped_data() -> str:
    return os.path.join(_package_dir(), "data")


def evidence_state(root: str, values: tuple[str, ...] | list[str]) -> bytes:
    """What each evidence path is now: where it leads, whether it exists and what it is, and,
    for a missing one, the names beside it (they make the did-you-mean of its problem)."""
    digest = hashlib.sha256()
    for value in values:
        path = os.path.join(root, value)
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):
            real = "?"
        try:
            mode = stat.S_IFMT(os.stat(path).st_mode)
            beside = ""
        except (OSError, ValueError) as exc:
            mode = -(getattr(exc, "errno", 0) or 1)
            try:
                beside = "\0".join(sorted(os.listdir(os.path.dirname(path) or root)))
            except (OSError, ValueError):
                beside = "-"
        digest.update(f"{value}\0{real}\0{mode}\0{beside}\n".encode("utf-8", "surrogateescape"))
    return digest.digest()


def program_state() -> str:
    """The program that would answer: the Python, every installed distribution (name and
    version, from the dist-info folders on sys.path: cheaper than importlib.metadata) and the
    stat of every file of this package."""
    parts = [sys.version, sys.executable]
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        parts.append(folder + ":" + ",".join(sorted(n for n in names if n.endswith("-info"))))
    for dirpath, dirnames, filenames in os.walk(_package_dir()):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            try:
                info = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            parts.append(f"{dirpath}/{name}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}")
    return "\n".join(parts)
