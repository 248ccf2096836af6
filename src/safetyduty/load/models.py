"""The domain models: duty matrix, people and every record kind, as strict Pydantic models.

Models are pure: no I/O, no knowledge of files. Unknown fields are errors (`extra="forbid"`);
cross-references between files (does this person exist?) are checked in `validate.py`, where the
whole repo is in view.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from safetyduty.i18n import _
from safetyduty.load.periods import LOCAL_TZ
from safetyduty.load.problems import shown

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
#: a phone number as the work-chat platforms take it for @-mentions: digits, an optional '+'
MOBILE_PATTERN = re.compile(r"^\+?[0-9]{5,15}\Z")
RECORD_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def _as_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(_("expected a date (YYYY-MM-DD), not a date-time"))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(
                _("impossible date '{value}' ({reason})", value=value, reason=_(str(exc)))
            ) from None
    raise ValueError(_("expected a date YYYY-MM-DD, got {value}", value=shown(value)))


#: The years a date-time may fall in: wide enough for any ledger, narrow enough that turning it
#: into Beijing time or adding a rule's hours to it stays within what Python can hold.
MOMENT_YEARS = (1900, 2100)


def _as_datetime(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                _(
                    "expected a date-time like 2026-05-03T10:20:00+08:00, got {value}",
                    value=shown(value),
                )
            ) from None
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=LOCAL_TZ)
        first, last = MOMENT_YEARS
        if not first <= value.year <= last:
            raise ValueError(
                _(
                    "date-time {value} is out of range; write one from {first} to {last}",
                    value=moment.isoformat(),
                    first=first,
                    last=last,
                )
            )
        return moment
    raise ValueError(
        _("expected a date-time like 2026-05-03T10:20:00+08:00, got {value}", value=shown(value))
    )


def _as_phone(value: Any) -> Any:
    # YAML reads `mobile: 13800001111` as an integer; a phone number is digits, not a number.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _as_list(value: Any) -> Any:
    # `led_by: zhang-wei` is what people write for a list of one.
    return [value] if isinstance(value, str) else value


Day = Annotated[dt.date, BeforeValidator(_as_date)]
Moment = Annotated[dt.datetime, BeforeValidator(_as_datetime)]
Ids = Annotated[list[str], BeforeValidator(_as_list)]
Texts = Annotated[list[str], BeforeValidator(_as_list)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- the commission: sections.yaml -------------------------------------------------------------

Threshold = Literal["any-death", "ordinary", "larger", "serious", "especially-serious"]
Grade = Literal["ordinary", "larger", "serious", "especially-serious"]
GRADE_RANK: dict[str, int] = {"ordinary": 0, "larger": 1, "serious": 2, "especially-serious": 3}


class Commission(Model):
    name: str
    name_en: str
    tracking_start: Day


class Body(Model):
    id: str
    name: str
    name_en: str


class Role(Model):
    id: Literal["director", "safety-lead", "industry-lead", "special-lead"]
    name: str
    name_en: str
    responsibility: str
    responsibility_en: str


class Industry(Model):
    id: str
    name: str
    name_en: str


class Section(Model):
    id: str
    name: str
    name_en: str
    attends_scene_from: Threshold | None = None
    industries: list[Industry] = []


class SectionsFile(Model):
    commission: Commission
    bodies: list[Body]
    roles: list[Role]
    sections: list[Section]


# --- the duty matrix: duties.yaml -------------------------------------------------------------

Activity = Literal["meeting", "inspection", "drill", "training"]
DocumentType = Literal["yearly-goals", "emergency-plan", "rules", "other"]
MeetingType = Literal["prevention", "special", "party-group", "other"]

#: The person fields of each activity kind that a periodic rule may match its holder against.
PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "meeting": ("chair", "attendees"),
    "inspection": ("led_by", "participants"),
    "drill": ("organized_by",),
    "training": ("organized_by",),
}


class _Rule(Model):
    local_defaults: list[str] = []

    @model_validator(mode="after")
    def _local_defaults_are_parameters(self) -> _Rule:
        params = set(type(self).model_fields) - {"type", "local_defaults"}
        for name in self.local_defaults:
            if name not in params:
                raise ValueError(
                    _("local_defaults names '{name}', not a parameter of this rule", name=name)
                )
        return self


class PeriodicRule(_Rule):
    type: Literal["periodic"]
    period: Literal["quarter", "half-year", "year"]
    activity: Activity
    min_count: int = Field(1, ge=1)
    meeting_types: list[MeetingType] = []
    requires_minutes: bool = False
    holder_fields: list[str] = []

    @model_validator(mode="after")
    def _fields_fit_activity(self) -> PeriodicRule:
        allowed = PERSON_FIELDS[self.activity]
        for name in self.holder_fields:
            if name not in allowed:
                raise ValueError(
                    _(
                        "holder_fields: '{name}' is not a person field of a {activity} "
                        "(one of: {allowed})",
                        name=name,
                        activity=self.activity,
                        allowed=", ".join(allowed) or _("none"),
                    )
                )
        if self.activity != "meeting" and (self.meeting_types or self.requires_minutes):
            raise ValueError(_("meeting_types and requires_minutes apply to meetings only"))
        return self


class HolidayInspectionRule(_Rule):
    type: Literal["holiday-inspection"]
    window_days: int = Field(15, ge=0, le=90)


class HazardRectificationRule(_Rule):
    type: Literal["hazard-rectification"]


class MajorHazardNoticeRule(_Rule):
    type: Literal["major-hazard-notice"]
    notice_within_days: int = Field(3, ge=0, le=365)


class InspectionFeedbackRule(_Rule):
    type: Literal["inspection-feedback"]
    feedback_within_days: int = Field(7, ge=0, le=365)


#: The longest an accident rule may allow: a year, in hours (more is a typo, and an infinite or
#: huge number of hours cannot be added to a date-time).
MAX_RULE_HOURS = 366 * 24


class AccidentReportRule(_Rule):
    type: Literal["accident-report"]
    within_hours: float = Field(2, gt=0, le=MAX_RULE_HOURS)


class AccidentAttendanceRule(_Rule):
    type: Literal["accident-attendance"]
    within_hours: float = Field(24, gt=0, le=MAX_RULE_HOURS)


class PreEvaluationRule(_Rule):
    type: Literal["pre-evaluation"]
    #: the approvals' sections this duty covers; [] covers every approval
    sections: list[str] = []
    #: whether an approval with no `section` counts as one of `sections`
    include_unset: bool = False


class PeriodicReportRule(_Rule):
    type: Literal["periodic-report"]
    period: Literal["quarter", "half-year", "year"]
    due_after_days: int = Field(15, ge=0, le=365)
    #: whether a report covering the half-year or year that ends with the period counts too
    longer_covers: bool = False
    #: the report's people fields that must name the holder ([] : any report counts)
    holder_fields: list[Literal["by"]] = []


class YearlyRecordRule(_Rule):
    type: Literal["yearly-record"]
    activity: Literal["document", "letter"]
    #: the day of the year (MM-DD) by which the year's record is due
    due: str = Field("03-31", pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
    document_type: DocumentType | None = None
    #: documents: the holder must be in `by`; letters: the holder is the letter's section
    holder_fields: list[Literal["by"]] = []
    #: only the sections that supervise an industry hold it (SPEC §3, section-yearly-letters)
    supervising_sections_only: bool = False

    @model_validator(mode="after")
    def _document_type_for_documents(self) -> YearlyRecordRule:
        if self.document_type is not None and self.activity != "document":
            raise ValueError(_("document_type applies to documents only"))
        return self


class LeaderAttendanceRule(_Rule):
    type: Literal["leader-attendance"]
    within_hours: float = Field(24, gt=0, le=MAX_RULE_HOURS)
    #: the accident's least grade that obliges the leaders (any death obliges them too)
    from_grade: Grade = "larger"


class AssessmentVetoRule(_Rule):
    """Not an obligation: a finding of the yearly assessment (`rules/assessment_veto.py`)."""

    type: Literal["assessment-veto"]
    min_grade: Grade = "serious"


class PromotionBarRule(_Rule):
    """Not an obligation: a finding of the yearly assessment (`rules/promotion_bar.py`)."""

    type: Literal["promotion-bar"]
    min_grade: Grade = "ordinary"


Rule = Annotated[
    PeriodicRule
    | HolidayInspectionRule
    | HazardRectificationRule
    | MajorHazardNoticeRule
    | InspectionFeedbackRule
    | AccidentReportRule
    | AccidentAttendanceRule
    | PreEvaluationRule
    | PeriodicReportRule
    | YearlyRecordRule
    | LeaderAttendanceRule
    | AssessmentVetoRule
    | PromotionBarRule,
    Field(discriminator="type"),
]


class Interpretation(Model):
    """How the matrix reads a passage of the seed that could be read otherwise."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Duty(Model):
    id: str
    #: a short name for reports (the text is the seed's whole sentence)
    name: str | None = None
    name_en: str | None = None
    holder: str
    source: str
    basis: Literal["seed", "regulation", "local-default"]
    instrument: str | None = None
    text: str
    text_en: str
    interpretation: Interpretation | None = None
    rule: Rule | None = None

    @model_validator(mode="after")
    def _instrument_names_regulation(self) -> Duty:
        if self.basis == "regulation" and not self.instrument:
            raise ValueError(_("a duty with basis 'regulation' names its instrument"))
        if self.basis != "regulation" and self.instrument:
            raise ValueError(_("instrument is for duties with basis 'regulation'"))
        return self


