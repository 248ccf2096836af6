"""Upcoming due dates, as rows and as an iCalendar (.ics) file for any calendar program."""

from __future__ import annotations

import datetime as dt

from safetyduty.i18n import t
from safetyduty.load.repo import Repo
from safetyduty.reports.select import duty_label, period_label
from safetyduty.rules.obligations import Obligation

OPEN_STATES = ("due", "upcoming", "overdue")


def upcoming(obligations: list[Obligation], start: dt.date, end: dt.date) -> list[Obligation]:
    """Obligations not yet satisfied whose due date falls in [start, end], by due date."""
    return [o for o in obligations if o.state in OPEN_STATES and start <= o.due <= end]


def rows(repo: Repo, obligations: list[Obligation], lang: str) -> list[dict[str, str]]:
    return [
        {
            "due": o.due.isoformat(),
            "duty": duty_label(repo, o.duty, lang),
            "holder": repo.holder_name(o.holder, lang),
            "period": period_label(o.period, lang),
            "window_start": o.window_start.isoformat(),
            "state": t(o.state, lang),
            "state_key": o.state,
        }
        for o in obligations
    ]


def to_ics(repo: Repo, obligations: list[Obligation], lang: str, stamp: dt.date) -> bytes:
    """An all-day event on each due date; UIDs are stable, so re-importing updates events."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//safetyduty//安全生产职责//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", repo.commission.name_en if lang == "en" else repo.commission.name)
    for obligation in obligations:
        duty = repo.duties.get(obligation.duty)
        event = Event()
        event.add("uid", f"{obligation.duty}/{obligation.holder}/{obligation.period}@safetyduty")
        event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), dt.UTC))
        event.add("dtstart", obligation.due)
        event.add("dtend", obligation.due + dt.timedelta(days=1))
        parts = (
            duty_label(repo, obligation.duty, lang),
            repo.holder_name(obligation.holder, lang),
            period_label(obligation.period, lang),
        )
        event.add("summary", " · ".join(parts))
        if duty is not None:
            event.add(
                "description", f"{duty.text_en if lang == 'en' else duty.text}\n{duty.source}"
            )
        calendar.add_component(event)
    return bytes(calendar.to_ical())
