"""Logging one new record: the fields of each kind, its YAML text, its id, its check, its write.

This module owns the questions behind `safetyduty log KIND`:

- *Which fields can a kind be given?* `field_specs(kind)` reads them off the record model
  (type, required or not, description, what they refer to), so a new record kind needs nothing
  here: adding its model to `models.RECORD_TYPES` is enough.
- *What does the file look like?* `render_yaml(record_data(...))`: keys in model order, Chinese as
  text, dates unquoted, no empty optional fields, id lists inline like hand-written records.
- *Which id?* `base_id()` is `YYYY-MM-DD-<kind>-<slug>`; `write_record()` creates the file
  exclusively and moves on to `-2`, `-3`, … when another writer took the name first.
- *Would `check` accept it?* `check_record()` runs the text through the loader's own steps —
  YAML, the Pydantic model, then `validate.validate_record` with the record added — so every
  problem is the one `check` would print for that file, at its real line and column.

Like every core module it returns values and raises domain exceptions; it never prints or exits.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from safetyduty.i18n import _
from safetyduty.load import yamlfile
from safetyduty.load.loader import record_files
from safetyduty.load.models import (
    MOMENT_YEARS,
    RECORD_ID_PATTERN,
    RECORD_TYPES,
    AnyRecord,
    Hazard,
    RecordBase,
    Rectification,
)
from safetyduty.load.periods import HOLIDAY_KEYS, LOCAL_TZ, today
from safetyduty.load.problems import Problem, Severity, error
from safetyduty.load.pydantic_errors import pydantic_problems
from safetyduty.load.repo import Repo
from safetyduty.load.validate import (
    COMMON_REFERENCES,
    REFERENCES,
    answer_problems,
    validate_record,
)
from safetyduty.write.atomic import remove_stale_temps, write_atomic

ValueType = Literal["text", "date", "moment", "int", "float", "bool", "choice"]

#: Common fields written before a kind's own fields, and after them (SPEC §5's order).
_HEAD = ("date", "title", "section")
_TAIL = ("evidence", "notes")

#: What a reference field points at (validate.REFERENCES), when its values are short ids: a list
#: of them is written inline, `led_by: [li-na, wang-qiang]`, as the hand-written records do.
_ID_TARGETS = frozenset({"person", "section", "industry", "section-or-person", "holiday"})

#: Fields whose values name a record best when its title has no ASCII words, by kind; a kind
#: not listed here falls back to its section.
SLUG_FIELDS: dict[str, tuple[str, ...]] = {
    "meeting": ("type",),
    "inspection": ("holiday", "sections"),
    "hazard": ("industry", "section"),
    "rectification": ("hazard",),
    "drill": ("organized_by",),
    "training": ("section",),
    "accident": ("industry",),
    "report": ("covers",),
    "letter": ("year",),
    "approval": ("industry",),
    "interview": ("section",),
    "waiver": ("holder", "period"),
}
_SLUG_MAX = 40
_MAX_ATTEMPTS = 10_000


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a record kind, as `log` offers it."""

    #: the model's attribute name (`with_`)
    name: str
    #: the key in the file (`with`): the field's alias, else its name
    key: str
    value: ValueType
    #: a list field (its option repeats)
    many: bool
    required: bool
    description: str
    #: the allowed values of a `choice` field
    choices: tuple[str, ...] = ()
    #: what the field refers to (`person`, `section`, `hazard`, `path`, …), if anything
    target: str | None = None
    #: the record kind the field belongs to
    kind: str = ""

    @property
    def option(self) -> str:
        """The command-line option: the key in kebab-case, `--led-by`."""
        return "--" + self.key.replace("_", "-")


@dataclass(frozen=True, slots=True)
class Choice:
    """One value a person may pick for a field, with a label to recognise it by."""

    value: str
    label: str


