"""Upcoming due dates as calendar events, on screen, as JSON and as an iCalendar (.ics) file.

This module owns "what goes in a leader's calendar": one event per duty and period, naming in
words the duty and every holder who still owes it (the thirteen sections that owe one
pre-holiday inspection make one event, not thirteen), with a reminder some days before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from safetyduty.i18n import t
from safetyduty.load.repo import Repo
from safetyduty.reports.select import duty_label, holder_order, period_label
from safetyduty.rules.obligations import STATES, Obligation

OPEN_STATES = ("due", "upcoming", "overdue")
#: beyond this many holders, a title names the first and counts the rest
TITLE_HOLDERS = 3


def upcoming(obligations: list[Obligation], start: dt.date, end: dt.date) -> list[Obligation]:
    """Obligations not yet satisfied whose due date falls in [start, end], by due date."""
    return [o for o in obligations if o.state in OPEN_STATES and start <= o.due <= end]


@dataclass(frozen=True)
class DueEvent:
    """One duty's due date for one period, and every holder who still owes it then."""

    duty: str
    period: str
    due: dt.date
    window_start: dt.date
    holders: tuple[str, ...]
    #: the worst state among the holders' obligations
    state: str

    @property
    def uid(self) -> str:
        """Stable across runs (and as holders meet the duty), so a re-import updates events."""
        return f"{self.duty}/{self.period}@safetyduty"


def events(repo: Repo, obligations: Iterable[Obligation]) -> list[DueEvent]:
    """The obligations grouped by duty and period, sorted by due date, duty and period; the
    holders of each in the order status shows them (people, then sections in matrix order)."""
    groups: dict[tuple[str, str], list[Obligation]] = {}
    for obligation in obligations:
        groups.setdefault((obligation.duty, obligation.period), []).append(obligation)
    found = []
    for (duty, period), items in groups.items():
        holders = sorted({o.holder for o in items}, key=lambda h: holder_order(repo, h))
        found.append(
            DueEvent(
                duty=duty,
                period=period,
                due=min(o.due for o in items),
                window_start=min(o.window_start for o in items),
                holders=tuple(holders),
                state=min((o.state for o in items), key=STATES.index),
            )
        )
    return sorted(found, key=lambda e: (e.due, e.duty, e.period))


def holders_label(repo: Repo, holders: tuple[str, ...], lang: str) -> str:
    """The holders in words: all of them when few, else the first ones and how many in all."""
    names = [repo.holder_name(h, lang) for h in holders]
    separator = ", " if lang == "en" else "、"
    if len(names) <= TITLE_HOLDERS:
        return separator.join(names)
    if set(holders) == set(repo.sections):
        return t("cal_all_sections", lang, n=len(names))
    key = "cal_and_sections" if all(h in repo.sections for h in holders) else "cal_and_others"
    return t(key, lang, names=separator.join(names[:TITLE_HOLDERS]), n=len(names))


def title(repo: Repo, event: DueEvent, lang: str) -> str:
    """`节前安全检查 · 电力科`, with the period when it is not plain from the date."""
    parts = [duty_label(repo, event.duty, lang), holders_label(repo, event.holders, lang)]
    if event.period not in repo.records:
        parts.append(period_label(event.period, lang))
    return " · ".join(parts)


def rows(repo: Repo, found: list[DueEvent], lang: str, remind: int) -> list[dict[str, object]]:
    """One row per event, for the table and for JSON (ids and words side by side)."""
    return [
        {
            "uid": e.uid,
            "due": e.due.isoformat(),
            "remind_on": (e.due - dt.timedelta(days=remind)).isoformat(),
            "duty": e.duty,
            "duty_name": duty_label(repo, e.duty, lang),
            "period": e.period,
            "period_name": period_label(e.period, lang),
            "holders": list(e.holders),
            "holder_names": [repo.holder_name(h, lang) for h in e.holders],
            "holders_label": holders_label(repo, e.holders, lang),
            "window_start": e.window_start.isoformat(),
            "state": e.state,
            "state_name": t(e.state, lang),
            "title": title(repo, e, lang),
        }
        for e in found
    ]


def to_ics(repo: Repo, found: list[DueEvent], lang: str, stamp: dt.date, remind: int) -> bytes:
    """An all-day event on each due date with a reminder `remind` days before its start."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//safetyduty//安全生产职责//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", repo.commission.name_en if lang == "en" else repo.commission.name)
    for item in found:
        duty = repo.duties.get(item.duty)
        summary = title(repo, item, lang)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), dt.UTC))
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("summary", summary)
        lines = [
            f"{t('holder', lang)}: "
            + (", " if lang == "en" else "、").join(
                repo.holder_name(h, lang) for h in item.holders
            ),
            f"{t('period', lang)}: {period_label(item.period, lang)}",
        ]
        if duty is not None:
            lines += [duty.text_en if lang == "en" else duty.text, duty.source]
        event.add("description", "\n".join(lines))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -dt.timedelta(days=remind))
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
