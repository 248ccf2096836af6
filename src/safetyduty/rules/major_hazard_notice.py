"""Each major hazard carries a rectification notice.

Enforces 五（二）"发现重大事故隐患和问题或违法行为时，要向被检查单位下达整改通知书或执法文书".

"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import Duty, Hazard
from safetyduty.rules.common import (
    event_obligation,
)
from safetyduty.rules.obligations import Context, Obligation

NAME = "major-hazard-notice"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `major-hazard-notice`."""
    for hazard in context.index.of_kind("hazard"):
        assert isinstance(hazard, Hazard)
        if hazard.grade != "major":
            continue
        yield event_obligation(
            duty,
            hazard,
            context,
            due=hazard.date,
            done_on=hazard.date if hazard.notice else None,
            records=(hazard.id,) if hazard.notice else (),
        )
