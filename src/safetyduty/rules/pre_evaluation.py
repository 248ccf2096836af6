"""Each approval of a project that needs a 《安全预评价报告书》 names that report.

Enforces 附表·技术改造科·二（二）"……规定应编制《安全预评价报告书》的项目范围而未出具
《安全预评价报告书》的，不得办理行政许可".

"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import Approval, Duty
from safetyduty.rules.common import (
    event_obligation,
)
from safetyduty.rules.obligations import Context, Obligation

NAME = "pre-evaluation"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `pre-evaluation`."""
    for approval in context.index.of_kind("approval"):
        assert isinstance(approval, Approval)
        if not approval.pre_evaluation_required:
            continue
        reported = approval.pre_evaluation_report is not None
        yield event_obligation(
            duty,
            approval,
            context,
            due=approval.date,
            done_on=approval.date if reported else None,
            records=(approval.id,) if reported else (),
        )
