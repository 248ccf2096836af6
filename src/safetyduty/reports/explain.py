"""Why an obligation is in its state (SPEC §9): the duty, its rule in words, every record the
rule weighed with its verdict and the reason, the interpretation notes, and the state.

The verdicts are the rule types' own (`Obligation.considered`, written where each rule decides);
this module only puts them into words, so the explanation cannot disagree with `status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from safetyduty.i18n import t
from safetyduty.load.models import (
    AccidentAttendanceRule,
    AccidentReportRule,
    AssessmentVetoRule,
    Duty,
    HazardRectificationRule,
    HolidayInspectionRule,
    InspectionFeedbackRule,
    LeaderAttendanceRule,
    MajorHazardNoticeRule,
    PeriodicReportRule,
    PeriodicRule,
    PreEvaluationRule,
    PromotionBarRule,
    YearlyRecordRule,
)
from safetyduty.load.repo import Repo
from safetyduty.reports.select import duty_label, period_label
from safetyduty.rules.obligations import Considered, Obligation


@dataclass(frozen=True)
class Verdict:
    record: str
    counts: bool
    reason: str


@dataclass(frozen=True)
class Explained:
    obligation: Obligation
    rule: str
    considered: tuple[Verdict, ...]


def explain(repo: Repo, duty: Duty, obligations: list[Obligation], lang: str) -> list[Explained]:
    """Each obligation of `duty` with its rule and its considered records, in words."""
    rule = rule_words(duty, lang)
    return [
        Explained(
            obligation=o,
            rule=rule,
            considered=tuple(
                Verdict(c.record, c.counts, reason_words(repo, c, lang)) for c in o.considered
            ),
        )
        for o in obligations
        if o.duty == duty.id
    ]


def as_json(as_of: dt.date, items: list[Explained]) -> dict[str, object]:
    """The JSON shape of SPEC §9, exactly its keys."""
    return {
        "as_of": as_of.isoformat(),
        "obligations": [
            {
                **{k: v for k, v in item.obligation.as_dict().items() if k != "records"},
                "rule": item.rule,
                "considered": [
                    {"record": v.record, "counts": v.counts, "reason": v.reason}
                    for v in item.considered
                ],
            }
            for item in items
        ],
    }


def as_text(repo: Repo, duty: Duty, items: list[Explained], as_of: dt.date, lang: str) -> str:
    """The explanation as a person reads it: the duty once, then each obligation."""
    en = lang == "en"
    colon = ": " if en else "："
    lines = [
        f"{duty_label(repo, duty.id, lang)} ({duty.id}) · {duty.source}",
        f"{t('ex_duty', lang)}{colon}{duty.text_en if en else duty.text}",
        f"{t('ex_rule', lang)}{colon}{items[0].rule if items else rule_words(duty, lang)}",
        f"{t('ex_basis', lang)}{colon}{t('ex_basis_' + duty.basis, lang)}"
        + (f" ({duty.instrument})" if duty.instrument else ""),
    ]
    if duty.interpretation is not None:
        note = duty.interpretation.en if en else duty.interpretation.zh
        lines.append(f"{t('ex_interpretation', lang)}{colon}{note}")
    lines.append(f"{t('as_of', lang)} {as_of.isoformat()}")
    if not items:
        lines += ["", t("ex_none", lang)]
    for item in items:
        o = item.obligation
        lines += [
            "",
            f"— {repo.holder_name(o.holder, lang)} · {period_label(o.period, lang)} · "
            f"{o.window_start.isoformat()} – {o.due.isoformat()} · "
            f"{t('ex_state', lang)}{colon}{t(o.state, lang)} ({o.state})",
        ]
        if not item.considered:
            lines.append(f"  {t('ex_no_records', lang)}")
        for verdict in item.considered:
            record = repo.records.get(verdict.record)
            dated = f" {record.date.isoformat()}" if record is not None else ""
            mark = "✓" if verdict.counts else "✗"
            lines.append(f"  {mark} {verdict.record}{dated}{colon}{verdict.reason}")
    return "\n".join(lines) + "\n"


def reason_words(repo: Repo, considered: Considered, lang: str) -> str:
    """A rule's verdict on one record, in words; people by name."""
    values = {
        key: (repo.holder_name(value, lang) if key == "person" else value)
        for key, value in considered.values
    }
    if "period" in values:
        values["period"] = period_label(values["period"], lang)
    return t(f"why_{considered.reason}", lang, **values)


