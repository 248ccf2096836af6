"""Robustness: whatever a person writes — in a file or on the command line — no traceback.

The promise (README): bad input gets one clear line naming the file, line and column, never a
Python traceback, and nothing a user wrote is lost or half-written. Property tests throw at every
command arbitrary bytes, YAML-ish text (tags, anchors, alias bombs, several documents, control
characters), the valid data files with random values swapped in, records of a real kind with
edge values, and random option values; every command must end with exit 0, 1 or 2, no exception
but SystemExit, and must leave the repo's files as they were. Then the deterministic edge cases
(a symlink loop, an unreadable file, a NUL byte, CRLF, 5 MB, 20,000-deep nesting) and one
regression test for each crash these tests found.

Every repo is a fresh temporary folder passed with --repo: the project folder is itself a
records repo and is never written to.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import re
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from conftest import PEOPLE, MakeRepo, RepoFiles, assert_no_traceback, run_cli, write_repo
from safetyduty.load import yamlfile
from safetyduty.load.loader import load_repo
from safetyduty.load.models import RECORD_TYPES
from safetyduty.load.repo import shipped_path
from safetyduty.write.record import FieldSpec, field_specs

AS_OF = "2026-06-30"
X = "records/2026/x.yaml"
DATA_FILES = (
    "data/people.yaml",
    "data/sections.yaml",
    "data/duties.yaml",
    "data/assessment.yaml",
)

#: The report commands of the brief, each as it is run on every generated repo.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check", "--as-of", AS_OF),
    ("status", "--all", "--as-of", AS_OF),
    ("summary", "2026", "--as-of", AS_OF),
    ("assess", "2026", "--as-of", AS_OF),
    ("hazards", "--as-of", AS_OF),
    ("calendar", "--from", AS_OF),
    ("duties",),
    ("who", "power", "--as-of", AS_OF),
)

#: Few examples each, no deadline: every example runs whole commands (about 0.3 s for the seven);
#: run with `--hypothesis-profile` settings of your own, or raise these, to search longer.
FEW = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_GCC = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")


# --- running -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """These tests read the messages of the core stages in English (the command line sets its
    own language on each run)."""
    from safetyduty.i18n import set_language

    set_language("en")


@contextmanager
def fresh_repo(files: RepoFiles, *, people: str | None = PEOPLE) -> Iterator[Path]:
    """A records repo in a new temporary folder (hypothesis runs many examples per test, so
    pytest's one `tmp_path` per test will not do)."""
    with tempfile.TemporaryDirectory(prefix="safetyduty-robust-") as tmp:
        yield write_repo(Path(tmp) / "repo", files, people=people)


#: Path.read_bytes as it was before any test patched it.
_READ_BYTES = Path.read_bytes


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under `root`, by relative path, with its bytes."""
    return {
        path.relative_to(root).as_posix(): _READ_BYTES(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def survives(repo: Path, *args: str) -> Result:
    """Run `safetyduty --repo REPO ARGS`: an exit code of 0, 1 or 2, and no traceback."""
    result = run_cli("--repo", str(repo), "--lang", "en", *args, env={"SAFETYDUTY_REPO": str(repo)})
    assert_no_traceback(result)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    return result


def run_every_command(repo: Path, *options: str) -> dict[str, Result]:
    """Every report command on `repo` (after global `options`); none may change a file. `check`
    prints one located line per problem, then its count line."""
    before = snapshot(repo)
    results = {args[0]: survives(repo, *options, *args) for args in COMMANDS}
    assert snapshot(repo) == before, "a read-only command changed the repo"
    lines = results["check"].stdout.splitlines()
    count = r"^(\d+ errors?, \d+ warnings? in \d+ files|\d+ 个文件中，错误 \d+ 个，警告 \d+ 个)"
    assert lines and re.match(count, lines[-1]), lines
    for line in lines[:-1]:
        assert _GCC.match(line), line
    return results


def strict_json(text: str) -> Any:
    """JSON as every other program reads it: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> Any:
        raise AssertionError(f"{constant} in JSON output")

    return json.loads(text, parse_constant=refuse)


# --- values ------------------------------------------------------------------------------------

ODD_TEXTS = [
    "",
    " ",
    "~",
    "null",
    "yes",
    "off",
    "[/]",
    "[bold]x[/foo]",
    ":fire:",
    "\u202eevil",
    "a\nb",
    "a\rb",
    "\x07",
    "\u2028",
    "<<<<<<< HEAD",
    "../x",
    "/etc/passwd",
    "a\\b",
    "C:x",
    "zhang-wei",
    "power",
    "chemical-pharma",
    "commission",
    "2026Q1",
    "0000Q1",
    "0000",
    "٢٠٢٦Q1",
    "2026-02-30",
    "2026-national-day",
    "x" * 5000,
    "长" * 2000,
    "％ｓ {0} %s",
]

FIXED_ZONES = st.builds(
    dt.timezone,
    st.timedeltas(
        min_value=-dt.timedelta(hours=23, minutes=59), max_value=dt.timedelta(hours=23, minutes=59)
    ),
)
TEXT = st.one_of(st.text(max_size=20), st.sampled_from(ODD_TEXTS))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**120), max_value=10**120),
    st.floats(),
    st.dates(),
    st.datetimes(timezones=st.none() | FIXED_ZONES),
    TEXT,
)


