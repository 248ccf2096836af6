"""The hazard ledger (隐患台账): one row per hazard, with its rectification and its state.

This module owns "is this hazard rectified, and was it in time?" as an inspector reads the ledger.
It is pure: rows are built from a loaded `Repo` as of a day, and rendered by the caller.

States, in order of urgency: `overdue` (not rectified, `rectify_by` has passed) · `open` (not
rectified, still within its deadline) · `rectified-late` (rectified after `rectify_by`) ·
`rectified` (rectified on or before `rectify_by`). A hazard is rectified by its first
`rectification` record; records dated after the as-of date have not happened yet and are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from safetyduty.i18n import t
from safetyduty.load.models import Hazard, Rectification
from safetyduty.load.problems import did_you_mean
from safetyduty.load.repo import Repo
from safetyduty.rules.obligations import event_section, state_of

HazardState = Literal["overdue", "open", "rectified-late", "rectified"]
#: Every hazard state, most urgent first: the ledger's sort order.
HAZARD_STATES: tuple[HazardState, ...] = ("overdue", "open", "rectified-late", "rectified")
OPEN_STATES: frozenset[str] = frozenset({"overdue", "open"})
GRADES: tuple[str, ...] = ("general", "major")

#: A sign next to each state, so that a black-and-white print tells them apart.
HAZARD_MARKS: dict[str, str] = {
    "overdue": "×",
    "open": "○",
    "rectified-late": "△",
    "rectified": "√",
}


@dataclass(frozen=True, slots=True)
class HazardRow:
    """One line of the ledger: ids for machines, names in the report's language for people."""

    id: str
    date: dt.date
    title: str
    site: str
    description: str
    grade: str
    grade_label: str
    section: str
    section_name: str
    rectify_by: dt.date
    notice: str | None
    rectified_on: dt.date | None
    rectification: str | None
    verified_by: tuple[str, ...]
    verified_by_names: tuple[str, ...]
    state: HazardState
    state_label: str
    remark: str
    inspection: str | None
    industry: str | None
    source: str | None

    @property
    def is_open(self) -> bool:
        """Not rectified (yet): open or overdue."""
        return self.state in OPEN_STATES

    def sort_key(self) -> tuple[int, dt.date, dt.date, str]:
        """Overdue first, then open by deadline, then rectified late, then rectified."""
        return (HAZARD_STATES.index(self.state), self.rectify_by, self.date, self.id)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of one ledger row (dates as YYYY-MM-DD)."""
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "title": self.title,
            "site": self.site,
            "description": self.description,
            "grade": self.grade,
            "section": self.section,
            "section_name": self.section_name,
            "rectify_by": self.rectify_by.isoformat(),
            "notice": self.notice,
            "rectified_on": self.rectified_on.isoformat() if self.rectified_on else None,
            "rectification": self.rectification,
            "verified_by": list(self.verified_by),
            "state": self.state,
            "remark": self.remark,
            "inspection": self.inspection,
            "industry": self.industry,
            "source": self.source,
        }


#: An obligation's state (engine.state_of) as the ledger words it for a hazard.
_LEDGER_STATE: dict[str, HazardState] = {
    "met": "rectified",
    "late": "rectified-late",
    "overdue": "overdue",
    "due": "open",
    "upcoming": "open",
}


def hazard_state(rectified_on: dt.date | None, rectify_by: dt.date, as_of: dt.date) -> HazardState:
    """The ledger state of a hazard rectified on `rectified_on` (or not yet), as of a day:
    the state of its rectification obligation, in the ledger's words."""
    return _LEDGER_STATE[state_of(rectified_on, dt.date.min, rectify_by, as_of)]


def hazard_section(repo: Repo, hazard: Hazard) -> str:
    """The section a hazard belongs to: the holder of its rectification obligation."""
    return event_section(repo, hazard)


def ledger(repo: Repo, as_of: dt.date, lang: str) -> list[HazardRow]:
    """Every hazard found on or before `as_of`, with its state as of that day, most urgent first."""
    rectifications: dict[str, list[Rectification]] = {}
    for record in repo.records.values():
        if isinstance(record, Rectification) and record.date <= as_of:
            rectifications.setdefault(record.hazard, []).append(record)
    rows = []
    for record in repo.records.values():
        if not isinstance(record, Hazard) or record.date > as_of:
            continue
        found = sorted(rectifications.get(record.id, []), key=lambda r: (r.date, r.id))
        first = found[0] if found else None
        rows.append(_row(repo, record, first, as_of, lang))
    return sorted(rows, key=HazardRow.sort_key)


def _row(
    repo: Repo, hazard: Hazard, rectification: Rectification | None, as_of: dt.date, lang: str
) -> HazardRow:
    rectified_on = rectification.date if rectification else None
    state = hazard_state(rectified_on, hazard.rectify_by, as_of)
    section = hazard_section(repo, hazard)
    verified_by = tuple(rectification.verified_by) if rectification else ()
    return HazardRow(
        id=hazard.id,
        date=hazard.date,
        title=hazard.title or hazard.description,
        site=hazard.site or "",
        description=hazard.description,
        grade=hazard.grade,
        grade_label=t(hazard.grade, lang),
        section=section,
        section_name=repo.holder_name(section, lang),
        rectify_by=hazard.rectify_by,
        notice=hazard.notice,
        rectified_on=rectified_on,
        rectification=rectification.id if rectification else None,
        verified_by=verified_by,
        verified_by_names=tuple(repo.holder_name(p, lang) for p in verified_by),
        state=state,
        state_label=t(state, lang),
        remark=_remark(state, hazard.rectify_by, rectified_on, as_of, lang),
        inspection=hazard.inspection,
        industry=hazard.industry,
        source=hazard.source,
    )


