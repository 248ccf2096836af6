"""`safetyduty import`: an existing ledger (台账) in, one record per row out, all or nothing.

`plan_import(repo, loaded, sheet, ...)` reads a `load.ledger.Sheet` into an `ImportPlan`: the
record kind, which column feeds which field (by field name, by the zh/en header the exports
write — `load.fieldnames` — or by `--map`), the columns ignored, and for every row either the
record's YAML text, id and path or the problems that keep it out, located at the cell
(`台账.xlsx:隐患!C12`). Each row is built and checked by `log`'s own code
(`write.record`: `record_data`, `missing_fields`, `render_yaml`, `parse_record`, `check_in`),
with the rows before it already in the repo, so a ledger is accepted exactly when `log` would
accept each of its rows and `check` the result. `write_plan` then writes every record through
`log`'s atomic writer, and takes them all back if one cannot be written.

Rows above the header (a title), blank rows and note rows (one cell across the table, or a
single cell starting 注/说明/备注/Note) are skipped; a note row is named in a warning.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import signal
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safetyduty.i18n import t
from safetyduty.load.fieldnames import field_header, header_aliases, normal_header
from safetyduty.load.ledger import Cell, CellProblem, Sheet, column_letter, column_number, filled
from safetyduty.load.models import RECORD_TYPES
from safetyduty.load.periods import today
from safetyduty.load.problems import Problem, did_you_mean, one_line
from safetyduty.load.repo import Repo
from safetyduty.write import record as recordlog
from safetyduty.write.ledger_values import Names, cell_to_value
from safetyduty.write.record import FieldSpec, field_specs

#: How far down a header row is looked for (title rows above it are skipped).
HEADER_SEARCH_ROWS = 10
_NOTE_START = re.compile(r"^\s*(注|说明|备注|填表|制表|审核|附注|note|notes|remark)\b", re.I)


class ImportError_(ValueError):
    """The ledger cannot be imported as asked (no header, unknown kind, bad --map)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One ledger row that became a record."""

    number: int
    record_id: str
    display: str
    text: str
    day: Any


@dataclass
class ImportPlan:
    kind: str
    sheet: Sheet
    header_row: int
    #: column number → the field it feeds
    columns: dict[int, FieldSpec]
    #: (header, column letter, why) of each column that feeds no field
    ignored: list[tuple[str, str, str]]
    rows: list[Row] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity == "error"]


def _kind_words(kind: str) -> set[str]:
    """The words a sheet or file name may use for a kind: its id and its Chinese name."""
    doc = (RECORD_TYPES[kind].__doc__ or "").strip()
    words = {kind}
    if ":" in doc:
        words.add(doc.split(":", 1)[0].strip())
    return {w for w in words if w}


def _aliases(kind: str) -> dict[str, tuple[FieldSpec, bool]]:
    """Normalised header → (field, is the ids column) for every field of `kind`."""
    found: dict[str, tuple[FieldSpec, bool]] = {}
    for spec in field_specs(kind):
        names, ids = header_aliases(kind, spec.key, spec.name)
        for name in names:
            found.setdefault(name, (spec, False))
        for name in ids:
            found.setdefault(name, (spec, True))
    return found


def _header_score(cells: Sequence[Cell], kind: str) -> int:
    aliases = _aliases(kind)
    return len(
        {
            aliases[normal_header(str(c.value))][0].key
            for c in cells
            if c.value is not None and normal_header(str(c.value)) in aliases
        }
    )


def find_header(sheet: Sheet, kind: str | None) -> tuple[int, str] | None:
    """The header row's index and the record kind: the row among the first ones that names
    the most fields (of `kind`, or of the kind it fits best); None when no row does."""
    kinds = [kind] if kind else list(RECORD_TYPES)
    best: tuple[int, int, str] | None = None  # (score, -index, kind)
    for index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if len(filled(cells)) < 2:
            continue
        for candidate in kinds:
            score = _header_score(cells, candidate)
            if not score or (best is not None and (score, -index) <= best[:2]):
                continue
            required = {s.key for s in field_specs(candidate) if s.required}
            if kind or required <= _matched_keys(cells, candidate):
                best = (score, -index, candidate)
    return None if best is None else (-best[1], best[2])


def _matched_keys(cells: Sequence[Cell], kind: str) -> set[str]:
    aliases = _aliases(kind)
    return {
        aliases[normal_header(str(c.value))][0].key
        for c in cells
        if c.value is not None and normal_header(str(c.value)) in aliases
    }


def guess_kind(sheet: Sheet, lang: str) -> str | None:
    """The kind a sheet's (or CSV file's) name names, if it names exactly one."""
    name = sheet.name.lower()
    named = [k for k in RECORD_TYPES if any(w.lower() in name for w in _kind_words(k))]
    # 整改 (rectification) is part of 隐患整改 words too: the longest match wins.
    if len(named) > 1:
        named.sort(key=lambda k: max(len(w) for w in _kind_words(k) if w.lower() in name))
        return named[-1]
    return named[0] if named else None


def map_columns(
    header: Sequence[Cell], kind: str, maps: Sequence[str], lang: str
) -> tuple[dict[int, FieldSpec], list[tuple[str, str, str]]]:
    """Which column feeds which field, and the columns ignored (with why). `--map` entries
    (`COLUMN=field`, the column by its header or its letter) win, then ids columns, then names."""
    specs = {s.key: s for s in field_specs(kind)} | {s.name: s for s in field_specs(kind)}
    specs |= {s.key.replace("_", "-"): s for s in field_specs(kind)}
    by_header = {normal_header(str(c.value)): i for i, c in enumerate(header, 1) if c.value}
    chosen: dict[int, tuple[FieldSpec, int]] = {}  # column → (field, priority)
    for given in maps:
        column_text, sep, field_name = given.partition("=")
        if not sep or not column_text.strip() or not field_name.strip():
            raise ImportError_(t("im_bad_map", lang, given=given))
        spec = specs.get(field_name.strip())
        if spec is None:
            hint = did_you_mean(field_name.strip(), [s.key for s in field_specs(kind)])
            raise ImportError_(
                t("im_map_field", lang, given=given, kind=kind, field=field_name, hint=hint)
            )
        number = by_header.get(normal_header(column_text))
        if number is None:
            letter = column_number(column_text)
            number = letter if letter and letter <= max(len(header), 1) else None
        if number is None:
            hint = did_you_mean(column_text, [str(c.value) for c in header if c.value])
            raise ImportError_(t("im_map_column", lang, given=given, column=column_text, hint=hint))
        chosen[number] = (spec, 0)
    aliases = _aliases(kind)
    for number, cell in enumerate(header, 1):
        if number in chosen or cell.value is None:
            continue
        found = aliases.get(normal_header(str(cell.value)))
        if found:
            chosen[number] = (found[0], 1 if found[1] else 2)
    columns: dict[int, FieldSpec] = {}
    ignored: list[tuple[str, str, str]] = []
    winner: dict[str, int] = {}
    for number in sorted(chosen, key=lambda n: (chosen[n][1], n)):
        spec = chosen[number][0]
        if spec.key in winner:
            other = header[winner[spec.key] - 1]
            why = t("im_ignored_duplicate", lang, other=f"{other.value} ({other.ref[:-1]})")
            ignored.append((str(header[number - 1].value), column_letter(number), why))
            continue
        winner[spec.key] = number
        columns[number] = spec
    for number, cell in enumerate(header, 1):
        if cell.value is not None and number not in chosen:
            ignored.append((one_line(str(cell.value)), column_letter(number), ""))
    ignored.sort(key=lambda item: column_number(item[1]) or 0)
    return dict(sorted(columns.items())), ignored


def is_note_row(cells: Sequence[Cell], width: int) -> bool:
    """A row of one cell that spans the table or reads like a note (注：…, 说明：…)."""
    values = filled(cells)
    if len(values) != 1:
        return False
    cell = values[0]
    return (cell.span > 1 and cell.span >= min(width, 2)) or bool(
        isinstance(cell.value, str) and _NOTE_START.match(cell.value)
    )


def plan_import(
    repo: Repo,
    loaded: list[Problem],
    sheet: Sheet,
    *,
    kind: str | None,
    maps: Sequence[str],
    lang: str,
) -> ImportPlan:
    """Every row of the sheet as a checked record (or its problems); nothing is written."""
    if kind is not None and kind not in RECORD_TYPES:
        hint = did_you_mean(kind, list(RECORD_TYPES))
        raise ImportError_(t("im_unknown_kind", lang, kind=kind, hint=hint))
    kind = kind or guess_kind(sheet, lang)
    found = find_header(sheet, kind)
    if found is None and maps and kind:
        first = next((i for i, r in enumerate(sheet.rows) if len(filled(r)) > 1), None)
        found = None if first is None else (first, kind)
    if found is None:
        raise ImportError_(
            t("im_no_header", lang, n=HEADER_SEARCH_ROWS, kind=kind)
            if kind
            else t("im_no_kind", lang, kinds=", ".join(RECORD_TYPES))
        )
    header_index, kind = found
    header = sheet.rows[header_index]
    columns, ignored = map_columns(header, kind, maps, lang)
    plan = ImportPlan(kind, sheet, header_index + 1, columns, ignored)
    data_errors = recordlog.data_file_errors(repo, loaded)
    if data_errors:
        plan.problems += [
            CellProblem(0, 0, p.path, "error", f"{p.line}:{p.column}: {p.message}")
            for p in data_errors
        ]
        return plan
    work = dataclasses.replace(
        repo, records=dict(repo.records), record_paths=dict(repo.record_paths)
    )
    taken = dict(recordlog.existing_ids(repo.root))
    names = Names(repo)
    as_of = today()
    width = len(header)
    for number, cells in enumerate(sheet.rows[header_index + 1 :], header_index + 2):
        if not filled(cells):
            continue
        if is_note_row(cells, width):
            cell = filled(cells)[0]
            plan.problems.append(
                CellProblem(
                    number, 0, sheet.where(cell.ref), "warning", t("im_note_row", lang, row=number)
                )
            )
            continue
        _plan_row(plan, work, taken, names, number, cells, as_of, lang)
    if not plan.rows and not plan.errors:
        plan.problems.append(
            CellProblem(
                header_index + 1,
                0,
                sheet.where(f"A{header_index + 1}"),
                "error",
                t("im_empty", lang),
            )
        )
    plan.problems.sort()
    return plan


def _plan_row(
    plan: ImportPlan,
    work: Repo,
    taken: dict[str, str],
    names: Names,
    number: int,
    cells: Sequence[Cell],
    as_of: Any,
    lang: str,
) -> None:
    sheet, kind = plan.sheet, plan.kind
    first_ref = f"{column_letter(min(plan.columns, default=1))}{number}"
    column_of = {spec.key: col for col, spec in plan.columns.items()}
    values: dict[str, Any] = {}
    bad = False
    for col, spec in plan.columns.items():
        cell = cells[col - 1] if col <= len(cells) else None
        if cell is None or cell.value is None:
            continue
        try:
            values[spec.name] = cell_to_value(spec, cell.value, names, lang)
        except ValueError as exc:
            plan.problems.append(CellProblem(number, col, sheet.where(cell.ref), "error", str(exc)))
            bad = True
    if bad:
        return
    data = recordlog.record_data(kind, values)
    missing = recordlog.missing_fields(kind, data)
    if missing:
        for spec in missing:
            at = column_of.get(spec.key)
            ref = f"{column_letter(at)}{number}" if at else first_ref
            header = field_header(kind, spec.key, lang)
            message = t("im_missing", lang, field=spec.key, header=header)
            plan.problems.append(CellProblem(number, at or 0, sheet.where(ref), "error", message))
        return
    data = recordlog.with_derived_fields(kind, data)
    text = recordlog.render_yaml(data)
    day = recordlog.record_day(data)
    record_id = recordlog.free_id(recordlog.base_id(kind, data), taken)
    display = recordlog.record_display(record_id, day)
    record, problems = recordlog.parse_record(text, display, record_id)
    if record is not None:
        work.records[record_id] = record
        work.record_paths[record_id] = display
        problems = recordlog.check_in(work, record_id, text, as_of)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        key = _key_at(text, problem.line)
        at = column_of.get(key or "")
        ref = f"{column_letter(at)}{number}" if at else first_ref
        message = problem.message if at or not key else f"{key}: {problem.message}"
        plan.problems.append(
            CellProblem(number, at or 0, sheet.where(ref), str(problem.severity), message)
        )
    if errors:
        if record is not None:
            del work.records[record_id], work.record_paths[record_id]
        return
    taken[record_id] = display
    plan.rows.append(Row(number, record_id, display, text, day))


def _key_at(text: str, line: int) -> str | None:
    """The top-level key whose value is on `line` (1-based) of a record's YAML."""
    lines = text.splitlines()
    for index in range(min(line, len(lines)) - 1, -1, -1):
        match = re.match(r"^([A-Za-z_][\w-]*):", lines[index])
        if match:
            return match.group(1)
    return None


def dry_run_text(plan: ImportPlan) -> str:
    """Every record as it would be written: a YAML stream, one document per record, each
    headed by the path it would go to."""
    return "".join(f"---\n# {row.display}\n{row.text}" for row in plan.rows)


def write_plan(root: Path, plan: ImportPlan) -> list[tuple[str, str]]:
    """Write every record of the plan, each whole and never over another file. When one cannot
    be written (OSError), or the run is interrupted (Ctrl-C, SIGTERM), every file this call
    wrote is removed again and the error raised: a ledger goes in whole or not at all."""
    written: list[tuple[str, str]] = []
    taken = recordlog.existing_ids(root)
    with _terminate_as_exit():
        try:
            for row in plan.rows:
                record_id, display = recordlog.write_record(
                    root, row.text, row.day, row.record_id, generated=True, taken=taken
                )
                taken[record_id] = display
                written.append((record_id, display))
        except BaseException:
            for _, display in written:
                with contextlib.suppress(OSError):
                    (root / display).unlink()
            raise
    return written


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While writing, SIGTERM raises SystemExit (as Ctrl-C raises KeyboardInterrupt), so that a
    killed import still takes its records back; outside the main thread nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