def _any_field_name() -> list[str]:
    names = {"id", "kind", "people", "posts", "commission", "sections", "duties", "rule", "from"}
    for kind in RECORD_TYPES:
        names.update(spec.key for spec in field_specs(kind))
    return sorted(names)


KEYS = st.one_of(
    st.sampled_from(_any_field_name()),
    st.text(max_size=10),
    st.integers(-3, 3),
    st.booleans(),
    st.none(),
    st.dates(),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=12,
)


def dump(value: Any, flow: bool | None = False) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=flow)


#: A billion laughs: nine levels of nine aliases, 9**9 strings if it were ever expanded.
BOMB = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)
#: The same with merge keys, which PyYAML flattens into ever longer lists of pairs.
MERGE_BOMB = "m0: &m0 {k: 1, j: 2}\n" + "".join(
    f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 9)}]}}\n" for i in range(1, 9)
)

FRAGMENTS = [
    "kind: meeting",
    "kind: hazard",
    "kind: accident",
    "kind: *a9",
    "title: *a9",
    "date: *a9",
    "date: 2026-03-01",
    "date: 2026-02-30",
    "date: 2026-03-01T10:00:00+99:00",
    "type: special",
    "chair: zhang-wei",
    "grade: major",
    "rectify_by: 2100-12-31",
    "people: *a9",
    "x: !!python/object/apply:os.system ['echo pwned']",
    "x: !!python/name:os.system",
    "y: !!binary aGk=",
    "z: !!set {a, b}",
    "w: !!omap [a: 1]",
    "t: !custom 1",
    "u: !!timestamp 2026-13-01",
    "v: !!int '0x10'",
    "q: !!float 'x'",
    "a: &a [1, 2]",
    "b: *a",
    "c: *undefined",
    "<<: *a",
    "<<: {kind: training}",
    "? [a, b]\n: c",
    "? {a: b}\n: c",
    "---",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:example.com,2000:",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> branch",
    "\tkey: tab",
    'key: "unterminated',
    "key: 'x",
    "key: |\n  block\n  text",
    "- item",
    "  - nested",
    "key: [1, 2",
    "key: {a: 1",
    "key: value # comment",
    "&anchor",
    "*alias",
    "!!null",
    "~",
    "",
    "\ufeffkind: training",
    "key: \x07",
    "key: a\x00b",
    "n: 0x" + "f" * 200,
    "n: 1" + "0" * 5000,
    "n: 1e400",
    "n: -.inf",
    "n: .NaN",
    "n: 190:20:30",
    "n: 0o777",
    "topic: " + "[" * 1100 + "]" * 1100,
    BOMB.rstrip("\n"),
    MERGE_BOMB.rstrip("\n"),
]

YAMLISH = st.one_of(
    VALUES.map(dump),
    VALUES.map(lambda v: dump(v, flow=True)),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=10).flatmap(
        lambda lines: st.sampled_from(["\n", "\r\n"]).map(lambda nl: nl.join(lines) + nl)
    ),
)
RAW_BYTES = st.one_of(
    st.binary(max_size=300),
    st.tuples(YAMLISH, st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16", "utf-16-le"])).map(
        lambda pair: pair[0].encode(pair[1], errors="replace")
    ),
)


# --- 1. arbitrary content in a record file and in the data files -------------------------------


@FEW
@given(content=st.one_of(RAW_BYTES, YAMLISH))
def test_any_record_file_content(content: str | bytes) -> None:
    with fresh_repo({X: content}) as repo:
        run_every_command(repo)


@FEW
@given(name=st.sampled_from(DATA_FILES), content=st.one_of(RAW_BYTES, YAMLISH))
def test_any_data_file_content(name: str, content: str | bytes) -> None:
    with fresh_repo({name: content}) as repo:
        run_every_command(repo)


def _parsed(name: str) -> Any:
    path = shipped_path(name.split("/")[1]) if name != "data/people.yaml" else None
    return yaml.safe_load(path.read_text(encoding="utf-8") if path else PEOPLE)


