"""Each major hazard carries a rectification notice.

Enforces 五（二）"发现重大事故隐患和问题或违法行为时，要向被检查单位下达整改通知书或执法文书".

Example::

    as_of: 2026-11-29
    records:
      m1: {kind: hazard, date: 2026-05-10, title: 储罐区防火间距不足, section: chemical-pharma,
           description: 防火间距不足, grade: major, rectify_by: 2026-08-31,
           notice: evidence/m1-notice.pdf}
      m2: {kind: hazard, date: 2026-06-10, title: 反应釜安全阀失效, section: chemical-pharma,
           description: 安全阀失效, grade: major, rectify_by: 2026-07-31}
      g1: {kind: hazard, date: 2026-06-11, title: 标识缺失, section: chemical-pharma,
           description: 标识缺失, grade: general, rectify_by: 2026-07-31}
    states:
      major-hazard-notice chemical-pharma m1: met
      major-hazard-notice chemical-pharma m2: overdue
      major-hazard-notice chemical-pharma g1: null   # a general hazard needs no notice
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
