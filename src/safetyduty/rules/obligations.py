"""Obligations and their states, the record index, and the context every rule type reads.

This module owns "what is an obligation, and which state is it in?" (SPEC §6): `met` satisfied
in time · `late` satisfied after the due date · `overdue` not satisfied and the due date has
passed · `due` not satisfied, window open · `upcoming` window not open yet · `waived`.
Records are indexed once (by kind, person, section and date); each rule type then asks the
index for the few records that can satisfy one obligation, so evaluation is linear in records
plus obligations.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from safetyduty.load import yamlfile
from safetyduty.load.models import (
    AnyRecord,
    Duty,
    Hazard,
    Inspection,
    RecordBase,
    Rectification,
    Waiver,
)
from safetyduty.load.problems import Problem, warning
from safetyduty.load.repo import Repo
from safetyduty.load.validate import REFERENCES

State = Literal["met", "late", "overdue", "due", "upcoming", "waived"]
STATES: tuple[State, ...] = ("overdue", "due", "late", "met", "upcoming", "waived")


@dataclass(frozen=True, slots=True)
class Considered:
    """One record a rule looked at for one obligation, and its verdict.

    `reason` is a code that `explain` words in either language (i18n key `why_<code>`, with
    `values`); the rule that decides writes it, so the explanation cannot disagree with the state.
    """

    record: str
    counts: bool
    reason: str
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Obligation:
    """One thing one holder owes for one period (or one event), with its state."""

    duty: str
    holder: str
    period: str
    window_start: dt.date
    due: dt.date
    state: State
    records: tuple[str, ...] = ()
    #: for obligations due at a moment (accidents): the exact due time
    due_at: dt.datetime | None = None
    #: the day the obligation was satisfied, when it was
    done_on: dt.date | None = None
    #: every record the rule weighed, with its verdict (complete when `Context.explain` is set)
    considered: tuple[Considered, ...] = field(default=(), compare=False)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of SPEC §7, exactly its keys."""
        data: dict[str, object] = {
            "duty": self.duty,
            "holder": self.holder,
            "period": self.period,
            "window_start": self.window_start.isoformat(),
            "due": self.due.isoformat(),
            "state": self.state,
            "records": list(self.records),
        }
        return data

    def sort_key(self) -> tuple[dt.date, str, str, str]:
        return (self.due, self.duty, self.holder, self.period)


def state_of(done_on: dt.date | None, window_start: dt.date, due: dt.date, as_of: dt.date) -> State:
    """The state of an obligation satisfied on `done_on` (or not at all), as of a day."""
    if done_on is not None:
        return "met" if done_on <= due else "late"
    if as_of > due:
        return "overdue"
    if as_of >= window_start:
        return "due"
    return "upcoming"


class RecordIndex:
    """Records dated on or before the as-of date, indexed once by kind, person and section.

    Each index holds records sorted by date, so a period's records are found by bisection.
    """

    def __init__(self, records: Iterable[AnyRecord], as_of: dt.date) -> None:
        by_kind: dict[str, list[AnyRecord]] = defaultdict(list)
        by_person: dict[tuple[str, str], list[AnyRecord]] = defaultdict(list)
        by_section: dict[tuple[str, str], list[AnyRecord]] = defaultdict(list)
        self.rectifications: dict[str, list[Rectification]] = defaultdict(list)
        self.waivers: dict[tuple[str, str, str], Waiver] = {}
        for record in sorted(records, key=lambda r: (r.date, r.id)):
            if record.date > as_of:
                continue
            by_kind[record.kind].append(record)
            for person in _people_in(record):
                by_person[(record.kind, person)].append(record)
            for section in _sections_of(record):
                by_section[(record.kind, section)].append(record)
            if isinstance(record, Rectification):
                self.rectifications[record.hazard].append(record)
            elif isinstance(record, Waiver):
                self.waivers.setdefault((record.duty, record.holder, record.period), record)
        self._by_kind = {k: (_dates(v), v) for k, v in by_kind.items()}
        self._by_person = {k: (_dates(v), v) for k, v in by_person.items()}
        self._by_section = {k: (_dates(v), v) for k, v in by_section.items()}

    def of_kind(self, kind: str) -> list[AnyRecord]:
        return self._by_kind.get(kind, ([], []))[1]

    def between(
        self,
        kind: str,
        start: dt.date,
        end: dt.date,
        *,
        person: str | None = None,
        section: str | None = None,
    ) -> list[AnyRecord]:
        """Records of a kind dated in [start, end], optionally only those naming a person or
        a section."""
        if person is not None:
            dates, records = self._by_person.get((kind, person), ([], []))
        elif section is not None:
            dates, records = self._by_section.get((kind, section), ([], []))
        else:
            dates, records = self._by_kind.get(kind, ([], []))
        return records[bisect.bisect_left(dates, start) : bisect.bisect_right(dates, end)]


