"""The fuzz harness: mutate valid records (bytes and structure), run the loader, the engine and
every renderer on each, and catch crashes, hangs and broken promises.

Seeds are the project's own sample records (every kind) and its people.yaml. Each input replaces
one file of a small records repo (a record, or people.yaml one time in ten) by a mutation of a
seed: bytes flipped, spliced, cut or repeated, hostile YAML tokens inserted (tags, anchors,
escapes, BOMs, control characters), or the parsed record changed — a value swapped for an edge
value of another type, a field dropped, renamed or added, the kind changed — and written back,
block or flow style. The input then goes through `load_repo`, and when the repo can be evaluated,
through `evaluate` and every renderer: the status table, CSV and JSON, the summary as text,
Markdown, HTML and JSON, the hazard ledger as table, CSV and JSON, the calendar and its .ics, and
`who` for the industries. A share of the inputs also runs the whole command line in-process
(every report command, `check` in each format, `duties`).

What counts as a failure:
- a crash: any exception out of the pipeline;
- a hang: one input taking longer than `HANG_SECONDS` (a timer interrupts it);
- a broken promise: a problem that is not located (line or column below 1, a message on more
  than one line), a control sequence in terminal output, a CSV cell a spreadsheet would run as
  a formula, a command line ending other than 0, 1 or 2, or in a traceback.

One input in `disk_every` (and every people.yaml) is written to the repo and loaded whole with
`load_repo`; the others go through the loader's steps for one record file against the repo
loaded once (as `log` checks a record), which is ~20 times faster.

`tests/fuzz/test_fuzz.py` runs a bounded number of inputs in the suite; `tests/fuzz/run_long.py`
runs as many as asked and prints inputs tried, inputs per second, crashes and hangs.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import math
import random
import re
import shutil
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from safetyduty.load import yamlfile
from safetyduty.load.loader import load_repo
from safetyduty.load.models import RECORD_TYPES
from safetyduty.load.problems import Problem, Severity
from safetyduty.load.repo import shipped_path
from safetyduty.write.record import check_record

PROJECT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 6, 30)
RECORD = "records/2026/fuzz.yaml"
PEOPLE = "data/people.yaml"
HANG_SECONDS = 10.0
#: Control characters that must never reach a terminal raw (reports/render/safe.py).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Records of the sample year kept in the fuzzed repo, so that references (a rectification's
#: hazard, an inspection's feedback) have something to resolve to.
BASE_RECORDS = 5


# --- seeds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeds:
    records: tuple[bytes, ...]
    people: bytes

    @staticmethod
    def of_project() -> Seeds:
        records = tuple(path.read_bytes() for path in sorted((PROJECT / "records").rglob("*.yaml")))
        return Seeds(records, (PROJECT / "data" / "people.yaml").read_bytes())


# --- mutations -----------------------------------------------------------------------------

TOKENS: tuple[bytes, ...] = (
    b"\x00", b"\x1b", b"\xff", b"\xfe", b"\xef\xbb\xbf", b"\xc3", b"\xe6\xb6", b"\r", b"\r\n",
    b"\t", b"\n", b" ", b"  ", b"- ", b": ", b":", b"?", b"[", b"]", b"{", b"}", b",", b"#",
    b"'", b'"', b"\\", b"|", b">", b"&a ", b"*a", b"<<: *a\n", b"!!map ", b"!!set ", b"!!omap ",
    b"!!binary ", b"!!python/object:os.system ", b"!!str ", b"!!int ", b"!!float ", b"!!bool ",
    b"!!timestamp ", b"!!null ", b"!!seq ", b"!custom ", b"%YAML 1.1\n", b"---\n", b"...\n",
    b"<<<<<<< HEAD\n", b"=======\n", b'"\\e]0;pwned\\a\\e[2J"', b'"\\u202e"', b'"\\x9b"',
    b'"\\ud800"', b"=HYPERLINK(1)", b"+cmd|' /C calc'!A0", b"@SUM(1)", b"-1", b"0x_", b"1e999",
    b".nan", b"-.inf", b"9" * 500, b"2026-02-30", b"2026-13-01", b"0000-01-01",
    b"2026-03-01T25:00", b"yes", b"no", b"~", b"null", b"\xe2\x80\xa8", b"\xc2\x85",
    "长".encode() * 50,
)  # fmt: skip

EDGE_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 2**63, 10**40, 1.5, -0.0, math.nan, math.inf, "", " ", "x" * 5000,
    "\x1b]0;pwned\x07\x1b[2J", "\u202eevil", "=HYPERLINK(\"http://x\")", "+cmd", "-", "@",
    "2026-02-30", "2026-03-01", "2026-03-01T10:00:00+08:00", dt.date(2026, 3, 1),
    dt.date(1900, 1, 1), dt.date(9999, 12, 31), dt.datetime(2026, 3, 1, 10, 0), [], [[]], {},
    {"a": 1}, ["zhang-wei"], ["no-such-person"], ["zhang-wei"] * 300, "power", "chemical",
    "no-such-section", "2026Q1", "2026-spring-festival", "2026H3", "major", "general",
    "../../etc/passwd", "/etc/passwd", "evidence/../../x", "records", "长" * 2000, "a\nb",
    "a\rb", {"kind": "meeting"},
)  # fmt: skip

#: Text a record may hold (it loads) that a terminal or a spreadsheet must not obey.
HOSTILE_TEXT: tuple[str, ...] = (
    "\x1b]0;pwned\x07标题", "\x1b[2J\x1b[1A\x1b[2K隐患", "\x9b31m红", "a\rb", "\u202eevil",
    "\u2066x\u2069", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)",
    "\t=1", "[/]", ":fire:", "[bold]x", "<script>alert(1)</script>", "**x** _y_ `z` |a|",
    "# h", "\u200d\ufeff", "长" * 3000, "\x85next", "x\u2028y",
)  # fmt: skip

FIELD_NAMES = sorted(
    {name for model in RECORD_TYPES.values() for name in model.model_fields} | {"id", "x", "<<"}
)


def mutate_bytes(rng: random.Random, data: bytes, seeds: Seeds) -> bytes:
    """One byte-level change of `data`."""
    if not data:
        return rng.choice(TOKENS)
    at = rng.randrange(len(data) + 1)
    choice = rng.randrange(8)
    if choice == 0:  # flip a bit
        index = rng.randrange(len(data))
        return data[:index] + bytes([data[index] ^ (1 << rng.randrange(8))]) + data[index + 1 :]
    if choice in (1, 2):  # insert a hostile token
        return data[:at] + rng.choice(TOKENS) + data[at:]
    if choice == 3:  # delete a span
        end = min(len(data), at + rng.randrange(1, 40))
        return data[:at] + data[end:]
    if choice == 4:  # repeat a span
        end = min(len(data), at + rng.randrange(1, 60))
        return data[:at] + data[at:end] * rng.randrange(2, 50) + data[at:]
    if choice == 5:  # a line of another seed
        other = rng.choice(seeds.records).splitlines(keepends=True)
        lines = data.splitlines(keepends=True)
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(other) if other else b"\n")
        return b"".join(lines)
    if choice == 6:  # cut short
        return data[:at]
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + data[at:]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = root
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return root


def mutate_structure(rng: random.Random, data: bytes) -> bytes | None:
    """One change of the parsed record (or people file), written back as YAML; None when the
    seed does not parse (a byte mutation came first)."""
    try:
        tree = yaml.safe_load(data.decode("utf-8"))
    except Exception:  # plain PyYAML has bare errors of its own (yamlfile.py); not under test
        return None
    paths = list(_paths(tree))
    path = rng.choice(paths)
    choice = rng.randrange(9)
    texts = [p for p in paths if len(p) == 1 and isinstance(tree[p[0]], str) and p[0] != "kind"]
    if choice >= 7 and isinstance(tree, dict) and texts:  # valid, hostile text
        tree = _set(tree, rng.choice(texts), rng.choice(HOSTILE_TEXT))
    elif choice <= 2:
        tree = _set(tree, path, rng.choice(EDGE_VALUES))
    elif choice == 3 and isinstance(tree, dict) and tree:  # drop a field
        tree.pop(rng.choice(list(tree)))
    elif choice == 4 and isinstance(tree, dict):  # add a field, known to some kind or not
        tree[rng.choice(FIELD_NAMES)] = rng.choice(EDGE_VALUES)
    elif choice == 5 and isinstance(tree, dict):
        tree["kind"] = rng.choice([*RECORD_TYPES, "Meeting", "", "meeting "])
    elif isinstance(tree, dict) and len(tree) >= 2:  # swap two values
        one, two = rng.sample(list(tree), 2)
        tree[one], tree[two] = tree[two], tree[one]
    try:
        text = yaml.safe_dump(
            tree, allow_unicode=rng.random() < 0.8, default_flow_style=rng.random() < 0.3
        )
    except Exception:  # a value PyYAML cannot represent (a lone surrogate, say)
        return None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def mutate(rng: random.Random, seed: bytes, seeds: Seeds) -> bytes:
    """One to three mutations of `seed`, structural or byte-level."""
    data = seed
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        if rng.random() < 0.5 and (changed := mutate_structure(rng, data)) is not None:
            data = changed
        else:
            data = mutate_bytes(rng, data, seeds)
    return data


# --- running one input ---------------------------------------------------------------------


class Hang(Exception):
    """An input ran longer than HANG_SECONDS."""


class Broken(AssertionError):
    """A promise broken without an exception: an unlocated problem, a raw control sequence."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise Hang(f"longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Stats:
    tried: int = 0
    evaluated: int = 0
    rich_runs: int = 0
    cli_runs: int = 0
    crashes: dict[str, list[bytes]] = field(default_factory=dict)
    hangs: list[bytes] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return sum(len(v) for v in self.crashes.values()) + len(self.hangs)


