"""Each accident reported upward within `within_hours` of the commission learning of it.

Enforces 三.7 "按规定迅速向……政府和有关部门报告事故情况"; the 2 hours are those of
《生产安全事故报告和调查处理条例》 art. 9–11.

"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import Accident, AccidentReportRule, Duty
from safetyduty.load.periods import LOCAL_TZ
from safetyduty.rules.common import (
    event_holder,
    local_date,
    moment_state,
)
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
        )