class DutiesFile(Model):
    duties: list[Duty]


# --- people.yaml -------------------------------------------------------------------------------


class Post(Model):
    role: Literal["director", "safety-lead", "industry-lead", "special-lead"]
    sections: Ids = []
    from_: Day = Field(alias="from")
    to: Day | None = None

    def holds_on(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.to is None or day <= self.to)


class Person(Model):
    id: str
    name: str
    #: the name in English reports (`--lang en`); the Chinese name when absent
    name_en: str | None = None
    #: a mobile number, for @-mentions in work-chat digests (`notify`)
    mobile: Annotated[str | None, BeforeValidator(_as_phone)] = None
    posts: list[Post] = []


class PeopleFile(Model):
    people: list[Person]


# --- records -----------------------------------------------------------------------------------


class RecordBase(Model):
    """Fields every record has. `id` is the file name, set by the loader, never written."""

    id: str = Field(exclude=True)
    kind: str
    date: Day = Field(description="the day it happened (YYYY-MM-DD)")
    title: str | None = Field(None, description="a short title")
    section: str | None = Field(None, description="the organising section (section id)")
    evidence: Texts = Field([], description="evidence files, paths relative to the repo root")
    notes: str | None = Field(None, description="free notes")


class Meeting(RecordBase):
    """会议: a meeting — prevention (防范安全事故), special (专题), party group or other."""

    kind: Literal["meeting"]
    type: MeetingType = Field(description="prevention, special, party-group or other")
    chair: str = Field(description="who chaired it (person id)")
    attendees: Ids = Field([], description="who attended (person ids)")
    minutes: str | None = Field(None, description="the minutes (会议记录), a path")
    topics: Texts = Field([], description="topics discussed")


