"""The section whose industry it is goes to the scene when an accident reaches its
threshold, within `within_hours`; an accident in an industrial park also obliges 综合科.

Enforces the 附表 duties "发生人员死亡事故后，及时到达现场" and "发生较大事故后，及时到达现场"
(综合科: "工业园区内企业发生较大事故后") and 四（四）"业务范围内发生安全事故，应及时赶赴现场".
The "any death" sections (经济运行科, 电力科) attend from a death or from grade 较大. An
attendance written without `attended_at` is met, and `check` warns that its timeliness cannot be
judged. The 24 hours are a local default.

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
           site: 恒达化工, industry: chemical, deaths: 3, serious_injuries: 2,
           park: 巴中经开区, attended_by: [general]}
      a4: {kind: accident, date: 2026-11-02, title: 加油站爆炸事故,
           occurred_at: 2026-11-02T08:00:00+08:00, known_at: 2026-11-02T08:30:00+08:00,
           site: 明远加油站, industry: refined-oil, deaths: 0, serious_injuries: 10,
           attended_by: [economic-operation], attended_at: 2026-11-03T09:00:00+08:00}
    states:
      # 经济运行科 goes to the scene from any death
      accident-attendance economic-operation a1: met
      # 化工医药科 from 较大 (3 deaths): one death does not oblige it, three do
      accident-attendance chemical-pharma a2: null
      accident-attendance chemical-pharma a3: overdue
      # in an industrial park: 综合科 too, from 较大; listed without attended_at, it is met
      # (and check warns that whether it was in time cannot be judged)
      accident-attendance general a3: met
      # ten serious injuries and no death is 较大: 经济运行科 attends it too; 24.5 h is late
      accident-attendance economic-operation a4: late
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.i18n import _
from safetyduty.load.models import Accident, AccidentAttendanceRule, Duty, Threshold, reaches
from safetyduty.load.periods import LOCAL_TZ
from safetyduty.rules.common import local_date, moment_state, moment_verdict
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "accident-attendance"

#: the section that supervises industrial parks, and the grade from which it attends (附表·综合科)
PARK_SECTION = "general"
PARK_THRESHOLD: Threshold = "larger"


def obliged_sections(accident: Accident, context: Context) -> list[str]:
    """The sections an accident obliges to go to the scene."""
    found: list[str] = []
    section = context.repo.section_of_industry(accident.industry)
    if section is not None and section.attends_scene_from is not None:
        if reaches(section.attends_scene_from, accident.deaths, accident.computed_grade):
            found.append(section.id)
    if (
        accident.park
        and PARK_SECTION in context.repo.sections
        and PARK_SECTION not in found
        and reaches(PARK_THRESHOLD, accident.deaths, accident.computed_grade)
    ):
        found.append(PARK_SECTION)
    return found


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `accident-attendance`."""
    params = duty.rule
    assert isinstance(params, AccidentAttendanceRule)
    for accident in context.index.of_kind("accident"):
        assert isinstance(accident, Accident)
        for section in obliged_sections(accident, context):
            yield attendance(duty.id, section, accident, params.within_hours, context)


def attendance(
    duty: str, holder: str, accident: Accident, within_hours: float, context: Context
) -> Obligation:
    """The obligation of `holder` (a section or a person) to be at an accident's scene."""
    due_at = accident.known_at + dt.timedelta(hours=within_hours)
    attended = holder in accident.attended_by
    if attended and accident.attended_at is None:
        # The ledger says they went; when, it does not: met, with a warning.
        context.warn_record(
            accident,
            "attended_by",
            "attendance-undated",
            _(
                "accident '{accident}': {holder} attended but attended_at is missing, so "
                "whether it was within the time cannot be judged",
                accident=accident.id,
                holder=holder,
            ),
        )
        done_at: dt.datetime | None = accident.known_at
    else:
        done_at = accident.attended_at if attended else None
    state, done_on = moment_state(done_at, accident.date, due_at, context.as_of)
    if attended and accident.attended_at is None and done_on is not None:
        verdict = Considered(accident.id, True, "attended_undated")
    else:
        verdict = moment_verdict(accident.id, "not_attended", done_at, due_at, done_on)
    return Obligation(
        duty=duty,
        holder=holder,
        period=accident.id,
        window_start=accident.date,
        due=local_date(due_at),
        state=state,
        records=(accident.id,) if attended else (),
        due_at=due_at.astimezone(LOCAL_TZ),
        done_on=done_on,
        considered=(verdict,),
    )
