"""A report as office files see it: titled sections of headings, paragraphs and typed tables.

The xlsx writer (`render/xlsx.py`) puts each `Table` on a sheet of its own; the docx writer
(`render/docx.py`) lays the whole `Document` out as a 公文. Any report (`summary`, `status`,
`hazards`, and `assess` later) hands them the same few dataclasses, so neither writer knows
which report it writes. Values stay typed (a date is a `date`, a count an `int`) until a writer
decides how its format shows them; only `cell_text` turns one into text, for the docx.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from safetyduty.i18n import t
from safetyduty.load.fieldnames import id_header
from safetyduty.load.periods import LOCAL_TZ

#: How a column's values are typed: text, a date, a date-time, a whole number, a number, or a
#: rate in percent (a float like 89.3, or None when there is nothing to judge).
ColumnKind = Literal["text", "date", "moment", "int", "float", "percent"]


@dataclass(frozen=True, slots=True)
class TableColumn:
    """One column: the row key it shows, its header in the report's language, its type."""

    key: str
    header: str
    kind: ColumnKind = "text"
    #: the column holds ids (a machine reads them; the docx leaves them out)
    ids: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table: rows are mappings keyed like the columns; list values are joined."""

    title: str
    columns: tuple[TableColumn, ...]
    rows: tuple[Mapping[str, Any], ...]
    #: a short name for the table's sheet (at most 31 characters); default: the title
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading; level 1 is 一、, level 2 （一）, level 3 1. (the writers number them)."""

    level: int
    text: str
    numbered: bool = True


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    strong: bool = False


Block = Heading | Paragraph | Table


@dataclass(frozen=True, slots=True)
class Document:
    """A whole report: its title, who issues it and when, and its blocks in reading order."""

    lang: str
    title: str
    issuer: str
    date: dt.date
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Table))


#: The number a report's heading is written with ("一、", "1. ") where a terminal or Markdown
#: shows it: the docx writer numbers headings itself.
_HEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\.\s*)")


def numbered(heading: str) -> bool:
    """Whether `heading` is written with a number (`一、职责`, `1. 会议`)."""
    return _HEADING_NUMBER.match(heading) is not None


def unnumbered(heading: str) -> str:
    """`heading` without its number, for a writer that numbers its own (`一、职责` → `职责`)."""
    return _HEADING_NUMBER.sub("", heading).strip()


def ids_header(key: str, lang: str) -> str:
    """The header of the ids column beside the names headed `t(key)`: `职责编号`, `duty id`."""
    return id_header(t(key, lang), lang)


def joiner(lang: str) -> str:
    """How a list of names is written: `、` in Chinese, `, ` in English."""
    return ", " if lang == "en" else "、"


def cell_text(value: Any, kind: ColumnKind, lang: str) -> str:
    """A value as a table cell's text, the same way in every writer that needs text."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return joiner(lang).join(cell_text(item, kind, lang) for item in value)
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
    if isinstance(value, dt.datetime):
        moment = value.astimezone(LOCAL_TZ) if value.tzinfo else value
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == "percent" and isinstance(value, int | float):
        return f"{value:.1f}%"
    return str(value)


def table_text(table: Table, lang: str, *, with_ids: bool = False) -> list[list[str]]:
    """The table as rows of text, the header first; id columns only `with_ids`."""
    shown = [c for c in table.columns if with_ids or not c.ids]
    lines = [[c.header for c in shown]]
    lines += [[cell_text(row.get(c.key), c.kind, lang) for c in shown] for row in table.rows]
    return lines


_KINDS: dict[str, ColumnKind] = {
    "text": "text",
    "date": "date",
    "moment": "moment",
    "int": "int",
    "float": "float",
    "percent": "percent",
}


def columns(*specs: tuple[str, ...]) -> tuple[TableColumn, ...]:
    """Columns from `(key, header)` or `(key, header, kind)`; a key ending in `_id` or named
    `id` is an id column."""
    made = []
    for spec in specs:
        key, header = spec[0], spec[1]
        kind = _KINDS[spec[2]] if len(spec) > 2 else "text"
        made.append(TableColumn(key, header, kind, ids=key == "id" or key.endswith("_id")))
    return tuple(made)


def sheet_names(tables: Sequence[Table]) -> list[str]:
    """A valid, unique sheet name for each table: Excel allows 31 characters and none of
    `[]:*?/\\`, and compares names without case."""
    names: list[str] = []
    seen: set[str] = set()
    for number, table in enumerate(tables, 1):
        base = "".join(" " if ch in "[]:*?/\\" else ch for ch in (table.sheet or table.title))
        base = " ".join(base.split()).strip("'")[:31].strip() or f"Sheet{number}"
        name, n = base, 2
        while name.lower() in seen:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        seen.add(name.lower())
        names.append(name)
    return names
