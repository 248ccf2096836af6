"""The section whose industry it is goes to the scene when an accident reaches its
threshold (any death, or 较大 and above), within `within_hours`.

Enforces the 附表 duties "发生人员死亡事故后，及时到达现场" and "发生较大事故后，及时到达现场"
and 四（四）"业务范围内发生安全事故，应及时赶赴现场".

"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import Accident, AccidentAttendanceRule, Duty, reaches
from safetyduty.load.periods import LOCAL_TZ
from safetyduty.rules.common import (
    local_date,
    moment_state,
)
from safetyduty.rules.obligations import Context, Obligation

NAME = "accident-attendance"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `accident-attendance`."""
    params = duty.rule
    assert isinstance(params, AccidentAttendanceRule)
    for accident in context.index.of_kind("accident"):
        assert isinstance(accident, Accident)
        section = context.repo.section_of_industry(accident.industry)
        if section is None or section.attends_scene_from is None:
            continue
        if not reaches(section.attends_scene_from, accident.deaths, accident.computed_grade):
            continue
        due_at = accident.known_at + dt.timedelta(hours=params.within_hours)
        attended = section.id in accident.attended_by
        # Attendance written without a time is taken as timely: the ledger says they went.
        done_at = (accident.attended_at or accident.known_at) if attended else None
        state, done_on = moment_state(done_at, accident.date, due_at, context.as_of)
        yield Obligation(
            duty=duty.id,
            holder=section.id,
            period=accident.id,
            window_start=accident.date,
            due=local_date(due_at),
            state=state,
            records=(accident.id,) if attended else (),
            due_at=due_at.astimezone(LOCAL_TZ),
            done_on=done_on,
        )