class IdTaken(Exception):
    """The record id asked for (`--id`) is already a record of the repo."""

    def __init__(self, record_id: str, path: str) -> None:
        super().__init__(_("record id '{id}' is taken ({path})", id=record_id, path=path))
        self.record_id, self.path = record_id, path


class GitError(Exception):
    """`--commit` cannot be done: no git, no git repository, or git refused."""


# --- the fields of a kind ------------------------------------------------------------------------


@functools.cache
def field_specs(kind: str) -> tuple[FieldSpec, ...]:
    """The fields `log KIND` takes, in the order they are written: date, title, section, the
    kind's own fields in model order, evidence, notes. Raises KeyError for an unknown kind."""
    model = RECORD_TYPES[kind]
    targets = dict((*COMMON_REFERENCES, *REFERENCES.get(kind, ())))
    names = [
        name
        for name, info in model.model_fields.items()
        if name not in ("id", "kind") and not info.exclude
    ]
    ordered = [
        *(n for n in _HEAD if n in names),
        *(n for n in names if n not in _HEAD + _TAIL),
        *(n for n in _TAIL if n in names),
    ]
    return tuple(_spec(kind, name, model.model_fields[name], targets.get(name)) for name in ordered)


def _spec(kind: str, name: str, info: FieldInfo, target: str | None) -> FieldSpec:
    annotation = _bare(info.annotation)
    many = get_origin(annotation) is list
    if many:
        annotation = _bare(get_args(annotation)[0])
    value, choices = _value_type(annotation, name)
    return FieldSpec(
        name=name,
        key=info.alias or name,
        value=value,
        many=many,
        required=info.is_required(),
        description=info.description or name.replace("_", " "),
        choices=choices,
        target=target,
        kind=kind,
    )


