"""What a ledger cell means as the value of a record field, the way offices type them.

`cell_to_value(spec, value, repo, lang)` turns one cell into the value `log` would have been
given for the field `spec` (`write.record.FieldSpec`), or raises `ValueError` with a message for
a person. Dates come as Excel dates, serial numbers, `2026-03-05`, `2026/3/5`, `2026.3.5`,
`20260305` or `2026年3月5日`; date-times add `10:20` or `10时20分`; choices are their value or
their label in either language (`重大`, `major`); people, sections, industries and holidays are
their id or their name; lists are split at `、`, `,`, `;` (full- or half-width) and line breaks.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from safetyduty.i18n import both, t
from safetyduty.load.models import MOMENT_YEARS
from safetyduty.load.periods import HOLIDAY_KEYS, LOCAL_TZ
from safetyduty.load.problems import did_you_mean
from safetyduty.load.repo import Repo
from safetyduty.write.record import FieldSpec

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SPLIT = re.compile(r"[,，、;；\n]+")
_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?"
    r"|(?P<m3>\d{2})(?P<d3>\d{2}))"
)
_TIME = re.compile(
    r"(?P<h>\d{1,2})\s*(?:[:：]\s*(?P<mi>\d{2})(?:\s*[:：]\s*(?P<s>\d{2})(?:\.\d+)?)?"
    r"|[时點点]\s*(?:(?P<mi2>\d{1,2})\s*分?)?)"
)
_TRUE = {"是", "√", "✓", "有", "需要", "yes", "y", "true", "1", "t"}
_FALSE = {"否", "×", "✗", "无", "不需要", "no", "n", "false", "0", "f"}


def excel_serial(number: float) -> dt.datetime:
    """An Excel serial date (days since 1899-12-30, the 1900 date system) as a date-time."""
    return _EXCEL_EPOCH + dt.timedelta(days=number)


def _split_day(text: str, lang: str, what: str) -> tuple[dt.date, str]:
    match = _DATE.match(text)
    if not match:
        raise ValueError(t(what, lang, value=text))
    year = int(match["y"])
    month = int(match["m"] or match["m2"] or match["m3"])
    day = int(match["d"] or match["d2"] or match["d3"])
    try:
        found = dt.date(year, month, day)
    except ValueError:
        raise ValueError(t(what, lang, value=text)) from None
    return found, text[match.end() :].strip().lstrip("T").strip()


def _serial(value: float, lang: str, what: str) -> dt.datetime:
    if not 1 <= value < 2_958_466:  # Excel's own range: 1900-01-01 to 9999-12-31
        raise ValueError(t(what, lang, value=f"{value:g}"))
    return excel_serial(value)


def read_date(value: Any, lang: str) -> dt.date:
    """A date from a cell; a time of day other than midnight is an error (a date is asked)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value), lang, "im_bad_date").date()
    text = str(value).strip()
    day, rest = _split_day(text, lang, "im_bad_date")
    if rest and not re.fullmatch(r"0{1,2}[:：]00(?:[:：]00)?", rest):
        raise ValueError(t("im_bad_date", lang, value=text))
    return day


def read_moment(value: Any, lang: str) -> dt.datetime:
    """A date-time from a cell, in the commission's local time (+08:00) unless it says."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = _serial(float(value), lang, "im_bad_moment")
        moment = moment.replace(microsecond=0)
    else:
        text = str(value).strip()
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            day, rest = _split_day(text, lang, "im_bad_moment")
            match = _TIME.fullmatch(rest)
            if not match:
                raise ValueError(t("im_bad_moment", lang, value=text)) from None
            minute = int(match["mi"] or match["mi2"] or 0)
            try:
                moment = dt.datetime.combine(
                    day, dt.time(int(match["h"]), minute, int(match["s"] or 0))
                )
            except ValueError:
                raise ValueError(t("im_bad_moment", lang, value=text)) from None
    first, last = MOMENT_YEARS
    if not first <= moment.year <= last:
        raise ValueError(t("im_bad_moment", lang, value=str(value)))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_TZ)


def text_of(value: Any) -> str:
    """A cell as text: whole numbers without `.0`, dates as YYYY-MM-DD."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _number(value: Any, lang: str, whole: bool) -> int | float:
    if isinstance(value, bool):
        raise ValueError(t("im_bad_number", lang, value=value))
    if isinstance(value, int | float):
        number: float = value
    else:
        text = text_of(value).replace(",", "").replace("，", "")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(t("im_bad_number", lang, value=text)) from None
    if whole:
        if not float(number).is_integer():
            raise ValueError(t("im_bad_whole", lang, value=text_of(value)))
        return int(number)
    return float(number)


