"""The quarterly (half-yearly, yearly) summary that goes upward: what it says, and how it prints.

`build_summary(repo, evaluation, period, as_of, lang)` gathers everything the printed report holds
into one plain structure of frozen dataclasses: ids for machines, names and labels in the
report's language for people. `summaryview.py` renders that one structure as a terminal table,
Markdown, HTML and JSON, so that the four formats never disagree.

The compliance rate (合规率) is `met / (met + late + overdue)` over the obligations due within the
period and on or before the as-of date. Waived obligations are left out, and so are those whose
due date has not passed (nothing to judge yet); a late one counts against the rate. With nothing
to judge the rate is shown as "—".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from safetyduty.i18n import t
from safetyduty.load.models import (
    Accident,
    AnyRecord,
    Approval,
    Drill,
    Hazard,
    Inspection,
    Interview,
    Letter,
    Meeting,
    Person,
    Report,
    Training,
)
from safetyduty.load.periods import LOCAL_TZ, Period, calendar_period, holiday_key
from safetyduty.load.repo import Repo
from safetyduty.reports.hazards import GRADES, HAZARD_MARKS, HazardRow, ledger, tally
from safetyduty.reports.select import Filters, counts, duty_label, holder_order, remark, select
from safetyduty.rules.engine import Evaluation
from safetyduty.rules.obligations import STATES, Obligation

#: A sign next to each obligation (and hazard) state, so that a black-and-white print tells them
#: apart: × missed, △ done late, √ done, ○ still open in time.
STATE_MARKS: dict[str, str] = {
    "overdue": "×",
    "due": "○",
    "late": "△",
    "met": "√",
    "upcoming": "◇",
    "waived": "—",
    **HAZARD_MARKS,
}
NOTHING = "—"


class SummaryError(ValueError):
    """The summary cannot be made as asked (an invalid period, or one not begun yet)."""


def summary_period(key: str, as_of: dt.date) -> Period:
    """The quarter (2026Q1), half-year (2026H1) or year (2026) a key names.

    Raises SummaryError when the key names none of them, or a period that starts after `as_of`.
    """
    period = calendar_period(key.strip().upper())
    if period is None:
        raise SummaryError(
            t(
                "PERIOD: '{value}' is not a quarter, half-year or year; write 2026Q1, 2026H1 "
                "or 2026",
                value=key,
            )
        )
    if period.start > as_of:
        raise SummaryError(
            t(
                "PERIOD: {period} starts on {start}, after the as-of date {as_of}; pass --as-of "
                "on or after its first day",
                period=period.key,
                start=period.start,
                as_of=as_of,
            )
        )
    return period


# --- the structure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodInfo:
    key: str
    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class RecordRef:
    id: str
    date: dt.date
    title: str


@dataclass(frozen=True)
class Compliance:
    """The figures behind a compliance rate. `rate_percent` has one decimal; None when there is
    nothing to judge."""

    met: int
    late: int
    overdue: int
    judged: int
    rate_percent: float | None
    rate_text: str


@dataclass(frozen=True)
class ObligationLine:
    duty: str
    duty_name: str
    period: str
    period_label: str
    window_start: dt.date
    due: dt.date
    state: str
    state_label: str
    mark: str
    remark: str
    records: tuple[RecordRef, ...]


@dataclass(frozen=True)
class HolderBlock:
    """One holder's obligations of the period, missed ones first."""

    holder: str
    name: str
    #: commission, person or section
    kind: str
    roles: tuple[str, ...]
    counts: dict[str, int]
    compliance: Compliance
    obligations: tuple[ObligationLine, ...]


@dataclass(frozen=True)
class MeetingLine:
    id: str
    date: dt.date
    title: str
    type: str
    type_label: str
    chair: str
    chair_name: str
    attendees: tuple[str, ...]
    attendee_names: tuple[str, ...]
    minutes: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True)
class InspectionLine:
    id: str
    date: dt.date
    title: str
    led_by: tuple[str, ...]
    led_by_names: tuple[str, ...]
    participants: tuple[str, ...]
    participant_names: tuple[str, ...]
    sections: tuple[str, ...]
    section_names: tuple[str, ...]
    #: every section of the commission took part (a joint inspection)
    all_sections: bool
    sites: tuple[str, ...]
    holiday: str | None
    holiday_label: str
    hazards_found: int
    hazards: tuple[str, ...]
    feedback_on: dt.date | None