class Inspection(RecordBase):
    """检查: a safety inspection."""

    kind: Literal["inspection"]
    led_by: Ids = Field(min_length=1, description="who led it (person ids)")
    participants: Ids = Field([], description="who took part (person ids)")
    sections: Ids = Field(min_length=1, description="the sections that took part (section ids)")
    sites: Texts = Field([], description="the units inspected (names)")
    industries: Ids = Field([], description="the industries inspected (industry ids)")
    holiday: str | None = Field(None, description="the holiday it prepares for (holiday key)")
    feedback_on: Day | None = Field(
        None, description="when written feedback went to the units (YYYY-MM-DD)"
    )


class Hazard(RecordBase):
    """隐患: a hazard found, to be rectified by a date."""

    kind: Literal["hazard"]
    description: str = Field(description="what was found")
    grade: Literal["general", "major"] = Field(description="general (一般) or major (重大)")
    rectify_by: Day = Field(description="the rectification deadline (YYYY-MM-DD)")
    inspection: str | None = Field(None, description="the inspection that found it (record id)")
    source: Literal["inspection", "tip-off", "self-report"] | None = Field(
        None, description="inspection, tip-off (举报) or self-report"
    )
    site: str | None = Field(None, description="the unit where it was found")
    industry: str | None = Field(None, description="industry id")
    responsible: str | None = Field(None, description="who is responsible at the unit")
    notice: str | None = Field(None, description="the rectification notice (整改通知书), a path")
    notice_on: Day | None = Field(None, description="when the notice was issued (YYYY-MM-DD)")