VALID_DATA = {name: _parsed(name) for name in DATA_FILES}


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every node below `data` (mapping keys and list indexes)."""
    found: list[tuple[Any, ...]] = []
    if isinstance(data, dict | list):
        for step, child in data.items() if isinstance(data, dict) else enumerate(data):
            found.append((*prefix, step))
            found.extend(_paths(child, (*prefix, step)))
    return found


EDGE_DATA_VALUES = st.one_of(
    VALUES,
    st.sampled_from(
        [
            dt.date(1, 1, 1),
            dt.date(9999, 12, 31),
            dt.date(1999, 12, 31),
            dt.date(2100, 12, 31),
            "power",
            "zhang-wei",
            "director",
            "all-sections",
            "[/]",
            10**30,
            -1,
            0,
            math.inf,
            1e300,
            [],
            {},
        ]
    ),
)


@st.composite
def mutated_data_file(draw: st.DrawFn) -> tuple[str, str]:
    """One of the valid data files with one to three nodes replaced, deleted or doubled."""
    name = draw(st.sampled_from(DATA_FILES))
    data = copy.deepcopy(VALID_DATA[name])
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        *parents, last = draw(st.sampled_from(paths))
        holder = data
        for step in parents:
            holder = holder[step]
        operation = draw(st.sampled_from(["replace", "replace", "delete", "double"]))
        if operation == "replace":
            holder[last] = draw(EDGE_DATA_VALUES)
        elif operation == "delete":
            del holder[last]
        elif isinstance(holder, list):
            holder.insert(last, copy.deepcopy(holder[last]))
    return name, dump(data)


@FEW
@given(mutation=mutated_data_file())
def test_valid_data_files_with_random_values(mutation: tuple[str, str]) -> None:
    name, text = mutation
    with fresh_repo({name: text}) as repo:
        run_every_command(repo)


# --- 2. records of a real kind, with edge values ------------------------------------------------

EDGE_DATES = [
    dt.date(2000, 1, 1),
    dt.date(1999, 12, 31),
    dt.date(2026, 1, 1),
    dt.date(2026, 6, 30),
    dt.date(2026, 7, 1),
    dt.date(2026, 12, 31),
    dt.date(2027, 1, 1),
    dt.date(2100, 12, 31),
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
]
ODD_ZONES = [None, *(dt.timezone(dt.timedelta(minutes=m)) for m in (840, -720, 1439, -1439, 345))]
EDGE_MOMENTS = st.builds(
    lambda day, zone, hour: dt.datetime.combine(day, dt.time(hour), zone),
    st.sampled_from(EDGE_DATES) | st.dates(),
    st.sampled_from(ODD_ZONES),
    st.integers(0, 23),
)
EDGE_INTS = st.sampled_from([-1, 0, 1, 2, 3, 9, 10, 29, 30, 49, 50, 99, 100, 2**63, 10**30])
EDGE_FLOATS = st.sampled_from(
    [math.nan, math.inf, -math.inf, -0.0, 999.99, 1000, 4999.9, 5000, 10000, 1e308, 5e-324]
)
RECORD_IDS = ("r0", "r1", "r2", "r3")
REFERENCES: dict[str, list[str]] = {
    "person": ["zhang-wei", "li-na", "wang-qiang", "zhao-min", "nobody", "zhang-we"],
    "section": ["power", "chemical-pharma", "economic-operation", "powr"],
    "section-or-person": ["power", "chemical-pharma", "li-na", "nobody"],
    "holder": ["commission", "power", "li-na", "zhang-wei", "nobody"],
    "industry": ["power", "chemical", "refined-oil", "chemicals"],
    "holiday": ["national-day", "spring-festival", "new-year", "christmas"],
    "duty": ["quarterly-prevention-meeting", "hazard-rectification", "accident-report", "nope"],
    "period": ["2026Q1", "2026H2", "2026", "2026-national-day", "r0", "0000Q1", "2026Q5"],
    "hazard": list(RECORD_IDS),
    "inspection": list(RECORD_IDS),
    "path": ["evidence/minutes.pdf", "evidence", "missing.pdf", "../x", "/abs", "a\\b", "a\0b"],
}


def _leaf(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.target in REFERENCES:
        return st.sampled_from(REFERENCES[spec.target])
    return {
        "text": TEXT,
        "date": st.sampled_from(EDGE_DATES) | st.dates(),
        "moment": EDGE_MOMENTS,
        "int": EDGE_INTS | st.integers(),
        "float": EDGE_FLOATS | st.floats(),
        "bool": st.booleans(),
        "choice": st.sampled_from([*spec.choices, "other-value"]),
    }[spec.value]


def _field(spec: FieldSpec) -> st.SearchStrategy[Any]:
    leaf = _leaf(spec)
    if spec.many:
        # Empty lists, and lists holding the same item twice.
        return st.lists(leaf, max_size=3) | leaf.map(lambda item: [item, item])
    return leaf


@st.composite
def edge_record(draw: st.DrawFn) -> dict[str, Any]:
    """A record of a real kind: every required field given, some optional ones, and now and
    then a value of any type at all in place of a field's own."""
    kind = draw(st.sampled_from(list(RECORD_TYPES)))
    record: dict[str, Any] = {"kind": kind}
    for spec in field_specs(kind):
        if spec.required or draw(st.booleans()):
            record[spec.key] = draw(_field(spec))
    if draw(st.integers(0, 4)) == 0:
        record[draw(st.sampled_from(list(record)))] = draw(VALUES)
    return record


@FEW
@given(
    records=st.lists(edge_record(), min_size=1, max_size=4),
    lang=st.sampled_from(["zh", "en"]),
    status_format=st.sampled_from(["json", "csv"]),
    summary_format=st.sampled_from(["md", "html", "json"]),
)
def test_records_of_real_kinds_with_edge_values(
    records: list[dict[str, Any]], lang: str, status_format: str, summary_format: str
) -> None:
    """Also every other output format, in both languages; JSON output is strict JSON."""
    files: dict[str, str | bytes] = {"evidence/minutes.pdf": b"%PDF"}
    for record_id, record in zip(RECORD_IDS, records, strict=False):
        files[f"records/2026/{record_id}.yaml"] = dump(record)
    with fresh_repo(files) as repo:
        run_every_command(repo, "--lang", lang)
        before = snapshot(repo)
        for args in (
            ("check", "--as-of", AS_OF, "--fail-on", "overdue", "--format", "json"),
            ("status", "--all", "--as-of", AS_OF, "--format", status_format),
            ("summary", "2026", "--as-of", AS_OF, "--format", summary_format),
            ("hazards", "--as-of", AS_OF, "--format", "json"),
            ("calendar", "--from", "2026-01-01", "--to", "2026-12-31"),
            ("calendar", "--from", AS_OF, "--ics", str(repo.parent / "due.ics")),
        ):
            result = survives(repo, "--lang", lang, *args)
            if "json" in args and result.stdout:
                strict_json(result.stdout)
        assert snapshot(repo) == before