def _hours(value: float) -> str:
    return f"{value:g}"


def rule_words(duty: Duty, lang: str) -> str:
    """A duty's rule in words: what counts, the window, the due date."""
    rule = duty.rule
    if rule is None:
        return t("ex_unruled", lang)
    if isinstance(rule, PeriodicRule):
        period = t(f"ex_p_{rule.period}", lang)
        conditions = ""
        if rule.meeting_types:
            conditions += t("ex_c_types", lang, types=", ".join(rule.meeting_types))
        if rule.requires_minutes:
            conditions += t("ex_c_minutes", lang)
        if rule.holder_fields:
            conditions += t("ex_c_holder", lang, fields=", ".join(rule.holder_fields))
        return t(
            "ex_r_periodic",
            lang,
            n=rule.min_count,
            activity=t(rule.activity, lang),
            period=period,
            conditions=conditions,
        )
    if isinstance(rule, HolidayInspectionRule):
        return t("ex_r_holiday", lang, days=rule.window_days)
    if isinstance(rule, HazardRectificationRule):
        return t("ex_r_rectification", lang)
    if isinstance(rule, MajorHazardNoticeRule):
        return t("ex_r_notice", lang, days=rule.notice_within_days)
    if isinstance(rule, InspectionFeedbackRule):
        return t("ex_r_feedback", lang, days=rule.feedback_within_days)
    if isinstance(rule, AccidentReportRule):
        return t("ex_r_report", lang, hours=_hours(rule.within_hours))
    if isinstance(rule, AccidentAttendanceRule):
        return t("ex_r_attendance", lang, hours=_hours(rule.within_hours))
    if isinstance(rule, LeaderAttendanceRule):
        return t(
            "ex_r_leaders", lang, hours=_hours(rule.within_hours), grade=t(rule.from_grade, lang)
        )
    if isinstance(rule, PreEvaluationRule):
        sections = ", ".join(rule.sections) if rule.sections else t("ex_any", lang)
        if rule.include_unset:
            sections += t("ex_or_unset", lang)
        return t("ex_r_pre_evaluation", lang, sections=sections)
    if isinstance(rule, PeriodicReportRule):
        period = t(f"ex_p_{rule.period}", lang)
        conditions = t("ex_c_longer", lang) if rule.longer_covers else ""
        if rule.holder_fields:
            conditions += t("ex_c_holder", lang, fields=", ".join(rule.holder_fields))
        return t(
            "ex_r_periodic_report",
            lang,
            period=period,
            days=rule.due_after_days,
            conditions=conditions,
        )
    if isinstance(rule, AssessmentVetoRule):
        return t("ex_r_veto", lang, grade=t(rule.min_grade, lang))
    if isinstance(rule, PromotionBarRule):
        return t("ex_r_bar", lang, grade=t(rule.min_grade, lang))
    assert isinstance(rule, YearlyRecordRule)
    conditions = t("ex_c_types", lang, types=rule.document_type) if rule.document_type else ""
    if rule.holder_fields:
        conditions += t("ex_c_holder", lang, fields=", ".join(rule.holder_fields))
    if rule.activity == "letter":
        conditions += t("ex_c_section", lang)
    return t(
        "ex_r_yearly",
        lang,
        activity=t(rule.activity, lang),
        conditions=conditions,
        due=rule.due,
    )