@dataclass(frozen=True)
class DrillLine:
    id: str
    date: dt.date
    title: str
    organized_by: tuple[str, ...]
    organizer_names: tuple[str, ...]
    plan: str | None
    scenario: str | None
    participants_count: int | None


@dataclass(frozen=True)
class TrainingLine:
    id: str
    date: dt.date
    title: str
    topic: str
    audience: str | None
    attendees_count: int | None


@dataclass(frozen=True)
class LetterLine:
    id: str
    date: dt.date
    title: str
    year: int
    signed_with: tuple[str, ...]


@dataclass(frozen=True)
class InterviewLine:
    id: str
    date: dt.date
    title: str
    unit: str
    reason: str


@dataclass(frozen=True)
class ReportLine:
    id: str
    date: dt.date
    title: str
    to: str
    covers: str | None
    subject: str | None


@dataclass(frozen=True)
class Activities:
    """The period's activity records (dated on or before the as-of date), by kind, by date."""

    meetings: tuple[MeetingLine, ...]
    inspections: tuple[InspectionLine, ...]
    drills: tuple[DrillLine, ...]
    trainings: tuple[TrainingLine, ...]
    letters: tuple[LetterLine, ...]
    interviews: tuple[InterviewLine, ...]
    reports: tuple[ReportLine, ...]


@dataclass(frozen=True)
class HazardCount:
    """Hazards found in the period, for one grade or one section: how many, and in which state."""

    key: str
    name: str
    found: int
    counts: dict[str, int]


@dataclass(frozen=True)
class HazardSummary:
    """Hazards found in the period with their state as of the as-of date, and those found
    earlier that were still not rectified when the period began."""

    found: int
    counts: dict[str, int]
    by_grade: tuple[HazardCount, ...]
    by_section: tuple[HazardCount, ...]
    major: tuple[HazardRow, ...]
    carried_over: tuple[HazardRow, ...]


@dataclass(frozen=True)
class AccidentLine:
    id: str
    title: str
    occurred_at: dt.datetime
    known_at: dt.datetime
    site: str
    industry: str
    industry_name: str
    deaths: int
    serious_injuries: int
    direct_loss_wan: float
    grade: str
    grade_label: str
    reported_at: dt.datetime | None
    reported_to: str | None
    #: minutes from the commission learning of it to its report upward
    report_minutes: int | None
    report_state: str | None
    report_state_label: str
    attended_by: tuple[str, ...]
    attended_by_names: tuple[str, ...]
    attended_at: dt.datetime | None
    #: None when the grade does not oblige the section to go to the scene
    attendance_state: str | None
    attendance_state_label: str


@dataclass(frozen=True)
class DutyLine:
    id: str
    holder: str
    holder_name: str
    source: str
    text: str


def by_holder(duties: Iterable[DutyLine]) -> list[tuple[str, list[DutyLine]]]:
    """Duties grouped by holder (name, duties), holders in order of first appearance in the
    matrix and duties in matrix order: the manual-review checklist, one group per holder."""
    groups: dict[str, list[DutyLine]] = {}
    for duty in duties:
        groups.setdefault(duty.holder_name, []).append(duty)
    return list(groups.items())


@dataclass(frozen=True)
class Summary:
    lang: str
    commission: str
    title: str
    period: PeriodInfo
    as_of: dt.date
    #: False while the as-of date is before the period's last day
    period_complete: bool
    compliance: Compliance
    counts: dict[str, int]
    holders: tuple[HolderBlock, ...]
    activities: Activities
    hazards: HazardSummary
    accidents: tuple[AccidentLine, ...]
    unruled_duties: tuple[DutyLine, ...]
    compliance_definition: str


# --- building it -----------------------------------------------------------------------------