def _remark(
    state: HazardState,
    rectify_by: dt.date,
    rectified_on: dt.date | None,
    as_of: dt.date,
    lang: str,
) -> str:
    if state == "overdue":
        return t("days_overdue", lang, n=(as_of - rectify_by).days)
    if state == "open":
        left = (rectify_by - as_of).days
        return t("due_today", lang) if left == 0 else t("days_left", lang, n=left)
    if state == "rectified-late" and rectified_on is not None:
        return t("hz_days_late", lang, n=(rectified_on - rectify_by).days)
    return ""


def check_section(repo: Repo, section: str) -> None:
    """Raise LookupError naming `--section` when it is neither a section id nor `commission`."""
    known = [*repo.sections, "commission"]
    if section not in known:
        raise LookupError(
            f"--section: unknown section '{section}'{did_you_mean(section, known)} "
            f"(sections: {', '.join(known)})"
        )


def select_rows(
    rows: Iterable[HazardRow],
    *,
    open_only: bool = False,
    section: str | None = None,
    grade: str | None = None,
) -> list[HazardRow]:
    """The rows `--open`, `--section` and `--grade` keep, in ledger order."""
    return [
        row
        for row in rows
        if (not open_only or row.is_open)
        and (section is None or row.section == section)
        and (grade is None or row.grade == grade)
    ]


def tally(rows: Iterable[HazardRow]) -> dict[str, int]:
    """How many rows are in each state, every state present, most urgent first."""
    found: dict[str, int] = dict.fromkeys(HAZARD_STATES, 0)
    for row in rows:
        found[row.state] += 1
    return found


# --- rendering: the ledger as a table, JSON and CSV -------------------------------------------

_CSV_KEYS = (
    "id",
    "date",
    "site",
    "description",
    "grade",
    "section",
    "section_name",
    "rectify_by",
    "notice",
    "rectified_on",
    "rectification",
    "verified_by",
    "state",
    "remark",
    "title",
    "inspection",
    "industry",
    "source",
)


def ledger_json(rows: Sequence[HazardRow], as_of: dt.date) -> str:
    """`{"as_of", "counts", "hazards": [...]}`, rows in ledger order."""
    from safetyduty.reports.render.formats import dumps_json

    payload = {
        "as_of": as_of.isoformat(),
        "counts": tally(rows),
        "hazards": [row.as_dict() for row in rows],
    }
    return dumps_json(payload)


def ledger_csv(rows: Sequence[HazardRow]) -> str:
    """One line per hazard, people separated by ';', UTF-8 with BOM so Excel keeps the Chinese."""
    from safetyduty.reports.render.formats import Column, to_csv

    data = [{**row.as_dict(), "verified_by": ";".join(row.verified_by)} for row in rows]
    return to_csv([Column(key, key) for key in _CSV_KEYS], data)


def ledger_table(rows: Sequence[HazardRow], as_of: dt.date, title: str, lang: str) -> Any:
    """A Rich table, one row per hazard. Related fields share a cell (found / deadline, site /
    description, grade / section / notice, rectified / verified, state / remark) so that the
    ledger still reads on an 80-column terminal; the state is marked by a sign and a colour."""
    from safetyduty.reports.render.formats import Column, rich_table

    columns = [
        Column("when", f"{t('hz_found_on', lang)}\n{t('rectify_by', lang)}", no_wrap=True),
        Column("what", f"{t('site', lang)}\n{t('description', lang)}"),
        Column("who", f"{t('grade', lang)} · {t('section', lang)}\n{t('notice', lang)}"),
        Column("done", f"{t('rectified_on', lang)}\n{t('verified_by', lang)}", no_wrap=True),
        Column("state", f"{t('state', lang)}\n{t('hz_remark', lang)}", state_key="state_key"),
    ]
    data = []
    for row in rows:
        cells = display_row(row, lang)
        data.append(
            {
                "when": f"{cells['date']}\n→ {cells['rectify_by']}",
                "what": f"{cells['site']}\n{cells['description']}",
                "who": f"{cells['grade']} · {cells['section']}\n"
                f"{t('notice', lang)}: {cells['notice']}",
                "done": f"{cells['rectified_on']}\n{cells['verified_by']}",
                "state": f"{cells['state']}\n{cells['remark']}".rstrip(),
                "state_key": row.state,
            }
        )
    counts = tally(rows)
    caption = f"{t('total', lang)} {len(rows)}" + "".join(
        f" · {t(state, lang)} {n}" for state, n in counts.items() if n
    )
    if not rows:
        caption = t("hz_none", lang)
    table = rich_table(
        columns, data, title=f"{title} · {t('as_of', lang)} {as_of}", caption=caption
    )
    table.show_lines = True
    return table


def display_row(row: HazardRow, lang: str) -> dict[str, Any]:
    """Plain strings for a table cell each; the state keeps its key for styling."""
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "title": row.title,
        "site": row.site,
        "description": row.description,
        "grade": row.grade_label,
        "section": row.section_name,
        "rectify_by": row.rectify_by.isoformat(),
        "notice": t("hz_yes", lang) if row.notice else t("hz_no", lang),
        "rectified_on": row.rectified_on.isoformat() if row.rectified_on else "",
        "verified_by": "、".join(row.verified_by_names)
        if lang != "en"
        else ", ".join(row.verified_by_names),
        "state": f"{HAZARD_MARKS[row.state]} {row.state_label}",
        "state_key": row.state,
        "remark": row.remark,
    }


def plain_text(renderables: Iterable[Any], width: int = 120) -> str:
    """Rich renderables as plain text without colour, for a table written to a file."""
    import io

    from rich.console import Console

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
