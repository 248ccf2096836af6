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
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from safetyduty.load import yamlfile
from safetyduty.load.models import (
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
from safetyduty.load.problems import Problem, did_you_mean, error, shown

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
        try:
            path = Path(chosen).expanduser()
        except RuntimeError:  # `~someone/...` for a user this machine does not know
            path = Path(chosen)
        if not path.is_dir():
            raise RepoNotFound(f"{path} is not a folder")
        if not _is_records_repo(path):
            raise RepoNotFound(f"{path} is not a records repo (no data/people.yaml or records/)")
        return path.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_records_repo(folder):
            return folder
    raise RepoNotFound(f"no records repo at or above {here}")


def _is_records_repo(folder: Path) -> bool:
    return (folder / "data" / "people.yaml").is_file() or (folder / "records").is_dir()


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
    #: ids of people and duties whose entries could not be loaded (their problems are reported)
    unreadable_items: set[str] = field(default_factory=set)
    #: for people.yaml and duties.yaml (keys "people", "duties"): the position in the file of
    #: each loaded item, which differs from its position in the loaded list once one is broken
    item_index: dict[str, list[int]] = field(default_factory=dict)
    #: every record file read, loaded or not, as shown in problems
    record_files: list[str] = field(default_factory=list)
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
    from safetyduty.load.validate import validate

    problems: list[Problem] = []
    broken: set[str] = set()
    positions: dict[str, list[int]] = {}
    sections_file, display = _load_data(
        root, "sections.yaml", SectionsFile, problems, broken, positions
    )
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
        root, "duties.yaml", DutiesFile, problems, broken, positions
    )
    if duties_file:
        repo.duties = {d.id: d for d in duties_file.duties}
    people_file, repo.data_paths["people.yaml"] = _load_data(
        root, "people.yaml", PeopleFile, problems, broken, positions
    )
    repo.unreadable_items = broken
    repo.item_index = positions
    if people_file:
        repo.people = {p.id: p for p in people_file.people}
    first_file: dict[str, str] = {}
    for path in _record_files(root, problems):
        _load_record(repo, path, problems, first_file)
    problems.extend(validate(repo, sections_file, duties_file, people_file, as_of))
    return repo, sorted(set(problems))


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _load_data(
    root: Path,
    name: str,
    model: type[_M],
    problems: list[Problem],
    broken: set[str],
    positions: dict[str, list[int]],
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
        top = ", ".join(f"'{name}:'" for name in model.model_fields)
        problems.append(_not_a_mapping(display, doc.data, f"the file holds {top} at the top"))
        return None, display
    items_field = _ITEM_LISTS.get(model)
    if items_field and isinstance(doc.data.get(items_field), list):
        loaded = _load_items(model, items_field, doc, display, problems, broken, positions)
        return loaded, display
    try:
        return model.model_validate(doc.data), display
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, display, doc.text, model=model))
        return None, display


#: Data files that are one list of items: each item is validated on its own, so that one bad
#: person or duty neither hides the others' problems nor turns every reference to them into
#: an error.
_ITEM_LISTS: dict[type[BaseModel], str] = {PeopleFile: "people", DutiesFile: "duties"}


def _load_items(
    model: type[_M],
    items_field: str,
    doc: yamlfile.YamlDoc,
    display: str,
    problems: list[Problem],
    broken: set[str],
    positions: dict[str, list[int]],
) -> _M:
    """The file with its valid items; each invalid one is reported and its id (if it has one)
    added to `broken`. `positions[items_field]` gets each kept item's position in the file."""
    item_model = _unwrap(model.model_fields[items_field].annotation)[0]
    item_model = get_args(item_model)[0]
    try:
        model.model_validate({**doc.data, items_field: []})
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, display, doc.text, model=model))
    kept = []
    kept_at = positions[items_field] = []
    for index, item in enumerate(doc.data[items_field]):
        try:
            kept.append(item_model.model_validate(item))
            kept_at.append(index)
        except ValidationError as exc:
            problems.extend(
                pydantic_problems(exc, display, doc.text, model=model, prefix=(items_field, index))
            )
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                broken.add(item["id"])
    return model.model_validate({items_field: []}).model_copy(update={items_field: kept})


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