class Target:
    """A records repo in `root` that every input is written into."""

    def __init__(self, root: Path, seeds: Seeds) -> None:
        self.root = root
        self.seeds = seeds
        if root.exists():
            shutil.rmtree(root)
        (root / "data").mkdir(parents=True)
        (root / "records" / "2026").mkdir(parents=True)
        (root / "evidence").mkdir()
        for path in sorted((PROJECT / "records").rglob("*.yaml"))[:BASE_RECORDS]:
            shutil.copy(path, root / "records" / "2026" / path.name)
        shutil.copytree(PROJECT / "evidence", root / "evidence", dirs_exist_ok=True)
        (root / "data" / "duties.yaml").write_text(ruled_duties(), encoding="utf-8")
        self.reset()
        self.base, self.base_problems = load_repo(root, AS_OF)

    def reset(self) -> None:
        (self.root / PEOPLE).write_bytes(self.seeds.people)
        (self.root / RECORD).unlink(missing_ok=True)

    def run(
        self,
        name: str,
        data: bytes,
        *,
        lang: str = "zh",
        rich: bool = True,
        cli: bool = False,
        disk: bool = True,
    ) -> bool:
        """Run the pipeline on `data` as the file `name`; True when the repo was evaluated and
        rendered. Raises on a crash (Hang on a hang, Broken on a broken promise).

        With `disk` (always for people.yaml and with `cli`) the file is written and the whole
        repo loaded with `load_repo`; without, a record goes through the loader's steps for one
        file (`write.record.check_record`: decode, YAML, the model, `validate_record`) against
        the repo loaded once, ~20 times faster, so a long run can try many more inputs."""
        if disk or cli or name != RECORD:
            evaluated = self._run_from_disk(name, data, lang, rich)
        else:
            evaluated = self._run_in_memory(data, lang, rich)
        if cli:
            run_command_line(self.root)
        return evaluated

    def _run_from_disk(self, name: str, data: bytes, lang: str, rich: bool) -> bool:
        self.reset()
        (self.root / name).write_bytes(data)
        repo, problems = load_repo(self.root, AS_OF)
        _check_problems(problems)
        data_files = set(repo.data_paths.values())
        if any(p.severity is Severity.ERROR and p.path in data_files for p in problems):
            return False  # reports stop at a broken matrix or people file (cli.common.load)
        if name == RECORD and any(
            p.path == RECORD and p.severity is Severity.ERROR for p in problems
        ):
            return False  # the record was not loaded: the reports are the base repo's
        render_everything(repo, lang, rich=rich)
        return True

    def _run_in_memory(self, data: bytes, lang: str, rich: bool) -> bool:
        text, problems = yamlfile.decode(data, RECORD)
        if text is None:
            _check_problems(problems)
            return False
        problems = check_record(self.base, self.base_problems, "fuzz", RECORD, text, AS_OF)
        _check_problems(problems)
        if any(p.severity is Severity.ERROR for p in problems):
            return False
        parsed, _ = yamlfile.parse(text, RECORD)
        record = RECORD_TYPES[parsed["kind"]].model_validate({**parsed, "id": "fuzz"})
        repo = dataclasses.replace(
            self.base,
            records={**self.base.records, "fuzz": record},
            record_paths={**self.base.record_paths, "fuzz": RECORD},
        )
        render_everything(repo, lang, rich=rich)
        return True


