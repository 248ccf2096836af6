"""Exit codes of every command, in one place."""

from enum import IntEnum


class ExitCode(IntEnum):
    """What a `safetyduty` process tells its caller.

    OK (0): the command did what was asked; for `check`, no errors (warnings allowed).
    PROBLEMS (1): the data has problems — `check` found errors, a report command was asked to
        work on a repo with errors, or `--fail-on overdue` found an overdue obligation.
    USAGE (2): the command line was wrong (unknown option, bad value, missing field without a
        terminal to ask on), or no records repo was found.
    """

    OK = 0
    PROBLEMS = 1
    USAGE = 2
