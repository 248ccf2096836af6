"""Loading a records repo: `load_repo(root) -> (Repo, problems)`.

This module owns the load → models → validate pipeline (the way beancount's loader runs parse →
book → validate). Every file is read and every problem collected; a broken file is left out of
the `Repo` and reported, the rest load as usual.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from safetyduty.i18n import _, os_reason
from safetyduty.load import parallel, yamlfile
from safetyduty.load.assessment import AssessmentFile, check_assessment
from safetyduty.load.bulk import collector_paused, share_fields_set
from safetyduty.load.models import (
    RECORD_ID_PATTERN,
    RECORD_TYPES,
    Commission,
    DutiesFile,
    PeopleFile,
    SectionsFile,
)
from safetyduty.load.problems import Problem, did_you_mean, error, shown, warning
from safetyduty.load.pydantic_errors import pydantic_problems, unwrap
from safetyduty.load.repo import SHIPPED, SHIPPED_PREFIX, Repo, shipped_path
from safetyduty.load.validate import resolve_people, validate

_M = TypeVar("_M", bound=BaseModel)


def load_repo(root: Path, as_of: dt.date | None = None) -> tuple[Repo, list[Problem]]:
    """Load every data and record file under `root` and validate the whole.

    Returns the repo with every file that could be read, and every problem found, sorted.
    `as_of` (default: today) only decides which records are warned about as being in the future.
    """
    with collector_paused():
        return _load_repo(root, as_of)


def _load_repo(root: Path, as_of: dt.date | None) -> tuple[Repo, list[Problem]]:
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
    files = list(record_files(root, problems))
    parallel.start(files, yamlfile.read)  # a worker reads ahead when the repo is big
    try:
        for path, display in files:
            _load_record(repo, path, display, problems, first_file)
    finally:
        parallel.stop()
    problems.extend(validate(repo, sections_file, duties_file, people_file, as_of))
    repo.assessment, display = _load_data(
        root, "assessment.yaml", AssessmentFile, problems, broken, positions
    )
    repo.data_paths["assessment.yaml"] = display
    # The shipped scale names shipped duties; a repo with its own matrix simply lacks some.
    if repo.assessment is not None and (root / "data" / "assessment.yaml").exists():
        problems.extend(
            check_assessment(
                repo.assessment,
                repo.duties,
                repo.unreadable_items,
                display,
                repo.display_to_path(display),
            )
        )
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
                    _(
                        "data/{name} is missing; every records repo lists its people there "
                        "(`safetyduty init` writes one)",
                        name=name,
                    ),
                )
            )
            return None, f"data/{name}"
        path = shipped_path(name)
        display = f"{SHIPPED_PREFIX}data/{name}"
    else:
        display = _display(root, path)
    doc, found = yamlfile.read(path, display, capped=not path.is_relative_to(shipped_path("")))
    problems.extend(found)
    if doc is None or found:
        return None, display
    if not isinstance(doc.data, dict):
        top = ", ".join(f"'{name}:'" for name in model.model_fields)
        expected = _("the file holds {keys} at the top", keys=top)
        problems.append(_not_a_mapping(display, doc.data, expected))
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
    item_model = unwrap(model.model_fields[items_field].annotation)[0]
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


def record_files(root: Path, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    """Each record file's path and its display path (relative to the repo, with '/'), as
    plain strings (at 100,000 files, Path objects and `relative_to` cost a tenth of a load):
    the one walk that `check`, every report and `log`'s choice of a free id share.

    A record file ends in `.yaml` in any case (`.YAML` too); one ending in `.yml` is reported
    (not read); hidden files and folders are skipped (a `log` killed mid-write leaves a hidden
    `.<id>.yaml.*.tmp`). A folder that cannot be read is an error, not a silent gap where a
    record (and an id `log` must not reuse) may be. A file or folder linked from outside the
    repo is refused as evidence links out are."""
    records = os.path.join(root, "records")
    if not os.path.isdir(records):
        return
    prefix = len(os.path.join(root, ""))

    def unreadable(exc: OSError) -> None:
        name = str(exc.filename or records)
        where = name[prefix:].replace(os.sep, "/") if len(name) > prefix else "records"
        problems.append(
            error(
                where,
                1,
                1,
                "unreadable-folder",
                _(
                    "cannot read folder: {reason}; its records are not checked and no new "
                    "record can be logged until it can be read",
                    reason=os_reason(exc),
                ),
            )
        )

    for dirpath, dirnames, filenames in os.walk(records, onerror=unreadable):
        shown = dirpath[prefix:].replace(os.sep, "/") + "/"
        kept = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                _linked(root, os.path.join(dirpath, name), shown + name, problems, folder=True)
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            suffix = name[name.rfind(".") + 1 :].lower() if "." in name else ""
            if suffix == "yaml":
                if os.path.islink(path) and not _linked(root, path, shown + name, problems):
                    continue
                yield path, shown + name
            elif suffix == "yml":
                problems.append(
                    error(
                        shown + name,
                        1,
                        1,
                        "extension",
                        _("record files end in .yaml; rename it so that it is read"),
                    )
                )


def _linked(
    root: Path, path: str, display: str, problems: list[Problem], *, folder: bool = False
) -> bool:
    """Whether a symbolic link under records/ may be read: a file linked from inside the repo
    may; one linked from outside it is an error (one leading nowhere is read, and the read
    says why it fails); a linked folder is never walked into (a link loop would walk for
    ever; a record read twice would be its own duplicate), with a warning when it stays
    inside the repo."""
    try:
        target = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return not folder  # reading it says why it cannot be read
    if not target.is_relative_to(Path(root).resolve()):
        if folder:
            message = _(
                "folder is a link to a place outside the repo; records must be files inside "
                "it: copy the folder in instead of linking it"
            )
        else:
            message = _(
                "record is a link to a place outside the repo; records must be files inside "
                "it: copy the file in instead of linking it"
            )
        problems.append(error(display, 1, 1, "symlink", message))
        return False
    if folder:
        problems.append(
            warning(
                display,
                1,
                1,
                "symlink",
                _("linked folder is not read (its records are read where they are in the repo)"),
            )
        )
        return False
    return True


def _load_record(
    repo: Repo, path: str, display: str, problems: list[Problem], first_file: dict[str, str]
) -> None:
    """Load one record file into `repo`, or add its problems. `first_file` maps each record id
    seen so far to its file, so that a second file of the same name is caught even when
    either of them cannot be read."""
    record_id = display.rsplit("/", 1)[-1][: -len(".yaml")]  # `.yaml` in any case
    repo.record_files.append(display)
    duplicate_of = first_file.setdefault(record_id, display)
    if duplicate_of != display:
        problems.append(
            error(
                display,
                1,
                1,
                "duplicate-id",
                _(
                    "duplicate record id '{id}' (also {path}); record ids are file names and "
                    "must be unique in the repo: rename one",
                    id=record_id,
                    path=duplicate_of,
                ),
            )
        )
    elif record_id not in repo.records:
        repo.unreadable.add(record_id)
    doc, found = parallel.take(path) or yamlfile.read(path, display)
    problems.extend(found)
    if doc is None:
        return
    data = doc.data
    if not isinstance(data, dict):
        if not found:
            problems.append(_not_a_mapping(display, data, _("a record file holds one record")))
        return
    if not RECORD_ID_PATTERN.match(record_id):
        problems.append(
            error(
                display,
                1,
                1,
                "record-id",
                _(
                    "record id '{id}' (the file name) must be ASCII letters, digits, "
                    "'.', '_' or '-'; rename the file",
                    id=record_id,
                ),
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
                _("unknown field 'id': a record's id is its file name"),
            )
        )
        return
    kind = data.get("kind")
    model = RECORD_TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        if kind is None:
            line, column, message = 1, 1, _("missing required field 'kind'")
        else:
            line, column = yamlfile.locate(doc.text, ("kind",))
            hint = did_you_mean(kind, RECORD_TYPES) if isinstance(kind, str) else ""
            message = _("unknown record kind {kind}{hint}", kind=shown(kind), hint=hint)
        kinds = ", ".join(RECORD_TYPES)
        message += _(" (kinds: {kinds})", kinds=kinds)
        problems.append(error(display, line, column, "kind", message))
        return
    try:
        record = model.model_validate({**data, "id": record_id})
    except ValidationError as exc:
        # Every problem of the file at once (SPEC §7): a value the YAML reader refused is not
        # reported again, and the fields that are fine still have their references checked.
        seen = {(p.line, p.column) for p in found}
        problems.extend(
            p
            for p in pydantic_problems(exc, display, doc.text, kind=kind, model=model)
            if (p.line, p.column) not in seen
        )
        wrong = {str(err["loc"][0]) for err in exc.errors(include_url=False) if err["loc"]}
        if duplicate_of == display:
            repo.partial[record_id] = (str(kind), {k: v for k, v in data.items() if k not in wrong})
        return
    if found:
        if duplicate_of == display:
            repo.partial[record_id] = (str(kind), data)
        return
    if duplicate_of != display:
        return  # the first file of this id is the record; this one is reported above
    share_fields_set(record)
    repo.unreadable.discard(record_id)
    repo.records[record_id] = resolve_people(repo, record)
    repo.record_paths[record_id] = display


def _not_a_mapping(display: str, data: Any, expected: str) -> Problem:
    if isinstance(data, list):
        what = _("a list (lines starting with '- ')")
    elif isinstance(data, str):
        what = _("a single text value")
    elif isinstance(data, bool):
        what = _("the single value {value}", value=str(data).lower())
    elif isinstance(data, int | float | dt.date):
        what = _("the single value {value}", value=data)
    else:
        what = type(data).__name__
    return error(
        display,
        1,
        1,
        "not-a-mapping",
        _(
            "expected a mapping of fields (key: value lines), found {what}; {expected}",
            what=what,
            expected=expected,
        ),
    )
