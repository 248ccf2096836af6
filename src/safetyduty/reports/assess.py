"""The yearly assessment (履职考核, SPEC §10): every leader's and every section's scorecard.

`build_assessment(repo, evaluation, findings, year, as_of, lang)` turns the engine's obligations
and the assessment rules' findings (the veto, the promotion bar) into one plain structure;
`render/assess.py` prints it as a terminal table, JSON, Markdown and the A4 HTML, so the formats
never disagree. The scale is `repo.assessment` (data/assessment.yaml, see load/assessment.py).

Who is assessed: every person who held a leadership role (a post of sections.yaml's `roles`)
at some time in the year, up to the as-of date, for the obligations they held in it (a
person-held obligation belongs to whoever held the role on its due date, so a leader who left
in June answers for the first half only); every person a veto or a bar names; and every
section. The year's obligations are those due in it. The commission's and the Party group's own
obligations are nobody's scorecard: they are listed by `summary`.

Each `overdue` or `late` obligation costs its points, in due-date order, until the duty's cap
or the holder's total cap is reached; what a deduction costs after a cap is what is printed,
so that the deductions always add up to 100 minus the score. Waived, due and upcoming
obligations cost nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from safetyduty.i18n import t
from safetyduty.load.assessment import FULL_SCORE, AssessmentFile, Band
from safetyduty.load.models import Accident
from safetyduty.load.periods import Period, calendar_period
from safetyduty.load.repo import Repo
from safetyduty.reports.select import counts, duty_label, holder_order
from safetyduty.reports.summary import (
    Compliance,
    RecordRef,
    _roles,
    compliance,
    obligation_period_label,
    record_title,
)
from safetyduty.rules.engine import Evaluation
from safetyduty.rules.obligations import Obligation
from safetyduty.rules.sanctions import Finding


class AssessError(ValueError):
    """The assessment cannot be made as asked (a year not begun, or no scale)."""


def assessment_year(text: str, as_of: dt.date) -> Period:
    """The year `YEAR` names (2026). Raises AssessError for anything else, or a year that starts
    after `as_of`."""
    key = text.strip()
    period = calendar_period(key) if key.isdigit() and len(key) == 4 else None
    if period is None:
        raise AssessError(t("YEAR: '{text}' is not a year; write it as 2026", text=text))
    if period.start > as_of:
        raise AssessError(
            t(
                "YEAR: {year} starts on {start}, after the as-of date {as_of}; pass --as-of on "
                "or after its first day",
                year=period.key,
                start=period.start,
                as_of=as_of,
            )
        )
    return period


@dataclass(frozen=True)
class Deduction:
    duty: str
    duty_name: str
    period: str
    period_label: str
    due: dt.date
    state: str
    state_label: str
    #: the points deducted (after the caps)
    points: Decimal
    #: what the obligation costs before the caps
    nominal: Decimal
    records: tuple[RecordRef, ...]

    @property
    def capped(self) -> bool:
        return self.points < self.nominal


@dataclass(frozen=True)
class AccidentRef:
    id: str
    title: str
    date: dt.date
    grade: str
    grade_label: str
    liability: bool | None
    responsible: tuple[str, ...]
    responsible_names: tuple[str, ...]
    #: the holders this accident vetoes, and the people it bars (ids)
    vetoes: tuple[str, ...]
    bars: tuple[str, ...]


@dataclass(frozen=True)
class Scorecard:
    holder: str
    name: str
    #: person or section
    kind: str
    #: the posts held in the year, with the dates they began or ended within it
    roles: tuple[str, ...]
    counts: dict[str, int]
    compliance: Compliance
    score: Decimal
    #: the grade (band id) and its name: the score's band, or the veto's grade
    grade: str
    grade_name: str
    #: the band the score alone reaches (differs from `grade` when vetoed)
    score_grade_name: str
    deductions: tuple[Deduction, ...]
    veto: tuple[AccidentRef, ...]
    promotion_bar: tuple[AccidentRef, ...]


@dataclass(frozen=True)
class BandLine:
    id: str
    name: str
    min: Decimal


@dataclass(frozen=True)
class Scale:
    """The scale in words, for the report's notes."""

    bands: tuple[BandLine, ...]
    default_overdue: Decimal
    default_late: Decimal
    per_duty_cap: Decimal
    total_cap: Decimal
    veto_grade_name: str
    basis: str


