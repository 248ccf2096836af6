"""The work-chat digest (`notify`, SPEC §11) as data, and as lines any chat platform can render.

This module owns "what does the weekly message say": counts by state, what changed since a
week before, each overdue obligation and each one due within some days, with the holder's
name, the duty's short name and the days, who is @-mentioned (people with a `mobile`), and
the leader each obligation overdue for too long is raised to (`escalation`). How a platform
writes those lines (its markdown, its mentions, its size limits) is `reports.notify`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from safetyduty.i18n import t
from safetyduty.load.problems import Problem
from safetyduty.load.repo import Repo
from safetyduty.reports.changes import ChangeTally, changes, tally
from safetyduty.reports.escalation import leaders_above
from safetyduty.reports.select import (
    Filters,
    check_filters,
    counts,
    duty_label,
    period_label,
    select,
)
from safetyduty.rules.obligations import Obligation


@dataclass(frozen=True)
class Mention:
    """A person named in the digest; those with a mobile are @-mentioned."""

    person: str
    name: str
    mobile: str | None


@dataclass(frozen=True)
class DigestItem:
    """One obligation in the digest: overdue by `days`, or due in `days`."""

    obligation: Obligation
    holder: str | Mention
    duty_name: str
    period_name: str
    days: int
    #: the leaders it is raised to, when overdue for longer than the escalation threshold
    escalated_to: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Digest:
    as_of: dt.date
    commission: str
    counts: dict[str, int]
    since: dt.date
    changed: ChangeTally
    overdue: list[DigestItem]
    due_soon: list[DigestItem]
    within: int
    escalate_after: int

    @property
    def mentions(self) -> list[Mention]:
        """Everyone @-mentioned (with a mobile), once each, in order of first appearance."""
        found: dict[str, Mention] = {}
        for item in (*self.overdue, *self.due_soon):
            for person in (item.holder, *item.escalated_to):
                if isinstance(person, Mention) and person.mobile:
                    found.setdefault(person.person, person)
        return list(found.values())


def _person(repo: Repo, person_id: str, lang: str) -> Mention:
    person = repo.people[person_id]
    return Mention(person_id, repo.holder_name(person_id, lang), person.mobile)


def _period_name(repo: Repo, period: str, lang: str) -> str:
    """A period in words; an event obligation's period is its record, named by its title."""
    record = repo.records.get(period)
    if record is not None and record.title:
        return record.title
    return period_label(period, lang)


def build_digest(
    repo: Repo,
    shown: list[Obligation],
    every: Iterable[Obligation],
    before: Iterable[Obligation],
    *,
    as_of: dt.date,
    since: dt.date,
    within: int,
    escalate_after: int,
    lang: str,
) -> Digest:
    """The digest as of `as_of`: `shown` is the status view counted by state (the current
    period's obligations and every overdue one), `every` all obligations (for those due
    within `within` days), `before` the same obligations as of `since`."""
    every = list(every)

    def holder(o: Obligation) -> str | Mention:
        if o.holder in repo.people:
            return _person(repo, o.holder, lang)
        return repo.holder_name(o.holder, lang)

    def item(o: Obligation, days: int, escalate: bool) -> DigestItem:
        above = leaders_above(repo, o.holder, o.duty, as_of) if escalate else ()
        return DigestItem(
            obligation=o,
            holder=holder(o),
            duty_name=duty_label(repo, o.duty, lang),
            period_name=_period_name(repo, o.period, lang),
            days=days,
            escalated_to=tuple(_person(repo, p, lang) for p in above),
        )

    overdue = [
        item(o, (as_of - o.due).days, (as_of - o.due).days > escalate_after)
        for o in every
        if o.state == "overdue"
    ]
    overdue.sort(key=lambda i: (-i.days, i.obligation.duty, i.obligation.holder))
    due_soon = [
        item(o, (o.due - as_of).days, False)
        for o in every
        if o.state in ("due", "upcoming") and 0 <= (o.due - as_of).days <= within
    ]
    due_soon.sort(key=lambda i: (i.days, i.obligation.duty, i.obligation.holder))
    return Digest(
        as_of=as_of,
        commission=repo.commission.name_en if lang == "en" else repo.commission.name,
        counts=counts(shown),
        since=since,
        changed=tally(changes(before, every)),
        overdue=overdue,
        due_soon=due_soon,
        within=within,
        escalate_after=escalate_after,
    )