# --- 3. random option values --------------------------------------------------------------------

ARG_TEXT = st.one_of(
    st.text(st.characters(blacklist_characters="\x00"), max_size=20),
    st.sampled_from([t for t in ODD_TEXTS if "\x00" not in t] + ["\udcbc\udcec"]),
)


def mostly(
    good: st.SearchStrategy[str], odd: st.SearchStrategy[str], times: int = 4
) -> st.SearchStrategy[str]:
    """`good` values `times` times as often as `odd` ones, so that a command line with several
    options gets past the usage checks often enough to reach the core. (`one_of` would not do:
    it draws each distinct strategy equally often, however many times it is given.)"""
    return st.sampled_from(range(times + 1)).flatmap(lambda pick: good if pick else odd)


# Near the records' year: an as-of date late in the century makes `status` schedule 70 years.
NEAR_DATES = st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat)
DATE_ARGS = mostly(
    NEAR_DATES | st.sampled_from(["2026-06-30", "2026-01-01", "2026-12-31"]),
    st.sampled_from(["2000-01-01", "2099-12-31"])
    | st.dates().map(dt.date.isoformat)
    | st.sampled_from(["1999-12-31", "2100-01-01", "2026-02-30", "0001-01-01", "9999-12-31"])
    | st.sampled_from(["2026-6-30", " 2026-06-30 ", "20260630", "today", ""])
    | ARG_TEXT,
)
PERIOD_ARGS = mostly(
    st.sampled_from(["2026Q1", "2026H2", "2026", "2026q3", "2026-national-day", "2025Q4", "2099"])
    | st.integers(0, 9999).map(lambda y: f"{y:04d}{['', 'Q1', 'H2', 'Q4'][y % 4]}"),
    st.sampled_from(["0000", "0000Q1", "9999Q4", "1000", "2026Q5", "٢٠٢٦Q1", "２０２６"])
    | ARG_TEXT,
)


def _maybe(option: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda value: [option, value]))


HOLDERS = ["li-na", "zhao-min", "power", "director", "industry-lead", "commission"]
STATUS_ARGS = st.tuples(
    _maybe("--as-of", DATE_ARGS),
    _maybe("--period", PERIOD_ARGS),
    _maybe("--holder", mostly(st.sampled_from(HOLDERS), ARG_TEXT)),
    _maybe(
        "--duty", mostly(st.sampled_from(["hazard-rectification", "accident-report"]), ARG_TEXT)
    ),
    _maybe("--state", mostly(st.sampled_from(["overdue", "met", "due", "waived"]), ARG_TEXT)),
    _maybe("--format", mostly(st.sampled_from(["table", "json", "csv"]), ARG_TEXT)),
    st.sampled_from([[], ["--all"]]),
).map(lambda parts: ["status", *(word for part in parts for word in part)])
SUMMARY_ARGS = st.tuples(
    PERIOD_ARGS,
    _maybe("--as-of", DATE_ARGS),
    _maybe("--format", st.sampled_from(["table", "md", "html", "json"])),
).map(lambda parts: ["summary", parts[0], *parts[1], *parts[2]])
CALENDAR_ARGS = st.tuples(_maybe("--from", DATE_ARGS), _maybe("--to", DATE_ARGS)).map(
    lambda parts: ["calendar", *parts[0], *parts[1]]
)
WHO_ARGS = st.tuples(
    mostly(
        st.sampled_from(["power", "电力", "Chemical", " power ", "POWER", "refined-oil"]), ARG_TEXT
    ),
    _maybe("--as-of", DATE_ARGS),
).map(lambda parts: ["who", parts[0], *parts[1]])

#: A small repo with something of every kind of obligation to filter.
OPTION_REPO: RepoFiles = {
    "records/2026/h.yaml": "kind: hazard\ndate: 2026-03-01\ndescription: 阻火器锈蚀\n"
    "grade: major\nrectify_by: 2026-04-01\nsection: power\n",
    "records/2026/m.yaml": "kind: meeting\ndate: 2026-03-20\ntype: special\nchair: zhang-wei\n",
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=st.one_of(STATUS_ARGS, SUMMARY_ARGS, CALENDAR_ARGS, WHO_ARGS))
def test_any_report_option_values(args: list[str]) -> None:
    with fresh_repo(OPTION_REPO) as repo:
        before = snapshot(repo)
        survives(repo, *args)
        assert snapshot(repo) == before


