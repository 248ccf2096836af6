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

Example::

    as_of: 2026-12-31
    records:
      a1: {kind: accident, occurred_at: 2026-08-12T09:10:00+08:00,
           known_at: 2026-08-12T09:40:00+08:00, site: 顺达加油站, industry: refined-oil,
           deaths: 1, serious_injuries: 0, liability: true, responsible: [li-na]}
      a2: {kind: accident, occurred_at: 2026-10-09T14:00:00+08:00,
           known_at: 2026-10-09T14:20:00+08:00, site: 恒达化工, industry: chemical,
           deaths: 12, serious_injuries: 0, liability: true}
    findings:
      # an 一般 accident bars the person found responsible; a 重大 one with nobody named bars
      # nobody (the leaders it vetoes are not barred)
      - promotion-bar li-na a1
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
