"""The one-vote veto (一票否决): a 责任事故 of grade `min_grade` (重大) or above in the year vetoes
that year's safety-target assessment of the holders who answer for it.

Enforces 四（一）6 "发生重大及以上生产安全责任事故，对当年安全生产工作目标绩效考核实行'一票否决'".

What counts: an accident dated in the year (its `date`, by default the day it occurred), known
by the as-of date, whose `liability` is `true` (the investigation found it a 责任事故) and whose
grade (computed from deaths, serious injuries and direct loss, SPEC §2) is `min_grade` or above
("以上" includes the bound: a 重大 accident vetoes, a 较大 one does not). An accident whose
liability is not settled (`liability` unset) or was found not to be a 责任事故 vetoes nothing.

Whose assessment it vetoes (the seed names the year's assessment, not the people in it; we read
it as reaching those with leadership responsibility for the accident, SPEC §2's roles): the
`director` (全面领导责任) and the `safety-lead` (牵头领导责任) holding their post on the
accident's date, the `industry-lead` whose `sections` then included the section of the
accident's industry (直接领导责任), that section itself, and every person in `responsible`.

A 重大 explosion at a chemical plant (10 deaths, a 责任事故) vetoes 2026 for the director, the
safety lead, the leader supervising 化工医药科 on that day and 化工医药科; a 较大 责任事故 and a
重大 accident that is not a 责任事故 veto nobody.

Example::

    as_of: 2026-12-31
    records:
      a1: {kind: accident, occurred_at: 2026-05-20T10:00:00+08:00,
           known_at: 2026-05-20T10:30:00+08:00, site: 恒达化工, industry: chemical,
           deaths: 10, serious_injuries: 0, liability: true}
      a2: {kind: accident, occurred_at: 2026-08-20T10:00:00+08:00,
           known_at: 2026-08-20T10:30:00+08:00, site: 恒达化工, industry: chemical,
           deaths: 9, serious_injuries: 0, liability: true}
      a3: {kind: accident, occurred_at: 2026-09-20T10:00:00+08:00,
           known_at: 2026-09-20T10:30:00+08:00, site: 某电厂, industry: power,
           deaths: 12, serious_injuries: 0, liability: false}
    findings:
      # a1 only: wang-qiang supervised 化工医药科 until 2026-06-30
      - veto zhang-wei a1
      - veto li-na a1
      - veto wang-qiang a1
      - veto chemical-pharma a1
"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import AssessmentVetoRule, Duty
from safetyduty.rules.sanctions import AssessmentContext, Finding

NAME = "assessment-veto"


def findings(duty: Duty, context: AssessmentContext) -> Iterator[Finding]:
    """The vetoes that the duty's `assessment-veto` rule finds in the context's year."""
    params = duty.rule
    assert isinstance(params, AssessmentVetoRule)
    for accident in context.accidents(params.min_grade):
        if accident.liability is not True:
            continue
        section = context.repo.section_of_industry(accident.industry)
        holders: list[str] = [section.id] if section else []
        for person in context.repo.people.values():
            for post in person.posts:
                if not post.holds_on(accident.date):
                    continue
                if post.role in ("director", "safety-lead") or (
                    post.role == "industry-lead" and section and section.id in post.sections
                ):
                    holders.append(person.id)
        holders.extend(accident.responsible)
        for holder in dict.fromkeys(holders):
            yield Finding("veto", duty.id, holder, accident.id)