def _log_value(spec: FieldSpec) -> st.SearchStrategy[str]:
    good: st.SearchStrategy[str]
    odd: st.SearchStrategy[str] = ARG_TEXT
    if spec.target in REFERENCES:
        good = st.sampled_from([v for v in REFERENCES[spec.target] if "\0" not in v])
    elif spec.value == "date":
        good, odd = st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)).map(str), DATE_ARGS
    elif spec.value == "moment":
        good = st.builds(dt.datetime.isoformat, EDGE_MOMENTS)
        odd = st.sampled_from(["2026-03-01T10:00", "2026-03-01T10:00:00-23:59", "0001-01-01T00:00"])
    elif spec.value in ("int", "float"):
        good = st.sampled_from(["0", "1", "3", "12", "10000"])
        odd = st.sampled_from(["-1", "1e400", "nan", "inf", "1" * 5000, "0x10", "1_000"])
    elif spec.value == "choice":
        good = st.sampled_from(list(spec.choices))
    else:
        good = TEXT.filter(lambda text: "\x00" not in text)
    return mostly(good, odd, times=12)


@st.composite
def log_args(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(list(RECORD_TYPES)))
    args = ["log", kind]
    for spec in field_specs(kind):
        if spec.value == "bool":
            args += draw(st.sampled_from([[], [spec.option], [f"--no-{spec.option[2:]}"]]))
            continue
        if not (spec.required or draw(st.integers(0, 3)) == 0):
            continue
        for _ in range(draw(st.integers(1, 2)) if spec.many else 1):
            args += [spec.option, draw(_log_value(spec))]
    if draw(st.sampled_from(range(4))) == 0:
        args += ["--id", draw(st.sampled_from(["h", "x-1", "a/b", ".."]) | ARG_TEXT)]
    return [*args, draw(st.sampled_from(["--dry-run", "--yes"]))]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=log_args())
def test_any_log_option_values(args: list[str]) -> None:
    """`log` ends cleanly whatever it is given; it writes one whole record that `check`
    accepts, or nothing at all, and never leaves a temporary file behind."""
    with fresh_repo({**OPTION_REPO, "evidence/minutes.pdf": b"%PDF"}) as repo:
        before = snapshot(repo)
        result = survives(repo, *args)
        after = snapshot(repo)
        assert not [p for p in after if p.rsplit("/", 1)[-1].startswith(".")], after
        new = sorted(set(after) - set(before))
        assert all(after[p] == before[p] for p in before), "log changed an existing file"
        if result.exit_code != 0 or "--dry-run" in args:
            assert new == [], (args, result.output)
            return
        assert len(new) == 1 and new[0].startswith("records/"), (new, result.output)
        checked = survives(repo, "check", "--format", "json")
        errors = [
            p
            for p in strict_json(checked.stdout)["problems"]
            if p["path"] == new[0] and p["severity"] == "error"
        ]
        assert errors == [], (args, errors)


# --- deterministic edge cases ------------------------------------------------------------------

TRAINING = "kind: training\ndate: 2026-03-01\ntopic: 消防安全\n"


def check_lines(repo: Path) -> tuple[int, list[str]]:
    result = survives(repo, "check", "--as-of", AS_OF)
    return result.exit_code, result.stdout.splitlines()[:-1]


def test_a_record_file_that_is_a_symlink_loop(make_repo: MakeRepo) -> None:
    repo = make_repo({"records/2026/ok.yaml": TRAINING})
    (repo / X).parent.mkdir(parents=True, exist_ok=True)
    (repo / X).symlink_to("x.yaml")
    code, lines = check_lines(repo)
    assert (code, lines) == (
        1,
        [f"{X}:1:1: error: cannot read file: too many levels of links"],
    )
    run_every_command(repo)


def test_a_folder_named_like_a_record_is_a_folder(make_repo: MakeRepo) -> None:
    repo = make_repo({f"{X}/inside.yaml": TRAINING})
    assert check_lines(repo) == (0, [])
    run_every_command(repo)