def build_summary(
    repo: Repo, evaluation: Evaluation, period: Period, as_of: dt.date, lang: str
) -> Summary:
    """Everything the printed summary of `period` holds, as of `as_of`, in `lang`."""
    # The summary judges what fell due in the period (a quarter's report, due after it, is in
    # the next one's), while `status --period` also lists the period's own obligations.
    chosen = [
        o
        for o in select(repo, evaluation.obligations, as_of, Filters(period=period.key))
        if o.due in period
    ]
    records = sorted(
        (r for r in repo.records.values() if r.date in period and r.date <= as_of),
        key=lambda r: (r.date, r.id),
    )
    rows = ledger(repo, as_of, lang)
    return Summary(
        lang=lang,
        commission=repo.commission.name_en if lang == "en" else repo.commission.name,
        title=t("sm_title", lang, period=period_label(period, lang)),
        period=PeriodInfo(period.key, period_label(period, lang), period.start, period.end),
        as_of=as_of,
        period_complete=as_of >= period.end,
        compliance=compliance(chosen, as_of),
        counts=counts(chosen),
        holders=tuple(_holder_blocks(repo, chosen, period, as_of, lang)),
        activities=_activities(repo, records, rows, as_of, lang),
        hazards=_hazards(repo, rows, period, lang),
        accidents=tuple(_accidents(repo, records, evaluation.obligations, lang)),
        unruled_duties=tuple(
            DutyLine(
                id=duty.id,
                holder=duty.holder,
                holder_name=repo.holder_name(duty.holder, lang),
                source=duty.source,
                text=duty.text_en if lang == "en" else duty.text,
            )
            for duty in repo.duties.values()
            if duty.rule is None
        ),
        compliance_definition=t("sm_rate_definition", lang),
    )


def period_label(period: Period, lang: str) -> str:
    """`2026年第一季度` / `Q1 2026`, `2026年上半年` / `H1 2026`, `2026年度` / `2026`."""
    year, rest = period.key[:4], period.key[4:]
    if rest.startswith("Q"):
        number = int(rest[1])
        return f"Q{number} {year}" if lang == "en" else f"{year}年第{'一二三四'[number - 1]}季度"
    if rest.startswith("H"):
        if lang == "en":
            return f"H{rest[1]} {year}"
        return f"{year}年{'上' if rest == 'H1' else '下'}半年"
    return year if lang == "en" else f"{year}年度"


