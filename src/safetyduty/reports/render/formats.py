"""Turning rows into output: Rich tables, JSON, CSV and Markdown.

One mechanism for every report (sqlite-utils' output options): a command builds `Column`s and
rows of plain values, and this module prints them in the format asked for. Outputs are sorted by
the caller and printed byte-for-byte the same for the same input.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from safetyduty.reports.render import cjkwrap, document
from safetyduty.reports.render.fastjson import dumps_indented
from safetyduty.reports.render.safe import json_safe, spreadsheet_safe, terminal_safe

#: Colours of states, chosen to stay readable on light and dark terminals.
STATE_STYLES = {
    "met": "green",
    "late": "yellow",
    "overdue": "bold red",
    "due": "cyan",
    "upcoming": "dim",
    "waived": "magenta",
    "open": "cyan",
    "rectified": "green",
    "rectified-late": "yellow",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    style: str | None = None
    no_wrap: bool = False
    max_width: int | None = None
    #: the row key whose value picks a style from STATE_STYLES
    state_key: str | None = None


def dumps_json(payload: Any) -> str:
    """JSON for machines and people: UTF-8 text, not escapes (but for what a terminal would
    obey: `json_safe`); stable key order from the caller."""
    # json.dumps(…, indent=2, default=str), faster
    return json_safe(dumps_indented(payload)) + "\n"


def table_csv(table: document.Table, lang: str) -> str:
    """A report's table as CSV: the columns and headers of its xlsx sheet, in the report's
    language, names and their ids each in a column of their own (so `import` reads it back).
    UTF-8 with a BOM, so that Excel on a Chinese Windows opens it with Chinese intact; every cell
    through `spreadsheet_safe`, so that none is read as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in document.table_text(table, lang, with_ids=True):
        writer.writerow([spreadsheet_safe(cell) for cell in line])
    return "\ufeff" + buffer.getvalue()


def to_markdown(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> str:
    """A GitHub-flavoured Markdown table (read in a terminal as often as rendered)."""

    def cell(value: Any) -> str:
        return terminal_safe(_plain(value)).replace("|", "\\|").replace("\n", "<br>")

    lines = [
        "| " + " | ".join(cell(c.header) for c in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(cell(row.get(c.key)) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def rich_table(
    columns: Sequence[Column],
    rows: Sequence[dict[str, Any]],
    *,
    title: str | None = None,
    caption: str | None = None,
) -> Table:
    """A Rich table of `rows`; every cell, header, title and caption through `terminal_safe`."""
    table = Table(
        title=terminal_safe(title) if title is not None else None,
        caption=terminal_safe(caption) if caption is not None else None,
        header_style="bold",
        expand=False,
    )
    for column in columns:
        # Fold long ids and names onto the next line rather than hide them behind an ellipsis.
        table.add_column(
            terminal_safe(column.header),
            style=column.style,
            no_wrap=column.no_wrap,
            max_width=column.max_width,
            overflow="fold",
        )
    for row in rows:
        cells = []
        for column in columns:
            text = Text(terminal_safe(_plain(row.get(column.key))))
            if column.state_key and (style := STATE_STYLES.get(str(row.get(column.state_key)))):
                text.stylize(style)
            cells.append(text)
        table.add_row(*cells)
    return table


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class SafeConsole(Console):
    """A console that passes every text it is handed to print through `terminal_safe` (the
    renderables built here already are: this catches a heading printed as it is)."""

    def print(self, *objects: Any, **options: Any) -> None:
        safe = [terminal_safe(o) if isinstance(o, str) else o for o in objects]
        super().print(*safe, **options)


#: Width for output that goes to a pipe or a file, where no terminal says how wide to be.
PIPE_WIDTH = 160


def console(stderr: bool = False) -> Console:
    """A console for reports: tables fit the terminal; a pipe or file (with no COLUMNS set)
    gets a generous width instead of Rich's 80 columns, which would crush wide tables.

    Markup and emoji codes are off: every string it prints comes from the records and the
    matrix, and a name like '[/]' or ':fire:' must print as written, not fail or turn into 🔥."""
    cjkwrap.install()
    probe = Console(stderr=stderr)
    width = None if probe.is_terminal or os.environ.get("COLUMNS") else PIPE_WIDTH
    return SafeConsole(
        stderr=stderr,
        highlight=False,
        soft_wrap=False,
        width=width,
        markup=False,
        emoji=False,
    )


def plain_text(renderables: Iterable[Any], width: int = 120) -> str:
    """Rich renderables as plain text without colour, for a table written to a file (wrapped
    as on a terminal: Chinese between characters)."""
    cjkwrap.install()
    buffer = io.StringIO()
    # No markup and no emoji codes: a name written '[/]' or ':fire:' prints as written.
    out = Console(
        file=buffer,
        width=width,
        color_system=None,
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
    )
    for renderable in renderables:
        out.print(renderable)
    return buffer.getvalue()