@dataclass(frozen=True)
class Assessment:
    lang: str
    commission: str
    title: str
    year: int
    as_of: dt.date
    #: False while the as-of date is before the year's last day
    year_complete: bool
    holders: tuple[Scorecard, ...]
    accidents: tuple[AccidentRef, ...]
    scale: Scale


def build_assessment(
    repo: Repo,
    evaluation: Evaluation,
    findings: Sequence[Finding],
    year: Period,
    as_of: dt.date,
    lang: str,
) -> Assessment:
    """Every scorecard of `year` as of `as_of`, in `lang`, sorted by kind (people first), then
    score (highest first), then the usual holder order."""
    scale = repo.assessment
    if scale is None:
        raise AssessError(t("data/assessment.yaml could not be read; fix its errors first"))
    obligations: dict[str, list[Obligation]] = {}
    for obligation in evaluation.obligations:
        if obligation.due in year:
            obligations.setdefault(obligation.holder, []).append(obligation)
    accidents = tuple(_accidents(repo, findings, year, as_of, lang))
    by_id = {a.id: a for a in accidents}
    people = [
        person.id
        for person in repo.people.values()
        if any(
            post.from_ <= min(year.end, as_of) and (post.to is None or post.to >= year.start)
            for post in person.posts
        )
        or any(f.holder == person.id for f in findings)
    ]
    cards = [
        _scorecard(
            repo,
            scale,
            holder,
            kind,
            obligations.get(holder, []),
            findings,
            by_id,
            year,
            as_of,
            lang,
        )
        for kind, holders in (("person", people), ("section", list(repo.sections)))
        for holder in holders
    ]
    cards.sort(key=lambda c: (c.kind != "person", -c.score, holder_order(repo, c.holder)))
    bands = tuple(BandLine(b.id, _band_name(b, lang), _dec(b.min)) for b in scale.grades.bands)
    return Assessment(
        lang=lang,
        commission=repo.commission.name_en if lang == "en" else repo.commission.name,
        title=t("as_title", lang, year=year.key),
        year=int(year.key),
        as_of=as_of,
        year_complete=as_of >= year.end,
        holders=tuple(cards),
        accidents=accidents,
        scale=Scale(
            bands=bands,
            default_overdue=_dec(scale.deductions.default.overdue),
            default_late=_dec(scale.deductions.default.late),
            per_duty_cap=_dec(scale.caps.per_duty),
            total_cap=_dec(scale.caps.total),
            veto_grade_name=_band_name(scale.band_of(scale.veto.grade), lang),
            basis=scale.deductions.basis,
        ),
    )


def _dec(value: float) -> Decimal:
    # Through str, so that 0.1 is 0.1 and sums of tenths stay exact.
    return Decimal(str(value)).quantize(_TENTH)


_TENTH = Decimal("0.1")


def points_text(value: Decimal) -> str:
    """`4`, `2.5`: points as people write them."""
    return str(number(value))


def _band_name(band: Band, lang: str) -> str:
    return band.name_en if lang == "en" else band.name


def _scorecard(
    repo: Repo,
    scale: AssessmentFile,
    holder: str,
    kind: str,
    obligations: Sequence[Obligation],
    findings: Sequence[Finding],
    accidents: dict[str, AccidentRef],
    year: Period,
    as_of: dt.date,
    lang: str,
) -> Scorecard:
    deductions = tuple(_deductions(repo, scale, obligations, as_of, lang))
    score = (Decimal(FULL_SCORE) - sum((d.points for d in deductions), Decimal(0))).quantize(_TENTH)
    veto = tuple(accidents[f.accident] for f in findings if f.kind == "veto" and f.holder == holder)
    bar = tuple(
        accidents[f.accident] for f in findings if f.kind == "promotion-bar" and f.holder == holder
    )
    by_score = scale.band(float(score))
    band = scale.band_of(scale.veto.grade) if veto else by_score
    person = repo.people.get(holder)
    return Scorecard(
        holder=holder,
        name=repo.holder_name(holder, lang),
        kind=kind,
        roles=_roles(repo, person, year, lang) if person else (),
        counts=counts(obligations),
        compliance=compliance(obligations, as_of),
        score=score,
        grade=band.id,
        grade_name=_band_name(band, lang),
        score_grade_name=_band_name(by_score, lang),
        deductions=deductions,
        veto=tuple(dict.fromkeys(veto)),
        promotion_bar=tuple(dict.fromkeys(bar)),
    )