def digest_as_of(
    repo: Repo,
    as_of: dt.date,
    *,
    within: int,
    escalate_after: int,
    holder: str | None,
    lang: str,
) -> tuple[Digest, list[Problem]]:
    """The digest for `holder` (or everyone) as of a day, compared with a week before, and
    the problems evaluation met. LookupError when `holder` names nobody."""
    from safetyduty.rules.engine import evaluate

    horizon = max(as_of + dt.timedelta(days=within), dt.date(as_of.year, 12, 31))
    now = evaluate(repo, as_of, until=horizon)
    since = as_of - dt.timedelta(days=7)
    before = evaluate(repo, since, until=horizon)
    check_filters(repo, Filters(holder=holder), now.obligations)
    every = Filters(holder=holder, show_all=True)
    digest = build_digest(
        repo,
        select(repo, now.obligations, as_of, Filters(holder=holder)),
        select(repo, now.obligations, as_of, every),
        select(repo, before.obligations, since, every),
        as_of=as_of,
        since=since,
        within=within,
        escalate_after=escalate_after,
        lang=lang,
    )
    return digest, now.problems


# --- lines -------------------------------------------------------------------------------------

LineKind = Literal["title", "heading", "item", "text"]
Part = str | Mention


@dataclass(frozen=True)
class Line:
    """One line of the digest: text and the people in it, for a platform to write in its
    markdown. `alert` marks what needs action now (the overdue heading)."""

    kind: LineKind
    parts: tuple[Part, ...]
    alert: bool = False

    def plain(self) -> str:
        return "".join(p if isinstance(p, str) else p.name for p in self.parts)


def digest_lines(digest: Digest, lang: str) -> list[Line]:
    """The digest, line by line, in the language. The first line is the title."""
    lines = [Line("title", (t("nt_title", lang, date=digest.as_of.isoformat()),))]
    tally = " · ".join(f"{t(state, lang)} {n}" for state, n in digest.counts.items() if n)
    tally = tally or t("no_obligations", lang)
    lines.append(Line("text", (t("nt_counts", lang, commission=digest.commission, tally=tally),)))
    lines.append(
        Line(
            "text",
            (
                t(
                    "nt_since",
                    lang,
                    date=digest.since.isoformat(),
                    overdue=digest.changed.newly_overdue,
                    done=digest.changed.newly_done,
                ),
            ),
        )
    )
    if digest.overdue:
        lines.append(Line("heading", (t("nt_overdue", lang, n=len(digest.overdue)),), alert=True))
        lines += [_item_line(i, t("days_overdue", lang, n=i.days), lang) for i in digest.overdue]
    if digest.due_soon:
        heading = t("nt_due_within", lang, days=digest.within, n=len(digest.due_soon))
        lines.append(Line("heading", (heading,)))
        for i in digest.due_soon:
            left = t("due_today", lang) if i.days == 0 else t("days_left", lang, n=i.days)
            lines.append(_item_line(i, left, lang))
    if not digest.overdue and not digest.due_soon:
        lines.append(Line("text", (t("nt_all_clear", lang, days=digest.within),)))
    return lines


def _item_line(item: DigestItem, days: str, lang: str) -> Line:
    parts: list[Part] = [item.holder, f" · {item.duty_name} · {item.period_name} · {days}"]
    if item.escalated_to:
        parts.append(t("nt_escalated", lang))
        for index, leader in enumerate(item.escalated_to):
            if index:
                parts.append(", " if lang == "en" else "、")
            parts.append(leader)
    return Line("item", tuple(parts))
