"""Text from the records made safe for where it is shown: a terminal, a spreadsheet.

Every title, description, name and duty text comes from files anyone with commit access wrote.
YAML's escapes (`"\\e]0;pwned\\a"`, `"\\u202e"`) let such a text carry terminal control
sequences that retitle the window, clear the screen or move the cursor to rewrite the rows of an
overdue report, and bidirectional overrides that show a text reversed. `terminal_safe` is the one
function every renderer that writes to a terminal (or to Markdown and text files read in one)
passes such text through; `spreadsheet_safe` is the one every CSV (and xlsx) cell goes through,
so that a cell is never read by Excel as a formula.
"""

from __future__ import annotations

import re

#: What a terminal (or a text viewer) would act on rather than show: C0 controls but the line
#: break and the tab, DEL, C1 controls (U+0080–U+009F: CSI and OSC among them), the
#: bidirectional marks, embeddings, overrides and isolates, the line and paragraph separators,
#: and lone surrogates (which cannot even be encoded as UTF-8). Chinese, and every other
#: printable character, is left as it is.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on written as a visible escape
    (ESC as `\\x1b`, a right-to-left override as `\\u202e`): an escape sequence prints as
    inert text that shows what the file holds. Line breaks and tabs stay."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def json_safe(text: str) -> str:
    """A JSON text with every such character written as JSON's own escape (`\\u009b`): the
    same JSON to every reader, inert on a terminal. `json.dumps(ensure_ascii=False)` escapes
    the C0 controls itself but leaves C1 controls (a CSI) and bidi overrides raw."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"):
#: `=`, `+`, `-`, `@`, and the tab and carriage return that some applications skip first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell's text that Excel, LibreOffice and Sheets show as text, never run as a formula:
    one that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
    (OWASP's advice), after control characters are escaped as for a terminal (a CSV is
    often read with `cat`; a carriage return that is not part of a line break is one of
    them, so it never starts a cell). A negative
    number (`-3`) is left alone: it is a number to every spreadsheet, not a formula."""
    text = terminal_safe(value.replace("\r\n", "\n"))
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?\Z")


def _is_number(text: str) -> bool:
    return _NUMBER.match(text) is not None
