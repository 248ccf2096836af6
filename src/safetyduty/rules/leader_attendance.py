"""The safety lead, and the industry lead whose sections include the accident's, go to the
scene of every accident with a death or of grade `from_grade` (较大) and above, within
`within_hours`.

Enforces 四（三）·安全 "发生安全事故时，及时赶赴现场" and 四（三）·产业 "分管行业领域内发生
安全事故时，及时赶赴事故现场". The leaders are those holding the post on the day the commission
learnt of the accident; the accident's section is its `section`, else its industry's. The grade
and the 24 hours are local defaults: the seed says 发生安全事故 without a grade.

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
