"""The bar on promotion: a person found primarily responsible for an accident may not be
promoted or transferred (不得提升或交流任职).

Enforces 附表·人事教育科 "对工业和信息化领域发生安全等级事故负有主要责任的不得提升或交流任职".

What counts: an accident dated in the year, known by the as-of date, of grade `min_grade` or
above. The seed's "安全等级事故" is read as an accident that reaches a grade of
《生产安全事故报告和调查处理条例》 art. 3, which every accident does (一般 and above), so the
shipped `min_grade` is `ordinary`. The bar reaches exactly the people the accident's
`responsible` names (负有主要责任, as the investigation found them), nobody else: not the
leaders who answer for the industry (their consequence is the veto), nor people who merely
went to the scene. It does not depend on `liability`: who bears primary responsibility is what
the investigation found, and the record says so.

Example: an 一般 accident on 2026-08-12 with `responsible: [li-minghua]` bars 李明华 in 2026;
an accident without `responsible` bars nobody.
"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import Duty, PromotionBarRule
from safetyduty.rules.sanctions import AssessmentContext, Finding

NAME = "promotion-bar"


def findings(duty: Duty, context: AssessmentContext) -> Iterator[Finding]:
    """The promotion bars that the duty's `promotion-bar` rule finds in the context's year."""
    params = duty.rule
    assert isinstance(params, PromotionBarRule)
    for accident in context.accidents(params.min_grade):
        for person in dict.fromkeys(accident.responsible):
            yield Finding("promotion-bar", duty.id, person, accident.id)
