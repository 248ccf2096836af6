"""Reading a ledger (台账) a person keeps in Excel: an .xlsx sheet or a .csv, as cells that know
where they are.

`read_ledger(path, sheet)` gives one `Sheet`: its rows of `Cell`s (value and `C12`-style
reference), whatever the file's encoding or layout. A CSV may be UTF-8, UTF-8 with a BOM or
GBK (read as GB18030, its superset), with `,`, `;` or tab between values. In an .xlsx, a value
merged over several cells is seen in each of them (a date written once for three rows belongs to
all three), and `Cell.span` says how many columns a merged cell covers (a title or a note across
the whole table). Problems with the file itself raise `LedgerError`; problems with a cell are
`CellProblem`s, located as `FILE:SHEET!CELL` (`台账.xlsx:隐患!C12`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safetyduty.i18n import os_reason, t

#: How many bytes of a CSV are looked at to tell its delimiter.
_SNIFF_BYTES = 8192


class LedgerError(Exception):
    """The ledger cannot be read at all (no such file or sheet, not a workbook, unknown
    encoding); the message is for a person."""


@dataclass(frozen=True, slots=True)
class Cell:
    value: Any
    #: the cell's reference, `C12`
    ref: str
    #: how many columns the cell spans (more than 1 for a merged cell)
    span: int = 1


@dataclass(frozen=True, slots=True)
class Sheet:
    #: the file as the person named it (for problems)
    file: str
    #: the sheet's name; for a CSV, the file's name without its extension, as Excel calls it
    name: str
    rows: list[list[Cell]] = field(default_factory=list)

    def where(self, ref: str) -> str:
        """`台账.xlsx:隐患!C12`."""
        return f"{self.file}:{self.name}!{ref}"


@dataclass(frozen=True, slots=True, order=True)
class CellProblem:
    """A problem with one cell (or one row, at its first cell) of a ledger."""

    row: int
    column: int
    where: str
    severity: str
    message: str

    def text(self) -> str:
        """`台账.xlsx:隐患!C12: error: message`, like `check`'s gcc-style lines."""
        return f"{self.where}: {self.severity}: {self.message}"


def column_letter(number: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_number(letters: str) -> int | None:
    """A → 1, AA → 27; None when `letters` is not a column's letters."""
    text = letters.strip().upper()
    if not text.isascii() or not text.isalpha() or len(text) > 3:
        return None
    number = 0
    for ch in text:
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def read_ledger(path: Path, sheet: str | None, lang: str, shown: str | None = None) -> Sheet:
    """The sheet of the ledger at `path` (the named one, else the first), as rows of cells."""
    shown = shown or path.name
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise LedgerError(t("im_format", lang))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LedgerError(
            t("im_unreadable", lang, file=shown, reason=os_reason(exc, lang))
        ) from None
    if suffix in (".csv", ".txt"):
        return Sheet(shown, path.stem, _csv_rows(decode_csv(raw, lang)))
    return _xlsx_sheet(raw, shown, sheet, lang)


def decode_csv(raw: bytes, lang: str) -> str:
    """The text of a CSV: UTF-8 (with or without a BOM), else GBK (as GB18030)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerError(t("im_encoding", lang))


def _csv_rows(text: str) -> list[list[Cell]]:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:_SNIFF_BYTES], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, values in enumerate(csv.reader(io.StringIO(text), dialect), 1):
        rows.append(
            [
                Cell(value if value.strip() else None, f"{column_letter(i)}{number}")
                for i, value in enumerate(values, 1)
            ]
        )
    return rows


def _xlsx_sheet(raw: bytes, shown: str, wanted: str | None, lang: str) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LedgerError(t("im_unreadable", lang, file=shown, reason=exc)) from None
    names = book.sheetnames
    if wanted is not None and wanted not in names:
        raise LedgerError(t("im_no_sheet", lang, sheet=wanted, sheets=", ".join(names)))
    sheet = book[wanted] if wanted is not None else book.worksheets[0]
    values: dict[tuple[int, int], Any] = {}
    spans: dict[tuple[int, int], int] = {}
    for merged in sheet.merged_cells.ranges:
        top = sheet.cell(merged.min_row, merged.min_col).value
        width = merged.max_col - merged.min_col + 1
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                values[(row, col)] = top if col == merged.min_col else None
                spans[(row, col)] = width
    rows: list[list[Cell]] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = []
        for col, value in enumerate(row, 1):
            key = (number, col)
            value = values.get(key, value)
            if isinstance(value, str) and not value.strip():
                value = None
            cells.append(Cell(value, f"{column_letter(col)}{number}", spans.get(key, 1)))
        rows.append(cells)
    return Sheet(shown, sheet.title, rows)


def filled(cells: Sequence[Cell]) -> list[Cell]:
    """The cells of a row that hold something."""
    return [cell for cell in cells if cell.value is not None]