def _deductions(
    repo: Repo,
    scale: AssessmentFile,
    obligations: Iterable[Obligation],
    as_of: dt.date,
    lang: str,
) -> Iterable[Deduction]:
    per_duty_cap, total_cap = _dec(scale.caps.per_duty), _dec(scale.caps.total)
    spent: dict[str, Decimal] = {}
    total = Decimal(0)
    for obligation in sorted(obligations, key=Obligation.sort_key):
        if obligation.state not in ("overdue", "late"):
            continue
        duty = repo.duties.get(obligation.duty)
        rule_type = duty.rule.type if duty and duty.rule else ""
        cost = scale.cost(obligation.duty, rule_type)
        nominal = _dec(cost.overdue if obligation.state == "overdue" else cost.late)
        room = min(per_duty_cap - spent.get(obligation.duty, Decimal(0)), total_cap - total)
        points = max(Decimal(0), min(nominal, room))
        spent[obligation.duty] = spent.get(obligation.duty, Decimal(0)) + points
        total += points
        yield Deduction(
            duty=obligation.duty,
            duty_name=duty_label(repo, obligation.duty, lang),
            period=obligation.period,
            period_label=obligation_period_label(repo, obligation.period, lang),
            due=obligation.due,
            state=obligation.state,
            state_label=t(obligation.state, lang),
            points=points,
            nominal=nominal,
            records=tuple(_ref(repo, r) for r in obligation.records),
        )


def _ref(repo: Repo, record_id: str) -> RecordRef:
    record = repo.records.get(record_id)
    if record is None:
        return RecordRef(record_id, dt.date.min, record_id)
    return RecordRef(record_id, record.date, record_title(record))


def _accidents(
    repo: Repo, findings: Sequence[Finding], year: Period, as_of: dt.date, lang: str
) -> Iterable[AccidentRef]:
    records = sorted(
        (
            r
            for r in repo.records.values()
            if isinstance(r, Accident) and r.date in year and r.date <= as_of
        ),
        key=lambda r: (r.date, r.id),
    )
    for record in records:
        yield AccidentRef(
            id=record.id,
            title=record_title(record),
            date=record.date,
            grade=record.computed_grade,
            grade_label=t(record.computed_grade, lang),
            liability=record.liability,
            responsible=tuple(record.responsible),
            responsible_names=tuple(repo.holder_name(p, lang) for p in record.responsible),
            vetoes=_named(repo, findings, "veto", record.id),
            bars=_named(repo, findings, "promotion-bar", record.id),
        )


def _named(repo: Repo, findings: Sequence[Finding], kind: str, accident: str) -> tuple[str, ...]:
    """The holders an accident's findings of `kind` name, in the usual holder order."""
    holders = {f.holder for f in findings if f.kind == kind and f.accident == accident}
    return tuple(sorted(holders, key=lambda h: holder_order(repo, h)))


def as_json(assessment: Assessment) -> dict[str, object]:
    """The JSON of SPEC §10, exactly its keys: `veto` and `promotion_bar` list the accidents'
    ids (empty when there is none); points and scores are numbers."""
    return {
        "year": assessment.year,
        "as_of": assessment.as_of.isoformat(),
        "holders": [
            {
                "holder": card.holder,
                "kind": card.kind,
                "score": number(card.score),
                "grade": card.grade,
                "veto": [a.id for a in card.veto],
                "promotion_bar": [a.id for a in card.promotion_bar],
                "counts": dict(card.counts),
                "deductions": [
                    {
                        "duty": d.duty,
                        "period": d.period,
                        "state": d.state,
                        "points": number(d.points),
                    }
                    for d in card.deductions
                ],
            }
            for card in assessment.holders
        ],
    }


def number(value: Decimal) -> int | float:
    """Points as JSON and spreadsheets want them: an int when whole, else one decimal."""
    return int(value) if value == value.to_integral_value() else float(value.quantize(_TENTH))