def _bare(annotation: Any) -> Any:
    """The annotation without Annotated[...] and without `| None`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                raise TypeError(f"log cannot offer a field of the union type {annotation!r}")
            annotation = options[0]
        else:
            return annotation


def _value_type(annotation: Any, name: str) -> tuple[ValueType, tuple[str, ...]]:
    if get_origin(annotation) is Literal:
        return "choice", tuple(str(option) for option in get_args(annotation))
    # bool before int and datetime before date: each is a subclass of the next.
    known: tuple[tuple[type, ValueType], ...] = (
        (bool, "bool"),
        (dt.datetime, "moment"),
        (dt.date, "date"),
        (int, "int"),
        (float, "float"),
        (str, "text"),
    )
    for python_type, value in known:
        if annotation is python_type:
            return value, ()
    raise TypeError(f"log cannot offer field '{name}' of type {annotation!r}")


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD date; ValueError with a message for a person otherwise."""
    value = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(
            _("'{value}' is not a date; write YYYY-MM-DD, e.g. 2026-05-03", value=text)
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(
            _("impossible date '{value}' ({reason})", value=text, reason=_(str(exc)))
        ) from None


def parse_moment(text: str) -> dt.datetime:
    """A date-time like `2026-05-03T10:20` (the commission's local time, +08:00) or a full ISO
    date-time with its zone; ValueError with a message for a person otherwise."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            _(
                "'{value}' is not a date-time; write 2026-05-03T10:20 (local time, +08:00) "
                "or 2026-05-03T10:20:00+08:00",
                value=text,
            )
        ) from None
    first, last = MOMENT_YEARS
    if not first <= moment.year <= last:
        raise ValueError(
            _(
                "'{value}' is out of range; write a date-time from {first} to {last}",
                value=text,
                first=first,
                last=last,
            )
        )
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_TZ)


# --- the record as data, and as text ------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and len(value) == 0)


def record_data(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The record as it will be written: `kind` first, then every given field in the file's order,
    keyed by its name in the file. `values` is keyed by attribute name (`with_`); empty values
    (None, '', []) are left out and a date-time without a zone gets the local one (+08:00)."""
    data: dict[str, Any] = {"kind": kind}
    for spec in field_specs(kind):
        value = values.get(spec.name, values.get(spec.key))
        if _is_empty(value):
            continue
        if spec.many:
            value = [_normal(item) for item in value if not _is_empty(item)]
            if not value:
                continue
        else:
            value = _normal(value)
        data[spec.key] = value
    return data


def _normal(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=LOCAL_TZ)
    return value


def missing_fields(kind: str, data: Mapping[str, Any]) -> list[FieldSpec]:
    """The required fields `data` lacks, as the model sees them (an accident's `date` is not
    missing when `occurred_at` is given), in the order to ask for them: the kind's own fields
    first, then the common ones."""
    try:
        RECORD_TYPES[kind].model_validate({**data, "id": "new"})
    except ValidationError as exc:
        missing = {
            str(err["loc"][0])
            for err in exc.errors(include_url=False)
            if err["type"] == "missing" and len(err["loc"]) == 1
        }
        found = [spec for spec in field_specs(kind) if spec.key in missing or spec.name in missing]
        return sorted(found, key=lambda spec: spec.name in RecordBase.model_fields)
    return []


def with_derived_fields(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` plus each required field the model derives when it is left out (an accident's
    `date` is the day it occurred), so that the file states it as a hand-written one would."""
    try:
        record = RECORD_TYPES[kind].model_validate({**data, "id": "new"})
    except ValidationError:
        return dict(data)
    derived = {
        spec.key: getattr(record, spec.name)
        for spec in field_specs(kind)
        if spec.required and spec.key not in data
    }
    return record_data(kind, {**data, **derived})


def record_day(data: Mapping[str, Any]) -> dt.date:
    """The record's date, which names its folder `records/YYYY/` and starts its id. Without one
    (a record the model rejects before it can derive it), the local day of its first date-time,
    else today."""
    day = data.get("date")
    if isinstance(day, dt.date) and not isinstance(day, dt.datetime):
        return day
    for value in data.values():
        if isinstance(value, dt.datetime):
            return value.astimezone(LOCAL_TZ).date()
    return today()


class _Flow(list[Any]):
    """A list written inline: `[a, b]`."""


class _Dumper(yaml.SafeDumper):
    """The safe dumper, with block lists indented under their key as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if any(ch in value for ch in "\r\x85\u2028\u2029"):
        # YAML folds these line breaks when it reads a plain or block scalar; escaped, they stay.
        style = '"'
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_moment(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.ScalarNode:
    # ISO with a 'T' and the zone, unquoted, as in the hand-written records.
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dt.datetime, _represent_moment)
_Dumper.add_representer(_Flow, _represent_flow)


def render_yaml(data: Mapping[str, Any]) -> str:
    """The text of a record file: one `key: value` line per field in the given order, Chinese as
    text, dates unquoted, lists of ids inline and other lists one `- item` a line, multi-line
    text as a `|` block; strings that YAML would read as something else are quoted."""
    kind = data.get("kind")
    specs = {spec.key: spec for spec in field_specs(kind)} if kind in RECORD_TYPES else {}
    shaped: dict[str, Any] = {}
    for key, value in data.items():
        spec = specs.get(key)
        if isinstance(value, list) and spec is not None and spec.target in _ID_TARGETS:
            value = _Flow(value)
        shaped[key] = value
    text: str = yaml.dump(
        shaped,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # never fold a long line: people search these files line by line
    )
    return text


# --- ids ---------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Lowercase ASCII words of `text` joined by '-', at most about 40 characters; empty when the
    text has no ASCII letters (a Chinese title)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    if not any(re.search(r"[a-z]", word) for word in words):
        return ""
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > _SLUG_MAX:
            break
        kept.append(word[:_SLUG_MAX])
    return "-".join(kept)


def base_id(kind: str, data: Mapping[str, Any]) -> str:
    """A readable id for a new record: `YYYY-MM-DD-<kind>-<slug>`, the slug from the title's
    ASCII words, else from the kind's telling fields (SLUG_FIELDS), else none."""
    day = record_day(data)
    title = data.get("title")
    words = slug(title) if isinstance(title, str) else ""
    if not words:
        parts: list[str] = []
        for name in SLUG_FIELDS.get(kind, ("section",)):
            value = data.get(name)
            if isinstance(value, list):
                value = value[0] if value else None
            if value is None:
                continue
            # A record id (a rectification's hazard) already starts with its date and kind.
            text = re.sub(r"^\d{4}-\d{2}-\d{2}-[a-z]+-", "", str(value))
            part = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            if part:
                parts.append(part)
        words = "-".join(parts)[:_SLUG_MAX].strip("-")
    return "-".join(part for part in (day.isoformat(), kind, words) if part)


def id_candidates(first: str) -> Iterator[str]:
    """`first`, then `first-2`, `first-3`, …"""
    yield first
    for number in range(2, _MAX_ATTEMPTS):
        yield f"{first}-{number}"


def existing_ids(root: Path) -> dict[str, str]:
    """Every record id of the repo (a file name under `records/`, any depth, loadable or not),
    with its path as shown in problems. The files are those `check` reads (`record_files`);
    a folder it cannot read is one of `check`'s problems, which `check_record` refuses on."""
    found: dict[str, str] = {}
    for _path, display in record_files(root, []):
        found.setdefault(display.rsplit("/", 1)[-1][: -len(".yaml")], display)
    return found


def free_id(first: str, taken: Mapping[str, str]) -> str:
    """The first of `id_candidates(first)` that is not taken."""
    return next(candidate for candidate in id_candidates(first) if candidate not in taken)


def id_problem(record_id: str) -> str | None:
    """Why `record_id` cannot be a record id (a file name), or None."""
    if record_id.endswith((".yaml", ".yml")):
        return _("'{id}': give the id without the .yaml extension", id=record_id)
    if not RECORD_ID_PATTERN.match(record_id):
        return _(
            "'{id}' is not a record id; use ASCII letters, digits, '.', '_' and '-', starting "
            "with a letter or digit",
            id=record_id,
        )
    return None


def record_display(record_id: str, day: dt.date) -> str:
    """Where a new record goes, relative to the repo root: `records/YYYY/<id>.yaml`."""
    return f"records/{day.year:04d}/{record_id}.yaml"


# --- would check accept it? --------------------------------------------------------------------


def check_record(
    repo: Repo,
    loaded: list[Problem],
    record_id: str,
    display: str,
    text: str,
    as_of: dt.date | None = None,
    pending: frozenset[str] = frozenset(),
) -> list[Problem]:
    """What `check` would report about the record `text` if it were the file `display` of `repo`.

    `loaded` are the problems found when `repo` was loaded: errors in its data files come first,
    since references cannot be checked without them. Then the record's own problems, found by
    the loader's steps (YAML, the model, `validate.validate_record` with the record added),
    sorted. Problems of other record files are not this record's and are left out.
    """
    data_errors = data_file_errors(repo, loaded)
    if data_errors:
        return data_errors
    record, problems = parse_record(text, display, record_id)
    if record is None:
        return problems
    with_record = dataclasses.replace(
        repo,
        records={**repo.records, record_id: record},
        record_paths={**repo.record_paths, record_id: display},
    )
    return check_in(with_record, record_id, text, as_of, pending)


def data_file_errors(repo: Repo, loaded: list[Problem]) -> list[Problem]:
    """The errors in the repo's data files (the matrix, the people): while there are any, no
    record's references can be checked. And a records folder that cannot be read: it may hold
    the id about to be chosen."""
    data_files = set(repo.data_paths.values())
    return sorted(
        {
            p
            for p in loaded
            if (p.path in data_files or p.code == "unreadable-folder")
            and p.severity is Severity.ERROR
        }
    )


def parse_record(text: str, display: str, record_id: str) -> tuple[AnyRecord | None, list[Problem]]:
    """The record `text` holds, read as the loader reads a file (YAML, then the Pydantic model),
    or None and the problems `check` would print for the file `display`."""
    data, problems = yamlfile.parse(text, display)
    if problems:
        return None, sorted(set(problems))
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or kind not in RECORD_TYPES:  # a list or mapping is unhashable
        return None, [
            error(display, 1, 1, "kind", _("a logged record must be a mapping with a kind"))
        ]
    try:
        record = RECORD_TYPES[kind].model_validate({**data, "id": record_id})
    except ValidationError as exc:
        return None, sorted(set(pydantic_problems(exc, display, text, kind=kind)))
    return record, []  # type: ignore[return-value]


def check_in(
    repo: Repo,
    record_id: str,
    text: str,
    as_of: dt.date | None = None,
    pending: frozenset[str] = frozenset(),
) -> list[Problem]:
    """The reference and consistency problems of record `record_id`, already part of `repo`
    (with its path), located in its `text`, as `check` would print them, sorted."""
    display = repo.record_paths[record_id]
    found = validate_record(repo, record_id, text, as_of or today(), pending)
    return sorted({p for p in found if p.path == display})


# --- choices for a person at a terminal ----------------------------------------------------------


def choices_for(repo: Repo, spec: FieldSpec, lang: str = "zh") -> list[Choice]:
    """The values a person may pick for `spec`, with labels in `lang`; empty when the field is
    free text. Open hazards only for a rectification's `hazard`; most recent records first."""
    from safetyduty.i18n import t

    en = lang == "en"
    if spec.value == "choice":
        return [Choice(option, choice_label(spec, option, lang)) for option in spec.choices]
    target = spec.target
    people = [Choice(p, repo.holder_name(p, lang)) for p in sorted(repo.people)]
    sections = [Choice(s, repo.holder_name(s, lang)) for s in repo.sections]
    if target == "person":
        return people
    if target == "section":
        return sections
    if target == "section-or-person":
        return sections + people
    if target == "holder":
        commission = repo.commission.name_en if en else repo.commission.name
        return [Choice("commission", commission), *sections, *people]
    if target == "industry":
        return [
            Choice(i, industry.name_en if en else industry.name)
            for i, (industry, _section) in repo.industries.items()
        ]
    if target == "holiday":
        return [Choice(key, t(key, lang)) for key in HOLIDAY_KEYS]
    if target == "duty":
        return [Choice(d.id, d.text_en if en else d.text) for d in repo.duties.values() if d.rule]
    if target in ("hazard", "inspection"):
        rectified = {r.hazard for r in repo.records.values() if isinstance(r, Rectification)}
        found = [
            r
            for r in repo.records.values()
            if r.kind == target and not (isinstance(r, Hazard) and r.id in rectified)
        ]
        found.sort(key=lambda r: (r.date, r.id), reverse=True)
        return [Choice(r.id, _record_label(r)) for r in found]
    return []


def choice_label(spec: FieldSpec, option: str, lang: str) -> str:
    """A choice's words in the language (`防范事故工作会议` for a meeting's `prevention`): the
    kind's own words for it (`lg_c_document_type_other`, 其他文件), else the field's
    (`lg_c_type_other`, 其他会议), else the value's."""
    from safetyduty.i18n import known, t

    for key in (f"lg_c_{spec.kind}_{spec.key}_{option}", f"lg_c_{spec.key}_{option}"):
        if known(key):
            return t(key, lang)
    return t(option, lang)


def _record_label(record: RecordBase) -> str:
    text = record.title or (record.description if isinstance(record, Hazard) else "") or ""
    return f"{record.date} {text}".strip()


# --- writing -----------------------------------------------------------------------------------


def write_record(
    root: Path,
    text: str,
    day: dt.date,
    first_id: str,
    *,
    generated: bool,
    taken: Mapping[str, str] | None = None,
) -> tuple[str, str]:
    """Write a new record file whole and return its id and path (relative to `root`).

    The file is created exclusively (never over another): a `generated` id moves on to the next
    free `-2`, `-3`, … when the name is taken — by a file anywhere under `records/` or by another
    writer at the same moment — while an id given by the person raises IdTaken. OSError when the
    disk refuses (read-only, full); then no file is left, nor a folder this call created.
    `taken` saves a caller that writes many records from walking `records/` for each one: the
    ids it knows are taken (the exclusive create still guards against the rest).
    Temporary files a killed writer left in the folder an hour or more ago are removed first.
    """
    data = text.encode("utf-8")
    taken = existing_ids(root) if taken is None else taken
    candidates = id_candidates(first_id) if generated else iter((first_id,))
    folder = root / record_display(first_id, day).rsplit("/", 1)[0]
    created_folder = not folder.exists()
    remove_stale_temps(folder)
    try:
        for record_id in candidates:
            if record_id in taken:
                if not generated:
                    raise IdTaken(record_id, taken[record_id])
                continue
            display = record_display(record_id, day)
            try:
                write_atomic(root / display, data)
            except FileExistsError:
                if not generated:
                    raise IdTaken(record_id, display) from None
                continue
            return record_id, display
    except BaseException:
        if created_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: another writer's file keeps it
        raise
    raise OSError(_("no free record id after {n} tries from '{id}'", n=_MAX_ATTEMPTS, id=first_id))


# --- git ---------------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError(_("git is not installed (or not on PATH)")) from None


def git_root(root: Path) -> Path:
    """The top of the git work tree holding `root`; GitError when there is none."""
    done = _git(root, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise GitError(_("{path} is not in a git repository", path=root))
    return Path(done.stdout.strip())


def git_commit(root: Path, displays: list[str], message: str) -> None:
    """Stage and commit just the files `displays` (the record and its attachments; other staged
    changes stay staged, uncommitted). GitError with git's own words when git refuses."""
    for args in (("add", "--", *displays), ("commit", "-q", "-m", message, "--", *displays)):
        done = _git(root, *args)
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise GitError(
                _(
                    "git {command} failed: {said}",
                    command=args[0],
                    said=said[-1] if said else done.returncode,
                )
            )


def commit_message(kind: str, data: Mapping[str, Any], record_id: str) -> str:
    """`<kind>: <title>`, or `<kind>: <id>` for a record without a title."""
    title = data.get("title")
    return f"{kind}: {title if isinstance(title, str) and title.strip() else record_id}"


# --- people by name, answers at a prompt, attachments -------------------------------------------

#: Optional fields asked for on a terminal because they decide whether the record counts for
#: a duty: an inspection's sites (they oblige written feedback) and its feedback date, a
#: meeting's minutes (a prevention meeting counts only with them), a major hazard's notice.
DECIDING: dict[str, tuple[tuple[str, str | None], ...]] = {
    "inspection": (("sites", None), ("feedback_on", "sites")),
    "meeting": (("minutes", None),),
    "hazard": (("notice", "major"),),
}

#: Fields holding the path of one file (a minutes, a notice): a file outside the repo given
#: there is copied into evidence/ as --attach does.
PATH_FIELDS = frozenset({"minutes", "notice", "pre_evaluation_report"})


def deciding_fields(kind: str, data: Mapping[str, Any]) -> list[FieldSpec]:
    """The optional fields to ask for, given what `data` has so far: the title when there is
    none, then DECIDING's fields of the kind whose condition holds (a field given, or a
    hazard's grade)."""
    specs = {spec.key: spec for spec in field_specs(kind)}
    asked = [specs["title"]] if "title" in specs and not data.get("title") else []
    for key, condition in DECIDING.get(kind, ()):
        if key not in specs or data.get(key):
            continue
        if condition == "major" and data.get("grade") != "major":
            continue
        if condition not in (None, "major") and not data.get(condition):
            continue
        asked.append(specs[key])
    return asked


def resolve_names(repo: Repo, kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` (keyed by attribute name) with each person given by exact name (王建国) as the
    person's id, for the fields that take people; other values as they are."""
    targets = dict((*COMMON_REFERENCES, *REFERENCES.get(kind, ())))
    resolved = dict(values)
    for name, value in values.items():
        if targets.get(name) not in ("person", "section-or-person", "holder") or value is None:
            continue

        def one(item: Any) -> Any:
            if not isinstance(item, str) or item in repo.sections or item == "commission":
                return item
            return repo.person_id(item) or item

        resolved[name] = [one(v) for v in value] if isinstance(value, list) else one(value)
    return resolved


def answer_problem(repo: Repo, kind: str, data: Mapping[str, Any], spec: FieldSpec) -> str | None:
    """What `check` would say about the answer just given for `spec` (a `rectify_by` before the
    date, a person nobody is), judged with the answers so far; None when it is fine. A path
    to a file that exists outside the repo is fine: it will be copied in."""
    value = data.get(spec.key)
    if value is None:
        return None
    if spec.target == "path":
        items = value if isinstance(value, list) else [value]
        for item in items:
            path = Path(str(item)).expanduser()
            inside = repo.root / str(item)
            if not (path.is_absolute() and path.is_file()) and not inside.is_file():
                return _("no file {path}; give the path of an existing file", path=item)
        return None
    fields = {**data, "id": "new"}
    record = RECORD_TYPES[kind].model_construct(**{_attr(kind, k): v for k, v in fields.items()})
    problems = answer_problems(repo, record, spec.name)
    return problems[0] if problems else None


def _attr(kind: str, key: str) -> str:
    for spec in field_specs(kind):
        if spec.key == key:
            return spec.name
    return key


def outside_files(root: Path, data: Mapping[str, Any]) -> dict[str, Path]:
    """The path fields of `data` (minutes, notice, …) that name a file outside the repo, by
    field key: those files are copied into evidence/ like attachments."""
    found = {}
    for key in PATH_FIELDS:
        value = data.get(key)
        if not isinstance(value, str):
            continue
        path = Path(value).expanduser()
        if path.is_absolute() and path.is_file() and not _inside(root, path):
            found[key] = path
        elif not path.is_absolute() and not (root / path).exists() and path.is_file():
            found[key] = path.resolve()  # relative to where `log` runs, not to the repo
    return found


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def evidence_targets(
    root: Path, day: dt.date, record_id: str, sources: list[Path]
) -> list[tuple[Path, str]]:
    """Where each attached file goes: `evidence/YYYY/<record id>/<its name>` (a name taken,
    in the folder or by an earlier attachment, gets `-2`, `-3` before its suffix)."""
    folder = f"evidence/{day.year:04d}/{record_id}"
    planned: list[tuple[Path, str]] = []
    taken: set[str] = set()
    for source in sources:
        stem, suffix = source.stem, source.suffix
        for number in range(1, _MAX_ATTEMPTS):
            name = source.name if number == 1 else f"{stem}-{number}{suffix}"
            display = f"{folder}/{name}"
            if display not in taken and not (root / display).exists():
                break
        taken.add(display)
        planned.append((source, display))
    return planned


def copy_evidence(root: Path, planned: list[tuple[Path, str]]) -> list[Path]:
    """Copy each planned file whole (never over another); returns the files written. OSError
    when a copy fails: the copies made so far are removed."""
    written: list[Path] = []
    try:
        for source, display in planned:
            write_atomic(root / display, source.read_bytes())
            written.append(root / display)
    except BaseException:
        remove_copies(written)
        raise
    return written


def remove_copies(written: list[Path]) -> None:
    for path in written:
        with contextlib.suppress(OSError):
            path.unlink()
        with contextlib.suppress(OSError):
            path.parent.rmdir()
