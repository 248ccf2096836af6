"""At least `min_count` activities of a kind in each quarter, half-year or year.

Enforces, among others, 三.4 "每季度至少召开一次防范安全事故的工作会议……并形成会议记录",
四（二）"每季度主持召开一次安全生产管理工作专题会议" and "每半年参加一次安全生产工作检查",
四（三）"每季度检查安全工作不少于1次" and "每年至少组织一次应急救援演练". A person-held duty
applies, for each period, to every person who holds the role on the period's due date; a
record counts for the period whose window contains its date.

Example::

    as_of: 2026-11-29
    records:
      q3-meeting: {kind: meeting, date: 2026-09-10, title: 三季度防范事故工作会议,
                   type: prevention, chair: zhang-wei, minutes: evidence/q3-minutes.pdf}
      q4-meeting: {kind: meeting, date: 2026-10-20, title: 四季度防范事故工作会议,
                   type: prevention, chair: zhang-wei}
      q3-inspection: {kind: inspection, date: 2026-08-01, title: 化工企业检查,
                      led_by: [zhao-min], sections: [chemical-pharma]}
    states:
      # minutes taken: the meeting counts for its quarter
      quarterly-prevention-meeting commission 2026Q3: met
      # no minutes: the Q4 meeting counts for nothing, and the quarter is still open
      quarterly-prevention-meeting commission 2026Q4: due
      quarterly-prevention-meeting commission 2026Q2: overdue
      # a prevention meeting is not the director's special meeting
      director-quarterly-special-meeting zhang-wei 2026Q3: overdue
      # 王强 held the post on 06-30, the Q2 due date; 赵敏 from 07-01 and inspected in Q3
      industry-lead-quarterly-inspection wang-qiang 2026Q2: overdue
      industry-lead-quarterly-inspection zhao-min 2026Q3: met
"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import AnyRecord, Duty, Meeting, PeriodicRule
from safetyduty.load.periods import periods_of
from safetyduty.rules.common import holders, named_in, window_obligation
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "periodic"


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `periodic`."""
    params = duty.rule
    assert isinstance(params, PeriodicRule)
    for period in periods_of(params.period, context.first, context.last):
        for holder in holders(duty, context, period.end):
            person = holder if holder in context.repo.people else None
            section = holder if holder in context.repo.sections else None
            if context.explain:
                candidates = context.index.between(params.activity, period.start, period.end)
            else:
                # Only records naming the holder can count: the index finds them directly.
                candidates = context.index.between(
                    params.activity, period.start, period.end, person=person, section=section
                )
            considered = [judge(params, r, person, section) for r in candidates]
            yield window_obligation(
                duty,
                holder,
                period.key,
                period.start,
                period.end,
                considered,
                context,
                needed=params.min_count,
            )


def judge(
    params: PeriodicRule, record: AnyRecord, person: str | None, section: str | None
) -> Considered:
    """Whether one record dated in the period counts for the holder, and why (not)."""
    if isinstance(record, Meeting):
        if params.meeting_types and record.type not in params.meeting_types:
            return Considered(
                record.id,
                False,
                "meeting_type",
                (("type", record.type), ("wanted", ", ".join(params.meeting_types))),
            )
        if params.requires_minutes and not record.minutes:
            return Considered(record.id, False, "no_minutes")
    if person is not None and params.holder_fields:
        if not named_in(record, params.holder_fields, person):
            if params.holder_fields == ["chair"] and isinstance(record, Meeting):
                return Considered(record.id, False, "chair_not_holder", (("person", record.chair),))
            return Considered(
                record.id, False, "holder_not_named", (("fields", ", ".join(params.holder_fields)),)
            )
    if section is not None and section not in _sections_of(record):
        return Considered(record.id, False, "section_not_named")
    return Considered(record.id, True, "counts")


def _sections_of(record: AnyRecord) -> set[str]:
    found = {record.section} if record.section else set()
    found.update(getattr(record, "sections", ()))
    return found