def ruled_duties() -> str:
    """The shipped matrix with only its ruled duties: every rule the engine has, at a fraction
    of the time to load and render (the fuzzed file is a record, not the matrix)."""
    matrix = yaml.safe_load(shipped_path("duties.yaml").read_text(encoding="utf-8"))
    matrix["duties"] = [duty for duty in matrix["duties"] if duty.get("rule")]
    return yaml.safe_dump(matrix, allow_unicode=True, sort_keys=False)


def _check_problems(problems: list[Problem]) -> None:
    for problem in problems:
        if problem.line < 1 or problem.column < 1 or not problem.message:
            raise Broken(f"unlocated problem {problem!r}")
        if "\n" in problem.gcc() or RAW.search(problem.gcc()):
            raise Broken(f"problem not on one safe line {problem.gcc()!r}")


def _terminal(text: str, what: str) -> None:
    found = RAW.search(text)
    if found:
        raise Broken(f"{what}: raw control character {found.group()!r}")


def _spreadsheet(text: str, what: str) -> None:
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            if cell.startswith(("=", "+", "@", "\t", "\r")) or (
                cell.startswith("-") and not re.fullmatch(r"-\d+(\.\d+)?", cell)
            ):
                raise Broken(f"{what}: formula cell {cell!r}")


def render_everything(repo: Any, lang: str, *, rich: bool = True) -> None:
    """The engine, then every renderer, in `lang`. The Rich tables and the HTML page cost
    ~50 times the rest (Rich lays out every cell); `rich=False` leaves them out, so that a long
    run can afford them on a share of the inputs only."""
    from safetyduty.reports import calendar, hazards
    from safetyduty.reports import summary as core
    from safetyduty.reports.duties import responsible_for
    from safetyduty.reports.render import hazards as ledger_view
    from safetyduty.reports.render import status
    from safetyduty.reports.render import summary as view
    from safetyduty.reports.render.formats import (
        Column,
        dumps_json,
        plain_text,
        rich_table,
        table_csv,
    )
    from safetyduty.reports.render.office import hazard_sheet, status_sheet
    from safetyduty.reports.select import Filters, select
    from safetyduty.rules.engine import evaluate

    evaluation = evaluate(repo, AS_OF, until=dt.date(2026, 12, 31))
    _check_problems(evaluation.problems)
    everything = select(repo, evaluation.obligations, AS_OF, Filters(show_all=True))
    _spreadsheet(table_csv(status_sheet(repo, everything, AS_OF, lang), lang), "status csv")
    payload = dumps_json({"obligations": [o.as_dict() for o in everything]})
    _terminal(payload, "status json")
    json.loads(payload)
    report = core.build_summary(repo, evaluation, core.summary_period("2026H1", AS_OF), AS_OF, lang)
    _terminal(view.to_markdown(report), "summary md")
    _terminal(view.to_json(report), "summary json")
    json.loads(view.to_json(report))
    rows = hazards.ledger(repo, AS_OF, lang)
    _terminal(plain_text([ledger_view.ledger_table(rows, AS_OF, "t", lang)]), "hazards")
    _spreadsheet(table_csv(hazard_sheet(repo, rows, lang), lang), "hazards csv")
    _terminal(ledger_view.ledger_json(rows, AS_OF), "hazards json")
    json.loads(ledger_view.ledger_json(rows, AS_OF))
    upcoming = calendar.events(
        repo, calendar.upcoming(evaluation.obligations, AS_OF, dt.date(2026, 12, 31))
    )
    calendar.to_ics(repo, upcoming, lang, AS_OF, 3)
    for industry in list(repo.industries)[:3]:
        responsible_for(repo, industry, AS_OF)
    if rich:
        chosen = select(repo, evaluation.obligations, AS_OF, Filters())
        table = status.status_table(repo, chosen, AS_OF, lang)
        _terminal(plain_text([table]), "status")
        _terminal(view.to_text(report), "summary")
        view.to_html(report)
        keys = ("due", "duty_name", "holders_label", "period_name", "state_name", "remind_on")
        table = rich_table([Column(k, k) for k in keys], calendar.rows(repo, upcoming, lang, 3))
        _terminal(plain_text([table]), "calendar")
        office(repo, everything, rows, report, lang)


