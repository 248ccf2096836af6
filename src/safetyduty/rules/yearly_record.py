"""At least one `document` (of a type) or `letter` for each year, due on a day of that year.

Enforces 四（三）·产业 "组织制定年度安全生产工作目标" (a `yearly-goals` document with the
holder in `by`) and 四（四）"层层签订安全生产责任书" (a `letter` whose `section` is the holder,
for every section that supervises an industry). A record counts for the year its `year` names
(a document without one: the year of its date), so goals set in December for the next year
count for that year. The due day (03-31) is a local default.

Example::

    as_of: 2026-11-29
    records:
      goals: {kind: document, date: 2025-12-20, title: 2026年化工医药安全生产工作目标,
              type: yearly-goals, by: [wang-qiang], year: 2026}
      plan: {kind: document, date: 2026-02-01, title: 应急救援预案, type: emergency-plan,
             by: [li-na]}
      letters: {kind: letter, date: 2026-03-31, title: 2026年安全生产责任书, section: power,
                year: 2026, signed_with: [巴州区经信局]}
      late-letters: {kind: letter, date: 2026-04-01, title: 2026年安全生产责任书,
                     section: chemical-pharma, year: 2026, signed_with: [恒达化工]}
    states:
      # goals set in December for the next year count for that year
      industry-lead-yearly-goals wang-qiang 2026: met
      # an emergency plan is not the year's goals
      industry-lead-yearly-goals li-na 2026: overdue
      # 03-31 is the due day; 04-01 is late; a section with no industry holds no letter duty
      section-yearly-letters power 2026: met
      section-yearly-letters chemical-pharma 2026: late
      section-yearly-letters enterprise 2026: overdue
      section-yearly-letters office 2026: null

"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import AnyRecord, Document, Duty, Letter, YearlyRecordRule
from safetyduty.load.periods import periods_of
from safetyduty.rules.common import holders, named_in, window_obligation
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "yearly-record"


def record_year(record: AnyRecord) -> int:
    """The year a document or letter is for."""
    if isinstance(record, Document | Letter) and record.year is not None:
        return record.year
    return record.date.year


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `yearly-record`."""
    params = duty.rule
    assert isinstance(params, YearlyRecordRule)
    month, day = (int(part) for part in params.due.split("-"))
    records = context.index.of_kind(params.activity)
    for year in periods_of("year", context.first, context.last):
        due = dt.date(year.start.year, month, day)
        for holder in holders(duty, context, due):
            if params.supervising_sections_only and not context.repo.sections[holder].industries:
                continue
            considered = [
                judge(params, r, year.start.year, holder, context)
                for r in records
                if record_year(r) == year.start.year
                or (context.explain and year.start <= r.date <= due)
            ]
            yield window_obligation(duty, holder, year.key, year.start, due, considered, context)


def judge(
    params: YearlyRecordRule, record: AnyRecord, year: int, holder: str, context: Context
) -> Considered:
    """Whether one document or letter counts for the holder's year, and why (not)."""
    if record_year(record) != year:
        return Considered(record.id, False, "for_other_year", (("year", str(record_year(record))),))
    if (
        isinstance(record, Document)
        and params.document_type
        and record.type != params.document_type
    ):
        return Considered(
            record.id,
            False,
            "document_type",
            (("type", record.type), ("wanted", params.document_type)),
        )
    if holder in context.repo.people:
        if params.holder_fields and not named_in(record, params.holder_fields, holder):
            return Considered(
                record.id, False, "holder_not_named", (("fields", ", ".join(params.holder_fields)),)
            )
    elif holder in context.repo.sections and record.section != holder:
        return Considered(record.id, False, "section_not_named")
    return Considered(record.id, True, "counts")
