"""The rule types: one function per type, registered by the name `duties.yaml` uses.

Each function takes a duty (whose `rule` holds its parameters) and the evaluation context, and
yields that duty's obligations. Adding a duty that uses an existing type is a data change in
`duties.yaml`; adding a type is one function here, decorated with `@rule("name")`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from safetyduty.load.models import (
    Accident,
    AccidentAttendanceRule,
    AccidentReportRule,
    AnyRecord,
    Approval,
    Duty,
    Hazard,
    HolidayInspectionRule,
    Inspection,
    InspectionFeedbackRule,
    Meeting,
    PeriodicRule,
    reaches,
)
from safetyduty.load.periods import LOCAL_TZ, periods_of
from safetyduty.rules import holiday_dates as holidaycal
from safetyduty.rules.engine import Context, Obligation, State, state_of

RuleFunction = Callable[[Duty, Context], Iterator[Obligation]]
RULES: dict[str, RuleFunction] = {}


def rule(name: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule type under the `type:` name duties.yaml gives it."""

    def register(function: RuleFunction) -> RuleFunction:
        RULES[name] = function
        return function

    return register


@rule("periodic")
def periodic(duty: Duty, context: Context) -> Iterator[Obligation]:
    """At least `min_count` activities of a kind in each quarter, half-year or year.

    Enforces, among others, 三.4 "每季度至少召开一次防范安全事故的工作会议……并形成会议记录",
    四（二）"每季度主持召开一次安全生产管理工作专题会议" and "每半年参加一次安全生产工作检查",
    四（三）"每季度检查安全工作不少于1次" and "每年至少组织一次应急救援演练". A person-held duty
    applies, for each period, to every person who holds the role on the period's due date; a
    record counts for the period whose window contains its date.
    """
    params = duty.rule
    assert isinstance(params, PeriodicRule)
    for period in periods_of(params.period, context.first, context.last):
        for holder in _holders(duty, context, period.end):
            person = holder if holder in context.repo.people else None
            section = holder if holder in context.repo.sections else None
            candidates = context.index.between(
                params.activity, period.start, period.end, person=person, section=section
            )
            matching = [r for r in candidates if _matches(params, r, person)]
            done_on = (
                matching[params.min_count - 1].date if len(matching) >= params.min_count else None
            )
            yield Obligation(
                duty=duty.id,
                holder=holder,
                period=period.key,
                window_start=period.start,
                due=period.end,
                state=state_of(done_on, period.start, period.end, context.as_of),
                records=tuple(r.id for r in matching),
                done_on=done_on,
            )


def _holders(duty: Duty, context: Context, day: dt.date) -> list[str]:
    if duty.holder in context.repo.roles:
        return context.person_holders(duty.holder, day)
    if duty.holder in context.repo.bodies:
        return ["commission"]
    return context.section_holders(duty)


def _matches(params: PeriodicRule, record: AnyRecord, person: str | None) -> bool:
    if isinstance(record, Meeting):
        if params.meeting_types and record.type not in params.meeting_types:
            return False
        if params.requires_minutes and not record.minutes:
            return False
    if person is not None and params.holder_fields:
        named: set[str] = set()
        for name in params.holder_fields:
            value = getattr(record, name)
            named.update([value] if isinstance(value, str) else value)
        return person in named
    return True


@rule("holiday-inspection")
def holiday_inspection(duty: Duty, context: Context) -> Iterator[Obligation]:
    """Before each holiday, an inspection by every section in the `window_days` before its
    first day, or on it.

    Enforces 四（四）"对重要节假日和重要时期的安全生产工作，亲自带队检查". Holiday dates come
    from the official calendar; a year the calendar only estimates is warned about.
    """
    params = duty.rule
    assert isinstance(params, HolidayInspectionRule)
    window = dt.timedelta(days=params.window_days)
    for year in range(context.first.year, context.last.year + 1):
        if holidaycal.is_estimated(year):
            context.warn(
                duty,
                "holiday-estimated",
                f"holiday dates for {year} are estimated: the holidays package has no official "
                f"schedule past {holidaycal.last_official_year()}; check them when the State "
                "Council publishes the year's schedule",
            )
        for key, first_day in holidaycal.first_days(year).items():
            start = first_day - window
            for section in context.section_holders(duty):
                matching = context.index.between("inspection", start, first_day, section=section)
                done_on = matching[0].date if matching else None
                yield Obligation(
                    duty=duty.id,
                    holder=section,
                    period=f"{year}-{key}",
                    window_start=start,
                    due=first_day,
                    state=state_of(done_on, start, first_day, context.as_of),
                    records=tuple(r.id for r in matching),
                    done_on=done_on,
                )


def _event_holder(duty: Duty, record: AnyRecord, context: Context) -> str:
    if duty.holder in context.repo.sections or duty.holder == "commission":
        return duty.holder
    if duty.holder in context.repo.bodies:
        return "commission"
    return context.event_section(record)


def _event_obligation(
    duty: Duty,
    record: AnyRecord,
    context: Context,
    *,
    due: dt.date,
    done_on: dt.date | None,
    records: tuple[str, ...],
) -> Obligation:
    """The obligation an event record gives rise to: its window opens on the record's date,
    its period is the record's id, and it is done on `done_on` (None: not yet)."""
    return Obligation(
        duty=duty.id,
        holder=_event_holder(duty, record, context),
        period=record.id,
        window_start=record.date,
        due=due,
        state=state_of(done_on, record.date, due, context.as_of),
        records=records,
        done_on=done_on,
    )