def _load_record(
    repo: Repo, path: Path, problems: list[Problem], first_file: dict[str, str]
) -> None:
    """Load one record file into `repo`, or add its problems. `first_file` maps each record id
    seen so far to its file, so that a second file of the same name is caught even when
    either of them cannot be read."""
    display = _display(repo.root, path)
    record_id = path.name[: -len(".yaml")]
    repo.record_files.append(display)
    duplicate_of = first_file.setdefault(record_id, display)
    if duplicate_of != display:
        problems.append(
            error(
                display,
                1,
                1,
                "duplicate-id",
                f"duplicate record id '{record_id}' (also {duplicate_of}); "
                "record ids are file names and must be unique in the repo: rename one",
            )
        )
    elif record_id not in repo.records:
        repo.unreadable.add(record_id)
    doc, found = yamlfile.read(path, display)
    problems.extend(found)
    if doc is None:
        return
    data = doc.data
    if not isinstance(data, dict):
        problems.append(_not_a_mapping(display, data, "a record file holds one record"))
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
            hint = did_you_mean(kind, RECORD_TYPES) if isinstance(kind, str) else ""
            message = f"unknown record kind {shown(kind)}{hint}"
        kinds = ", ".join(RECORD_TYPES)
        problems.append(error(display, line, column, "kind", f"{message} (kinds: {kinds})"))
        return
    try:
        record = model.model_validate({**data, "id": record_id})
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, display, doc.text, kind=kind, model=model))
        return
    if duplicate_of != display:
        return  # the first file of this id is the record; this one is reported above
    repo.unreadable.discard(record_id)
    repo.records[record_id] = record  # type: ignore[assignment]
    repo.record_paths[record_id] = display


def _not_a_mapping(display: str, data: Any, expected: str) -> Problem:
    if isinstance(data, list):
        what = "a list (lines starting with '- ')"
    elif isinstance(data, str):
        what = "a single text value"
    elif isinstance(data, bool):
        what = f"the single value {str(data).lower()}"
    elif isinstance(data, int | float | dt.date):
        what = f"the single value {data}"
    else:
        what = f"a {type(data).__name__}"
    return error(
        display,
        1,
        1,
        "not-a-mapping",
        f"expected a mapping of fields (key: value lines), found {what}; {expected}",
    )


def pydantic_problems(
    exc: ValidationError,
    display: str,
    text: str,
    kind: str | None = None,
    model: type[BaseModel] | None = None,
    prefix: tuple[str | int, ...] = (),
) -> list[Problem]:
    """One located problem per Pydantic error, worded for a person.

    `kind` names the record kind in messages; `model` (the model of the whole file) lets an
    unknown field anywhere in the file get a "did you mean" among the fields allowed there.
    `prefix` is where in the file the validated value stands, when it is not the whole file.
    """
    if model is None and kind in RECORD_TYPES:
        model = RECORD_TYPES[kind]
    problems = []
    for err in exc.errors(include_url=False):
        full = (*prefix, *err["loc"])
        parent, loc = _walk(model, full) if model else (None, full)
        name = ".".join(str(part) for part in loc) or "file"
        fields = (parent.model_fields if parent else {}).items()
        allowed = [info.alias or field for field, info in fields if not info.exclude]
        optional = any(
            loc and loc[-1] in (field, info.alias) and not info.is_required()
            for field, info in fields
        )
        etype = err["type"]
        if etype == "missing":
            line, column = yamlfile.locate(text, loc[:-1])
        else:
            line, column = yamlfile.locate(text, loc, key=etype == "extra_forbidden")
        if etype == "missing":
            code, message = "missing-field", f"missing required field '{loc[-1]}'"
            if kind:
                message += f" of a {kind}"
        elif etype == "extra_forbidden":
            code = "unknown-field"
            message = f"unknown field {shown(loc[-1])}{did_you_mean(str(loc[-1]), allowed)}"
            if allowed:
                where = f"a {kind} has" if kind and len(loc) == 1 else "allowed here"
                message += f" ({where}: {', '.join(allowed)})"
        elif etype == "value_error":
            code, message = "value", f"{name}: {err['ctx']['error']}"
        elif etype == "literal_error":
            got = err.get("input")
            expected = err["ctx"]["expected"]
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            code = "value"
            hint = did_you_mean(got, options) if isinstance(got, str) else ""
            message = f"{name}: {shown(got)} is not one of {expected}{hint}"
        else:
            got = err.get("input")
            code, message = "type", f"{name}: {_type_message(etype, err['msg'], got, optional)}"
        problems.append(error(display, line, column, code, message))
    return problems


