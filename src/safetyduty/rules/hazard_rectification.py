"""Each hazard closed by a rectification dated on or before its `rectify_by`.

Enforces 三.5 "对发现存在安全事故隐患，应当立即责成隐患企业立即整改，采取有效措施予以排除"
and 五（一）"对发现问题和隐患要立即整改，一时难以整改的要制定整改措施方案，按时整改".

Example::

    as_of: 2026-11-29
    records:
      h1: {kind: hazard, date: 2026-03-01, title: 电缆沟积水, section: power,
           description: 电缆沟积水, grade: general, rectify_by: 2026-03-31}
      r1: {kind: rectification, date: 2026-03-31, title: 复查, hazard: h1, verified_by: [li-na]}
      h2: {kind: hazard, date: 2026-04-01, title: 配电房门禁损坏, section: power,
           description: 门禁损坏, grade: general, rectify_by: 2026-04-30}
      r2: {kind: rectification, date: 2026-05-01, title: 复查, hazard: h2, verified_by: [li-na]}
      h3: {kind: hazard, date: 2026-11-01, title: 灭火器过期, section: power,
           description: 灭火器过期, grade: general, rectify_by: 2026-11-30}
      h4: {kind: hazard, date: 2026-06-01, title: 安全出口堵塞, section: power,
           description: 安全出口堵塞, grade: general, rectify_by: 2026-06-30}
    states:
      hazard-rectification power h1: met        # rectified on the deadline
      hazard-rectification power h2: late       # one day after it
      hazard-rectification power h3: due        # open, deadline tomorrow
      hazard-rectification power h4: overdue    # open, deadline passed
"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import Duty, Hazard
from safetyduty.rules.common import event_obligation
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "hazard-rectification"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `hazard-rectification`."""
    for hazard in context.index.of_kind("hazard"):
        assert isinstance(hazard, Hazard)
        rectifications = context.index.rectifications.get(hazard.id, [])
        considered = tuple(
            Considered(
                r.id,
                True,
                "counts" if r.date <= hazard.rectify_by else "counts_late",
                (("date", r.date.isoformat()),),
            )
            for r in rectifications
        ) or (Considered(hazard.id, False, "no_rectification"),)
        yield event_obligation(
            duty,
            hazard,
            context,
            due=hazard.rectify_by,
            done_on=rectifications[0].date if rectifications else None,
            records=tuple(r.id for r in rectifications),
            considered=considered,
        )
