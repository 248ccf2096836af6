"""The console-script entry point: answer `check` and `status` from the cache when nothing
changed, else run the Typer app (and remember what it printed).

This module owns the fast path. It imports only the standard library and `load.cache`: when the
cache answers, neither Typer nor pydantic is ever imported, and the run costs one `stat()` of
every record file plus one cache read. Only invocations whose options are all known here are
cached (see `_OPTIONS`); anything else (`--help`, `--output`, another command, an option this
module does not know) goes straight to the app, uncached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import sys
import time
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from safetyduty.load import cache
from safetyduty.load.bulk import collector_paused

#: Global options, before or after the command: those taking a value, and flags.
_GLOBAL_VALUES = frozenset({"--repo", "--lang"})
_NO_CACHE = "--no-cache"

#: Per command: options taking a value, and flags. Every one of them only changes what is
#: printed, never what is written.
_OPTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "check": (frozenset({"--as-of", "--fail-on", "--format"}), frozenset()),
    "status": (
        frozenset({"--as-of", "--period", "--holder", "--duty", "--state", "--format", "--since"}),
        frozenset({"--all"}),
    ),
}

#: Formats written to a file, never to stdout: not cached.
_FILE_FORMATS = frozenset({"xlsx", "docx"})

#: Environment variables that can change what a run prints (language, repo, colours, width).
_ENV = (
    "SAFETYDUTY_REPO",
    "SAFETYDUTY_LANG",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "TZ",
    "COLUMNS",
    "LINES",
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
)


@dataclass(frozen=True)
class Invocation:
    """A command line the cache may answer."""

    argv: tuple[str, ...]
    repo: str | None
    has_as_of: bool


def parse(argv: list[str]) -> Invocation | None:
    """The invocation, when every token of `argv` is one this module knows; else None."""
    command: str | None = None
    repo: str | None = None
    has_as_of = False
    tokens = iter(argv)
    for token in tokens:
        name, has_value, value = token.partition("=")
        if command is None and not token.startswith("-"):
            if token not in _OPTIONS:
                return None
            command = token
            continue
        values, flags = _OPTIONS[command] if command else (frozenset(), frozenset())
        if name in _GLOBAL_VALUES or name in values:
            if not has_value:
                following = next(tokens, None)
                if following is None:
                    return None
                value = following
            if name == "--repo":
                repo = value
            elif name == "--as-of":
                has_as_of = True
            elif name == "--format" and value in _FILE_FORMATS:
                return None
        elif name in flags and not has_value:
            continue
        else:
            return None  # --no-cache, --help, --output, a typo: the app decides
    if command is None:
        return None
    return Invocation(tuple(argv), repo, has_as_of)


def find_root(explicit: str | None) -> str | None:
    """The real path of the records repo `find_repo` would choose, or None where it would fail
    (the app then prints the error, uncached)."""
    chosen = explicit or os.environ.get("SAFETYDUTY_REPO")
    if chosen:
        path = os.path.expanduser(chosen)
        return os.path.realpath(path) if _is_records_repo(path) else None
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:
        return None
    while True:
        if _is_records_repo(here):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def _is_records_repo(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "data", "people.yaml")) or os.path.isdir(
        os.path.join(folder, "records")
    )


def invocation_key(invocation: Invocation) -> bytes:
    """Everything but the repo's files that decides the output (see `load.cache`)."""
    parts = ["\0".join(invocation.argv)]
    if not invocation.has_as_of:
        # SPEC: the default as-of date is today in Beijing (UTC+8 all year round).
        beijing = dt.timezone(dt.timedelta(hours=8))
        parts.append("today=" + dt.datetime.now(beijing).date().isoformat())
    for stream in (sys.stdout, sys.stderr):
        try:
            tty = stream.isatty()
            width = os.get_terminal_size(stream.fileno()).columns if tty else 0
        except (OSError, ValueError, AttributeError):
            tty, width = False, 0
        parts.append(f"tty={tty} width={width}")
    parts += [f"{name}={os.environ.get(name)!r}" for name in _ENV]
    parts.append(cache.program_state())
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def run(argv: list[str]) -> int:
    """Run `safetyduty ARGV`; the exit code."""
    invocation = None if cache.disabled_by_env() else parse(argv)
    root = find_root(invocation.repo) if invocation else None
    if invocation is None or root is None:
        return _run_app(argv)
    started = time.time_ns()
    path = cache.entry_path(root, invocation_key(invocation))
    before = cache.tree_state(root, started)
    if before is None:
        return _run_app(argv)
    entry = cache.read_entry(path)
    if entry is not None and entry.state == _state(root, before.digest, entry.evidence):
        return _replay(entry)
    cache.take_evidence()  # start afresh: a run in the same process may have noted some
    out = _Tee.install("stdout")
    err = _Tee.install("stderr")
    try:
        # A one-shot report: what it builds lives until the process ends, and the collector
        # would only walk it again and again (see load.bulk).
        with collector_paused():
            code = _run_app(argv)
    finally:
        captured_out = _Tee.remove("stdout", out)
        captured_err = _Tee.remove("stderr", err)
    if before.racy or captured_out is None or captured_err is None:
        return code
    evidence = tuple(cache.take_evidence())
    state = _state(root, before.digest, evidence)
    cache.write_entry(path, cache.Entry(state, evidence, code, captured_out, captured_err))
    return code


