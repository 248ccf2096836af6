"""Problems: the one shape every stage uses to say what is wrong, and where.

Stages return problems as values; they never print and never exit (STYLE.md). A problem names
the file (relative to the repo root, POSIX separators), a 1-based line and column, a severity,
a stable machine code and a message written for a person.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from safetyduty.i18n import _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def gcc(self) -> str:
        """The problem as one `path:line:col: severity: message` line (a line break in a file
        name or in a value quoted in the message is shown escaped, so it stays one line)."""
        path, message = one_line(self.path), one_line(self.message)
        return f"{path}:{self.line}:{self.column}: {self.severity}: {message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


def error(path: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(path, line, column, Severity.ERROR, code, message)


def warning(path: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(path, line, column, Severity.WARNING, code, message)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return _("; did you mean '{choice}'?", choice=close[0]) if close else ""


#: Characters that would break a message's line or hide in it: controls (line breaks among them),
#: line and paragraph separators, invisible format characters, lone surrogates.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def one_line(text: str) -> str:
    """`text` with every control, separator or invisible character written as an escape (`\\n`,
    `\\x00`, `\\u202e`), so that it prints as one line and shows what is there."""
    if text.isprintable():
        return text
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in _ESCAPED_CATEGORIES
        else ch
        for ch in text
    )


def shown(value: object, limit: int = 60) -> str:
    """A value someone wrote, as one short line for a message: text quoted, cut after `limit`
    characters and escaped by `one_line`; a list or a mapping named, not printed (it may be
    huge, or nested a thousand deep); dates as YYYY-MM-DD; other values as Python writes them."""
    if isinstance(value, str):
        cut = value if len(value) <= limit else value[:limit] + "…"
        return f"'{one_line(cut)}'"
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list | tuple | set | frozenset):
        return _("a list")
    if isinstance(value, bytes | bytearray):
        return _("binary data")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and value.bit_length() > 3 * limit:
        return _("a number too long to show")
    text = repr(value)
    return one_line(text if len(text) <= limit else text[:limit] + "…")