@rule("hazard-rectification")
def hazard_rectification(duty: Duty, context: Context) -> Iterator[Obligation]:
    """Each hazard closed by a rectification dated on or before its `rectify_by`.

    Enforces 三.5 "对发现存在安全事故隐患，应当立即责成隐患企业立即整改，采取有效措施予以排除"
    and 五（一）"对发现问题和隐患要立即整改，一时难以整改的要制定整改措施方案，按时整改".
    """
    for hazard in context.index.of_kind("hazard"):
        assert isinstance(hazard, Hazard)
        rectifications = context.index.rectifications.get(hazard.id, [])
        yield _event_obligation(
            duty,
            hazard,
            context,
            due=hazard.rectify_by,
            done_on=rectifications[0].date if rectifications else None,
            records=tuple(r.id for r in rectifications),
        )


@rule("major-hazard-notice")
def major_hazard_notice(duty: Duty, context: Context) -> Iterator[Obligation]:
    """Each major hazard carries a rectification notice.

    Enforces 五（二）"发现重大事故隐患和问题或违法行为时，要向被检查单位下达整改通知书或执法文书".
    """
    for hazard in context.index.of_kind("hazard"):
        assert isinstance(hazard, Hazard)
        if hazard.grade != "major":
            continue
        yield _event_obligation(
            duty,
            hazard,
            context,
            due=hazard.date,
            done_on=hazard.date if hazard.notice else None,
            records=(hazard.id,) if hazard.notice else (),
        )


@rule("inspection-feedback")
def inspection_feedback(duty: Duty, context: Context) -> Iterator[Obligation]:
    """Each inspection of sites gives written feedback within `feedback_within_days`.

    Enforces 五（二）"要将检查结果形成书面检查反馈意见告知被检查单位".
    """
    params = duty.rule
    assert isinstance(params, InspectionFeedbackRule)
    for inspection in context.index.of_kind("inspection"):
        assert isinstance(inspection, Inspection)
        if not inspection.sites:
            continue
        due = inspection.date + dt.timedelta(days=params.feedback_within_days)
        given = inspection.feedback_on
        done_on = given if given is not None and given <= context.as_of else None
        yield _event_obligation(
            duty,
            inspection,
            context,
            due=due,
            done_on=done_on,
            records=(inspection.id,) if done_on else (),
        )


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TZ).date()


def _moment_state(
    done_at: dt.datetime | None, start: dt.date, due_at: dt.datetime, as_of: dt.date
) -> tuple[State, dt.date | None]:
    """State of an obligation due at a moment: on time is judged to the minute."""
    if done_at is not None and _local_date(done_at) <= as_of:
        return ("met" if done_at <= due_at else "late"), _local_date(done_at)
    return state_of(None, start, _local_date(due_at), as_of), None


@rule("accident-report")
def accident_report(duty: Duty, context: Context) -> Iterator[Obligation]:
    """Each accident reported upward within `within_hours` of the commission learning of it.

    Enforces 三.7 "按规定迅速向……政府和有关部门报告事故情况"; the 2 hours are those of
    《生产安全事故报告和调查处理条例》 art. 9–11.
    """
    params = duty.rule
    assert isinstance(params, AccidentReportRule)
    for accident in context.index.of_kind("accident"):
        assert isinstance(accident, Accident)
        due_at = accident.known_at + dt.timedelta(hours=params.within_hours)
        state, done_on = _moment_state(accident.reported_at, accident.date, due_at, context.as_of)
        yield Obligation(
            duty=duty.id,
            holder=_event_holder(duty, accident, context),
            period=accident.id,
            window_start=accident.date,
            due=_local_date(due_at),
            state=state,
            records=(accident.id,) if done_on else (),
            due_at=due_at.astimezone(LOCAL_TZ),
            done_on=done_on,
        )


@rule("accident-attendance")
def accident_attendance(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The section whose industry it is goes to the scene when an accident reaches its
    threshold (any death, or 较大 and above), within `within_hours`.

    Enforces the 附表 duties "发生人员死亡事故后，及时到达现场" and "发生较大事故后，及时到达现场"
    and 四（四）"业务范围内发生安全事故，应及时赶赴现场".
    """
    params = duty.rule
    assert isinstance(params, AccidentAttendanceRule)
    for accident in context.index.of_kind("accident"):
        assert isinstance(accident, Accident)
        section = context.repo.section_of_industry(accident.industry)
        if section is None or section.attends_scene_from is None:
            continue
        if not reaches(section.attends_scene_from, accident.deaths, accident.computed_grade):
            continue
        due_at = accident.known_at + dt.timedelta(hours=params.within_hours)
        attended = section.id in accident.attended_by
        # Attendance written without a time is taken as timely: the ledger says they went.
        done_at = (accident.attended_at or accident.known_at) if attended else None
        state, done_on = _moment_state(done_at, accident.date, due_at, context.as_of)
        yield Obligation(
            duty=duty.id,
            holder=section.id,
            period=accident.id,
            window_start=accident.date,
            due=_local_date(due_at),
            state=state,
            records=(accident.id,) if attended else (),
            due_at=due_at.astimezone(LOCAL_TZ),
            done_on=done_on,
        )


@rule("pre-evaluation")
def pre_evaluation(duty: Duty, context: Context) -> Iterator[Obligation]:
    """Each approval of a project that needs a 《安全预评价报告书》 names that report.

    Enforces 附表·技术改造科·二（二）"……规定应编制《安全预评价报告书》的项目范围而未出具
    《安全预评价报告书》的，不得办理行政许可".
    """
    for approval in context.index.of_kind("approval"):
        assert isinstance(approval, Approval)
        if not approval.pre_evaluation_required:
            continue
        reported = approval.pre_evaluation_report is not None
        yield _event_obligation(
            duty,
            approval,
            context,
            due=approval.date,
            done_on=approval.date if reported else None,
            records=(approval.id,) if reported else (),
        )