def test_an_unreadable_record_file(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo({X: TRAINING, "records/2026/ok.yaml": TRAINING})
    read_bytes = yamlfile._read_bytes

    def refuse(path: Path | str) -> bytes:
        if os.path.basename(path) == "x.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    # The loader reads files through this one function (plain strings, not Path objects).
    monkeypatch.setattr(yamlfile, "_read_bytes", refuse)
    assert check_lines(repo) == (1, [f"{X}:1:1: error: cannot read file: permission denied"])
    run_every_command(repo)


def test_a_nul_byte_is_located() -> None:
    with fresh_repo({X: b"kind: training\ndate: 2026-03-01\ntopic: \xe6\xb6\x88\x00\n"}) as repo:
        assert check_lines(repo) == (
            1,
            [
                f"{X}:3:9: error: NUL character (U+0000) is not allowed in YAML: is this a binary "
                "file, or UTF-16 without a BOM? Re-save it as UTF-8 text"
            ],
        )


def test_a_control_character_is_located() -> None:
    with fresh_repo({X: "kind: training\ndate: 2026-03-01\ntopic: 消防\x1b[2J\n"}) as repo:
        assert check_lines(repo) == (
            1,
            [f"{X}:3:10: error: control character U+001B is not allowed in YAML; delete it"],
        )


def test_crlf_line_endings_load_and_locate() -> None:
    with fresh_repo(
        {
            X: TRAINING.replace("\n", "\r\n").encode(),
            "records/2026/y.yaml": (TRAINING + "attendees_count: 三十\n").replace("\n", "\r\n"),
        }
    ) as repo:
        assert check_lines(repo) == (
            1,
            [
                "records/2026/y.yaml:4:18: error: attendees_count: expected a whole number, "
                "got '三十'"
            ],
        )
        run_every_command(repo)


def test_a_5_mb_record_file_is_read_in_bounded_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # Above the default size cap (tests/hostile pins the refusal): raised here, so that the
    # time a file of this size takes is still bounded for those who raise it.
    monkeypatch.setenv(yamlfile.MAX_FILE_BYTES_VAR, str(8 * 1024 * 1024))
    topics = "".join(f"  - 议题{i}\n" for i in range(60_000))
    meeting = "kind: meeting\ndate: 2026-03-01\ntype: special\nchair: zhang-wei\n"
    text = meeting + "notes: " + "长" * 1_500_000 + "\ntopics:\n" + topics
    assert len(text.encode()) > 5_000_000
    with fresh_repo({X: text}) as repo:
        started = time.perf_counter()
        assert check_lines(repo) == (0, [])
        assert time.perf_counter() - started < 20


def test_lists_nested_20000_deep() -> None:
    with fresh_repo({X: TRAINING + "notes: " + "[" * 20_000 + "]" * 20_000 + "\n"}) as repo:
        code, lines = check_lines(repo)
        assert code == 1
        assert len(lines) == 1 and "exceeded maximum nesting depth" in lines[0], lines
        run_every_command(repo)


@pytest.mark.parametrize("field", ["kind", "date", "title", "type", "attendees"])
def test_an_alias_bomb_stays_small(field: str) -> None:
    """A billion laughs loads as shared references and is never printed: loading stays within
    a few MB and well under a second, and the message says what it found (the bomb's own
    anchors are unknown fields besides)."""
    fields = {"kind": "meeting", "date": "2026-03-01", "chair": "zhang-wei", "type": "special"}
    fields[field] = "*a9"
    text = BOMB + "".join(f"{name}: {value}\n" for name, value in fields.items())
    with fresh_repo({X: text}) as repo:
        tracemalloc.start()
        started = time.perf_counter()
        try:
            _, problems = load_repo(repo, dt.date(2026, 6, 30))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert time.perf_counter() - started < 10
        assert peak < 50_000_000, peak
        about_field = [p.message for p in problems if "a list" in p.message]
        # One message, or one per item of a list field; each short.
        assert 1 <= len(about_field) <= 9, about_field
        assert all(len(message) < 200 for message in about_field), about_field


def test_a_merge_key_bomb_stays_small() -> None:
    with fresh_repo({X: MERGE_BOMB + TRAINING}) as repo:
        started = time.perf_counter()
        run_every_command(repo)
        assert time.perf_counter() - started < 20


# --- regressions: one per crash these tests found -----------------------------------------------


def test_a_record_that_is_a_pipe_or_a_device(make_repo: MakeRepo) -> None:
    """Was: `check` waited for ever on a pipe, and read a link to /dev/zero until memory ran
    out."""
    repo = make_repo({"records/2026/ok.yaml": TRAINING})
    os.mkfifo(repo / "records" / "2026" / "pipe.yaml")
    (repo / "records" / "2026" / "zero.yaml").symlink_to("/dev/zero")
    assert check_lines(repo) == (
        1,
        [
            "records/2026/pipe.yaml:1:1: error: not a regular file (a device or a pipe)",
            # A link out of the repo is refused before it is read (issue 11).
            "records/2026/zero.yaml:1:1: error: record is a link to a place outside the repo; "
            "records must be files inside it: copy the file in instead of linking it",
        ],
    )
    run_every_command(repo)


def test_repo_of_an_unknown_user_home() -> None:
    """Was: RuntimeError 'Could not determine home directory' from Path.expanduser."""
    result = run_cli("--repo", "~no-such-user-here/ledger", "status", "--lang", "en")
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert "~no-such-user-here/ledger is not a folder" in result.stderr


@pytest.mark.parametrize("dot_git", ["gitdir: /nonexistent\n", "garbage\n"])
def test_init_in_a_folder_with_a_broken_git(tmp_path: Path, dot_git: str) -> None:
    """Was: subprocess.CalledProcessError from `git init`."""
    folder = tmp_path / "ledger"
    folder.mkdir()
    (folder / ".git").write_text(dot_git, encoding="utf-8")
    result = run_cli("--lang", "en", "init", str(folder))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"safetyduty: error: the repo's files are written in {folder}, but it is not a git "
        "repository: git refused: fatal: "
    )
    assert (folder / "data" / "people.yaml").is_file()


@pytest.mark.parametrize(
    "name", ["", "new", "a\nb", "~no-such-user-here/x", "file.txt", "file.txt/sub", "x" * 300]
)
def test_init_any_folder_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A relative name (even an empty one) is taken in the current folder: a temporary one."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    result = run_cli("init", name)
    assert_no_traceback(result)
    assert result.exit_code in (0, 1, 2), result.output


