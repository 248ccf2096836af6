"""Each hazard closed by a rectification dated on or before its `rectify_by`.

Enforces 三.5 "对发现存在安全事故隐患，应当立即责成隐患企业立即整改，采取有效措施予以排除"
and 五（一）"对发现问题和隐患要立即整改，一时难以整改的要制定整改措施方案，按时整改".

"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import Duty, Hazard
from safetyduty.rules.common import (
    event_obligation,
)
from safetyduty.rules.obligations import Context, Obligation

NAME = "hazard-rectification"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `hazard-rectification`."""
    for hazard in context.index.of_kind("hazard"):
        assert isinstance(hazard, Hazard)
        rectifications = context.index.rectifications.get(hazard.id, [])
        yield event_obligation(
            duty,
            hazard,
            context,
            due=hazard.rectify_by,
            done_on=rectifications[0].date if rectifications else None,
            records=tuple(r.id for r in rectifications),
        )