class Rectification(RecordBase):
    """整改验收: a hazard's rectification, verified."""

    kind: Literal["rectification"]
    hazard: str = Field(description="the hazard rectified (record id)")
    verified_by: Ids = Field(min_length=1, description="who verified it (person ids)")


class Drill(RecordBase):
    """演练: an emergency drill."""

    kind: Literal["drill"]
    organized_by: Ids = Field(min_length=1, description="who organised it (person ids)")
    plan: str | None = Field(None, description="the emergency plan (预案) exercised")
    scenario: str | None = Field(None, description="the scenario")
    participants_count: int | None = Field(None, ge=0, description="how many took part")


class Training(RecordBase):
    """培训: safety training."""

    kind: Literal["training"]
    topic: str = Field(description="the topic")
    audience: str | None = Field(None, description="who it was for")
    attendees_count: int | None = Field(None, ge=0, description="how many attended")
    organized_by: Ids = Field([], description="who organised it (person ids)")


class Accident(RecordBase):
    """事故: a production safety accident."""

    kind: Literal["accident"]
    occurred_at: Moment = Field(description="when it happened (date-time, +08:00 by default)")
    known_at: Moment = Field(description="when the commission learnt of it (date-time)")
    site: str = Field(description="where (the unit)")
    industry: str = Field(description="industry id")
    deaths: int = Field(ge=0, description="deaths")
    serious_injuries: int = Field(ge=0, description="serious injuries")
    direct_loss_wan: float = Field(
        0, ge=0, allow_inf_nan=False, description="direct economic loss (万元)"
    )
    grade: Grade | None = Field(None, description="computed from the figures; if given, must agree")
    reported_at: Moment | None = Field(None, description="when it was reported upward (date-time)")
    reported_to: str | None = Field(None, description="to whom it was reported")
    attended_by: Ids = Field([], description="who went to the scene (section or person ids)")
    attended_at: Moment | None = Field(None, description="when they arrived (date-time)")
    park: str | None = Field(None, description="the industrial park it happened in (its name)")
    liability: bool | None = Field(
        None, description="whether the investigation found it a 责任事故 (liability accident)"
    )
    responsible: Ids = Field(
        [], description="who was found primarily responsible (负有主要责任, person ids)"
    )

    @model_validator(mode="before")
    @classmethod
    def _date_defaults_to_occurrence(cls, data: Any) -> Any:
        if isinstance(data, dict) and "date" not in data and "occurred_at" in data:
            try:
                occurred = _as_datetime(data["occurred_at"])
            except ValueError:
                return data
            data = {**data, "date": occurred.astimezone(LOCAL_TZ).date()}
        return data

    @property
    def computed_grade(self) -> Grade:
        return accident_grade(self.deaths, self.serious_injuries, self.direct_loss_wan)


