"""The section whose industry it is goes to the scene when an accident reaches its
threshold (any death, or 较大 and above), within `within_hours`.

Enforces the 附表 duties "发生人员死亡事故后，及时到达现场" and "发生较大事故后，及时到达现场"
and 四（四）"业务范围内发生安全事故，应及时赶赴现场".

Example::

    as_of: 2026-11-29
    records:
      a1: {kind: accident, date: 2026-08-12, title: 加油站卸油中毒事故,
           occurred_at: 2026-08-12T09:10:00+08:00, known_at: 2026-08-12T09:40:00+08:00,
           site: 顺达加油站, industry: refined-oil, deaths: 1, serious_injuries: 0,
           attended_by: [economic-operation], attended_at: 2026-08-12T11:30:00+08:00}
      a2: {kind: accident, date: 2026-09-01, title: 化工厂灼伤事故,
           occurred_at: 2026-09-01T10:00:00+08:00, known_at: 2026-09-01T10:30:00+08:00,
           site: 恒达化工, industry: chemical, deaths: 1, serious_injuries: 0}
      a3: {kind: accident, date: 2026-10-09, title: 反应釜爆燃事故,
           occurred_at: 2026-10-09T14:00:00+08:00, known_at: 2026-10-09T14:20:00+08:00,
           site: 恒达化工, industry: chemical, deaths: 3, serious_injuries: 2}
    states:
      # 经济运行科 goes to the scene from any death
      accident-attendance economic-operation a1: met
      # 化工医药科 from 较大 (3 deaths): one death does not oblige it, three do
      accident-attendance chemical-pharma a2: null
      accident-attendance chemical-pharma a3: overdue
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
