"""The official Chinese holiday calendar: the first day of each holiday of a year.

Dates come from the `holidays` package (country CN), which follows the State Council's yearly
schedule (imported on the first question: it takes a fifth of a second to load, and only a
holiday rule needs it). For a year past its official data the package still computes the
dates (lunar festivals by the calendar), and `is_estimated(year)` says so, so that users are
warned.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from safetyduty.load.periods import HOLIDAY_KEYS

# The package's English names (stable across its translations) of each holiday's days.
_NAMES: dict[str, tuple[str, ...]] = {
    "new-year": ("New Year's Day",),
    "spring-festival": ("Chinese New Year's Eve", "Chinese New Year (Spring Festival)"),
    "qingming": ("Tomb-Sweeping Day",),
    "labour-day": ("Labor Day",),
    "dragon-boat": ("Dragon Boat Festival",),
    "mid-autumn": ("Mid-Autumn Festival",),
    "national-day": ("National Day",),
}


@cache
def first_days(year: int) -> dict[str, dt.date]:
    """The first day of each holiday in `year`, keyed as in SPEC §2, in calendar order.

    The first day of the Spring Festival is 除夕 (New Year's Eve) where the calendar lists it.
    Observed and swapped days ("Day off", "(observed)") are not first days.
    """
    import holidays  # a fifth of a second: only when a holiday rule runs

    calendar = holidays.country_holidays("CN", years=year, language="en_US")
    found: dict[str, dt.date] = {}
    for day, names in sorted(calendar.items()):
        for name in str(names).split("; "):
            for key, wanted in _NAMES.items():
                if name in wanted and key not in found:
                    found[key] = day
    return {
        key: found[key] for key in sorted(found, key=lambda k: (found[k], HOLIDAY_KEYS.index(k)))
    }


@cache
def last_official_year() -> int:
    """The last year for which the package holds the State Council's published schedule."""
    from holidays.countries.china import ChinaStaticHolidays

    return max(ChinaStaticHolidays.special_public_holidays)


def is_estimated(year: int) -> bool:
    """True when `year`'s dates are computed, not taken from an official schedule."""
    return year > last_official_year()
