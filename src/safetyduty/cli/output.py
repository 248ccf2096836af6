"""A clean end when standard output fails: a full disk, a closed pipe, a broken device.

Standard library only (and `i18n` when there is something to say), so that the console
script's fast path (`cli.entry`) can use it without importing the app.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import NoReturn

#: Why writing to standard output fails when the program is not at fault: the reader went away
#: (a closed pipe), the disk is full or over quota, the file too large, the device broken.
OUTPUT_ERRNOS = frozenset(
    {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}
)

#: The exit code when the output could not be delivered (exitcodes.ExitCode.PROBLEMS).
_PROBLEMS = 1


@contextlib.contextmanager
def output_guard() -> Iterator[None]:
    """Run the body, then flush stdout here rather than at exit (where a failure would be an
    unreadable "Exception ignored" and an exit code of 120); an output errno from either ends
    the program through `output_failed`."""
    try:
        try:
            yield
        finally:
            sys.stdout.flush()
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRNOS:
            raise
        output_failed(exc)


def output_failed(exc: OSError) -> NoReturn:
    """End with exit 1 (the report was not delivered) and, unless the reader simply went away
    (`safetyduty status | head`), one line on stderr saying why."""
    from safetyduty.i18n import _, os_reason, t

    with contextlib.suppress(OSError, ValueError):
        # Nothing more may reach the broken stream, not even the interpreter's last flush.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    if exc.errno != errno.EPIPE:
        # The run's language, as every other one-line error (common.die) is worded.
        with contextlib.suppress(OSError):
            sys.stderr.write(
                f"safetyduty: {_('error')}: " + t("io_stdout_failed", reason=os_reason(exc)) + "\n"
            )
            sys.stderr.flush()
    raise SystemExit(_PROBLEMS)
