"""Cross-file validation: every reference resolves, every path is safe, nothing contradicts.

This module owns "is the repo consistent?". It sees the whole repo at once, after each file has
been read into models; it returns problems and never raises for bad data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import stat
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from safetyduty.i18n import N_, _, os_reason
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
                    _(
                        "duplicate {what} id '{id}' (first at line {line}); each id must be unique",
                        what=_(what),
                        id=item_id,
                        line=first_line,
                    ),
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
                error(
                    display,
                    line,
                    column,
                    "duplicate-id",
                    _("duplicate industry '{id}'", id=industry_id),
                )
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
                    _(
                        "duty id '{id}' must be lowercase ASCII letters, digits and '-'",
                        id=duty.id,
                    ),
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
                    _(
                        "unknown holder '{value}'{hint}",
                        value=duty.holder,
                        hint=did_you_mean(duty.holder, holders),
                    ),
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
                    _(
                        "person id '{id}' must be lowercase ASCII letters, digits and '-' "
                        "(pinyin, e.g. zhang-wei)",
                        id=person.id,
                    ),
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
                    _(
                        "mobile '{mobile}' of {person} must be a phone number of digits, e.g. "
                        "13800001111 (work chats @-mention people by it)",
                        mobile=person.mobile,
                        person=person.id,
                    ),
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
                        _(
                            "post of {id} ends ({to}) before it starts ({start})",
                            id=person.id,
                            to=post.to,
                            start=post.from_,
                        ),
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
                            _(
                                "unknown section '{value}'{hint}",
                                value=section,
                                hint=did_you_mean(section, repo.sections),
                            ),
                        )
                    )
    return problems


def _check_records(repo: Repo, files: _Files, as_of: dt.date) -> list[Problem]:
    targets = _Targets(repo)
    problems: list[Problem] = []
    for record_id in repo.records:
        problems += _check_record(repo, record_id, files, targets, as_of)
    for record_id, (kind, data) in repo.partial.items():
        problems += _check_partial(repo, record_id, kind, data, files, targets)
    return problems


def _check_partial(
    repo: Repo,
    record_id: str,
    kind: str,
    data: dict[str, Any],
    files: _Files,
    targets: _Targets,
) -> list[Problem]:
    """The reference problems of the fields of a record the model refused that are fine in
    themselves (text, or a list of texts), so that they are reported in the same run."""
    display = next(
        (p for p in repo.record_files if p.rsplit("/", 1)[-1] == f"{record_id}.yaml"), None
    )
    if display is None:
        return []
    problems = []
    for field_name, target in (*COMMON_REFERENCES, *REFERENCES.get(kind, ())):
        value = data.get(field_name)
        if isinstance(value, str):
            items: list[tuple[tuple[str | int, ...], Any]] = [((field_name,), value)]
        elif isinstance(value, list):
            items = [((field_name, i), item) for i, item in enumerate(value)]
        else:
            continue
        for loc, item in items:
            if not isinstance(item, str):
                continue
            message = targets.check(target, item)
            if message:
                line, column = files.at(display, loc)
                code = "evidence" if target == "path" else f"unknown-{target}"
                problems.append(error(display, line, column, code, message))
    return problems


def validate_record(
    repo: Repo,
    record_id: str,
    text: str,
    as_of: dt.date,
    pending: frozenset[str] = frozenset(),
) -> list[Problem]:
    """The reference and consistency problems of one record of `repo`, located in `text`, the
    record file's content (which need not be on disk yet: `log` checks before it writes).
    `pending` are evidence paths that will exist once the record is written (attachments)."""
    files = _Files(repo)
    files.texts[repo.record_paths[record_id]] = text
    return _check_record(repo, record_id, files, _Targets(repo, pending), as_of)


def answer_problems(repo: Repo, record: Any, field_name: str) -> list[str]:
    """What `check` would say about one field of a record still being written (an answer at a
    prompt): its references and its contradictions with the fields given so far. `record` may
    be incomplete (built without validation); what cannot be judged yet is not reported."""
    targets = _Targets(repo)
    messages = []
    for name, target in (*COMMON_REFERENCES, *REFERENCES.get(record.kind, ())):
        if name != field_name:
            continue
        value = getattr(record, name, None)
        items = [value] if isinstance(value, str) else list(value or [])
        messages += [m for item in items if (m := targets.check(target, item))]
    try:
        found = _contradictions(repo, record)
    except (AttributeError, TypeError):  # a field it compares with is not given yet
        found = []
    messages += [message for loc, _code, message in found if loc[0] == field_name]
    return messages


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
                _(
                    "dated {date}, after the as-of date {as_of}; left out of the evaluation "
                    "until then",
                    date=record.date,
                    as_of=as_of,
                ),
            )
        )
    return problems


class _Targets:
    """Answers "does this reference resolve?" with a message for a person when it does not."""

    def __init__(self, repo: Repo, pending: frozenset[str] = frozenset()) -> None:
        self.repo = repo
        self.root = repo.root.resolve()
        self.pending = pending

    def check(self, target: str, value: str) -> str | None:
        repo = self.repo
        if target == "person":
            return self._person(value)
        if target == "section":
            return self._known(value, repo.sections, N_("section"), "data/sections.yaml")
        if target == "industry":
            return self._known(value, repo.industries, N_("industry"), "data/sections.yaml")
        if target == "holiday":
            return self._known(value, HOLIDAY_KEYS, N_("holiday"), None)
        if target == "duty":
            return self._known(value, repo.duties, N_("duty"), "data/duties.yaml")
        if target == "section-or-person":
            if value not in repo.sections and (repo.person_id(value) or repo.people_named(value)):
                return self._person(value)
            return self._known(value, {*repo.sections, *repo.people}, N_("section or person"), None)
        if target == "holder":
            if value not in repo.sections and (repo.person_id(value) or repo.people_named(value)):
                return self._person(value)
            return self._known(
                value, {*repo.sections, *repo.people, "commission"}, N_("holder"), None
            )
        if target in ("inspection", "hazard"):
            return self._record(value, target)
        if target == "period":
            if calendar_period(value) or holiday_key(value) or value in repo.records:
                return None
            return _(
                "'{value}' is not a period; write 2026Q1, 2026H1, 2026, a holiday like "
                "2026-national-day, or the id of the record an obligation arises from",
                value=value,
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
            hint = _("; add it to {file} or correct the spelling", file=where)
        return _("unknown {what} '{value}'{hint}", what=_(what), value=value, hint=hint)

    def _person(self, value: str) -> str | None:
        """A person's id or exact name resolves; a shared name names every id it could mean;
        a misspelt one gets a "did you mean" among ids and names (李明 → 李明华 li-minghua)."""
        repo = self.repo
        if repo.person_id(value) or value in repo.unreadable_items:
            return None
        named = repo.people_named(value)
        if len(named) > 1:
            return _(
                "'{value}' is the name of {n} people ({ids}); write the id of the one meant",
                value=value,
                n=len(named),
                ids=", ".join(named),
            )
        return _("unknown person '{value}'{hint}", value=value, hint=person_hint(repo, value))

    def _record(self, value: str, kind: str) -> str | None:
        record = self.repo.records.get(value)
        if record is None:
            if value in self.repo.unreadable:
                return None  # that file's own problems are reported already
            candidates = [i for i, r in self.repo.records.items() if r.kind == kind]
            return _(
                "unknown {kind} record '{value}'{hint}",
                kind=_(kind),
                value=value,
                hint=did_you_mean(value, candidates),
            )
        if record.kind != kind:
            return _(
                "record '{value}' is a {kind}, not a {expected}",
                value=value,
                kind=_(record.kind),
                expected=_(kind),
            )
        return None

    def _path(self, value: str) -> str | None:
        if value in self.pending:
            return None
        if not value.strip():
            return _("empty path; write the file's path relative to the repo root")
        if "\\" in value:
            return _("path '{value}' uses '\\'; write paths with '/'", value=value)
        pure = PurePosixPath(value)
        if pure.is_absolute() or (len(value) > 1 and value[1] == ":"):
            return _("path '{value}' is absolute; write it relative to the repo root", value=value)
        if ".." in pure.parts:
            return _(
                "path '{value}' contains '..'; write it relative to the repo root", value=value
            )
        if "\0" in value:
            return _(
                "path {value} contains a NUL character; no file has such a name",
                value=shown(value),
            )
        path = self.root / pure
        note_evidence(value)
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
            resolved = path
        if not resolved.is_relative_to(self.root):
            return _("path '{value}' leads outside the repo (through a link)", value=value)
        try:
            found = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return _(
                "evidence file '{value}' does not exist{hint}",
                value=value,
                hint=_nearby(self.root, pure),
            )
        except OSError as exc:  # a name too long, a link loop, a folder that cannot be read
            return _(
                "evidence file {value} cannot be read: {reason}",
                value=shown(value),
                reason=os_reason(exc),
            )
        if stat.S_ISDIR(found.st_mode):
            return _("'{value}' is a folder; name the file in it", value=value)
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
                _(
                    "rectify_by {rectify_by} is before the hazard was found ({date})",
                    rectify_by=record.rectify_by,
                    date=record.date,
                ),
            )
        )
    if isinstance(record, Inspection) and record.feedback_on and record.feedback_on < record.date:
        found.append(
            (
                ("feedback_on",),
                "contradiction",
                _(
                    "feedback_on {feedback_on} is before the inspection ({date})",
                    feedback_on=record.feedback_on,
                    date=record.date,
                ),
            )
        )
    if isinstance(record, Rectification):
        hazard = repo.records.get(record.hazard)
        if isinstance(hazard, Hazard) and record.date < hazard.date:
            found.append(
                (
                    ("date",),
                    "contradiction",
                    _(
                        "rectified {date}, before the hazard was found ({found})",
                        date=record.date,
                        found=hazard.date,
                    ),
                )
            )
    if isinstance(record, Accident):
        if record.known_at < record.occurred_at:
            found.append(
                (
                    ("known_at",),
                    "contradiction",
                    _(
                        "known_at {known_at} is before the accident occurred ({occurred_at})",
                        known_at=record.known_at.isoformat(),
                        occurred_at=record.occurred_at.isoformat(),
                    ),
                )
            )
        if record.reported_at and record.reported_at < record.known_at:
            found.append(
                (
                    ("reported_at",),
                    "contradiction",
                    _(
                        "reported_at {reported_at} is before it was known ({known_at})",
                        reported_at=record.reported_at.isoformat(),
                        known_at=record.known_at.isoformat(),
                    ),
                )
            )
        computed = record.computed_grade
        if record.grade and record.grade != computed:
            found.append(
                (
                    ("grade",),
                    "grade",
                    _(
                        "grade '{grade}' disagrees with the figures ({deaths} deaths, "
                        "{injuries} serious injuries, {loss} 万元 make it '{computed}'); "
                        "correct the grade or leave it out",
                        grade=record.grade,
                        deaths=record.deaths,
                        injuries=record.serious_injuries,
                        loss=f"{record.direct_loss_wan:g}",
                        computed=computed,
                    ),
                )
            )
    return found


def person_hint(repo: Repo, value: str) -> str:
    """ "; did you mean …" among the people's ids and names (a name is shown with its id), else
    where to add a new person."""
    candidates = {pid: f"'{pid}'" for pid in repo.people}
    for pid, person in sorted(repo.people.items()):
        for name in (person.name, person.name_en):
            if name:
                candidates.setdefault(name, f"'{name}' ({pid})")
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    if not close and any("\u4e00" <= ch <= "\u9fff" for ch in value):
        # Chinese names are short: 李明 and 李明华 share two characters of five.
        close = [c for c in candidates if value in c or c in value][:1]
    if close:
        return _("; did you mean {choice}?", choice=candidates[close[0]])
    return _("; add it to {file} or correct the spelling", file="data/people.yaml")


def resolve_people(repo: Repo, record: Any) -> Any:
    """`record` with each person written by name (王建国) replaced by the person's id, where the
    name belongs to one person only (SPEC §5); a record with nothing to replace is returned as
    it is. Unknown and shared names stay, for `validate` to report."""
    changes: dict[str, Any] = {}
    for field_name, target in REFERENCES.get(record.kind, ()):
        if target not in ("person", "section-or-person", "holder"):
            continue
        value = getattr(record, field_name)

        def resolved(item: str, target: str = target) -> str:
            if target != "person" and (item in repo.sections or item == "commission"):
                return item
            return repo.person_id(item) or item

        if isinstance(value, str) and resolved(value) != value:
            changes[field_name] = resolved(value)
        elif isinstance(value, list) and any(resolved(v) != v for v in value):
            changes[field_name] = [resolved(v) for v in value]
    return record.model_copy(update=changes) if changes else record


class AmbiguousName(LookupError):
    """A name two or more people share, where one person is meant."""


def person_or_value(repo: Repo, value: str) -> str:
    """The person's id when `value` is a person's id or the exact name of one person; `value`
    itself when it names no person (a section, a role…); AmbiguousName for a shared name."""
    found = repo.person_id(value)
    if found:
        return found
    named = repo.people_named(value)
    if len(named) > 1:
        raise AmbiguousName(
            _(
                "'{value}' is the name of {n} people ({ids}); write the id of the one meant",
                value=value,
                n=len(named),
                ids=", ".join(named),
            )
        )
    return value
