"""What the yearly assessment draws from accidents: the veto and the promotion bar.

This module owns "which holder is vetoed, or barred from promotion, in a year, and for which
accident?". Those are not obligations (nobody can meet them); they are findings of the
assessment rule types (`registry.ASSESSMENT_RULES`: `assessment_veto.py`, `promotion_bar.py`),
which duties.yaml attaches to the seed's duties 四（一）6 and 附表·人事教育科 like any other
rule. A rule that raises becomes a problem; the run goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from safetyduty.load.models import GRADE_RANK, Accident, Grade
from safetyduty.load.problems import Problem, error
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


def findings(repo: Repo, year: int, as_of: dt.date) -> tuple[list[Finding], list[Problem]]:
    """Every veto and promotion bar of `year`, as of `as_of`, sorted, with the problems the
    rules ran into (never raised)."""
    from safetyduty.rules.registry import ASSESSMENT_RULES

    context = AssessmentContext(repo, year, as_of, RecordIndex(repo.records.values(), as_of))
    found: set[Finding] = set()
    for duty in repo.duties.values():
        if duty.rule is None or duty.rule.type not in ASSESSMENT_RULES:
            continue
        try:
            found.update(ASSESSMENT_RULES[duty.rule.type](duty, context))
        except Exception as exc:  # noqa: BLE001 - a broken rule is reported; the run goes on
            context.problems.append(
                error(
                    repo.data_paths["duties.yaml"],
                    1,
                    1,
                    "rule-error",
                    f"duty '{duty.id}': rule {duty.rule.type} failed: {exc!r}",
                )
            )
    ordered = sorted(found, key=lambda f: (f.kind, f.holder, f.accident, f.duty))
    return ordered, sorted(set(context.problems))