def _dates(records: list[AnyRecord]) -> list[dt.date]:
    return [r.date for r in records]


_PERSON_FIELDS = {
    kind: tuple(name for name, target in refs if target in ("person", "section-or-person"))
    for kind, refs in REFERENCES.items()
}


def _people_in(record: RecordBase) -> set[str]:
    found: set[str] = set()
    for name in _PERSON_FIELDS.get(record.kind, ()):
        value = getattr(record, name)
        if isinstance(value, str):
            found.add(value)
        elif value:
            found.update(value)
    return found


def _sections_of(record: RecordBase) -> set[str]:
    found = {record.section} if record.section else set()
    if isinstance(record, Inspection):
        found.update(record.sections)
    return found


def event_section(repo: Repo, record: RecordBase) -> str:
    """The section an event obligation belongs to: the record's section, else the first of
    its inspection's sections, else the commission (SPEC §3). An inspection is its own
    inspection."""
    if record.section:
        return record.section
    if isinstance(record, Inspection):
        return record.sections[0]
    if isinstance(record, Hazard) and record.inspection:
        inspection = repo.records.get(record.inspection)
        if isinstance(inspection, Inspection):
            return inspection.sections[0]
    return "commission"


def rule_position(repo: Repo, duty_id: str) -> tuple[str, int, int]:
    """Where a duty's rule stands in duties.yaml: (path as shown, line, column)."""
    display = repo.data_paths["duties.yaml"]
    try:
        text = repo.display_to_path(display).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = ""
    line, column = yamlfile.locate(text, ("duties", list(repo.duties).index(duty_id), "rule"))
    return display, line, column


@dataclass
class Context:
    """What every rule needs: the repo, the day, the index and the horizon to schedule up to."""

    repo: Repo
    as_of: dt.date
    index: RecordIndex
    first: dt.date
    last: dt.date
    problems: list[Problem] = field(default_factory=list)
    #: weigh every record of the rule's kind in the window, not only those that can count
    #: (for `explain`; the verdicts are the same, there are just more of them)
    explain: bool = False

    def person_holders(self, role: str, day: dt.date) -> list[str]:
        """Ids of every person who holds `role` on `day`, in people.yaml order."""
        return [
            person.id
            for person in self.repo.people.values()
            if any(post.role == role and post.holds_on(day) for post in person.posts)
        ]

    def section_holders(self, duty: Duty) -> list[str]:
        if duty.holder == "all-sections":
            return list(self.repo.sections)
        return [duty.holder] if duty.holder in self.repo.sections else []

    def event_section(self, record: RecordBase) -> str:
        return event_section(self.repo, record)

    def warn(self, duty: Duty, code: str, message: str) -> None:
        """A warning located at the duty's rule in duties.yaml."""
        display, line, column = rule_position(self.repo, duty.id)
        self.problems.append(warning(display, line, column, code, message))

    def warn_record(self, record: RecordBase, field_name: str, code: str, message: str) -> None:
        """A warning located at a field of a record file."""
        display = self.repo.record_paths.get(record.id, record.id)
        try:
            text = self.repo.display_to_path(display).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        line, column = yamlfile.locate(text, (field_name,))
        self.problems.append(warning(display, line, column, code, message))

    def waived(self, obligation: Obligation) -> Obligation:
        """The obligation, turned `waived` when a waiver record names it."""
        waiver = self.index.waivers.get((obligation.duty, obligation.holder, obligation.period))
        if waiver is None:
            return obligation
        return Obligation(
            duty=obligation.duty,
            holder=obligation.holder,
            period=obligation.period,
            window_start=obligation.window_start,
            due=obligation.due,
            state="waived",
            records=(*obligation.records, waiver.id),
            due_at=obligation.due_at,
            done_on=obligation.done_on,
            considered=(
                *obligation.considered,
                Considered(waiver.id, True, "waiver", (("reason", waiver.reason),)),
            ),
        )
