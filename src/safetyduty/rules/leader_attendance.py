"""The safety lead, and the industry lead whose sections include the accident's, go to the
scene of every accident with a death or of grade `from_grade` (较大) and above, within
`within_hours`.

Enforces 四（三）·安全 "发生安全事故时，及时赶赴现场" and 四（三）·产业 "分管行业领域内发生
安全事故时，及时赶赴事故现场". The leaders are those holding the post on the day the commission
learnt of the accident; the accident's section is its `section`, else its industry's. The grade
and the 24 hours are local defaults: the seed says 发生安全事故 without a grade.

Example::

    as_of: 2026-11-29
    records:
      a1: {kind: accident, date: 2026-06-30, title: 化工厂中毒事故,
           occurred_at: 2026-06-30T09:00:00+08:00, known_at: 2026-06-30T09:30:00+08:00,
           site: 恒达化工, industry: chemical, deaths: 1, serious_injuries: 0,
           attended_by: [li-na], attended_at: 2026-07-01T09:30:00+08:00}
      a2: {kind: accident, date: 2026-07-02, title: 电厂灼烫事故,
           occurred_at: 2026-07-02T09:00:00+08:00, known_at: 2026-07-02T09:30:00+08:00,
           site: 巴电, industry: power, deaths: 1, serious_injuries: 0,
           attended_by: [li-na, zhao-min], attended_at: 2026-07-03T09:31:00+08:00}
      a3: {kind: accident, date: 2026-08-01, title: 轻微伤害, occurred_at: 2026-08-01T09:00:00,
           known_at: 2026-08-01T09:30:00, site: 巴电, industry: power, deaths: 0,
           serious_injuries: 1}
    states:
      # exactly 24 hours after it was known is in time; the industry lead on the day (王强,
      # who left on 06-30, the accident's day) was not there
      leader-accident-attendance li-na a1: met
      leader-accident-attendance wang-qiang a1: overdue
      # from 07-01 赵敏 supervises 电力科; one minute past 24 hours is late
      leader-accident-attendance zhao-min a2: late
      leader-accident-attendance wang-qiang a2: null
      # no death and below 较大: no leader is obliged
      leader-accident-attendance li-na a3: null

"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import GRADE_RANK, Accident, Duty, LeaderAttendanceRule
from safetyduty.rules.accident_attendance import attendance
from safetyduty.rules.common import local_date
from safetyduty.rules.obligations import Context, Obligation

NAME = "leader-attendance"


def obliged_leaders(
    accident: Accident, params: LeaderAttendanceRule, context: Context
) -> list[str]:
    """The people an accident obliges to go to the scene, safety leads first."""
    if accident.deaths < 1 and GRADE_RANK[accident.computed_grade] < GRADE_RANK[params.from_grade]:
        return []
    day = local_date(accident.known_at)
    found = context.person_holders("safety-lead", day)
    section = accident.section
    if section is None:
        owner = context.repo.section_of_industry(accident.industry)
        section = owner.id if owner else None
    for person in context.repo.people.values():
        if person.id in found:
            continue
        if any(
            post.role == "industry-lead" and post.holds_on(day) and section in post.sections
            for post in person.posts
        ):
            found.append(person.id)
    return found


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `leader-attendance`."""
    params = duty.rule
    assert isinstance(params, LeaderAttendanceRule)
    for accident in context.index.of_kind("accident"):
        assert isinstance(accident, Accident)
        for person in obliged_leaders(accident, params, context):
            yield attendance(duty.id, person, accident, params.within_hours, context)