#: What a person is asked for, by Pydantic error type.
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list ([a, b], or one '- item' per line)",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}


def _type_message(etype: str, msg: str, got: Any, optional: bool) -> str:
    expected = _EXPECTED.get(etype)
    if got is None and expected:
        message = f"no value given; write {expected} after the colon"
        return message + (", or leave the field out" if optional else "")
    if expected is None:
        text = f"{msg[0].lower()}{msg[1:]}"
        return text if got is None or isinstance(got, dict | list) else f"{text} (got {shown(got)})"
    if etype == "string_type" and isinstance(got, bool):
        # YAML 1.1 reads yes/no/on/off as booleans; people mean the words.
        return (
            f"expected {expected}, but YAML read the value as {str(got).lower()} "
            "(yes, no, on, off, true and false are booleans); put it in quotes"
        )
    if etype == "string_type" and isinstance(got, int | float | dt.date):
        what = "a date" if isinstance(got, dt.date) else "a number"
        return f"expected {expected}, but YAML read {got} as {what}; put it in quotes"
    return f"expected {expected}, got {shown(got)}"


def _walk(
    model: type[BaseModel], loc: tuple[Any, ...]
) -> tuple[type[BaseModel] | None, tuple[Any, ...]]:
    """The model at `loc[:-1]` inside `model` (None when that is not one model), and `loc`
    without the tags Pydantic inserts for a discriminated union (`rule.periodic.period` is
    `rule.period` in the file)."""
    current: Any = model
    kept: list[Any] = []
    for step in loc[:-1]:
        options = _unwrap(current)
        if len(options) > 1 and isinstance(step, str):
            tagged = [m for m in options if _is_model(m) and step in _tags(m)]
            if tagged:
                current = tagged[0]
                continue
        kept.append(step)
        current = _step(options[0] if len(options) == 1 else None, step)
    kept.extend(loc[-1:])
    options = _unwrap(current)
    parent = options[0] if len(options) == 1 and _is_model(options[0]) else None
    return parent, tuple(kept)


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, without Annotated[...] and None."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        return [a for arg in get_args(annotation) for a in _unwrap(arg) if a is not type(None)]
    return [annotation]


def _step(annotation: Any, step: Any) -> Any:
    if _is_model(annotation) and isinstance(step, str):
        for name, info in annotation.model_fields.items():
            if step in (name, info.alias):
                return info.annotation
        return None
    if get_origin(annotation) is list and isinstance(step, int):
        return get_args(annotation)[0]
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _tags(model: type[BaseModel]) -> set[str]:
    """The literal values of a union member's discriminator field (`type` or `kind`)."""
    tags: set[str] = set()
    for name in ("type", "kind"):
        info = model.model_fields.get(name)
        if info is not None and get_origin(info.annotation) is Literal:
            tags.update(str(a) for a in get_args(info.annotation))
    return tags
