"""Finding a records repo and loading it: `load_repo(root) -> (Repo, problems)`.

This module owns the load → models → validate pipeline (the way beancount's loader runs parse →
book → validate). Every file is read and every problem collected; a broken file is left out of
the `Repo` and reported, the rest load as usual.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from safetyduty import yamlfile
from safetyduty.models import (
    RECORD_ID_PATTERN,
    RECORD_TYPES,
    AnyRecord,
    Body,
    Commission,
    DutiesFile,
    Duty,
    Industry,
    PeopleFile,
    Person,
    Role,
    Section,
    SectionsFile,
)
from safetyduty.problems import Problem, did_you_mean, error

SHIPPED = ("sections.yaml", "duties.yaml")
ENV_VAR = "SAFETYDUTY_REPO"


class RepoNotFound(Exception):
    """No records repo at or above the starting folder."""


def shipped_path(name: str) -> Path:
    """The copy of `sections.yaml` or `duties.yaml` that ships inside the package."""
    return Path(str(resources.files("safetyduty") / "data" / name))


def find_repo(explicit: str | os.PathLike[str] | None, start: Path | None = None) -> Path:
    """The records repo: `--repo`, else $SAFETYDUTY_REPO, else the nearest ancestor of `start`
    (default: the current folder) holding `data/people.yaml` or `records/`."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_dir():
            raise RepoNotFound(f"{path} is not a folder")
        return path.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "people.yaml").is_file() or (folder / "records").is_dir():
            return folder
    raise RepoNotFound(f"no records repo at or above {here}")


@dataclass
class Repo:
    """A loaded records repo: the duty matrix, the people and the records, indexed by id."""

    root: Path
    commission: Commission
    bodies: dict[str, Body] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    industries: dict[str, tuple[Industry, Section]] = field(default_factory=dict)
    duties: dict[str, Duty] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    records: dict[str, AnyRecord] = field(default_factory=dict)
    #: where each record and data file came from, as shown in problems
    record_paths: dict[str, str] = field(default_factory=dict)
    #: ids of record files that exist but could not be loaded (their problems are reported)
    unreadable: set[str] = field(default_factory=set)
    data_paths: dict[str, str] = field(default_factory=dict)

    def display_to_path(self, display: str) -> Path:
        path = Path(display)
        return path if path.is_absolute() else self.root / path

    def section_of_industry(self, industry: str) -> Section | None:
        found = self.industries.get(industry)
        return found[1] if found else None

    def holder_name(self, holder: str, lang: str = "zh") -> str:
        """A person's, section's, role's or body's name for display."""
        en = lang == "en"
        if person := self.people.get(holder):
            return (person.name_en or person.name) if en else person.name
        for table in (self.sections, self.roles, self.bodies):
            if item := table.get(holder):
                return str(item.name_en if en else item.name)
        if holder == "commission":
            return self.commission.name_en if en else self.commission.name
        if holder == "all-sections":
            return "all sections" if en else "各科室"
        return holder


_M = TypeVar("_M", bound=BaseModel)


def load_repo(root: Path, as_of: dt.date | None = None) -> tuple[Repo, list[Problem]]:
    """Load every data and record file under `root` and validate the whole.

    Returns the repo with every file that could be read, and every problem found, sorted.
    `as_of` (default: today) only decides which records are warned about as being in the future.
    """
    from safetyduty.validate import validate

    problems: list[Problem] = []
    sections_file, display = _load_data(root, "sections.yaml", SectionsFile, problems)
    repo = Repo(
        root=root,
        commission=sections_file.commission
        if sections_file
        else Commission(name="?", name_en="?", tracking_start=dt.date(1970, 1, 1)),
    )
    repo.data_paths["sections.yaml"] = display
    if sections_file:
        repo.bodies = {b.id: b for b in sections_file.bodies}
        repo.roles = {r.id: r for r in sections_file.roles}
        repo.sections = {s.id: s for s in sections_file.sections}
        repo.industries = {i.id: (i, s) for s in sections_file.sections for i in s.industries}
    duties_file, repo.data_paths["duties.yaml"] = _load_data(
        root, "duties.yaml", DutiesFile, problems
    )
    if duties_file:
        repo.duties = {d.id: d for d in duties_file.duties}
    people_file, repo.data_paths["people.yaml"] = _load_data(
        root, "people.yaml", PeopleFile, problems
    )
    if people_file:
        repo.people = {p.id: p for p in people_file.people}
    for path in _record_files(root, problems):
        _load_record(repo, path, problems)
    problems.extend(validate(repo, sections_file, duties_file, people_file, as_of))
    return repo, sorted(set(problems))


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _load_data(
    root: Path, name: str, model: type[_M], problems: list[Problem]
) -> tuple[_M | None, str]:
    path = root / "data" / name
    if not path.exists():
        if name not in SHIPPED:
            problems.append(
                error(
                    f"data/{name}",
                    1,
                    1,
                    "missing-file",
                    f"data/{name} is missing; every records repo lists its people there "
                    "(`safetyduty init` writes one)",
                )
            )
            return None, f"data/{name}"
        path = shipped_path(name)
    display = _display(root, path)
    doc, found = yamlfile.read(path, display)
    problems.extend(found)
    if doc is None:
        return None, display
    if not isinstance(doc.data, dict):
        problems.append(_not_a_mapping(display, doc.data))
        return None, display
    try:
        return model.model_validate(doc.data), display
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, display, doc.text))
        return None, display


