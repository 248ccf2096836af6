"""What the yearly assessment draws from accidents: the veto and the promotion bar, as values.

This module owns the shape of "which holder is vetoed, or barred from promotion, in a year, and
for which accident?". Those are not obligations (nobody can meet them); they are findings of
the assessment rule types (`registry.ASSESSMENT_RULES`: `assessment_veto.py`,
`promotion_bar.py`), which duties.yaml attaches to the seed's duties 四（一）6 and
附表·人事教育科 like any other rule; `engine.findings` runs them for a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from safetyduty.load.models import GRADE_RANK, Accident, Grade
from safetyduty.load.problems import Problem
from safetyduty.load.repo import Repo
from safetyduty.rules.obligations import RecordIndex

FindingKind = Literal["veto", "promotion-bar"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One consequence for one holder (a person or a section id) of one accident."""

    kind: FindingKind
    duty: str
    holder: str
    accident: str


@dataclass
class AssessmentContext:
    """What an assessment rule reads: the repo, the year and the records up to the as-of date."""

    repo: Repo
    year: int
    as_of: dt.date
    index: RecordIndex
    problems: list[Problem] = field(default_factory=list)

    def accidents(self, min_grade: Grade) -> Iterator[Accident]:
        """The year's accidents (by their date) of `min_grade` or above, known by the as-of
        date, in date order."""
        for record in self.index.between(
            "accident", dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        ):
            assert isinstance(record, Accident)
            if GRADE_RANK[record.computed_grade] >= GRADE_RANK[min_grade]:
                yield record