def office(repo: Any, obligations: Any, rows: Any, report: Any, lang: str) -> None:
    """The office formats: status, hazards and summary as xlsx, the summary as docx; each read
    back, so that a file Excel or Word would refuse is a failure too."""
    import io as bytes_io

    from docx import Document as WordDocument
    from openpyxl import load_workbook

    from safetyduty.reports.render.docx import docx_bytes
    from safetyduty.reports.render.office import hazard_sheet, status_sheet
    from safetyduty.reports.render.summary_office import summary_document, summary_tables
    from safetyduty.reports.render.xlsx import xlsx_bytes

    books = (
        xlsx_bytes([status_sheet(repo, obligations, AS_OF, lang)], lang),
        xlsx_bytes([hazard_sheet(repo, rows, lang)], lang),
        xlsx_bytes(summary_tables(report), lang),
    )
    for book in books:
        for sheet in load_workbook(bytes_io.BytesIO(book)).worksheets:
            for line in sheet.iter_rows(values_only=True):
                for cell in line:
                    if isinstance(cell, str):
                        _terminal(cell, "xlsx cell")
    WordDocument(bytes_io.BytesIO(docx_bytes(summary_document(report))))


#: The commands run in-process on a share of the inputs.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check", "--as-of", "2026-06-30"),
    ("check", "--as-of", "2026-06-30", "--format", "json"),
    ("check", "--as-of", "2026-06-30", "--format", "github"),
    ("status", "--all", "--as-of", "2026-06-30"),
    ("summary", "2026", "--as-of", "2026-06-30", "--format", "md"),
    ("hazards", "--as-of", "2026-06-30", "--format", "csv"),
    ("calendar", "--from", "2026-06-30"),
    ("duties",),
    ("who", "power", "--as-of", "2026-06-30"),
)