def _record_files(root: Path, problems: list[Problem]) -> Iterator[Path]:
    records = root / "records"
    if not records.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(records):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if name.endswith(".yaml"):
                yield path
            elif name.endswith(".yml"):
                problems.append(
                    error(
                        _display(root, path),
                        1,
                        1,
                        "extension",
                        "record files end in .yaml; rename it so that it is read",
                    )
                )


def _load_record(repo: Repo, path: Path, problems: list[Problem]) -> None:
    display = _display(repo.root, path)
    record_id = path.name[: -len(".yaml")]
    repo.unreadable.add(record_id)
    doc, found = yamlfile.read(path, display)
    problems.extend(found)
    if doc is None:
        return
    data = doc.data
    if not isinstance(data, dict):
        problems.append(_not_a_mapping(display, data))
        return
    if not RECORD_ID_PATTERN.match(record_id):
        problems.append(
            error(
                display,
                1,
                1,
                "record-id",
                f"record id '{record_id}' (the file name) must be ASCII letters, digits, "
                "'.', '_' or '-'; rename the file",
            )
        )
        return
    if "id" in data:
        line, column = yamlfile.locate(doc.text, ("id",), key=True)
        problems.append(
            error(
                display,
                line,
                column,
                "unknown-field",
                "unknown field 'id': a record's id is its file name",
            )
        )
        return
    kind = data.get("kind")
    model = RECORD_TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        if kind is None:
            line, column, message = 1, 1, "missing required field 'kind'"
        else:
            line, column = yamlfile.locate(doc.text, ("kind",))
            message = f"unknown record kind '{kind}'{did_you_mean(str(kind), RECORD_TYPES)}"
        kinds = ", ".join(RECORD_TYPES)
        problems.append(error(display, line, column, "kind", f"{message} (kinds: {kinds})"))
        return
    try:
        record = model.model_validate({**data, "id": record_id})
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, display, doc.text, kind=kind))
        return
    if record_id in repo.records:
        problems.append(
            error(
                display,
                1,
                1,
                "duplicate-id",
                f"duplicate record id '{record_id}' (also {repo.record_paths[record_id]}); "
                "record ids are file names and must be unique in the repo",
            )
        )
        return
    repo.unreadable.discard(record_id)
    repo.records[record_id] = record  # type: ignore[assignment]
    repo.record_paths[record_id] = display


def _not_a_mapping(display: str, data: Any) -> Problem:
    what = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
    return error(
        display, 1, 1, "not-a-mapping", f"expected a mapping of fields (key: value), found {what}"
    )


def pydantic_problems(
    exc: ValidationError, display: str, text: str, kind: str | None = None
) -> list[Problem]:
    """One located problem per Pydantic error, worded for a person."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        name = ".".join(str(part) for part in loc) or "file"
        etype = err["type"]
        on_key = etype == "extra_forbidden"
        if etype == "missing":
            line, column = yamlfile.locate(text, loc[:-1])
        else:
            line, column = yamlfile.locate(text, loc, key=on_key)
        if etype == "missing":
            code, message = "missing-field", f"missing required field '{loc[-1]}'"
            if kind:
                message += f" of a {kind}"
        elif etype == "extra_forbidden":
            allowed = _allowed_fields(kind, loc)
            code = "unknown-field"
            message = f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), allowed)}"
            if kind:
                message += f" (a {kind} has: {', '.join(allowed)})"
        elif etype == "value_error":
            code, message = "value", f"{name}: {err['ctx']['error']}"
        elif etype == "literal_error":
            got = err.get("input")
            expected = err["ctx"]["expected"]
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            code = "value"
            message = f"{name}: '{got}' is not one of {expected}{did_you_mean(str(got), options)}"
        else:
            code = "type"
            msg = err["msg"]
            message = f"{name}: {msg[0].lower()}{msg[1:]}"
        problems.append(error(display, line, column, code, message))
    return problems


def _allowed_fields(kind: str | None, loc: tuple[Any, ...]) -> list[str]:
    if kind and len(loc) == 1:
        model = RECORD_TYPES[kind]
        return [f.alias or n for n, f in model.model_fields.items() if n != "id"]
    return []