class Report(RecordBase):
    """报告: a report sent upward (定期向上级报告)."""

    kind: Literal["report"]
    to: str = Field(description="to whom")
    covers: str | None = Field(None, description="the period it covers (2026Q1, 2026H1, 2026)")
    subject: str | None = Field(None, description="its subject")
    by: Ids = Field([], description="who made the report (person ids)")


class Letter(RecordBase):
    """责任书: safety responsibility letters signed for a year."""

    kind: Literal["letter"]
    year: int = Field(ge=2000, le=2100, description="the year")
    signed_with: Texts = Field(min_length=1, description="with whom (sections, counties, units)")


class Approval(RecordBase):
    """审批: a technical-upgrade project approval (审批、核准、备案)."""

    kind: Literal["approval"]
    project: str = Field(description="the project")
    pre_evaluation_required: bool = Field(description="whether a 《安全预评价报告书》 is required")
    pre_evaluation_report: str | None = Field(None, description="the pre-evaluation report, a path")
    site: str | None = Field(None, description="the unit")
    industry: str | None = Field(None, description="industry id")


class Interview(RecordBase):
    """约谈: a formal interview with a unit."""

    kind: Literal["interview"]
    with_: str = Field(alias="with", description="the unit interviewed")
    reason: str = Field(description="why")


class Document(RecordBase):
    """文件: a document the commission drew up (年度目标, 应急救援预案, 规章制度)."""

    kind: Literal["document"]
    type: DocumentType = Field(description="yearly-goals, emergency-plan, rules or other")
    by: Ids = Field(min_length=1, description="who drew it up (person ids)")
    year: int | None = Field(None, ge=2000, le=2100, description="the year it is for")
    path: str | None = Field(None, description="the document itself, a path")


class Waiver(RecordBase):
    """豁免: an approved exemption from one obligation."""

    kind: Literal["waiver"]
    duty: str = Field(description="the duty (duty id)")
    holder: str = Field(description="the holder (person id, section id or commission)")
    period: str = Field(description="the period (2026Q3, 2026H2, 2026, 2026-national-day, …)")
    reason: str = Field(description="why")
    approved_by: str = Field(description="who approved it (person id)")


AnyRecord = (
    Meeting
    | Inspection
    | Hazard
    | Rectification
    | Drill
    | Training
    | Accident
    | Report
    | Letter
    | Approval
    | Interview
    | Waiver
    | Document
)
Record = Annotated[AnyRecord, Field(discriminator="kind")]

RECORD_TYPES: dict[str, type[RecordBase]] = {
    cls.model_fields["kind"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (
        Meeting,
        Inspection,
        Hazard,
        Rectification,
        Drill,
        Training,
        Accident,
        Report,
        Letter,
        Approval,
        Interview,
        Waiver,
        Document,
    )
}


def accident_grade(deaths: int, serious_injuries: int, direct_loss_wan: float) -> Grade:
    """The grade of 《生产安全事故报告和调查处理条例》 art. 3: the highest any figure reaches.

    "以上" includes the bound and "以下" excludes it, so 3 deaths is 较大 and 10 is 重大.
    """
    if deaths >= 30 or serious_injuries >= 100 or direct_loss_wan >= 10000:
        return "especially-serious"
    if deaths >= 10 or serious_injuries >= 50 or direct_loss_wan >= 5000:
        return "serious"
    if deaths >= 3 or serious_injuries >= 10 or direct_loss_wan >= 1000:
        return "larger"
    return "ordinary"


def reaches(threshold: Threshold, deaths: int, grade: Grade) -> bool:
    """Whether an accident reaches a section's 'attends the scene from' threshold.

    "Any death" sections attend from a death or from grade 较大 (SPEC §3: a 较大 accident of ten
    serious injuries and no death is more than a death threshold can leave out).
    """
    if threshold == "any-death":
        return deaths >= 1 or GRADE_RANK[grade] >= GRADE_RANK["larger"]
    return GRADE_RANK[grade] >= GRADE_RANK[threshold]
