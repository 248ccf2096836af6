"""Each accident reported upward within `within_hours` of the commission learning of it.

Enforces 三.7 "按规定迅速向……政府和有关部门报告事故情况"; the 2 hours are those of
《生产安全事故报告和调查处理条例》 art. 9–11.

Example::

    as_of: 2026-11-29
    records:
      a1: {kind: accident, date: 2026-08-12, title: 加油站卸油中毒事故,
           occurred_at: 2026-08-12T09:10:00+08:00, known_at: 2026-08-12T09:40:00+08:00,
           site: 顺达加油站, industry: refined-oil, deaths: 0, serious_injuries: 1,
           reported_at: 2026-08-12T11:40:00+08:00}
      a2: {kind: accident, date: 2026-09-01, title: 化工厂火灾,
           occurred_at: 2026-09-01T10:00:00+08:00, known_at: 2026-09-01T10:30:00+08:00,
           site: 恒达化工, industry: chemical, deaths: 0, serious_injuries: 1,
           reported_at: 2026-09-01T12:31:00+08:00}
    states:
      accident-report commission a1: met     # reported at 2 h exactly
      accident-report commission a2: late    # one minute past 2 h
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import Accident, AccidentReportRule, Duty
from safetyduty.load.periods import LOCAL_TZ
from safetyduty.rules.common import event_holder, local_date, moment_state, moment_verdict
from safetyduty.rules.obligations import Context, Obligation

NAME = "accident-report"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `accident-report`."""
    params = duty.rule
    assert isinstance(params, AccidentReportRule)
    for accident in context.index.of_kind("accident"):
        assert isinstance(accident, Accident)
        due_at = accident.known_at + dt.timedelta(hours=params.within_hours)
        state, done_on = moment_state(accident.reported_at, accident.date, due_at, context.as_of)
        yield Obligation(
            duty=duty.id,
            holder=event_holder(duty, accident, context),
            period=accident.id,
            window_start=accident.date,
            due=local_date(due_at),
            state=state,
            records=(accident.id,) if done_on else (),
            due_at=due_at.astimezone(LOCAL_TZ),
            done_on=done_on,
            considered=(
                moment_verdict(accident.id, "not_reported", accident.reported_at, due_at, done_on),
            ),
        )