@pytest.mark.parametrize(
    ("record", "line"),
    [
        (
            "kind: waiver\ndate: 2026-03-01\nduty: quarterly-prevention-meeting\n"
            "holder: commission\nperiod: 0000Q1\nreason: x\napproved_by: zhang-wei\n",
            "records/2026/x.yaml:5:9: error: '0000Q1' is not a period",
        ),
        (
            "kind: report\ndate: 2026-03-01\nto: 市应急管理局\ncovers: '0000'\n",
            "records/2026/x.yaml:4:9: error: '0000' is not a period",
        ),
        (
            "kind: report\ndate: 2026-03-01\nto: 市应急管理局\ncovers: ٢٠٢٦Q1\n",
            "records/2026/x.yaml:4:9: error: '٢٠٢٦Q1' is not a period",
        ),
    ],
)
def test_a_period_of_year_0000_is_no_period(record: str, line: str) -> None:
    """Was: ValueError 'year 0 is out of range' from periods.quarter (and a period written in
    Arabic-Indic digits passed as valid but never matched an obligation)."""
    with fresh_repo({X: record}) as repo:
        code, lines = check_lines(repo)
        assert code == 1 and len(lines) == 1 and lines[0].startswith(line), lines


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--period", "0000Q1", "--as-of", AS_OF],
        ["status", "--period", "0000", "--as-of", AS_OF],
        ["summary", "0000", "--as-of", AS_OF],
        ["summary", "0000H1", "--as-of", AS_OF],
    ],
)
def test_period_options_of_year_0000(args: list[str]) -> None:
    with fresh_repo({}) as repo:
        result = survives(repo, *args)
        assert result.exit_code == 2
        assert "is not a" in result.stderr and "0000" in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ('"a\\0b"', "path 'a\\x00b' contains a NUL character; no file has such a name"),
        ("a" * 300, f"evidence file '{'a' * 60}…' cannot be read: the file name is too long"),
        ("loop", "evidence file 'loop' cannot be read: too many levels of links"),
        ("minutes.pdf/x", "evidence file 'minutes.pdf/x' does not exist"),
    ],
)
def test_evidence_paths_no_file_can_have(evidence: str, message: str) -> None:
    """Was: ValueError 'embedded null byte' and OSError 'File name too long' out of
    validate._Targets._path."""
    with fresh_repo({X: TRAINING + f"evidence: [{evidence}]\n", "minutes.pdf": b"%PDF"}) as repo:
        (repo / "loop").symlink_to("loop")
        code, lines = check_lines(repo)
        assert (code, lines) == (1, [f"{X}:4:12: error: {message}"])


ACCIDENT = (
    "kind: accident\noccurred_at: {occurred}\nknown_at: {known}\nsite: 化工厂\n"
    "industry: chemical\ndeaths: 0\nserious_injuries: 0\n"
)


@pytest.mark.parametrize(
    ("occurred", "known", "lines"),
    [
        (
            "0001-01-01T00:00:00+23:00",
            "2026-03-01T10:00:00",
            [
                # the date it would have taken from occurred_at
                f"{X}:1:1: error: missing required field 'date' of a accident",
                f"{X}:2:14: error: occurred_at: date-time 0001-01-01T00:00:00+23:00 is out of "
                "range; write one from 1900 to 2100",
            ],
        ),
        (
            "2026-03-01T10:00:00",
            "9999-12-31T23:00:00",
            [
                f"{X}:3:11: error: known_at: date-time 9999-12-31T23:00:00+08:00 is out of range; "
                "write one from 1900 to 2100"
            ],
        ),
    ],
)
def test_accident_times_out_of_range(occurred: str, known: str, lines: list[str]) -> None:
    """Was: OverflowError 'date value out of range' from Accident's date default (a traceback),
    and from the accident rules (a rule-error problem instead of the record's own)."""
    with fresh_repo({X: ACCIDENT.format(occurred=occurred, known=known)}) as repo:
        assert check_lines(repo) == (1, lines)


def test_log_refuses_an_accident_time_out_of_range() -> None:
    with fresh_repo({}) as repo:
        result = survives(
            repo,
            "log",
            "accident",
            "--occurred-at",
            "0001-01-01T00:00+23:00",
            "--known-at",
            "2026-03-01T10:00",
            "--site",
            "x",
            "--industry",
            "chemical",
            "--deaths",
            "0",
            "--serious-injuries",
            "0",
            "--yes",
        )
        assert result.exit_code == 2
        assert "'0001-01-01T00:00+23:00' is out of range;" in result.output
        assert not list((repo / "records").rglob("*.yaml"))


def test_an_infinite_loss_is_refused() -> None:
    """Was: accepted, then written to JSON as `Infinity`, which is not JSON."""
    text = ACCIDENT.format(occurred="2026-03-01T10:00:00", known="2026-03-01T10:30:00")
    with fresh_repo({X: text + "direct_loss_wan: .inf\n"}) as repo:
        assert check_lines(repo) == (
            1,
            [f"{X}:8:18: error: direct_loss_wan: must be a finite number (got inf)"],
        )


