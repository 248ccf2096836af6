"""Tables as an Excel workbook (.xlsx): one sheet per table, typed cells, ready to filter.

openpyxl writes it (it also reads ledgers for `import`, so one library serves both ways;
XlsxWriter writes only). Each sheet has the table's header in bold on row 1, frozen, with an
autofilter over the table; dates are date cells (`yyyy-mm-dd`), date-times local time cells,
counts numbers, rates percent cells. Column widths follow the widest text, counting a Chinese
character as two, so that a ledger opens readable without dragging columns; printed, a sheet
is A4 landscape with its header on every page.

Text is always written as text: a cell that begins with `=`, `+`, `-` or `@` (a site named
`=HYPERLINK(...)`) is stored as a string with Excel's quote prefix, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from typing import Any

from safetyduty.load.periods import LOCAL_TZ
from safetyduty.reports.render.document import ColumnKind, Table, joiner, sheet_names
from safetyduty.reports.render.safe import terminal_safe

_FORMULA_STARTS = ("=", "+", "-", "@")
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_NUMBER_FORMATS: dict[str, str] = {
    "date": "yyyy-mm-dd",
    "moment": "yyyy-mm-dd hh:mm",
    "int": "0",
    "float": "0.##",
    "percent": "0.0%",
}


def text_width(text: str) -> int:
    """How many columns of Excel's default font a text needs: wide (CJK) characters take two."""
    longest = 0
    for line in text.split("\n"):
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        longest = max(longest, width)
    return longest


def cell_value(value: Any, kind: ColumnKind, lang: str) -> Any:
    """What goes into the cell: a date, a local naive date-time (Excel has no time zones), a
    number, a fraction for a percent, or text (lists joined)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return joiner(lang).join(str(cell_value(item, "text", lang)) for item in value) or None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        moment = value.astimezone(LOCAL_TZ) if value.tzinfo else value
        return moment.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    if kind == "percent" and isinstance(value, int | float):
        return value / 100
    if isinstance(value, int | float):
        return value
    # XML cannot hold control characters (openpyxl refuses them); shown as escapes instead.
    return terminal_safe(str(value))


def xlsx_bytes(tables: Sequence[Table], lang: str) -> bytes:
    """The workbook, one sheet per table in the given order, as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for table, name in zip(tables, sheet_names(tables), strict=True):
        sheet = book.create_sheet(name)
        widths = [text_width(column.header) for column in table.columns]
        for number, column in enumerate(table.columns, 1):
            cell = sheet.cell(1, number, terminal_safe(column.header))
            _as_text(cell, column.header)
            cell.font = bold
            cell.alignment = wrap
        for row_number, row in enumerate(table.rows, 2):
            for number, column in enumerate(table.columns, 1):
                value = cell_value(row.get(column.key), column.kind, lang)
                cell = sheet.cell(row_number, number, value)
                if isinstance(value, str):
                    _as_text(cell, value)
                    if "\n" in value:
                        cell.alignment = wrap
                    widths[number - 1] = max(widths[number - 1], text_width(value))
                elif value is not None:
                    number_format = _NUMBER_FORMATS.get(column.kind)
                    if isinstance(value, dt.datetime):
                        number_format = _NUMBER_FORMATS["moment"]
                    elif isinstance(value, dt.date):
                        number_format = _NUMBER_FORMATS["date"]
                    if number_format:
                        cell.number_format = number_format
                    widths[number - 1] = max(widths[number - 1], _shown_width(value))
        for number, width in enumerate(widths, 1):
            letter = get_column_letter(number)
            sheet.column_dimensions[letter].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
            if width + 2 > _MAX_WIDTH:  # text wider than the widest column wraps in its cell
                for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                    cell.alignment = wrap
        last = get_column_letter(max(len(table.columns), 1))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        # Printed: A4 landscape, the header on every page. Not shrunk to the page's width: the
        # hazard ledger's 24 columns would print too small to read.
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.print_title_rows = "1:1"
    if not book.worksheets:
        book.create_sheet("-")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_text(cell: Any, value: str) -> None:
    # openpyxl turns any string that starts with '=' into a formula; a record's text is never one.
    cell.data_type = "s"
    if value.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True


def _shown_width(value: Any) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return len(f"{value}")
