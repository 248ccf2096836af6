"""At least one `report` covering each quarter (half-year, year), due `due_after_days` after
the period ends.

Enforces 四（三）·安全 "定期向上级报告安全生产工作情况" and 四（三）·产业 "定期向委报告分管范围内
的安全生产工作情况". A report counts for the period its `covers` names (with `longer_covers`,
also for a quarter that ends the half-year or year it covers), whatever its date; with
`holder_fields: [by]` only a report the holder made counts. "定期" is read as quarterly and the
15 days are a local default.

Example::

    as_of: 2026-11-29
    records:
      q1: {kind: report, date: 2026-04-15, title: 一季度安全生产工作情况报告, to: 市安委会办公室,
           covers: 2026Q1, by: [li-na]}
      h1: {kind: report, date: 2026-07-16, title: 上半年安全生产工作情况报告, to: 市安委会办公室,
           covers: 2026H1, by: [li-na]}
      q3: {kind: report, date: 2026-10-12, title: 化工医药行业三季度报告, to: 委主任,
           covers: 2026Q3, by: [zhao-min]}
    states:
      # the quarter's 15th day after its end is the due day
      safety-lead-quarterly-report li-na 2026Q1: met
      # a half-year report counts for the quarter that ends it; the 16th day is late
      safety-lead-quarterly-report li-na 2026Q2: late
      # any report covering the quarter serves the safety lead; none covers Q2 for the
      # industry leads, and only 赵敏 made the Q3 one
      safety-lead-quarterly-report li-na 2026Q3: met
      industry-lead-quarterly-report wang-qiang 2026Q2: overdue
      industry-lead-quarterly-report zhao-min 2026Q3: met
      industry-lead-quarterly-report li-na 2026Q3: overdue
      # due 2027-01-15, past the horizon (the end of the as-of year): not listed yet
      safety-lead-quarterly-report li-na 2026Q4: null

"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import AnyRecord, Duty, PeriodicReportRule, Report
from safetyduty.load.periods import Period, calendar_period, periods_of
from safetyduty.rules.common import holders, named_in, window_obligation
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "periodic-report"


def accepted_covers(period: Period, longer: bool) -> set[str]:
    """The `covers` keys that count for a period: its own, and with `longer` those of the
    half-year and the year that end with it."""
    keys = {period.key}
    if longer:
        for key in (f"{period.start.year}H1", f"{period.start.year}H2", str(period.start.year)):
            other = calendar_period(key)
            if other is not None and other.end == period.end:
                keys.add(key)
    return keys


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `periodic-report`."""
    params = duty.rule
    assert isinstance(params, PeriodicReportRule)
    reports = context.index.of_kind("report")
    for period in periods_of(params.period, context.first, context.last):
        due = period.end + dt.timedelta(days=params.due_after_days)
        if due > context.last:
            # due past the horizon (the as-of year): it belongs to next year's list
            continue
        wanted = accepted_covers(period, params.longer_covers)
        for holder in holders(duty, context, period.end):
            person = holder if holder in context.repo.people else None
            considered = [
                judge(params, r, wanted, person)
                for r in reports
                if _near(r, wanted, period.start, due, context.explain)
            ]
            yield window_obligation(
                duty, holder, period.key, period.start, due, considered, context
            )


def _near(record: AnyRecord, wanted: set[str], start: dt.date, due: dt.date, all_: bool) -> bool:
    assert isinstance(record, Report)
    return record.covers in wanted or (all_ and start <= record.date <= due)


def judge(
    params: PeriodicReportRule, record: AnyRecord, wanted: set[str], person: str | None
) -> Considered:
    """Whether one report counts for the period, and why (not)."""
    assert isinstance(record, Report)
    if record.covers is None:
        return Considered(record.id, False, "no_covers")
    if record.covers not in wanted:
        return Considered(record.id, False, "covers_other", (("period", record.covers),))
    if person is not None and params.holder_fields and not named_in(record, ["by"], person):
        return Considered(record.id, False, "holder_not_named", (("fields", "by"),))
    return Considered(record.id, True, "counts")