def compliance(obligations: Iterable[Obligation], as_of: dt.date) -> Compliance:
    """met / (met + late + overdue) over obligations due on or before `as_of` (module docstring)."""
    judged = [o for o in obligations if o.due <= as_of and o.state in ("met", "late", "overdue")]
    met = sum(o.state == "met" for o in judged)
    late = sum(o.state == "late" for o in judged)
    overdue = sum(o.state == "overdue" for o in judged)
    if not judged:
        return Compliance(met, late, overdue, 0, None, NOTHING)
    # Half-up, so that 12.25 % prints as 12.3 % whatever the float's last bits.
    rate = (Decimal(met * 100) / Decimal(len(judged))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Compliance(met, late, overdue, len(judged), float(rate), f"{rate}%")


def _holder_blocks(
    repo: Repo, obligations: Sequence[Obligation], period: Period, as_of: dt.date, lang: str
) -> Iterable[HolderBlock]:
    """One block per holder, in a fixed order (the commission, people in people.yaml order, then
    sections in matrix order) so that every quarter's summary reads alike; within a block missed
    obligations come first (STATES order), then by due date."""
    groups: dict[str, list[Obligation]] = {}
    for obligation in obligations:
        groups.setdefault(obligation.holder, []).append(obligation)
    for holder in sorted(groups, key=lambda h: holder_order(repo, h)):
        items = sorted(
            groups[holder], key=lambda o: (STATES.index(o.state), o.due, o.duty, o.period)
        )
        person = repo.people.get(holder)
        yield HolderBlock(
            holder=holder,
            name=repo.holder_name(holder, lang),
            kind="person" if person else "section" if holder in repo.sections else "commission",
            roles=_roles(repo, person, period, lang) if person else (),
            counts=counts(items),
            compliance=compliance(items, as_of),
            obligations=tuple(_line(repo, o, as_of, lang) for o in items),
        )


_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")


def _roles(repo: Repo, person: Person, period: Period, lang: str) -> tuple[str, ...]:
    """The posts a person held at some time in the period, with dates when they began or ended
    within it."""
    found: list[str] = []
    for post in person.posts:
        if post.from_ > period.end or (post.to is not None and post.to < period.start):
            continue
        role = repo.roles.get(post.role)
        name = (role.name_en if lang == "en" else role.name) if role else post.role
        name = _TRAILING_NOTE.sub("", name)
        if post.from_ > period.start:
            name += t("sm_post_from", lang, date=post.from_.isoformat())
        if post.to is not None and post.to < period.end:
            name += t("sm_post_to", lang, date=post.to.isoformat())
        if name not in found:
            found.append(name)
    return tuple(found)


def _line(repo: Repo, obligation: Obligation, as_of: dt.date, lang: str) -> ObligationLine:
    return ObligationLine(
        duty=obligation.duty,
        duty_name=duty_label(repo, obligation.duty, lang),
        period=obligation.period,
        period_label=obligation_period_label(repo, obligation.period, lang),
        window_start=obligation.window_start,
        due=obligation.due,
        state=obligation.state,
        state_label=t(obligation.state, lang),
        mark=STATE_MARKS[obligation.state],
        remark=remark(obligation, as_of, lang),
        records=tuple(_ref(repo, record_id) for record_id in obligation.records),
    )


def obligation_period_label(repo: Repo, key: str, lang: str) -> str:
    """A period key as a reader names it: `2026Q1`, `2026年春节`, or the title of the record an
    event obligation arises from."""
    if calendar_period(key) is not None:
        return key
    if holiday := holiday_key(key):
        year, name = holiday
        return f"{year} {t(name, lang)}" if lang == "en" else f"{year}年{t(name, lang)}"
    record = repo.records.get(key)
    return record_title(record) if record is not None else key


def record_title(record: AnyRecord) -> str:
    """What a reader calls a record: its title, else what it is about, else its id."""
    if record.title:
        return record.title
    if isinstance(record, Hazard):
        return record.description
    if isinstance(record, Accident):
        return record.site
    if isinstance(record, Approval):
        return record.project
    if isinstance(record, Training):
        return record.topic
    return record.id


def _ref(repo: Repo, record_id: str) -> RecordRef:
    record = repo.records.get(record_id)
    if record is None:
        return RecordRef(record_id, dt.date.min, record_id)
    return RecordRef(record_id, record.date, record_title(record))


def _names(repo: Repo, ids: Iterable[str], lang: str) -> tuple[str, ...]:
    return tuple(repo.holder_name(i, lang) for i in ids)


def _activities(
    repo: Repo,
    records: Sequence[AnyRecord],
    hazards: Sequence[HazardRow],
    as_of: dt.date,
    lang: str,
) -> Activities:
    found_by: dict[str, list[str]] = {}
    for row in sorted(hazards, key=lambda r: (r.date, r.id)):
        if row.inspection:
            found_by.setdefault(row.inspection, []).append(row.id)

    def title(record: AnyRecord) -> str:
        found = record_title(record)
        return t(record.kind, lang) if found == record.id else found

    meetings = [
        MeetingLine(
            id=r.id,
            date=r.date,
            title=title(r),
            type=r.type,
            type_label=t(f"sm_meeting_{r.type}", lang),
            chair=r.chair,
            chair_name=repo.holder_name(r.chair, lang),
            attendees=tuple(r.attendees),
            attendee_names=_names(repo, r.attendees, lang),
            minutes=r.minutes,
            topics=tuple(r.topics),
        )
        for r in records
        if isinstance(r, Meeting)
    ]
    inspections = [
        InspectionLine(
            id=r.id,
            date=r.date,
            title=title(r),
            led_by=tuple(r.led_by),
            led_by_names=_names(repo, r.led_by, lang),
            participants=tuple(r.participants),
            participant_names=_names(repo, r.participants, lang),
            sections=tuple(r.sections),
            section_names=_names(repo, r.sections, lang),
            all_sections=len(repo.sections) > 1 and set(repo.sections) <= set(r.sections),
            sites=tuple(r.sites),
            holiday=r.holiday,
            holiday_label=t(r.holiday, lang) if r.holiday else "",
            hazards_found=len(found_by.get(r.id, [])),
            hazards=tuple(found_by.get(r.id, [])),
            feedback_on=r.feedback_on if r.feedback_on and r.feedback_on <= as_of else None,
        )
        for r in records
        if isinstance(r, Inspection)
    ]
    drills = [
        DrillLine(
            id=r.id,
            date=r.date,
            title=title(r),
            organized_by=tuple(r.organized_by),
            organizer_names=_names(repo, r.organized_by, lang),
            plan=r.plan,
            scenario=r.scenario,
            participants_count=r.participants_count,
        )
        for r in records
        if isinstance(r, Drill)
    ]
    trainings = [
        TrainingLine(
            id=r.id,
            date=r.date,
            title=title(r),
            topic=r.topic,
            audience=r.audience,
            attendees_count=r.attendees_count,
        )
        for r in records
        if isinstance(r, Training)
    ]
    letters = [
        LetterLine(
            id=r.id, date=r.date, title=title(r), year=r.year, signed_with=tuple(r.signed_with)
        )
        for r in records
        if isinstance(r, Letter)
    ]
    interviews = [
        InterviewLine(id=r.id, date=r.date, title=title(r), unit=r.with_, reason=r.reason)
        for r in records
        if isinstance(r, Interview)
    ]
    reports = [
        ReportLine(
            id=r.id, date=r.date, title=title(r), to=r.to, covers=r.covers, subject=r.subject
        )
        for r in records
        if isinstance(r, Report)
    ]
    return Activities(
        meetings=tuple(meetings),
        inspections=tuple(inspections),
        drills=tuple(drills),
        trainings=tuple(trainings),
        letters=tuple(letters),
        interviews=tuple(interviews),
        reports=tuple(reports),
    )


def _hazards(repo: Repo, rows: Sequence[HazardRow], period: Period, lang: str) -> HazardSummary:
    found = [row for row in rows if row.date in period]
    by_grade = tuple(
        HazardCount(
            key=grade,
            name=t(grade, lang),
            found=sum(row.grade == grade for row in found),
            counts=tally(row for row in found if row.grade == grade),
        )
        for grade in GRADES
    )
    sections = sorted({row.section for row in found}, key=lambda s: holder_order(repo, s))
    by_section = tuple(
        HazardCount(
            key=section,
            name=repo.holder_name(section, lang),
            found=sum(row.section == section for row in found),
            counts=tally(row for row in found if row.section == section),
        )
        for section in sections
    )
    carried_over = [
        row
        for row in rows
        if row.date < period.start
        and (row.rectified_on is None or row.rectified_on >= period.start)
    ]
    return HazardSummary(
        found=len(found),
        counts=tally(found),
        by_grade=by_grade,
        by_section=by_section,
        major=tuple(row for row in found if row.grade == "major"),
        carried_over=tuple(carried_over),
    )


def _accidents(
    repo: Repo, records: Sequence[AnyRecord], obligations: Sequence[Obligation], lang: str
) -> Iterable[AccidentLine]:
    states = {
        (o.duty, o.period): o.state
        for o in obligations
        if o.duty in ("accident-report", "accident-attendance")
    }
    for record in records:
        if not isinstance(record, Accident):
            continue
        industry = repo.industries.get(record.industry)
        report_state = states.get(("accident-report", record.id))
        attendance_state = states.get(("accident-attendance", record.id))
        minutes = None
        if record.reported_at is not None:
            minutes = int((record.reported_at - record.known_at).total_seconds() // 60)
        yield AccidentLine(
            id=record.id,
            title=record.title or record.site,
            occurred_at=record.occurred_at.astimezone(LOCAL_TZ),
            known_at=record.known_at.astimezone(LOCAL_TZ),
            site=record.site,
            industry=record.industry,
            industry_name=(industry[0].name_en if lang == "en" else industry[0].name)
            if industry
            else record.industry,
            deaths=record.deaths,
            serious_injuries=record.serious_injuries,
            direct_loss_wan=record.direct_loss_wan,
            grade=record.computed_grade,
            grade_label=t(record.computed_grade, lang),
            reported_at=record.reported_at.astimezone(LOCAL_TZ) if record.reported_at else None,
            reported_to=record.reported_to,
            report_minutes=minutes,
            report_state=report_state,
            report_state_label=t(report_state, lang) if report_state else NOTHING,
            attended_by=tuple(record.attended_by),
            attended_by_names=_names(repo, record.attended_by, lang),
            attended_at=record.attended_at.astimezone(LOCAL_TZ) if record.attended_at else None,
            attendance_state=attendance_state,
            attendance_state_label=t(attendance_state, lang)
            if attendance_state
            else t("sm_not_required", lang),
        )
