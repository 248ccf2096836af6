"""Which obligations a new record satisfies, and, when none, why not.

`log` prints one `satisfies DUTY HOLDER PERIOD` line per obligation the record it writes counts
for (SPEC §7), found by evaluating the repo with the record added; when there is none it says
why, from the rules of the duties that count records of its kind: a meeting of the wrong type
or without minutes, an inspection that no leader took part in, a date outside every window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from safetyduty.i18n import t
from safetyduty.load.models import AnyRecord, Duty, Meeting, PeriodicRule
from safetyduty.load.periods import containing, holiday_key
from safetyduty.load.repo import Repo
from safetyduty.rules.engine import evaluate
from safetyduty.rules.obligations import Obligation


def with_record(repo: Repo, record: AnyRecord, display: str) -> Repo:
    """`repo` as it will be once `record` is written at `display`."""
    return dataclasses.replace(
        repo,
        records={**repo.records, record.id: record},
        record_paths={**repo.record_paths, record.id: display},
    )


def satisfied(repo: Repo, record: AnyRecord, as_of: dt.date) -> list[Obligation]:
    """The obligations of `repo` (which holds `record`) that `record` counts for, met or late,
    evaluated as of `as_of` or the record's date, whichever is later. A follow-up the record
    brings with it counts when the record itself meets it (an inspection written with its
    feedback date, a major hazard with its notice); one still open (a new hazard's
    rectification) is not met, so it is not listed."""
    day = max(as_of, record.date)
    return [
        obligation
        for obligation in evaluate(repo, day).obligations
        if record.id in obligation.records and obligation.state in ("met", "late")
    ]


def satisfies_line(repo: Repo, obligation: Obligation, lang: str) -> str:
    """`satisfies DUTY HOLDER PERIOD`, then the same in words (the first four words are fixed,
    for scripts; the words are for people)."""
    duty = repo.duties.get(obligation.duty)
    name = (duty.name_en if lang == "en" else duty.name) if duty else None
    holiday = holiday_key(obligation.period)
    period = f"{holiday[0]} {t(holiday[1], lang)}" if holiday else obligation.period
    words = t(
        "satisfies_words",
        lang,
        duty=name or obligation.duty,
        holder=repo.holder_name(obligation.holder, lang),
        period=period,
    )
    return f"satisfies {obligation.duty} {obligation.holder} {obligation.period}  {words}"


def why_none(repo: Repo, record: AnyRecord, lang: str) -> list[str]:
    """Why `record` satisfies no obligation: one sentence per duty with a periodic rule that
    counts records of its kind, else one general sentence."""
    reasons = []
    for duty in repo.duties.values():
        rule = duty.rule
        if not isinstance(rule, PeriodicRule) or rule.activity != record.kind:
            continue
        reason = _periodic_reason(repo, duty, rule, record, lang)
        if reason:
            reasons.append(t("{duty}: {reason}", lang, duty=duty.id, reason=reason))
    if not reasons:
        reasons.append(t("lg_no_duty_counts", lang, kind=t(record.kind, lang)))
    return reasons


def _periodic_reason(
    repo: Repo, duty: Duty, rule: PeriodicRule, record: AnyRecord, lang: str
) -> str:
    if isinstance(record, Meeting):
        if rule.meeting_types and record.type not in rule.meeting_types:
            return t(
                "lg_why_type",
                lang,
                type=t(f"lg_c_type_{record.type}", lang),
                types=", ".join(t(f"lg_c_type_{kind}", lang) for kind in rule.meeting_types),
            )
        if rule.requires_minutes and not record.minutes:
            return t("lg_why_minutes", lang)
    if rule.holder_fields:
        period = containing(rule.period, record.date)
        named: set[str] = set()
        for name in rule.holder_fields:
            value = getattr(record, name, None) or []
            named.update([value] if isinstance(value, str) else value)
        holders = {
            pid
            for pid, person in repo.people.items()
            if any(post.role == duty.holder and post.holds_on(period.end) for post in person.posts)
        }
        if not named & holders:
            return t(
                "lg_why_leader",
                lang,
                fields=", ".join(rule.holder_fields),
                role=repo.holder_name(duty.holder, lang),
            )
    return ""
