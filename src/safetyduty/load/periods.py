"""Periods and their keys: quarters `2026Q1`, half-years `2026H1`, years `2026`, holidays
`2026-spring-festival`. This module owns "which dates does a period cover".

It is pure date arithmetic; the holiday calendar itself lives in `safetyduty.rules.holiday_dates`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

HOLIDAY_KEYS: tuple[str, ...] = (
    "new-year",
    "spring-festival",
    "qingming",
    "labour-day",
    "dragon-boat",
    "mid-autumn",
    "national-day",
)

#: The commission's clock: Beijing time, whatever the machine's zone.
LOCAL_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def today() -> dt.date:
    """Today's date in Beijing (the default as-of date)."""
    return dt.datetime.now(LOCAL_TZ).date()


# ASCII digits only: a key written with other digits (٢٠٢٦Q1) would never equal the engine's.
_KEY = re.compile(
    r"^(?P<year>\d{4})(?:(?P<q>Q[1-4])|(?P<h>H[12])|-(?P<holiday>[a-z-]+))?\Z", re.ASCII
)


@dataclass(frozen=True, slots=True)
class Period:
    """A named stretch of days, both ends inclusive."""

    key: str
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def quarter(year: int, number: int) -> Period:
    start = dt.date(year, 3 * number - 2, 1)
    end = dt.date(year, 12, 31) if number == 4 else dt.date(year, 3 * number + 1, 1) - _DAY
    return Period(f"{year}Q{number}", start, end)


def half_year(year: int, number: int) -> Period:
    if number == 1:
        return Period(f"{year}H1", dt.date(year, 1, 1), dt.date(year, 6, 30))
    return Period(f"{year}H2", dt.date(year, 7, 1), dt.date(year, 12, 31))


def year(number: int) -> Period:
    return Period(str(number), dt.date(number, 1, 1), dt.date(number, 12, 31))


_DAY = dt.timedelta(days=1)


def calendar_period(key: str) -> Period | None:
    """The quarter, half-year or year a key names, or None (also for year 0000, which no
    calendar has)."""
    match = _KEY.match(key.strip())
    if not match or match["holiday"]:
        return None
    number = int(match["year"])
    if number < dt.MINYEAR:
        return None
    if match["q"]:
        return quarter(number, int(match["q"][1]))
    if match["h"]:
        return half_year(number, int(match["h"][1]))
    return year(number)


def holiday_key(key: str) -> tuple[int, str] | None:
    """(year, holiday) of a key like `2026-spring-festival`, or None."""
    match = _KEY.match(key.strip())
    if match and match["holiday"] in HOLIDAY_KEYS and int(match["year"]) >= dt.MINYEAR:
        return int(match["year"]), match["holiday"]
    return None


def periods_of(kind: str, first: dt.date, last: dt.date) -> list[Period]:
    """Every period of a kind (`quarter`, `half-year`, `year`) that overlaps [first, last]."""
    found: list[Period] = []
    for number in range(first.year, last.year + 1):
        if kind == "quarter":
            candidates = [quarter(number, q) for q in (1, 2, 3, 4)]
        elif kind == "half-year":
            candidates = [half_year(number, h) for h in (1, 2)]
        else:
            candidates = [year(number)]
        found.extend(p for p in candidates if p.end >= first and p.start <= last)
    return found


def containing(kind: str, day: dt.date) -> Period:
    """The period of a kind that contains a day."""
    return periods_of(kind, day, day)[0]