def _bool(value: Any, lang: str) -> bool:
    if isinstance(value, bool):
        return value
    text = text_of(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(t("im_bad_bool", lang, value=text))


def choice_labels(option: str) -> set[str]:
    """Every word that names a choice: the value and its labels in both languages."""
    found = {option, option.replace("-", " ")}
    for key in (option, f"sm_meeting_{option}"):
        found.update(both(key))
    return {word.lower() for word in found}


def _choice(spec: FieldSpec, text: str, lang: str) -> str:
    wanted = text.lower()
    for option in spec.choices:
        if wanted in choice_labels(option):
            return option
    raise ValueError(
        t(
            "im_bad_choice",
            lang,
            value=text,
            choices=", ".join(spec.choices),
            hint=did_you_mean(text, list(spec.choices)),
        )
    )


class Names:
    """Ids by name for the things a ledger names: people, sections, industries, holidays."""

    def __init__(self, repo: Repo) -> None:
        self.people: dict[str, set[str]] = {}
        for person_id, person in repo.people.items():
            for name in (person.name, getattr(person, "name_en", None)):
                if name:
                    self.people.setdefault(name, set()).add(person_id)
        self.sections = {
            name: section_id
            for section_id, section in repo.sections.items()
            for name in (section.name, section.name_en)
        }
        self.industries = {
            name: industry_id
            for industry_id, (industry, _) in repo.industries.items()
            for name in (industry.name, industry.name_en)
        }
        self.holidays = {label: key for key in HOLIDAY_KEYS for label in both(key)}
        self.repo = repo

    def person(self, text: str, lang: str) -> str:
        if text in self.repo.people:
            return text
        ids = self.people.get(text, set())
        if len(ids) > 1:
            raise ValueError(t("im_ambiguous", lang, value=text, ids=", ".join(sorted(ids))))
        return next(iter(ids)) if ids else text  # unknown: `check` says so, with a did-you-mean

    def section(self, text: str) -> str:
        return text if text in self.repo.sections else self.sections.get(text, text)

    def resolve(self, target: str | None, text: str, lang: str) -> str:
        """The id `text` names for a field referring to `target`; `text` itself when it names
        nothing known (the record's check then says so)."""
        if target == "person":
            return self.person(text, lang)
        if target == "section":
            return self.section(text)
        if target == "industry":
            return text if text in self.repo.industries else self.industries.get(text, text)
        if target == "holiday":
            return self.holidays.get(text, text)
        if target in ("section-or-person", "holder"):
            if text == "commission" and target == "holder":
                return text
            section = self.section(text)
            return section if section in self.repo.sections else self.person(text, lang)
        return text


def cell_to_value(spec: FieldSpec, value: Any, names: Names, lang: str) -> Any:
    """The value of field `spec` that a (non-empty) cell holds; ValueError for a person."""
    if spec.many:
        items = value if isinstance(value, list) else None
        if items is None:
            items = [value] if not isinstance(value, str) else _SPLIT.split(value)
        parts = [item for item in items if text_of(item)]
        return [_one(spec, item, names, lang) for item in parts]
    return _one(spec, value, names, lang)


def _one(spec: FieldSpec, value: Any, names: Names, lang: str) -> Any:
    if spec.value == "date":
        return read_date(value, lang)
    if spec.value == "moment":
        return read_moment(value, lang)
    if spec.value == "int":
        return _number(value, lang, whole=True)
    if spec.value == "float":
        return _number(value, lang, whole=False)
    if spec.value == "bool":
        return _bool(value, lang)
    text = text_of(value)
    if spec.value == "choice":
        return _choice(spec, text, lang)
    return names.resolve(spec.target, text, lang)
