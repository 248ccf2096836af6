"""Before each holiday, an inspection by every section in the `window_days` before its
first day, or on it.

Enforces 四（四）"对重要节假日和重要时期的安全生产工作，亲自带队检查". Holiday dates come
from the official calendar; a year the calendar only estimates is warned about. An inspection
whose `holiday` names a holiday counts for that holiday only (the 中秋 and 国庆 windows
overlap); one without `holiday` counts for every window it falls in.

Example::

    as_of: 2026-11-29
    records:
      # 2026: 中秋 on 09-25 (window from 09-10), 国庆 on 10-01 (window from 09-16)
      pre-holiday: {kind: inspection, date: 2026-09-20, title: 节前安全检查,
                    led_by: [li-na], sections: [power]}
      mid-autumn: {kind: inspection, date: 2026-09-20, title: 中秋节前检查,
                   led_by: [wang-qiang], sections: [chemical-pharma], holiday: mid-autumn}
      on-the-day: {kind: inspection, date: 2026-10-01, title: 国庆当日检查,
                   led_by: [li-na], sections: [economic-operation]}
    states:
      # without a `holiday`, the inspection counts for every window it falls in
      section-holiday-inspection power 2026-mid-autumn: met
      section-holiday-inspection power 2026-national-day: met
      # listed for 中秋, it counts for 中秋 only, though 09-20 is in 国庆's window too
      section-holiday-inspection chemical-pharma 2026-mid-autumn: met
      section-holiday-inspection chemical-pharma 2026-national-day: overdue
      # the holiday's first day is the due day: an inspection on it is in time
      section-holiday-inspection economic-operation 2026-national-day: met
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safetyduty.i18n import _
from safetyduty.load.models import AnyRecord, Duty, HolidayInspectionRule, Inspection
from safetyduty.rules import holiday_dates
from safetyduty.rules.common import window_obligation
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "holiday-inspection"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `holiday-inspection`."""
    params = duty.rule
    assert isinstance(params, HolidayInspectionRule)
    window = dt.timedelta(days=params.window_days)
    for year in range(context.first.year, context.last.year + 1):
        if holiday_dates.is_estimated(year):
            context.warn(
                duty,
                "holiday-estimated",
                _(
                    "holiday dates for {year} are estimated: the holidays package has no "
                    "official schedule past {last}; check them when the State Council publishes "
                    "the year's schedule",
                    year=year,
                    last=holiday_dates.last_official_year(),
                ),
            )
        for key, first_day in holiday_dates.first_days(year).items():
            start = first_day - window
            for section in context.section_holders(duty):
                if context.explain:
                    candidates = context.index.between("inspection", start, first_day)
                else:
                    candidates = context.index.between(
                        "inspection", start, first_day, section=section
                    )
                considered = [judge(r, key, year, section) for r in candidates]
                yield window_obligation(
                    duty, section, f"{year}-{key}", start, first_day, considered, context
                )


def judge(record: AnyRecord, holiday: str, year: int, section: str) -> Considered:
    """Whether an inspection dated in a holiday's window counts for that holiday."""
    assert isinstance(record, Inspection)
    if section not in record.sections and record.section != section:
        return Considered(record.id, False, "section_not_listed")
    if record.holiday is not None and record.holiday != holiday:
        return Considered(
            record.id, False, "other_holiday", (("period", f"{year}-{record.holiday}"),)
        )
    return Considered(record.id, True, "counts")
