"""Each major hazard carries a rectification notice, issued within `notice_within_days`.

Enforces 五（二）"发现重大事故隐患和问题或违法行为时，要向被检查单位下达整改通知书或执法文书".
The notice's date is the hazard's `notice_on`; a notice without one is taken as issued on the
hazard's date (the ledger says it was issued). The 3 days are a local default.

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
      m3: {kind: hazard, date: 2026-07-01, title: 泄压装置缺失, section: chemical-pharma,
           description: 泄压装置缺失, grade: major, rectify_by: 2026-08-31,
           notice: evidence/m3-notice.pdf, notice_on: 2026-07-04}
      m4: {kind: hazard, date: 2026-07-01, title: 可燃气体报警失效, section: chemical-pharma,
           description: 报警失效, grade: major, rectify_by: 2026-08-31,
           notice: evidence/m4-notice.pdf, notice_on: 2026-07-05}
    states:
      # no notice_on: taken as issued on the hazard's date
      major-hazard-notice chemical-pharma m1: met
      major-hazard-notice chemical-pharma m2: overdue
      # the third day after the hazard is the due day; the fourth is late
      major-hazard-notice chemical-pharma m3: met
      major-hazard-notice chemical-pharma m4: late
      major-hazard-notice chemical-pharma g1: null   # a general hazard needs no notice
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.load.models import Duty, Hazard, MajorHazardNoticeRule
from safetyduty.rules.common import event_obligation
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "major-hazard-notice"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `major-hazard-notice`."""
    params = duty.rule
    assert isinstance(params, MajorHazardNoticeRule)
    for hazard in context.index.of_kind("hazard"):
        assert isinstance(hazard, Hazard)
        if hazard.grade != "major":
            continue
        due = hazard.date + dt.timedelta(days=params.notice_within_days)
        issued_on = (hazard.notice_on or hazard.date) if hazard.notice else None
        if issued_on is not None and issued_on > context.as_of:
            issued_on = None
        if issued_on is None:
            verdict = Considered(hazard.id, False, "no_notice")
        elif hazard.notice_on is None:
            verdict = Considered(hazard.id, True, "notice_undated")
        else:
            verdict = Considered(
                hazard.id,
                True,
                "counts" if issued_on <= due else "counts_late",
                (("date", issued_on.isoformat()),),
            )
        yield event_obligation(
            duty,
            hazard,
            context,
            due=due,
            done_on=issued_on,
            records=(hazard.id,) if issued_on else (),
            considered=(verdict,),
        )
