"""Each inspection of sites gives written feedback within `feedback_within_days`.

Enforces 五（二）"要将检查结果形成书面检查反馈意见告知被检查单位".

"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import Duty, Inspection, InspectionFeedbackRule
from safetyduty.rules.common import (
    event_obligation,
)
from safetyduty.rules.obligations import Context, Obligation

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
        yield event_obligation(
            duty,
            inspection,
            context,
            due=due,
            done_on=done_on,
            records=(inspection.id,) if done_on else (),
        )
