"""Choosing and describing obligations for people: the status view's filters, grouping and the
words next to each state. Shared by `status`, `summary` and `calendar`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from safetyduty.i18n import _, t
from safetyduty.load.periods import calendar_period, holiday_key
from safetyduty.load.problems import Problem, did_you_mean, error
from safetyduty.load.repo import Repo
from safetyduty.load.validate import AmbiguousName, person_hint, person_or_value
from safetyduty.rules.obligations import STATES, Obligation, rule_position


@dataclass(frozen=True)
class Filters:
    period: str | None = None
    holder: str | None = None
    duty: str | None = None
    states: tuple[str, ...] = ()
    show_all: bool = False


def check_filters(repo: Repo, filters: Filters, obligations: Iterable[Obligation]) -> Filters:
    """`filters` with a holder given by a person's name turned into the person's id; raise
    LookupError naming the option when a filter names nothing that exists."""
    if filters.duty is not None and filters.duty not in repo.duties:
        raise LookupError(
            _(
                "--duty: unknown duty '{value}'{hint}",
                value=filters.duty,
                hint=did_you_mean(filters.duty, repo.duties),
            )
        )
    if filters.holder is not None:
        try:
            holder = person_or_value(repo, filters.holder)
        except AmbiguousName as exc:
            raise LookupError(f"--holder: {exc}") from None
        known = {*repo.people, *repo.sections, *repo.roles, "commission"}
        if holder not in known:
            hint = did_you_mean(holder, known - set(repo.people)) or person_hint(repo, holder)
            raise LookupError(
                _("--holder: unknown holder '{value}'{hint}", value=filters.holder, hint=hint)
            )
        filters = dataclasses.replace(filters, holder=holder)
    if filters.period is not None and calendar_period(filters.period) is None:
        periods = {o.period for o in obligations}
        if filters.period not in periods:
            raise LookupError(
                _(
                    "--period: '{value}' is not a period; write 2026Q1, 2026H1, 2026, a holiday "
                    "like 2026-national-day, or a record id{hint}",
                    value=filters.period,
                    hint=did_you_mean(filters.period, periods),
                )
            )
    return filters


def select(
    repo: Repo, obligations: Iterable[Obligation], as_of: dt.date, filters: Filters
) -> list[Obligation]:
    """The obligations a status view shows, in engine order (due, duty, holder).

    Without `--all` or `--period`: those whose window contains the as-of date, and every
    overdue one since tracking start. A calendar `--period` (2026Q1, 2026H1, 2026) selects the
    obligations due within it and those of that very period (a quarter's report, due after the
    quarter ends); any other period key selects that period exactly.
    """
    span = calendar_period(filters.period) if filters.period else None
    chosen = []
    for obligation in obligations:
        if filters.period is not None:
            if span is not None:
                if obligation.due not in span and obligation.period != span.key:
                    continue
            elif obligation.period != filters.period:
                continue
        elif not filters.show_all and not (
            obligation.state == "overdue" or obligation.window_start <= as_of <= obligation.due
        ):
            continue
        if filters.duty is not None and obligation.duty != filters.duty:
            continue
        if filters.holder is not None and not _holder_matches(repo, obligation, filters.holder):
            continue
        if filters.states and obligation.state not in filters.states:
            continue
        chosen.append(obligation)
    return chosen


def _holder_matches(repo: Repo, obligation: Obligation, holder: str) -> bool:
    if obligation.holder == holder:
        return True
    duty = repo.duties.get(obligation.duty)
    return holder in repo.roles and duty is not None and duty.holder == holder


def duty_label(repo: Repo, duty_id: str, lang: str) -> str:
    """A duty's short name in the language, else its id."""
    duty = repo.duties.get(duty_id)
    if duty is None:
        return duty_id
    name = duty.name_en if lang == "en" else duty.name
    return name or duty_id


def period_label(period: str, lang: str) -> str:
    """A period for people: holidays by name (`2026 国庆节`), other keys as they are."""
    found = holiday_key(period)
    return f"{found[0]} {t(found[1], lang)}" if found else period


def remark(obligation: Obligation, as_of: dt.date, lang: str) -> str:
    """Days overdue or left, or when it was done, for the table's last column."""
    if obligation.state == "overdue":
        return t("days_overdue", lang, n=(as_of - obligation.due).days)
    if obligation.state == "due":
        left = (obligation.due - as_of).days
        return t("due_today", lang) if left == 0 else t("days_left", lang, n=left)
    if obligation.state == "upcoming":
        return t("starts_in", lang, n=(obligation.window_start - as_of).days)
    if obligation.done_on is not None:
        return t("done_on", lang, date=obligation.done_on.isoformat())
    return ""


def holder_order(repo: Repo, holder: str) -> tuple[int, int, str]:
    """Commission first, then people in people.yaml order, then sections in matrix order."""
    if holder == "commission":
        return (0, 0, holder)
    people = list(repo.people)
    if holder in repo.people:
        return (1, people.index(holder), holder)
    sections = list(repo.sections)
    if holder in repo.sections:
        return (2, sections.index(holder), holder)
    return (3, 0, holder)


def grouped(repo: Repo, obligations: Iterable[Obligation]) -> list[tuple[str, list[Obligation]]]:
    """Obligations by holder: holders with something overdue first, each group worst first."""
    groups: dict[str, list[Obligation]] = {}
    for obligation in obligations:
        groups.setdefault(obligation.holder, []).append(obligation)
    for items in groups.values():
        items.sort(key=lambda o: (STATES.index(o.state), o.due, o.duty, o.period))
    return sorted(
        groups.items(),
        key=lambda item: (
            not any(o.state == "overdue" for o in item[1]),
            holder_order(repo, item[0]),
        ),
    )


def counts(obligations: Iterable[Obligation]) -> dict[str, int]:
    """How many obligations are in each state, every state present, in STATES order."""
    found: dict[str, int] = dict.fromkeys(STATES, 0)
    for obligation in obligations:
        found[obligation.state] += 1
    return found


def overdue_problems(repo: Repo, obligations: Iterable[Obligation], lang: str) -> list[Problem]:
    """Each overdue obligation as an error, for `check --fail-on overdue`: located at the record
    it arises from (hazards, inspections, accidents, approvals), else at the duty's rule."""
    problems = []
    for obligation in obligations:
        if obligation.state != "overdue":
            continue
        if obligation.period in repo.record_paths:
            path, line, column = repo.record_paths[obligation.period], 1, 1
        else:
            path, line, column = rule_position(repo, obligation.duty)
        message = t(
            "overdue: {duty} · {holder} · {period}, due {due} ({id})",
            lang,
            duty=duty_label(repo, obligation.duty, lang),
            holder=repo.holder_name(obligation.holder, lang),
            period=period_label(obligation.period, lang),
            due=obligation.due.isoformat(),
            id=obligation.duty,
        )
        problems.append(error(path, line, column, "overdue", message))
    return problems