def run_command_line(root: Path) -> None:
    from typer.testing import CliRunner

    from safetyduty.cli.app import app

    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(app, ["--repo", str(root), *args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if result.exit_code not in (0, 1, 2) or "Traceback" in result.output:
            raise Broken(f"{args}: exit {result.exit_code}\n{result.output[-2000:]}")
        _terminal(result.output, " ".join(args))


def signature(exc: BaseException) -> str:
    """Where a crash happened: its type and the innermost frame in safetyduty."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "safetyduty" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}: {str(exc)[:120]}"


def fuzz(
    target: Target,
    count: int,
    seed: int,
    *,
    cli_every: int = 50,
    rich_every: int = 1,
    disk_every: int = 1,
    on_progress: Callable[[Stats], None] | None = None,
    progress_every: int = 1000,
) -> Stats:
    """Run `count` inputs (`seed` makes them the same every time) and return what happened."""
    rng = random.Random(seed)
    stats = Stats()
    seeds = target.seeds
    for number in range(count):
        if rng.random() < 0.1:
            name, data = PEOPLE, mutate(rng, seeds.people, seeds)
        else:
            name, data = RECORD, mutate(rng, rng.choice(seeds.records), seeds)
        stats.tried += 1
        try:
            with deadline(HANG_SECONDS):
                cli = cli_every > 0 and number % cli_every == 0
                lang = "en" if number % 2 else "zh"
                rich = stats.evaluated % rich_every == 0
                disk = number % disk_every == 0
                evaluated = target.run(name, data, lang=lang, rich=rich, cli=cli, disk=disk)
                stats.evaluated += evaluated
                stats.rich_runs += evaluated and rich
                stats.cli_runs += cli
        except Hang:
            stats.hangs.append(data)
        except Exception as exc:  # every exception is what the fuzzer is looking for
            stats.crashes.setdefault(signature(exc), []).append(data)
        if on_progress and stats.tried % progress_every == 0:
            on_progress(stats)
    target.reset()
    return stats
