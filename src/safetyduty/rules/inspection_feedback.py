"""Each inspection of sites gives written feedback within `feedback_within_days`.

Enforces 五（二）"要将检查结果形成书面检查反馈意见告知被检查单位".

Example::

    as_of: 2026-11-29
    records:
      i1: {kind: inspection, date: 2026-05-10, title: 化工企业检查, led_by: [li-na],
           sections: [chemical-pharma], sites: [恒达化工], feedback_on: 2026-05-17}
      i2: {kind: inspection, date: 2026-05-20, title: 医药企业检查, led_by: [li-na],
           sections: [chemical-pharma], sites: [康泰制药], feedback_on: 2026-05-28}
      i3: {kind: inspection, date: 2026-11-25, title: 民爆企业检查, led_by: [li-na],
           sections: [chemical-pharma], sites: [巴山民爆]}
      i4: {kind: inspection, date: 2026-11-20, title: 机关自查, led_by: [li-na],
           sections: [office]}
    states:
      inspection-feedback chemical-pharma i1: met      # the 7th day
      inspection-feedback chemical-pharma i2: late     # the 8th day
      inspection-feedback chemical-pharma i3: due      # due 12-02
      inspection-feedback office i4: null              # no sites, no feedback owed
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import Duty, Inspection, InspectionFeedbackRule
from safetyduty.rules.common import event_obligation
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "inspection-feedback"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `inspection-feedback`."""
    params = duty.rule
    assert isinstance(params, InspectionFeedbackRule)
    for inspection in context.index.of_kind("inspection"):
        assert isinstance(inspection, Inspection)
        if not inspection.sites:
            continue
        due = inspection.date + dt.timedelta(days=params.feedback_within_days)
        given = inspection.feedback_on
        done_on = given if given is not None and given <= context.as_of else None
        if done_on is None:
            verdict = Considered(inspection.id, False, "no_feedback")
        else:
            verdict = Considered(
                inspection.id,
                True,
                "counts" if done_on <= due else "counts_late",
                (("date", done_on.isoformat()),),
            )
        yield event_obligation(
            duty,
            inspection,
            context,
            due=due,
            done_on=done_on,
            records=(inspection.id,) if done_on else (),
            considered=(verdict,),
        )
