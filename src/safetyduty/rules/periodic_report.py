"""At least one `report` covering each quarter (half-year, year), due `due_after_days` after
the period ends.

Enforces 四（三）·安全 "定期向上级报告安全生产工作情况" and 四（三）·产业 "定期向委报告分管范围内
的安全生产工作情况". A report counts for the period its `covers` names (with `longer_covers`,
also for a quarter that ends the half-year or year it covers), whatever its date; with
`holder_fields: [by]` only a report the holder made counts. "定期" is read as quarterly and the
15 days are a local default.

"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import AnyRecord, Duty, PeriodicReportRule, Report
from safetyduty.load.periods import Period, calendar_period, periods_of
from safetyduty.rules.common import holders, named_in
from safetyduty.rules.obligations import Considered, Context, Obligation, state_of

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
            matching = tuple(c.record for c in considered if c.counts)
            done_on = min((context.repo.records[m].date for m in matching), default=None)
            yield Obligation(
                duty=duty.id,
                holder=holder,
                period=period.key,
                window_start=period.start,
                due=due,
                state=state_of(done_on, period.start, due, context.as_of),
                records=matching,
                done_on=done_on,
                considered=tuple(considered),
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
