"""The yearly assessment's scale, `data/assessment.yaml`: points per missed obligation, caps and
grade bands, as strict models, and the checks that need the duty matrix.

The seed asks for assessment (三.3 定期进行检查和考核; 四（一）3 履职考核、严格考核奖惩) but gives
no scale, so the shipped file is `local-default` throughout; a records repo may carry its own
`data/assessment.yaml` (its city's 考核办法, say, with `basis: regulation` and the instrument).
A missed (`overdue`) or `late` obligation costs the points of its duty (`by_duty`), else of its
rule type (`by_rule_type`), else `default`; a holder loses at most `caps.per_duty` for one duty
in a year and at most `caps.total` in all; the score is 100 minus what was lost, and the grade
is the band with the highest `min` the score reaches (a vetoed holder gets `veto.grade`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from safetyduty.i18n import _
from safetyduty.load import yamlfile
from safetyduty.load.models import ID_PATTERN, Duty, Model, Rule
from safetyduty.load.problems import Problem, did_you_mean, error, warning

FULL_SCORE = 100

#: Rule types that give no obligation, so nothing to deduct for (the veto and the bar).
UNSCORED_RULE_TYPES = ("assessment-veto", "promotion-bar")
RULE_TYPES: tuple[str, ...] = tuple(
    get_args(cls.model_fields["type"].annotation)[0] for cls in get_args(get_args(Rule)[0])
)
SCORED_RULE_TYPES = tuple(name for name in RULE_TYPES if name not in UNSCORED_RULE_TYPES)


def _tenths(value: float) -> float:
    if Decimal(str(value)) != Decimal(str(value)).quantize(Decimal("0.1")):
        raise ValueError(_("write points to one decimal at most (got {value})", value=value))
    return value


Points = Annotated[float, Field(ge=0, le=FULL_SCORE, allow_inf_nan=False), AfterValidator(_tenths)]
Basis = Literal["seed", "regulation", "local-default"]


class _Based(Model):
    basis: Basis
    instrument: str | None = None

    @model_validator(mode="after")
    def _instrument_names_regulation(self) -> _Based:
        if self.basis == "regulation" and not self.instrument:
            raise ValueError(_("basis 'regulation' names its instrument"))
        if self.basis != "regulation" and self.instrument:
            raise ValueError(_("instrument is for basis 'regulation'"))
        return self


class Cost(Model):
    """The points one obligation costs: when missed (`overdue`) and when done `late`."""

    overdue: Points
    late: Points


class Deductions(_Based):
    default: Cost
    by_rule_type: dict[str, Cost] = {}
    by_duty: dict[str, Cost] = {}

    @model_validator(mode="after")
    def _known_rule_types(self) -> Deductions:
        for name in self.by_rule_type:
            if name not in SCORED_RULE_TYPES:
                raise ValueError(
                    _(
                        "by_rule_type: '{name}' is not a rule type that gives obligations{hint} "
                        "(one of: {choices})",
                        name=name,
                        hint=did_you_mean(name, SCORED_RULE_TYPES),
                        choices=", ".join(SCORED_RULE_TYPES),
                    )
                )
        return self


class Caps(_Based):
    #: the most one duty can cost a holder in a year
    per_duty: Points = FULL_SCORE
    #: the most a holder can lose in a year (the score never goes below 100 minus this)
    total: Points = FULL_SCORE


class Band(Model):
    id: str = Field(pattern=ID_PATTERN)  # a compiled pattern: Python's re, for its \Z
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    min: Points


class Grades(_Based):
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _bands_cover_the_scale(self) -> Grades:
        ids = [band.id for band in self.bands]
        for band_id in ids:
            if ids.count(band_id) > 1:
                raise ValueError(_("bands: duplicate id '{id}'", id=band_id))
        mins = [band.min for band in self.bands]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise ValueError(
                _("bands: list them from the highest `min` down, each `min` different")
            )
        if mins[-1] != 0:
            raise ValueError(
                _("bands: the last band has `min: 0`, so that every score has a grade")
            )
        return self


class Veto(_Based):
    #: the grade a vetoed holder gets whatever the score (a band id)
    grade: str


class AssessmentFile(Model):
    deductions: Deductions
    caps: Caps
    grades: Grades
    veto: Veto

    @field_validator("veto")
    @classmethod
    def _veto_grade_is_a_band(cls, veto: Veto, info: ValidationInfo) -> Veto:
        grades = info.data.get("grades")
        ids = [band.id for band in grades.bands] if isinstance(grades, Grades) else []
        if ids and veto.grade not in ids:
            raise ValueError(
                _(
                    "grade '{grade}' is not a band id{hint} (one of: {choices})",
                    grade=veto.grade,
                    hint=did_you_mean(veto.grade, ids),
                    choices=", ".join(ids),
                )
            )
        return veto

    def cost(self, duty: str, rule_type: str) -> Cost:
        """What an obligation of `duty` (a rule of `rule_type`) costs."""
        return (
            self.deductions.by_duty.get(duty)
            or self.deductions.by_rule_type.get(rule_type)
            or self.deductions.default
        )

    def band(self, score: float) -> Band:
        """The band with the highest `min` that `score` reaches."""
        return next(band for band in self.grades.bands if score >= band.min)

    def band_of(self, band_id: str) -> Band:
        return next(band for band in self.grades.bands if band.id == band_id)


def check_assessment(
    assessment: AssessmentFile,
    duties: Mapping[str, Duty],
    unreadable: Collection[str],
    display: str,
    path: Path,
) -> list[Problem]:
    """The checks that need the duty matrix: every duty in `by_duty` exists (an error) and
    gives obligations (a warning: a duty without a scheduled rule never costs anything).
    `unreadable` are duty ids whose entries are broken (reported in duties.yaml already).
    Only for a repo's own file: the shipped one fits the shipped matrix."""
    text: str | None = None
    problems: list[Problem] = []
    for duty_id in assessment.deductions.by_duty:
        duty = duties.get(duty_id)
        if duty is not None and duty.rule is not None and duty.rule.type in SCORED_RULE_TYPES:
            continue
        if duty is None and duty_id in unreadable:
            continue
        if text is None:
            try:
                text = yamlfile.decode(path.read_bytes(), display)[0] or ""
            except OSError:
                text = ""
        line, column = yamlfile.locate(text, ("deductions", "by_duty", duty_id), key=True)
        if duty is None:
            problems.append(
                error(
                    display,
                    line,
                    column,
                    "unknown-duty",
                    _(
                        "by_duty: unknown duty '{duty}'{hint}",
                        duty=duty_id,
                        hint=did_you_mean(duty_id, duties),
                    ),
                )
            )
        else:
            problems.append(
                warning(
                    display,
                    line,
                    column,
                    "unscored-duty",
                    _(
                        "by_duty: duty '{duty}' gives no obligations (it has no rule, or its "
                        "rule is not scheduled), so these points are never deducted",
                        duty=duty_id,
                    ),
                )
            )
    return problems
