"""Running one command of the program in a forked child under resource limits.

The child is a fork of the test process (everything already imported, so a case costs what the
command costs, not an interpreter's start), with an address-space and a CPU-time limit set by
`resource.setrlimit` and a wall-clock alarm; its stdout and stderr go to files. The parent waits
with `os.wait4`, which gives the child's own CPU time and peak resident memory: those are what
each case asserts, alongside the exit code and the output.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    exit_code: int | None  # None when a signal ended the child
    signal: int | None
    stdout: str
    stderr: str
    cpu_seconds: float
    wall_seconds: float
    #: peak resident memory of the child beyond what it shared with the parent at the fork
    extra_mb: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def warm() -> None:
    """Import what the commands import, once, in the parent: each forked child then costs what
    its command costs, not the imports (the rule engine, the holiday calendar, Jinja2)."""
    import icalendar  # noqa: F401
    import jinja2  # noqa: F401

    import safetyduty.cli.app  # noqa: F401
    import safetyduty.cli.log_kinds  # noqa: F401
    import safetyduty.reports.calendar  # noqa: F401
    import safetyduty.reports.render.summary  # noqa: F401
    import safetyduty.reports.summary  # noqa: F401
    import safetyduty.rules.engine  # noqa: F401
    import safetyduty.rules.holiday_dates  # noqa: F401


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _virtual_bytes() -> int:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def spawn(
    args: list[str],
    work: Path,
    out_path: str | Path,
    err_path: str | Path,
    *,
    env: dict[str, str] | None = None,
    prepare: Callable[[], None] | None = None,
    max_cpu_seconds: float = 20,
    max_extra_mb: int = 1024,
) -> int:
    """Fork a child that runs `safetyduty ARGS` in the folder `work` within the limits, its
    stdout and stderr to the files given; return its pid (wait for it with os.wait4). Limits:
    CPU time (RLIMIT_CPU, then SIGXCPU), address space (RLIMIT_AS: the parent's plus
    `max_extra_mb`, then MemoryError) and a wall clock of 4 × the CPU limit (SIGALRM).
    `prepare` runs in the child first (a patch only that process should see)."""
    warm()
    sys.stdout.flush()
    sys.stderr.flush()
    address_space = _virtual_bytes() + max_extra_mb * 2**20
    pid = os.fork()
    if pid:
        return pid
    code = 70  # the child, from here: never returns
    try:
        out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
        cpu = int(max_cpu_seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        signal.alarm(4 * cpu)
        os.chdir(work)
        os.environ.update(env or {})
        if prepare is not None:
            prepare()
        sys.argv = ["safetyduty", *args]
        from safetyduty.cli.app import main

        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # a traceback in the child is what no test may see
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        code = 99
    finally:
        os._exit(code)


def run_limited(
    args: list[str],
    work: Path,
    *,
    env: dict[str, str] | None = None,
    stdout_path: str | None = None,
    prepare: Callable[[], None] | None = None,
    max_cpu_seconds: float = 20,
    max_extra_mb: int = 1024,
) -> Outcome:
    """`safetyduty ARGS` in a forked child (`spawn`), waited for: its exit, output, CPU time
    and peak memory beyond what it shared with the parent. `stdout_path` replaces the output
    file (e.g. /dev/full)."""
    out_file, err_file = work.parent / f"{work.name}.out", work.parent / f"{work.name}.err"
    warm()
    shared_mb = _resident_mb()
    started = time.perf_counter()
    pid = spawn(
        args,
        work,
        stdout_path or out_file,
        err_file,
        env=env,
        prepare=prepare,
        max_cpu_seconds=max_cpu_seconds,
        max_extra_mb=max_extra_mb,
    )
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    stdout = "" if stdout_path else out_file.read_text(encoding="utf-8", errors="replace")
    stderr = err_file.read_text(encoding="utf-8", errors="replace")
    out_file.unlink(missing_ok=True)
    err_file.unlink(missing_ok=True)
    return Outcome(
        exit_code=os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        stdout=stdout,
        stderr=stderr,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        wall_seconds=wall,
        extra_mb=max(0.0, usage.ru_maxrss / 1024 - shared_mb),
    )