@pytest.mark.parametrize("hours", [".inf", "1e300"])
def test_accident_rule_hours_are_bounded(hours: str) -> None:
    """Was: `rule accident-report failed: OverflowError(...)` for every accident."""
    duties = shipped_path("duties.yaml").read_text(encoding="utf-8")
    assert "within_hours: 2\n" in duties
    with fresh_repo(
        {"data/duties.yaml": duties.replace("within_hours: 2\n", f"within_hours: {hours}\n")}
    ) as repo:
        code, lines = check_lines(repo)
        assert code == 1 and len(lines) == 1, lines
        assert "within_hours: must be 8784 or less" in lines[0], lines


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (
            TRAINING + "attendees_count: " + "1" * 5000 + "\n",
            f"{X}:4:18: error: number too long (more than 100 digits)",
        ),
        (
            TRAINING + "attendees_count: 0x" + "f" * 5000 + "\n",
            f"{X}:4:18: error: number too long (more than 100 digits)",
        ),
        ("0x" + "f" * 5000 + "\n", f"{X}:1:1: error: number too long (more than 100 digits)"),
        (
            "kind: " + "[" * 990 + "]" * 990 + "\n",
            f"{X}:1:7: error: unknown record kind a list (kinds: meeting, inspection, hazard, "
            "rectification, drill, training, accident, report, letter, approval, interview, "
            "waiver, document)",
        ),
        (
            "kind: meeting\ndate: 2026-03-01\nchair: zhang-wei\ntype: [a]\n",
            f"{X}:4:7: error: type: a list is not one of 'prevention', 'special', 'party-group' "
            "or 'other'",
        ),
        (
            'kind: "meeting\\nx"\n',
            f"{X}:1:7: error: unknown record kind 'meeting\\nx'; did you mean 'meeting'? (kinds: "
            "meeting, inspection, "
            "hazard, rectification, drill, training, accident, report, letter, approval, "
            "interview, waiver, document)",
        ),
    ],
)
def test_values_too_big_or_too_deep_to_print(content: str, line: str) -> None:
    """Was: ValueError 'Exceeds the limit (4300 digits) for integer string conversion' (from
    PyYAML, or from printing the number later) and RecursionError from printing a list nested
    990 deep; and a line break in a value broke the one-line message."""
    with fresh_repo({X: content}) as repo:
        assert check_lines(repo) == (1, [line])


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("0x_", "4:18: error: '0x_' is not a whole number; put it in quotes if it is text"),
        ("!!int ''", "4:18: error: '' is not a whole number; put it in quotes if it is text"),
        ("!!float x", "4:18: error: 'x' is not a number; put it in quotes if it is text"),
        (
            "!!bool maybe",
            "4:18: error: 'maybe' is not true or false; put it in quotes if it is text",
        ),
        ("!!timestamp soon", "4:18: error: 'soon' is not a date"),
    ],
)
def test_scalars_yaml_cannot_read(value: str, line: str) -> None:
    """Was: ValueError, IndexError, KeyError and AttributeError out of PyYAML's constructors —
    `0x_` needs no tag at all."""
    with fresh_repo({X: TRAINING + f"attendees_count: {value}\n"}) as repo:
        assert check_lines(repo) == (1, [f"{X}:{line}"])


def test_names_with_rich_markup_print_as_written() -> None:
    """Was: rich.errors.MarkupError from `status`, `hazards`, `who` and `summary` when a name in
    sections.yaml or people.yaml looked like Rich markup."""
    sections = shipped_path("sections.yaml").read_text(encoding="utf-8")
    sections = sections.replace("name: 巴中市经济和信息化委员会\n", "name: '[/]委员会 :fire:'\n", 1)
    sections = sections.replace("name: 电力\n", "name: '[/x]电力'\n", 1)
    people = PEOPLE.replace("name: 张伟", "name: '[bold]张伟[/]'")
    hazard = (
        "kind: hazard\ndate: 2026-03-01\ndescription: '[red]x'\ngrade: major\n"
        "rectify_by: 2026-04-01\nsection: power\n"
    )
    with fresh_repo({"data/sections.yaml": sections, X: hazard}, people=people) as repo:
        results = run_every_command(repo, "--lang", "zh")
        assert all(r.exit_code == 0 for r in results.values()), results
        assert "[/]委员会 :fire:" in results["status"].stdout
        assert "[/]委员会 :fire:" in results["hazards"].stdout
        assert "[/x]电力" in results["who"].stdout
        assert "[bold]张伟[/]" in results["summary"].stdout


def test_locating_many_problems_in_one_file_is_linear() -> None:
    """Was: every problem re-composed the whole file and scanned its mapping, so 5,000 unknown
    fields took seconds and 200,000 took hours."""
    text = "".join(f"k{i}: 1\n" for i in range(20_000))
    started = time.perf_counter()
    found = [yamlfile.locate(text, (f"k{i}",)) for i in range(20_000)]
    assert time.perf_counter() - started < 5
    assert found[0] == (1, 5) and found[-1] == (20_000, 9)


def test_output_through_a_symlink_keeps_the_link(make_repo: MakeRepo) -> None:
    """Was: `--output` renamed its file over whatever the path named: a link became a plain file,
    and (as root) `-o /dev/full` replaced the device itself."""
    repo = make_repo()
    (repo / "out").mkdir()
    (repo / "out" / "target.md").write_text("old", encoding="utf-8")
    (repo / "link.md").symlink_to("out/target.md")
    result = survives(
        repo, "summary", "2026Q1", "--as-of", AS_OF, "--format", "md", "-o", str(repo / "link.md")
    )
    assert result.exit_code == 0, result.output
    assert (repo / "link.md").is_symlink()
    assert (repo / "out" / "target.md").read_text(encoding="utf-8").startswith("#")


def test_output_to_a_pipe_writes_into_it(make_repo: MakeRepo) -> None:
    repo = make_repo()
    fifo = repo / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = survives(repo, "hazards", "--as-of", AS_OF, "--format", "json", "-o", str(fifo))
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo()
    assert strict_json(received[0].decode())["hazards"] == []
