"""Cross-file validation: every reference resolves, every path is safe, nothing contradicts.

This module owns "is the repo consistent?". It sees the whole repo at once, after each file has
been read into models; it returns problems and never raises for bad data.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from safetyduty.load import yamlfile
from safetyduty.load.cache import note_evidence
from safetyduty.load.models import (
    ID_PATTERN,
    MOBILE_PATTERN,
    Accident,
    DutiesFile,
    Hazard,
    Inspection,
    PeopleFile,
    Rectification,
    SectionsFile,
)
from safetyduty.load.periods import HOLIDAY_KEYS, calendar_period, holiday_key, today
from safetyduty.load.problems import Problem, did_you_mean, error, shown, warning
from safetyduty.load.repo import Repo

#: For each record kind, its fields that refer to something else, and what they refer to.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "meeting": (("chair", "person"), ("attendees", "person"), ("minutes", "path")),
    "inspection": (
        ("led_by", "person"),
        ("participants", "person"),
        ("sections", "section"),
        ("industries", "industry"),
        ("holiday", "holiday"),
    ),
    "hazard": (
        ("inspection", "inspection"),
        ("industry", "industry"),
        ("notice", "path"),
    ),
    "rectification": (("hazard", "hazard"), ("verified_by", "person")),
    "drill": (("organized_by", "person"),),
    "accident": (
        ("industry", "industry"),
        ("attended_by", "section-or-person"),
        ("responsible", "person"),
    ),
    "report": (("covers", "period"), ("by", "person")),
    "training": (("organized_by", "person"),),
    "document": (("by", "person"), ("path", "path")),
    "approval": (("industry", "industry"), ("pre_evaluation_report", "path")),
    "waiver": (
        ("duty", "duty"),
        ("holder", "holder"),
        ("period", "period"),
        ("approved_by", "person"),
    ),
}
COMMON_REFERENCES = (("section", "section"), ("evidence", "path"))


class _Files:
    """Texts of files, read once and only when a problem in them needs a position."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.texts: dict[str, str] = {}
        # Validation sees the loaded list of people (duties); the file may hold broken ones
        # between them, so a list position is translated to a file position.
        self.item_index: dict[tuple[str, str | int], list[int]] = {
            (repo.data_paths[f"{field}.yaml"], field): index
            for field, index in repo.item_index.items()
        }

    def at(self, display: str, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        index = self.item_index.get((display, loc[0])) if loc else None
        if index is not None and len(loc) > 1 and isinstance(loc[1], int):
            loc = (loc[0], index[loc[1]], *loc[2:])
        if display not in self.texts:
            try:
                raw = self.repo.display_to_path(display).read_bytes()
                self.texts[display] = yamlfile.decode(raw, display)[0] or ""
            except OSError:
                self.texts[display] = ""
        return yamlfile.locate(self.texts[display], loc, key=key)


def validate(
    repo: Repo,
    sections_file: SectionsFile | None,
    duties_file: DutiesFile | None,
    people_file: PeopleFile | None,
    as_of: dt.date | None = None,
) -> list[Problem]:
    """Every cross-reference and consistency problem in a loaded repo."""
    files = _Files(repo)
    problems: list[Problem] = []
    if sections_file:
        problems += _check_sections(repo, sections_file, files)
    if duties_file and sections_file:
        problems += _check_duties(repo, duties_file, files)
    if people_file and sections_file:
        problems += _check_people(repo, people_file, files)
    if sections_file and duties_file and people_file:
        problems += _check_records(repo, files, as_of or today())
    return problems


def _duplicates(
    ids: Iterable[str],
    display: str,
    files: _Files,
    loc_of: Callable[[int], tuple[str | int, ...]],
    what: str,
) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in first:
            line, column = files.at(display, loc_of(index))
            first_line = files.at(display, loc_of(first[item_id]))[0]
            problems.append(
                error(
                    display,
                    line,
                    column,
                    "duplicate-id",
                    f"duplicate {what} id '{item_id}' (first at line {first_line}); "
                    "each id must be unique",
                )
            )
        first.setdefault(item_id, index)
    return problems


def _check_sections(repo: Repo, sections_file: SectionsFile, files: _Files) -> list[Problem]:
    display = repo.data_paths["sections.yaml"]
    problems = _duplicates(
        (s.id for s in sections_file.sections),
        display,
        files,
        lambda i: ("sections", i, "id"),
        "section",
    )
    industries = [(i, ind.id) for i, s in enumerate(sections_file.sections) for ind in s.industries]
    seen: set[str] = set()
    for section_index, industry_id in industries:
        if industry_id in seen:
            line, column = files.at(display, ("sections", section_index))
            problems.append(
                error(display, line, column, "duplicate-id", f"duplicate industry '{industry_id}'")
            )
        seen.add(industry_id)
    return problems


def _check_duties(repo: Repo, duties_file: DutiesFile, files: _Files) -> list[Problem]:
    display = repo.data_paths["duties.yaml"]
    problems = _duplicates(
        (d.id for d in duties_file.duties), display, files, lambda i: ("duties", i, "id"), "duty"
    )
    holders = {*repo.roles, *repo.bodies, *repo.sections, "all-sections"}
    for index, duty in enumerate(duties_file.duties):
        if not ID_PATTERN.match(duty.id):
            line, column = files.at(display, ("duties", index, "id"))
            problems.append(
                error(
                    display,
                    line,
                    column,
                    "duty-id",
                    f"duty id '{duty.id}' must be lowercase ASCII letters, digits and '-'",
                )
            )
        if duty.holder not in holders:
            line, column = files.at(display, ("duties", index, "holder"))
            problems.append(
                error(
                    display,
                    line,
                    column,
                    "unknown-holder",
                    f"unknown holder '{duty.holder}'{did_you_mean(duty.holder, holders)}",
                )
            )
    return problems


def _check_people(repo: Repo, people_file: PeopleFile, files: _Files) -> list[Problem]:
    display = repo.data_paths["people.yaml"]
    problems = _duplicates(
        (p.id for p in people_file.people),
        display,
        files,
        lambda i: ("people", i, "id"),
        "person",
    )
    for index, person in enumerate(people_file.people):
        if not ID_PATTERN.match(person.id):
            line, column = files.at(display, ("people", index, "id"))
            problems.append(
                error(
                    display,
                    line,
                    column,
                    "person-id",
                    f"person id '{person.id}' must be lowercase ASCII letters, digits and '-' "
                    "(pinyin, e.g. zhang-wei)",
                )
            )
        if person.mobile is not None and not MOBILE_PATTERN.match(person.mobile):
            line, column = files.at(display, ("people", index, "mobile"))
            problems.append(
                error(
                    display,
                    line,
                    column,
                    "person-mobile",
                    f"mobile '{person.mobile}' of {person.id} must be a phone number of digits, "
                    "e.g. 13800001111 (work chats @-mention people by it)",
                )
            )
        for post_index, post in enumerate(person.posts):
            where = ("people", index, "posts", post_index)
            if post.to is not None and post.to < post.from_:
                line, column = files.at(display, (*where, "to"))
                problems.append(
                    error(
                        display,
                        line,
                        column,
                        "contradiction",
                        f"post of {person.id} ends ({post.to}) before it starts ({post.from_})",
                    )
                )
            for section_index, section in enumerate(post.sections):
                if section not in repo.sections:
                    line, column = files.at(display, (*where, "sections", section_index))
                    problems.append(
                        error(
                            display,
                            line,
                            column,
                            "unknown-section",
                            f"unknown section '{section}'{did_you_mean(section, repo.sections)}",
                        )
                    )
    return problems


def _check_records(repo: Repo, files: _Files, as_of: dt.date) -> list[Problem]:
    targets = _Targets(repo)
    problems: list[Problem] = []
    for record_id in repo.records:
        problems += _check_record(repo, record_id, files, targets, as_of)
    return problems


def validate_record(repo: Repo, record_id: str, text: str, as_of: dt.date) -> list[Problem]:
    """The reference and consistency problems of one record of `repo`, located in `text`, the
    record file's content (which need not be on disk yet: `log` checks before it writes)."""
    files = _Files(repo)
    files.texts[repo.record_paths[record_id]] = text
    return _check_record(repo, record_id, files, _Targets(repo), as_of)


def _check_record(
    repo: Repo, record_id: str, files: _Files, targets: _Targets, as_of: dt.date
) -> list[Problem]:
    record = repo.records[record_id]
    display = repo.record_paths[record_id]
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    for field_name, target in (*COMMON_REFERENCES, *REFERENCES.get(record.kind, ())):
        value = getattr(record, field_name)
        if value is None:
            continue
        items: list[tuple[tuple[str | int, ...], str]] = (
            [((field_name,), value)]
            if isinstance(value, str)
            else [((field_name, i), item) for i, item in enumerate(value)]
        )
        for loc, item in items:
            message = targets.check(target, item)
            if message:
                found.append(
                    (loc, "evidence" if target == "path" else f"unknown-{target}", message)
                )
    found += _contradictions(repo, record)
    problems = []
    for loc, code, message in found:
        line, column = files.at(display, loc)
        problems.append(error(display, line, column, code, message))
    if record.date > as_of:
        line, column = files.at(display, ("date",))
        problems.append(
            warning(
                display,
                line,
                column,
                "future",
                f"dated {record.date}, after the as-of date {as_of}; "
                "left out of the evaluation until then",
            )
        )
    return problems


class _Targets:
    """Answers "does this reference resolve?" with a message for a person when it does not."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.root = repo.root.resolve()

    def check(self, target: str, value: str) -> str | None:
        repo = self.repo
        if target == "person":
            return self._known(value, repo.people, "person", "data/people.yaml")
        if target == "section":
            return self._known(value, repo.sections, "section", "data/sections.yaml")
        if target == "industry":
            return self._known(value, repo.industries, "industry", "data/sections.yaml")
        if target == "holiday":
            return self._known(value, HOLIDAY_KEYS, "holiday", None)
        if target == "duty":
            return self._known(value, repo.duties, "duty", "data/duties.yaml")
        if target == "section-or-person":
            return self._known(value, {*repo.sections, *repo.people}, "section or person", None)
        if target == "holder":
            return self._known(value, {*repo.sections, *repo.people, "commission"}, "holder", None)
        if target in ("inspection", "hazard"):
            return self._record(value, target)
        if target == "period":
            if calendar_period(value) or holiday_key(value) or value in repo.records:
                return None
            return (
                f"'{value}' is not a period; write 2026Q1, 2026H1, 2026, a holiday like "
                "2026-national-day, or the id of the record an obligation arises from"
            )
        if target == "path":
            return self._path(value)
        raise AssertionError(target)  # pragma: no cover - REFERENCES names only these

    def _known(self, value: str, known: Iterable[str], what: str, where: str | None) -> str | None:
        names = set(known) if not isinstance(known, dict) else known
        if value in names or value in self.repo.unreadable_items:
            return None  # an unreadable person's or duty's own problems are reported already
        hint = did_you_mean(value, names)
        if not hint and where:
            hint = f"; add it to {where} or correct the spelling"
        return f"unknown {what} '{value}'{hint}"

    def _record(self, value: str, kind: str) -> str | None:
        record = self.repo.records.get(value)
        if record is None:
            if value in self.repo.unreadable:
                return None  # that file's own problems are reported already
            candidates = [i for i, r in self.repo.records.items() if r.kind == kind]
            return f"unknown {kind} record '{value}'{did_you_mean(value, candidates)}"
        if record.kind != kind:
            return f"record '{value}' is a {record.kind}, not a {kind}"
        return None

    def _path(self, value: str) -> str | None:
        if not value.strip():
            return "empty path; write the file's path relative to the repo root"
        if "\\" in value:
            return f"path '{value}' uses '\\'; write paths with '/'"
        pure = PurePosixPath(value)
        if pure.is_absolute() or (len(value) > 1 and value[1] == ":"):
            return f"path '{value}' is absolute; write it relative to the repo root"
        if ".." in pure.parts:
            return f"path '{value}' contains '..'; write it relative to the repo root"
        if "\0" in value:
            return f"path {shown(value)} contains a NUL character; no file has such a name"
        path = self.root / pure
        note_evidence(value)
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
            resolved = path
        if not resolved.is_relative_to(self.root):
            return f"path '{value}' leads outside the repo (through a link)"
        try:
            found = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return f"evidence file '{value}' does not exist{_nearby(self.root, pure)}"
        except OSError as exc:  # a name too long, a link loop, a folder that cannot be read
            return f"evidence file {shown(value)} cannot be read: {exc.strerror or exc}"
        if stat.S_ISDIR(found.st_mode):
            return f"'{value}' is a folder; name the file in it"
        return None


def _nearby(root: Path, pure: PurePosixPath) -> str:
    """A did-you-mean among the files beside a missing one."""
    folder = root / pure.parent
    try:
        siblings = {(pure.parent / p.name).as_posix() for p in folder.iterdir()}
    except OSError:  # no such folder, or one that cannot be listed
        return ""
    return did_you_mean(pure.as_posix(), siblings)


def _contradictions(repo: Repo, record: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    if isinstance(record, Hazard) and record.rectify_by < record.date:
        found.append(
            (
                ("rectify_by",),
                "contradiction",
                f"rectify_by {record.rectify_by} is before the hazard was found ({record.date})",
            )
        )
    if isinstance(record, Inspection) and record.feedback_on and record.feedback_on < record.date:
        found.append(
            (
                ("feedback_on",),
                "contradiction",
                f"feedback_on {record.feedback_on} is before the inspection ({record.date})",
            )
        )
    if isinstance(record, Rectification):
        hazard = repo.records.get(record.hazard)
        if isinstance(hazard, Hazard) and record.date < hazard.date:
            found.append(
                (
                    ("date",),
                    "contradiction",
                    f"rectified {record.date}, before the hazard was found ({hazard.date})",
                )
            )
    if isinstance(record, Accident):
        if record.known_at < record.occurred_at:
            found.append(
                (
                    ("known_at",),
                    "contradiction",
                    f"known_at {record.known_at.isoformat()} is before the accident occurred "
                    f"({record.occurred_at.isoformat()})",
                )
            )
        if record.reported_at and record.reported_at < record.known_at:
            found.append(
                (
                    ("reported_at",),
                    "contradiction",
                    f"reported_at {record.reported_at.isoformat()} is before it was known "
                    f"({record.known_at.isoformat()})",
                )
            )
        computed = record.computed_grade
        if record.grade and record.grade != computed:
            found.append(
                (
                    ("grade",),
                    "grade",
                    f"grade '{record.grade}' disagrees with the figures ({record.deaths} deaths, "
                    f"{record.serious_injuries} serious injuries, {record.direct_loss_wan:g} 万元 "
                    f"make it '{computed}'); correct the grade or leave it out",
                )
            )
    return found