def _state(root: str, tree: bytes, evidence: tuple[str, ...]) -> bytes:
    return hashlib.sha256(tree + cache.evidence_state(root, evidence)).digest()


def _replay(entry: cache.Entry) -> int:
    for stream, data in ((sys.stdout, entry.stdout), (sys.stderr, entry.stderr)):
        try:
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        except OSError:  # a reader that went away (`| head`): stop quietly, as a pipe expects
            _silence(stream)
            return 1
    return entry.exit_code


def _silence(stream: TextIO) -> None:
    """Point a failed stream at /dev/null, so that flushing it at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _run_app(argv: list[str]) -> int:
    from safetyduty.cli.app import app

    try:
        app(args=argv, prog_name="safetyduty")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        raise
    return 0


class _Tee(io.RawIOBase):
    """A byte stream that passes every write on to `target` and keeps a copy."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.chunks: list[bytes] = []
        self.failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        written = bytes(data)
        try:
            self.target.write(written)
        except BaseException:
            self.failed = True  # what was printed is not what the run meant to print
            raise
        self.chunks.append(written)
        return len(written)

    def flush(self) -> None:
        try:
            self.target.flush()
        except BaseException:
            self.failed = True
            raise

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    @staticmethod
    def install(name: str) -> _Tee | None:
        """Put a copying stream in place of sys.stdout or sys.stderr (None: it has no bytes
        underneath, so what is printed cannot be kept exactly)."""
        stream = getattr(sys, name)
        target = getattr(stream, "buffer", None)
        if target is None or not isinstance(stream, io.TextIOWrapper):
            return None
        stream.flush()
        tee = _Tee(target)
        wrapper = io.TextIOWrapper(  # type: ignore[type-var]
            tee,
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=stream.line_buffering,
            write_through=True,
        )
        wrapper.original = stream  # type: ignore[attr-defined]
        setattr(sys, name, wrapper)
        return tee

    @staticmethod
    def remove(name: str, tee: _Tee | None) -> bytes | None:
        """Put the real stream back; what was printed through the copy, or None."""
        if tee is None:
            return None
        wrapper = getattr(sys, name)
        original = getattr(wrapper, "original", None)
        if original is None:  # something replaced the stream again: what it printed is lost
            return None
        try:
            wrapper.flush()
        except OSError:
            tee.failed = True
        setattr(sys, name, original)
        return None if tee.failed else b"".join(tee.chunks)


def main() -> None:
    """Console-script entry point (`safetyduty`), with a clean end when standard output fails
    (`cli.output`: one line and exit 1, never a traceback)."""
    from safetyduty.cli.output import output_guard

    with output_guard():
        code = run(sys.argv[1:])
    sys.exit(code)
