"""The hazard ledger (隐患台账): one row per hazard, with its rectification and its state.

This module owns "is this hazard rectified, and was it in time?" as an inspector reads the ledger.
It is pure: rows are built from a loaded `Repo` as of a day; `render/hazards.py` prints them.

States, in order of urgency: `overdue` (not rectified, `rectify_by` has passed) · `open` (not
rectified, still within its deadline) · `rectified-late` (rectified after `rectify_by`) ·
`rectified` (rectified on or before `rectify_by`). A hazard is rectified by its first
`rectification` record; records dated after the as-of date have not happened yet and are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from safetyduty.i18n import _, t
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
            _(
                "--section: unknown section '{value}'{hint} (sections: {sections})",
                value=section,
                hint=did_you_mean(section, known),
                sections=", ".join(known),
            )
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
