"""The rule engine: from the duty matrix, the posts and the records, every obligation and its state.

This module owns "which obligations exist as of a day?": it runs each ruled duty's rule type
(`registry.RULES`, one module per type in this package), keeps the obligations that fall due
from tracking start on, applies waivers and sorts them. A rule that raises becomes a problem;
the run goes on. `findings` does the same for the assessment rules (the veto, the bar) of a
year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from safetyduty.i18n import _
from safetyduty.load.problems import Problem, error
from safetyduty.load.repo import Repo
from safetyduty.rules.obligations import Context, Obligation, RecordIndex
from safetyduty.rules.sanctions import AssessmentContext, Finding


@dataclass
class Evaluation:
    as_of: dt.date
    obligations: list[Obligation]
    problems: list[Problem]


def evaluate(
    repo: Repo,
    as_of: dt.date,
    until: dt.date | None = None,
    *,
    through: dt.date | None = None,
    explain: bool = False,
    only: str | None = None,
) -> Evaluation:
    """Every obligation from tracking start through the end of the as-of year (or through
    `until`, if later; or exactly through `through`, when given), sorted by due date, duty and
    holder, with the problems evaluation ran into (never raised).

    With `explain`, each obligation's `considered` lists every record of the rule's kind in its
    window, not only those that could count (the states are the same); `only` evaluates that
    one duty.
    """
    from safetyduty.rules.registry import RULES

    context = Context(
        repo=repo,
        as_of=as_of,
        index=RecordIndex(repo.records.values(), as_of),
        first=repo.commission.tracking_start,
        last=through or max(dt.date(as_of.year, 12, 31), until or as_of),
        explain=explain,
    )
    obligations: list[Obligation] = []
    for duty in repo.duties.values():
        # Assessment rules (the veto, the promotion bar) judge the year; they owe nothing.
        if duty.rule is None or duty.rule.type not in RULES:
            continue
        if only is not None and duty.id != only:
            continue
        try:
            found = list(_in_range(RULES[duty.rule.type](duty, context), context))
        except Exception as exc:  # noqa: BLE001 - a broken rule is reported; the run goes on
            context.problems.append(
                error(
                    repo.data_paths["duties.yaml"],
                    1,
                    1,
                    "rule-error",
                    _(
                        "duty '{id}': rule {rule} failed: {reason}",
                        id=duty.id,
                        rule=duty.rule.type,
                        reason=repr(exc),
                    ),
                )
            )
            continue
        obligations.extend(context.waived(o) for o in found)
    obligations.sort(key=Obligation.sort_key)
    return Evaluation(as_of, obligations, sorted(set(context.problems)))


def _in_range(obligations: Iterable[Obligation], context: Context) -> Iterator[Obligation]:
    for obligation in obligations:
        if obligation.due >= context.first:
            yield obligation


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
