"""`safetyduty log KIND`: options from the models, checked before written, written safely.

Every test writes a tiny records repo to `tmp_path` (see `conftest.write_repo`): the people of
`conftest.PEOPLE`, a hazard and an inspection to refer to, and a few evidence files. The
sections and duties are the shipped ones. Commands run in-process through `CliRunner`, except the
terminal session (a pseudo-terminal) and the concurrent writers (16 processes).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Field
from typer.models import TyperInfo
from typer.testing import CliRunner, Result

from conftest import write_repo
from safetyduty.cli import app as app_module
from safetyduty.cli import log_kinds as log_module
from safetyduty.load.loader import load_repo
from safetyduty.load.models import RECORD_TYPES, RecordBase, accident_grade
from safetyduty.load.periods import LOCAL_TZ, today
from safetyduty.write import record as recordlog

# --- the repo and the command line --------------------------------------------------------------

HAZARD_ID = "2024-01-05-hazard-fuel-vent"
INSPECTION_ID = "2024-01-05-inspection-new-year"
EVIDENCE = ("evidence/minutes.md", "evidence/photos/site-1.jpg", "evidence/pre-evaluation.pdf")

BASE_FILES: dict[str, str] = {
    f"records/2024/{INSPECTION_ID}.yaml": """\
kind: inspection
date: 2024-01-05
title: 元旦前安全检查
led_by: [li-na]
sections: [economic-operation]
""",
    f"records/2024/{HAZARD_ID}.yaml": """\
kind: hazard
date: 2024-01-05
title: 明远加油站阻火器锈蚀
description: 卸油口阻火器锈蚀失效
grade: general
rectify_by: 2024-02-01
inspection: 2024-01-05-inspection-new-year
""",
    **dict.fromkeys(EVIDENCE, "evidence\n"),
}


def _with_log(app: typer.Typer) -> bool:
    return any(group.name == "log" for group in app.registered_groups)


def _cli() -> typer.Typer:
    """The real `safetyduty` app; until `log` is mounted in cli/app.py, a copy with it mounted."""
    app = app_module.app
    if _with_log(app):
        return app
    local = typer.Typer(name="safetyduty", add_completion=False, pretty_exceptions_enable=False)
    local.registered_callback = app.registered_callback
    local.registered_commands = list(app.registered_commands)
    local.registered_groups = [*app.registered_groups, TyperInfo(log_module.app, name="log")]
    local.info = app.info
    return local


CLI = _cli()

#: How a subprocess runs `safetyduty`: `-m safetyduty` once cli/app.py mounts `log`.
BOOTSTRAP = """\
import sys
from typer.models import TyperInfo
from safetyduty.cli.app import app
from safetyduty.cli import log_kinds as log
if not any(g.name == "log" for g in app.registered_groups):
    app.registered_groups.append(TyperInfo(log.app, name="log"))
sys.argv[0] = "safetyduty"
app()
"""


def _command() -> list[str]:
    if _with_log(app_module.app):
        return [sys.executable, "-m", "safetyduty"]
    return [sys.executable, "-c", BOOTSTRAP]


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """`safetyduty --repo ROOT ARGS`, in-process."""
    return CliRunner().invoke(
        CLI,
        ["--repo", str(root), *args],
        # these tests read the English messages; the terminal ones below, the Chinese
        env={"COLUMNS": "200", "SAFETYDUTY_LANG": "en", **(env or {})},
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo", BASE_FILES)


def files_under(folder: Path) -> list[str]:
    """Every file below `folder`, hidden ones included, relative and sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def check_ok(root: Path) -> None:
    result = run(root, "check", "--as-of", "2026-12-31")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(" files\n") and result.stdout.startswith("0 errors"), (
        result.stdout
    )


# --- every kind ------------------------------------------------------------------------------

#: One record of every kind of SPEC §5, given as options, and the id it gets.
EVERY_KIND: dict[str, tuple[list[str], str]] = {
    "meeting": (
        [
            "--date", "2026-03-20", "--title", "一季度防范安全事故会议", "--type", "prevention",
            "--chair", "zhang-wei", "--attendees", "li-na", "--attendees", "wang-qiang",
            "--minutes", "evidence/minutes.md", "--topics", "部署一季度工作",
        ],
        "2026-03-20-meeting-prevention",
    ),
    "inspection": (
        [
            "--date", "2026-04-02", "--led-by", "li-na", "--sections", "economic-operation",
            "--sites", "巴州区明远加油站", "--holiday", "qingming", "--feedback-on", "2026-04-05",
        ],
        "2026-04-02-inspection-qingming-economic-operation",
    ),
    "hazard": (
        [
            "--date", "2026-04-02", "--description", "阻火器锈蚀", "--grade", "general",
            "--rectify-by", "2026-04-30", "--inspection", INSPECTION_ID, "--source", "inspection",
            "--site", "明远加油站", "--industry", "refined-oil", "--section", "economic-operation",
        ],
        "2026-04-02-hazard-refined-oil-economic-operation",
    ),
    "rectification": (
        ["--date", "2026-01-20", "--hazard", HAZARD_ID, "--verified-by", "li-na"],
        "2026-01-20-rectification-fuel-vent",
    ),
    "drill": (
        [
            "--date", "2026-06-25", "--organized-by", "li-na", "--plan", "加油站火灾应急预案",
            "--participants-count", "40",
        ],
        "2026-06-25-drill-li-na",
    ),
    "training": (
        [
            "--date", "2026-04-22", "--topic", "安全生产法", "--audience", "委机关干部",
            "--attendees-count", "35",
        ],
        "2026-04-22-training",
    ),
    "accident": (
        [
            "--occurred-at", "2026-05-03T10:20", "--known-at", "2026-05-03T10:50",
            "--site", "顺达加油站", "--industry", "refined-oil", "--deaths", "1",
            "--serious-injuries", "0", "--direct-loss-wan", "168.5",
            "--reported-at", "2026-05-03T11:30", "--reported-to", "市应急管理局",
            "--attended-by", "economic-operation", "--attended-by", "li-na",
            "--attended-at", "2026-05-03T12:00", "--park", "巴中经开区",
        ],
        "2026-05-03-accident-refined-oil",
    ),
    "report": (
        [
            "--date", "2026-04-08", "--to", "市安委会办公室", "--covers", "2026Q1",
            "--subject", "一季度安全生产工作",
        ],
        "2026-04-08-report-2026q1",
    ),
    "letter": (
        [
            "--date", "2026-02-26", "--year", "2026", "--signed-with", "经济运行科",
            "--signed-with", "巴州区经信局",
        ],
        "2026-02-26-letter-2026",
    ),
    "approval": (
        [
            "--date", "2026-03-30", "--project", "食品包装生产线技改",
            "--pre-evaluation-required", "--pre-evaluation-report", "evidence/pre-evaluation.pdf",
            "--industry", "food-beverage",
        ],
        "2026-03-30-approval-food-beverage",
    ),
    "interview": (
        ["--date", "2026-06-05", "--with", "巴州区水泥厂", "--reason", "隐患逾期未整改"],
        "2026-06-05-interview",
    ),
    "waiver": (
        [
            "--date", "2026-05-03", "--duty", "industry-lead-quarterly-inspection",
            "--holder", "wang-qiang", "--period", "2026Q2", "--reason", "外出学习",
            "--approved-by", "zhang-wei",
        ],
        "2026-05-03-waiver-wang-qiang-2026q2",
    ),
    "document": (
        [
            "--date", "2026-01-10", "--type", "yearly-goals", "--by", "wang-qiang",
            "--year", "2026", "--title", "2026年安全生产工作目标",
        ],
        "2026-01-10-document",
    ),
}  # fmt: skip


def test_every_kind_of_the_spec_is_covered() -> None:
    assert list(EVERY_KIND) == list(RECORD_TYPES)


@pytest.mark.parametrize("kind", list(EVERY_KIND))
def test_log_every_kind_then_check_accepts_it(repo: Path, kind: str) -> None:
    args, record_id = EVERY_KIND[kind]
    result = run(repo, "log", kind, *args)
    assert result.exit_code == 0, result.output
    path = f"records/2026/{record_id}.yaml"
    first, *satisfied = result.stdout.splitlines()
    assert first == f"{record_id} {path}"
    # the rest: what it satisfies (SPEC §7), or on stderr why it satisfies nothing
    assert all(line.startswith("satisfies ") for line in satisfied), satisfied
    assert bool(satisfied) != bool(result.stderr), result.output
    assert all(" warning: " in line for line in result.stderr.splitlines())
    assert (repo / path).is_file()
    check_ok(repo)
    loaded, _ = load_repo(repo)
    assert loaded.records[record_id].kind == kind


def test_logged_file_reads_like_a_hand_written_one(repo: Path) -> None:
    result = run(
        repo, "log", "inspection",
        "--date", "2026-02-10", "--title", "春节前联合检查", "--section", "economic-operation",
        "--led-by", "li-na", "--participants", "zhang-wei", "--participants", "wang-qiang",
        "--sections", "economic-operation", "--sections", "chemical-pharma",
        "--sites", "巴州区明远加油站", "--sites", "yes", "--sites", "2026-02-10",
        "--industries", "refined-oil", "--holiday", "spring-festival",
        "--feedback-on", "2026-02-12", "--evidence", "evidence/photos/site-1.jpg",
        "--notes", "第一行：检查情况\n第二行：整改要求",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "2026-02-10-inspection-spring-festival-economic-operation "
        "records/2026/2026-02-10-inspection-spring-festival-economic-operation.yaml\n"
        "satisfies section-holiday-inspection "
    )
    text = (repo / result.stdout.split()[1]).read_text(encoding="utf-8")
    assert (
        text
        == """\
kind: inspection
date: 2026-02-10
title: 春节前联合检查
section: economic-operation
led_by: [li-na]
participants: [zhang-wei, wang-qiang]
sections: [economic-operation, chemical-pharma]
sites:
  - 巴州区明远加油站
  - 'yes'
  - '2026-02-10'
industries: [refined-oil]
holiday: spring-festival
feedback_on: 2026-02-12
evidence:
  - evidence/photos/site-1.jpg
notes: |-
  第一行：检查情况
  第二行：整改要求
"""
    )
    check_ok(repo)


def test_date_times_are_written_in_iso_with_their_zone(repo: Path) -> None:
    result = run(
        repo, "log", "accident", "--dry-run",
        "--occurred-at", "2026-05-03T10:20", "--known-at", "2026-05-03T03:00:00Z",
        "--site", "顺达加油站", "--industry", "refined-oil", "--deaths", "0",
        "--serious-injuries", "0", "--attended-at", "2026-05-03 12:05:30+08:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == """\
kind: accident
date: 2026-05-03
occurred_at: 2026-05-03T10:20:00+08:00
known_at: 2026-05-03T03:00:00+00:00
site: 顺达加油站
industry: refined-oil
deaths: 0
serious_injuries: 0
attended_at: 2026-05-03T12:05:30+08:00
"""
    )
    assert files_under(repo / "records") == [
        f"2024/{HAZARD_ID}.yaml",
        f"2024/{INSPECTION_ID}.yaml",
    ]


def test_dry_run_prints_the_yaml_and_writes_nothing(repo: Path) -> None:
    before = files_under(repo)
    result = run(
        repo, "log", "training", "--date", "2026-04-22", "--topic", "安全生产法", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "kind: training\ndate: 2026-04-22\ntopic: 安全生产法\n"
    assert files_under(repo) == before


def test_options_have_the_field_descriptions_as_help() -> None:
    result = CliRunner().invoke(CLI, ["--lang", "en", "log", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for kind, model in RECORD_TYPES.items():
        first_line = (model.__doc__ or "").strip().splitlines()[0]
        assert re.search(rf"│ {kind} +{re.escape(first_line)}", result.stdout), kind
    for kind in RECORD_TYPES:
        result = CliRunner().invoke(
            CLI, ["--lang", "en", "log", kind, "--help"], env={"COLUMNS": "250"}
        )
        assert result.exit_code == 0, result.output
        assert "Example: safetyduty log " + kind in result.stdout
        for spec in recordlog.field_specs(kind):
            row = next(line for line in result.stdout.splitlines() if f"│ {spec.option} " in line)
            assert spec.description in row, (kind, spec.option, row)


def test_a_new_record_kind_gets_log_by_its_model_alone(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Visit(RecordBase):
        """走访: a visit to a unit."""

        kind: Literal["visit"]
        host: str = Field(description="who received us")
        units: list[str] = Field([], description="the units visited")

    monkeypatch.setitem(RECORD_TYPES, "visit", Visit)
    app = typer.Typer()
    app.command("visit")(log_module.kind_command("visit"))
    runner = CliRunner()
    help_text = runner.invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout
    assert "--host" in help_text and "who received us (required)" in help_text
    result = runner.invoke(
        app,
        [
            "--date",
            "2026-03-03",
            "--host",
            "王厂长",
            "--units",
            "甲厂",
            "--units",
            "乙厂",
            "--dry-run",
        ],
        env={"SAFETYDUTY_REPO": str(repo)},
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == "kind: visit\ndate: 2026-03-03\nhost: 王厂长\nunits:\n  - 甲厂\n  - 乙厂\n"
    )


# --- round trip ------------------------------------------------------------------------------

PERIODS = ("2026Q1", "2026H1", "2026", "2026-national-day")
ZONES = st.sampled_from([LOCAL_TZ, dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30))])
#: Any text a file can hold: every character but surrogates (which UTF-8 cannot encode).
TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=24)


def _targets(target: str) -> st.SearchStrategy[str]:
    people = ["zhang-wei", "li-na", "wang-qiang", "zhao-min"]
    sections = ["economic-operation", "power", "chemical-pharma", "office"]
    return {
        "person": st.sampled_from(people),
        "section": st.sampled_from(sections),
        "section-or-person": st.sampled_from(people + sections),
        "holder": st.sampled_from(["commission", *people, *sections]),
        "industry": st.sampled_from(["refined-oil", "chemical", "power", "food-beverage"]),
        "holiday": st.sampled_from(["spring-festival", "national-day"]),
        "duty": st.sampled_from(["quarterly-prevention-meeting", "safety-lead-yearly-drill"]),
        "period": st.sampled_from(PERIODS),
        "hazard": st.just(HAZARD_ID),
        "inspection": st.just(INSPECTION_ID),
        "path": st.sampled_from(EVIDENCE),
    }[target]


def _bound(spec: recordlog.FieldSpec, name: str) -> Any:
    info = RECORD_TYPES_FIELDS[spec.name]
    return next((getattr(m, name) for m in info.metadata if hasattr(m, name)), None)


RECORD_TYPES_FIELDS = {
    n: f for model in RECORD_TYPES.values() for n, f in model.model_fields.items()
}


def _leaf(spec: recordlog.FieldSpec) -> st.SearchStrategy[Any]:
    if spec.target:
        return _targets(spec.target)
    low, high = _bound(spec, "ge"), _bound(spec, "le")
    return {
        "text": TEXT,
        "date": st.dates(dt.date(2024, 1, 5), dt.date(2026, 6, 30)),
        "moment": st.datetimes(
            dt.datetime(2024, 1, 6), dt.datetime(2026, 6, 29), timezones=st.one_of(st.none(), ZONES)
        ),
        "int": st.integers(low if low is not None else 0, high if high is not None else 10**6),
        "float": st.floats(0, 10**6, allow_nan=False, allow_infinity=False),
        "bool": st.booleans(),
        "choice": st.sampled_from(spec.choices),
    }[spec.value]


def _field(spec: recordlog.FieldSpec) -> st.SearchStrategy[Any]:
    leaf = _leaf(spec)
    if spec.many:
        return st.lists(leaf, min_size=1 if spec.required else 0, max_size=3)
    return leaf if spec.required else st.none() | leaf


def _consistent(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Valid records also agree with themselves (validate._contradictions)."""
    if kind == "hazard" and values["rectify_by"] < values["date"]:
        values["rectify_by"], values["date"] = values["date"], values["rectify_by"]
    if kind == "inspection" and values["feedback_on"] and values["feedback_on"] < values["date"]:
        values["feedback_on"] = values["date"]
    if kind == "accident":
        given = (values["occurred_at"], values["known_at"], values["reported_at"])
        moments = sorted(
            (m for m in given if m), key=lambda m: m.tzinfo and m or m.replace(tzinfo=LOCAL_TZ)
        )
        values["occurred_at"], values["known_at"] = moments[0], moments[1]
        if values["reported_at"]:
            values["reported_at"] = moments[2]
        loss = values["direct_loss_wan"] or 0
        computed = accident_grade(values["deaths"], values["serious_injuries"], loss)
        values["grade"] = values["grade"] and computed
    return values


def records(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Field values (by attribute name) of a valid record of `kind`."""
    specs = recordlog.field_specs(kind)
    return st.fixed_dictionaries({s.name: _field(s) for s in specs}).map(
        lambda values: _consistent(kind, values)
    )


def as_options(kind: str, values: dict[str, Any]) -> list[str]:
    args: list[str] = []
    for spec in recordlog.field_specs(kind):
        value = values.get(spec.name)
        if value is None:
            continue
        if spec.value == "bool":
            args.append(spec.option if value else f"--no-{spec.option[2:]}")
            continue
        for item in value if spec.many else [value]:
            text = item.isoformat() if isinstance(item, dt.date) else str(item)
            args.append(f"{spec.option}={text}")
    return args


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
@settings(
    max_examples=20,
    deadline=None,
    # The repo is shared by the examples of one kind on purpose: every example adds a record.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_round_trip_log_file_load_gives_the_same_record(
    repo: Path, kind: str, data: st.DataObject
) -> None:
    values = data.draw(records(kind))
    result = run(repo, "log", kind, *as_options(kind, values))
    assert result.exit_code == 0, (result.output, values)
    record_id, path = result.stdout.splitlines()[0].split()
    loaded, problems = load_repo(repo, as_of=dt.date(2026, 12, 31))
    assert [p for p in problems if p.path == path] == []
    given_values = {name: value for name, value in values.items() if value is not None}
    expected = RECORD_TYPES[kind].model_validate({**given_values, "kind": kind, "id": record_id})
    assert loaded.records[record_id] == expected


# --- validated before written -------------------------------------------------------------------

REJECTED = [
    pytest.param(
        "inspection",
        ["--date", "2026-03-02", "--led-by", "li-nna", "--sections", "economic-operation"],
        "records/2026/2026-03-02-inspection-economic-operation.yaml:3:10",
        "unknown person 'li-nna'; did you mean 'li-na'?",
        id="unknown-person",
    ),
    pytest.param(
        "accident",
        [
            "--occurred-at", "2026-05-03T10:20", "--known-at", "2026-05-03T10:50",
            "--site", "某厂", "--industry", "chemical", "--deaths", "-1", "--serious-injuries", "0",
        ],
        "records/2026/2026-05-03-accident-chemical.yaml:6:9",
        "deaths: ",
        id="model-constraint",
    ),
    pytest.param(
        "hazard",
        [
            "--date", "2026-03-02", "--title", "Cement dust", "--description", "粉尘",
            "--grade", "major", "--rectify-by", "2026-03-01",
        ],
        "records/2026/2026-03-02-hazard-cement-dust.yaml:6:13",
        "rectify_by 2026-03-01 is before the hazard was found (2026-03-02)",
        id="contradiction",
    ),
    pytest.param(
        "meeting",
        [
            "--date", "2026-03-02", "--type", "special", "--chair", "zhang-wei",
            "--minutes", "evidence/minute.md",
        ],
        "records/2026/2026-03-02-meeting-special.yaml:5:10",
        "evidence file 'evidence/minute.md' does not exist; did you mean 'evidence/minutes.md'?",
        id="missing-evidence",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "args", "where", "words"), REJECTED)
def test_a_record_check_rejects_is_not_written_and_the_message_is_checks(
    repo: Path, kind: str, args: list[str], where: str, words: str
) -> None:
    before = files_under(repo)
    result = run(repo, "log", kind, *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    [message] = result.stderr.splitlines()
    assert message.startswith(f"{where}: error: ") and words in message, message
    assert files_under(repo) == before
    # The same record written by hand at that path: `check` says the same thing, in the same place.
    path = repo / where.split(":")[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(recordlog.render_yaml(recordlog.record_data(kind, _option_values(kind, args))))
    checked = run(repo, "check", "--as-of", "2026-12-31")
    assert checked.exit_code == 1
    assert message in checked.stdout.splitlines()


def _option_values(kind: str, args: Sequence[str]) -> dict[str, Any]:
    """The values `log` gets from these options, by attribute name, converted as typer does."""
    specs = {spec.option: spec for spec in recordlog.field_specs(kind)}
    parsers: dict[str, Callable[[str], Any]] = {
        "date": recordlog.parse_day,
        "moment": recordlog.parse_moment,
        "int": int,
        "float": float,
    }
    values: dict[str, Any] = {}
    for option, text in zip(args[::2], args[1::2], strict=True):
        spec = specs[option]
        value = parsers.get(spec.value, str)(text)
        values[spec.name] = [*values.get(spec.name, []), value] if spec.many else value
    return values


def test_data_file_errors_stop_the_log(repo: Path) -> None:
    (repo / "data/people.yaml").write_text("people:\n  - id: x\n", encoding="utf-8")
    result = run(repo, "log", "training", "--date", "2026-04-22", "--topic", "消防")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "data/people.yaml:2:5: error: missing required field 'name'"
    ]
    assert not (repo / "records/2026").exists()


def test_a_future_record_is_written_with_checks_warning(repo: Path) -> None:
    later = today() + dt.timedelta(days=30)
    result = run(repo, "log", "training", "--date", later.isoformat(), "--topic", "消防")
    assert result.exit_code == 0, result.output
    record_id = f"{later.isoformat()}-training"
    assert result.stderr.startswith(
        f"records/{later.year}/{record_id}.yaml:2:7: warning: dated {later}, after the as-of "
        f"date {today()}; left out of the evaluation until then\n"
    )
    assert (repo / f"records/{later.year}/{record_id}.yaml").is_file()


# --- usage errors --------------------------------------------------------------------------------


def test_without_a_terminal_a_missing_field_is_named(repo: Path) -> None:
    result = run(repo, "log", "inspection", "--date", "2026-03-02", "--led-by", "li-na")
    assert result.exit_code == 2
    assert result.stderr == (
        "safetyduty: error: log inspection: missing --sections (the sections that took part "
        "(section ids)); pass it, or run on a terminal to be asked\n"
    )
    result = run(repo, "log", "meeting")
    assert result.exit_code == 2
    assert result.stderr == (
        "safetyduty: error: log meeting: missing --type (prevention, special, party-group or "
        "other), --chair (who chaired it (person id)), --date (the day it happened "
        "(YYYY-MM-DD)); pass them, or run on a terminal to be asked\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-02-30"], "invalid value for '--date': impossible date '2026-02-30'"),
        (["--date", "3/2/2026"], "invalid value for '--date': '3/2/2026' is not a date"),
        (
            ["--type", "weekly"],
            "invalid value for '--type': 'weekly' is not one of prevention, special, "
            "party-group, other",
        ),
        (
            ["--chair", "li-na", "--attendees-count", "x"],
            "no such option --attendees-count; did you mean '--attendees'?",
        ),
    ],
)
def test_bad_option_values_are_usage_errors(repo: Path, args: list[str], message: str) -> None:
    result = run(repo, "log", "meeting", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.output


def test_a_malformed_id_is_a_usage_error(repo: Path) -> None:
    args = ["log", "training", "--date", "2026-04-22", "--topic", "消防"]
    result = run(repo, *args, "--id", "两会/安全")
    assert result.exit_code == 2
    assert result.stderr == (
        "safetyduty: error: --id: '两会/安全' is not a record id; use ASCII letters, digits, "
        "'.', '_' and '-', starting with a letter or digit\n"
    )
    result = run(repo, *args, "--id", "fire.yaml")
    assert result.stderr == (
        "safetyduty: error: --id: 'fire.yaml': give the id without the .yaml extension\n"
    )


def test_no_records_repo_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path / "nowhere", "log", "training", "--date", "2026-04-22", "--topic", "x")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"safetyduty: error: {tmp_path / 'nowhere'} is not a folder")
    assert "safetyduty init" in result.stderr


# --- ids and safe writes ---------------------------------------------------------------------


D = dt.date(2026, 4, 16)


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        ("meeting", {"date": D, "title": "Q2 special meeting"}, "meeting-q2-special-meeting"),
        ("meeting", {"date": D, "title": "第二季度专题会议", "type": "special"}, "meeting-special"),
        ("meeting", {"date": D, "title": "2026年会议", "type": "other"}, "meeting-other"),
        ("rectification", {"date": D, "hazard": "2026-02-10-hazard-vent"}, "rectification-vent"),
        ("waiver", {"date": D, "holder": "zhao-min", "period": "2026Q3"}, "waiver-zhao-min-2026q3"),
        ("interview", {"date": D, "title": "约谈"}, "interview"),
        (
            "training",
            {"date": D, "title": "A very long English title that goes on and on about safety"},
            "training-a-very-long-english-title-that-goes-on",
        ),
    ],
)  # fmt: skip
def test_generated_ids_are_readable(kind: str, data: dict[str, Any], expected: str) -> None:
    assert recordlog.base_id(kind, data) == f"2026-04-16-{expected}"
    assert recordlog.id_problem(expected) is None


def test_an_existing_id_is_refused_anywhere_in_the_repo(repo: Path) -> None:
    old = repo / f"records/2024/{HAZARD_ID}.yaml"
    before = old.read_bytes()
    args = ["log", "training", "--date", "2026-04-22", "--topic", "消防"]
    result = run(repo, *args, "--id", HAZARD_ID)
    assert result.exit_code == 2
    assert result.stderr == (
        f"safetyduty: error: --id: record id '{HAZARD_ID}' is taken (records/2024/{HAZARD_ID}"
        ".yaml); record ids are file names and must be unique in the repo: choose another, or "
        "leave out --id\n"
    )
    assert old.read_bytes() == before
    assert not (repo / f"records/2026/{HAZARD_ID}.yaml").exists()


def test_a_generated_id_skips_ids_taken_in_other_folders(repo: Path) -> None:
    (repo / "records/archive").mkdir()
    (repo / "records/archive/2026-04-22-training.yaml").write_text("not even valid: [", "utf-8")
    result = run(repo, "log", "training", "--date", "2026-04-22", "--topic", "消防", "--dry-run")
    assert result.exit_code == 0, result.output
    result = run(repo, "log", "training", "--date", "2026-04-22", "--topic", "消防")
    assert result.stdout.startswith(
        "2026-04-22-training-2 records/2026/2026-04-22-training-2.yaml\n"
    )


def test_two_writers_of_the_same_id_get_the_next_free_name(repo: Path) -> None:
    text = "kind: training\ndate: 2026-04-22\ntopic: 消防\n"
    day = dt.date(2026, 4, 22)
    first = recordlog.write_record(repo, text, day, "2026-04-22-training", generated=True)
    # The second writer chose its id before the first one wrote.
    second = recordlog.write_record(repo, text, day, "2026-04-22-training", generated=True)
    assert first == ("2026-04-22-training", "records/2026/2026-04-22-training.yaml")
    assert second == ("2026-04-22-training-2", "records/2026/2026-04-22-training-2.yaml")
    with pytest.raises(recordlog.IdTaken):
        recordlog.write_record(repo, text, day, "2026-04-22-training", generated=False)


class _Crash(BaseException):
    """The process dies here (as far as the writer can tell)."""


def test_a_crash_between_write_and_rename_leaves_no_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise _Crash

    monkeypatch.setattr(os, "link", crash)
    before = files_under(repo)
    with pytest.raises(_Crash):
        recordlog.write_record(
            repo, "kind: x\n", dt.date(2027, 1, 2), "2027-01-02-x", generated=True
        )
    assert files_under(repo) == before
    assert not (repo / "records/2027").exists()


@pytest.mark.parametrize(
    ("where", "code", "words"),
    [
        ("tempfile.mkstemp", errno.EROFS, "the disk is read-only"),
        ("os.fsync", errno.ENOSPC, "no space left on the disk"),
    ],
)
def test_a_read_only_or_full_disk_is_a_clear_error_and_no_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch, where: str, code: int, words: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(f"safetyduty.write.atomic.{where}", refuse)
    before = files_under(repo)
    result = run(repo, "log", "training", "--date", "2026-04-22", "--topic", "消防")
    assert result.exit_code == 1
    assert result.stderr == (
        f"safetyduty: error: cannot write records/2026/2026-04-22-training.yaml: {words}; "
        "nothing was written\n"
    )
    assert files_under(repo) == before


def test_sixteen_writers_at_once_make_sixteen_valid_files(repo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SAFETYDUTY_REPO"}
    args = ["--repo", str(repo), "log", "training", "--date", "2026-04-22", "--title", "Fire drill"]
    writers = [
        subprocess.Popen(
            [*_command(), *args, "--topic", f"消防 {n}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(16)
    ]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    assert [w.returncode for w in writers] == [0] * 16, outputs
    base = "2026-04-22-training-fire-drill"
    expected = {base, *(f"{base}-{n}" for n in range(2, 17))}
    printed = {out.split()[0] for out, _ in outputs}
    assert printed == expected
    assert files_under(repo / "records/2026") == sorted(f"{i}.yaml" for i in expected)
    loaded, problems = load_repo(repo, as_of=dt.date(2026, 12, 31))
    assert problems == []
    assert sorted(loaded.records[i].topic for i in expected) == sorted(  # type: ignore[union-attr]
        f"消防 {n}" for n in range(16)
    )


# --- git --------------------------------------------------------------------------------------


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        # Never find a repository above the test's folder.
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def test_commit_stages_and_commits_just_that_file(repo: Path, git_env: None) -> None:
    git(repo, "init", "-q")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "people")
    (repo / "evidence/minutes.md").write_text("changed\n", encoding="utf-8")
    git(repo, "add", "evidence/minutes.md")
    result = run(
        repo, "log", "inspection", "--date", "2026-04-02", "--title", "清明节前检查",
        "--led-by", "li-na", "--sections", "economic-operation", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = "records/2026/2026-04-02-inspection-economic-operation.yaml"
    assert result.stdout.startswith(f"2026-04-02-inspection-economic-operation {path}\n")
    assert git(repo, "log", "-1", "--format=%s") == "inspection: 清明节前检查\n"
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == f"{path}\n"
    # What was staged before stays staged, and uncommitted.
    assert git(repo, "diff", "--cached", "--name-only") == "evidence/minutes.md\n"


def test_commit_outside_a_git_repository_writes_nothing(repo: Path, git_env: None) -> None:
    before = files_under(repo)
    result = run(repo, "log", "training", "--date", "2026-04-22", "--topic", "消防", "--commit")
    assert result.exit_code == 2
    assert result.stderr == (
        f"safetyduty: error: --commit: {repo} is not in a git repository; nothing was written "
        "(run `git init`, or leave out --commit)\n"
    )
    assert files_under(repo) == before


def test_a_refused_commit_keeps_the_written_file(repo: Path, git_env: None) -> None:
    git(repo, "init", "-q")
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'check failed' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = run(repo, "log", "training", "--date", "2026-04-22", "--topic", "消防", "--commit")
    assert result.exit_code == 1
    path = "records/2026/2026-04-22-training.yaml"
    assert result.stdout.startswith(f"2026-04-22-training {path}\n")
    assert result.stderr.endswith(
        f"safetyduty: error: {path} is written but not committed: git commit failed: check failed\n"
    )
    assert (repo / path).is_file()


# --- counted at once ------------------------------------------------------------------------------


def test_a_logged_inspection_counts_in_status_at_once(repo: Path) -> None:
    query = [
        "--as-of",
        "2026-04-05",
        "--duty",
        "safety-lead-quarterly-inspection",
        "--format",
        "json",
    ]
    before = run(repo, "status", *query)
    assert before.exit_code == 0, before.output
    result = run(
        repo, "log", "inspection", "--date", "2026-04-02", "--led-by", "li-na",
        "--sections", "economic-operation",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record_id = result.stdout.split()[0]
    after = run(repo, "status", *query)
    assert after.exit_code == 0, after.output
    rows = {
        o["period"]: o for o in json.loads(after.stdout)["obligations"] if o["holder"] == "li-na"
    }
    assert rows["2026Q2"]["records"] == [record_id]
    assert rows["2026Q2"]["state"] == "met"
    assert record_id not in before.stdout


# --- at a terminal ------------------------------------------------------------------------------


class Terminal:
    """A `safetyduty` process on a pseudo-terminal, read with timeouts (never sleeps)."""

    def __init__(self, args: Sequence[str], timeout: float = 30) -> None:
        master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "SAFETYDUTY_REPO"}
        env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"})
        self.process = subprocess.Popen(
            [*_command(), *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.master, self.timeout, self.seen, self.read_to = master, timeout, "", 0

    def _chunks(self) -> Iterator[str]:
        while True:
            ready, _, _ = select.select([self.master], [], [], self.timeout)
            if not ready:
                raise AssertionError(f"no output for {self.timeout}s; so far:\n{self.seen}")
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # EIO: the process closed the terminal
                return
            if not chunk:
                return
            yield chunk.decode("utf-8", errors="replace")

    def expect(self, text: str) -> str:
        """Read until `text` appears; return what came before it since the last expect."""
        # what came already may hold it (a refusal and the prompt again, in one chunk)
        if text not in self.seen[self.read_to :]:
            for chunk in self._chunks():
                self.seen += chunk.replace("\r\n", "\n")
                if text in self.seen[self.read_to :]:
                    break
        start = self.read_to
        found = self.seen.find(text, start)
        assert found >= 0, f"{text!r} never came; got:\n{self.seen[start:]}"
        self.read_to = found + len(text)
        return self.seen[start:found]

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode("utf-8"))

    def finish(self) -> int:
        for chunk in self._chunks():
            self.seen += chunk.replace("\r\n", "\n")
        os.close(self.master)
        return self.process.wait(timeout=self.timeout)


def test_at_a_terminal_missing_fields_are_asked_with_choices(repo: Path) -> None:
    term = Terminal(
        ["--repo", str(repo), "--lang", "en", "log", "inspection", "--title", "节前检查"]
    )
    # the date first: later answers (a feedback date) are judged against it
    term.expect(f"the day it happened (YYYY-MM-DD) [date] [{today().isoformat()}]:")
    term.send("")  # today
    menu = term.expect("who led it (person ids) [led_by] (numbers, names or ids")
    assert "1  Li Na (li-na)" in menu and "3  张伟 (zhang-wei)" in menu
    term.send("1 zhang-wei")
    menu = term.expect("[sections] (numbers, names or ids")
    assert "(economic-operation)" in menu and "经济运行科" not in menu  # --lang en
    term.send("economic-operatio")
    term.expect("'economic-operatio' is not one of the choices; did you mean 'economic-operation'?")
    term.send("economic-operation, chemical-pharma")
    term.expect("[sites] (several separated by commas) (optional; press Enter to skip):")
    term.send("")  # no sites: no feedback date to ask for
    preview = term.expect("Write this record? [Y/n]:")
    record_id = f"{today().isoformat()}-inspection-economic-operation"
    path = f"records/{today().year}/{record_id}.yaml"
    yaml_text = (
        f"kind: inspection\ndate: {today().isoformat()}\ntitle: 节前检查\n"
        "led_by: [li-na, zhang-wei]\nsections: [economic-operation, chemical-pharma]\n"
    )
    assert f"To be written to {path}:\n{yaml_text}" in preview
    term.send("y")
    term.expect(f"{record_id} {path}")
    assert term.finish() == 0
    assert (repo / path).read_text(encoding="utf-8") == yaml_text


def test_at_a_terminal_hazards_to_rectify_are_the_open_ones_and_no_means_nothing(
    repo: Path,
) -> None:
    write_repo(
        repo,
        {
            "records/2024/2024-01-06-hazard-closed.yaml": (
                "kind: hazard\ndate: 2024-01-06\ndescription: 已整改\ngrade: general\n"
                "rectify_by: 2024-01-31\n"
            ),
            "records/2024/2024-01-20-rectification-closed.yaml": (
                "kind: rectification\ndate: 2024-01-20\nhazard: 2024-01-06-hazard-closed\n"
                "verified_by: [li-na]\n"
            ),
        },
    )
    before = files_under(repo)
    term = Terminal(
        [
            "--repo",
            str(repo),
            "log",
            "rectification",
            "--date",
            "2026-01-20",
            "--verified-by",
            "li-na",
        ]
    )
    menu = term.expect("整改的隐患 [hazard]（输入序号、名称或编号）")
    assert f"1  2024-01-05 明远加油站阻火器锈蚀 ({HAZARD_ID})" in menu
    assert "hazard-closed" not in menu
    term.send("1")
    term.expect("标题 [title]（可不填，直接回车跳过）：")
    term.send("")
    term.expect("写入此记录？ [Y/n] ")
    term.send("也许")
    term.expect("错误：请回答 y（是）或 n（否）")  # not Click's "Error: invalid input"
    term.expect("写入此记录？ [Y/n] ")
    term.send("否")
    term.expect("已取消，未写入任何文件。")
    assert term.finish() == 1
    assert "invalid input" not in term.seen
    assert files_under(repo) == before


def test_at_a_terminal_yes_skips_the_confirmation(repo: Path) -> None:
    term = Terminal(
        ["--repo", str(repo), "log", "approval", "--date", "2026-03-30", "--project", "技改", "-y"]
    )
    term.expect("是否须安全预评价 [pre_evaluation_required] [y/n]：")
    term.send("")  # no default: asked again
    term.expect("错误：请回答 y（是）或 n（否）")
    term.send("n")
    term.expect("标题 [title]（可不填，直接回车跳过）：")
    term.send("")
    term.expect("2026-03-30-approval records/2026/2026-03-30-approval.yaml")
    assert term.finish() == 0
    assert "Write this record" not in term.seen and "写入此记录" not in term.seen
    assert (repo / "records/2026/2026-03-30-approval.yaml").read_text(encoding="utf-8") == (
        "kind: approval\ndate: 2026-03-30\nproject: 技改\npre_evaluation_required: false\n"
    )


def test_at_a_terminal_in_chinese_names_a_photo_and_a_wrong_date_asked_again(
    repo: Path, tmp_path: Path
) -> None:
    """Issue 9: an inspection and a meeting logged in Chinese, people typed by name, a photo
    attached, a feedback date before the inspection refused at its prompt with the earlier
    answers kept; both records satisfy their duties and `status` agrees."""
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(b"%PDF minutes")
    term = Terminal(["--repo", str(repo), "log", "inspection", "--attach", str(photo)])
    term.expect("日期 [date] [")
    term.send("2026-04-02")
    menu = term.expect("带队领导 [led_by]（输入序号、名称或编号，多个用空格或逗号分隔）：")
    assert "张伟 (zhang-wei)" in menu
    term.send("张伟、李娜")
    term.expect("参加科室 [sections]（输入序号、名称或编号，多个用空格或逗号分隔）：")
    term.send("经济运行科")
    term.expect("标题 [title]（可不填，直接回车跳过）：")
    term.send("节后安全检查")
    term.expect("被检查单位 [sites]（多个用逗号或顿号分隔）（可不填，直接回车跳过）：")
    term.send("甲化工厂")
    term.expect("书面反馈日期 [feedback_on]（可不填，直接回车跳过）：")
    term.send("2026-03-01")
    term.expect("错误：反馈日期 feedback_on 2026-03-01 早于检查日期（2026-04-02）")
    term.expect("书面反馈日期 [feedback_on]（可不填，直接回车跳过）：")
    term.send("2026-04-06")
    preview = term.expect("写入此记录？ [Y/n] ")
    record_id = "2026-04-02-inspection-economic-operation"
    photo_path = f"evidence/2026/{record_id}/现场照片.jpg"
    assert (
        "kind: inspection\ndate: 2026-04-02\ntitle: 节后安全检查\nled_by: [zhang-wei, li-na]\n"
        "sections: [economic-operation]\nsites:\n  - 甲化工厂\nfeedback_on: 2026-04-06\n"
        f"evidence:\n  - {photo_path}\n"
    ) in preview
    assert "satisfies director-half-year-inspection zhang-wei 2026H1" in preview
    assert "satisfies safety-lead-quarterly-inspection li-na 2026Q2" in preview
    term.send("y")
    term.expect(f"{record_id} records/2026/{record_id}.yaml")
    assert term.finish() == 0
    assert (repo / photo_path).read_bytes() == photo.read_bytes()

    term = Terminal(["--repo", str(repo), "log", "meeting", "--minutes", str(minutes)])
    term.expect("日期 [date] [")
    term.send("2026-04-10")
    menu = term.expect("会议类型 [type]（输入序号、名称或编号）：")
    assert "1  防范事故工作会议 (prevention)" in menu
    term.send("防范事故工作会议")
    term.expect("主持人 [chair]（输入序号、名称或编号）：")
    term.send("张伟")
    term.expect("标题 [title]（可不填，直接回车跳过）：")
    term.send("")
    preview = term.expect("写入此记录？ [Y/n] ")
    assert "satisfies quarterly-prevention-meeting commission 2026Q2" in preview
    term.send("")
    term.expect("2026-04-10-meeting-prevention records/2026/2026-04-10-meeting-prevention.yaml")
    assert term.finish() == 0
    copied = "evidence/2026/2026-04-10-meeting-prevention/会议纪要.pdf"
    assert (repo / copied).read_bytes() == minutes.read_bytes()

    status = run(repo, "status", "--as-of", "2026-04-30", "--format", "json")
    assert status.exit_code == 0, status.output
    states = {
        (o["duty"], o["holder"], o["period"]): (o["state"], o["records"])
        for o in json.loads(status.stdout)["obligations"]
    }
    assert states[("quarterly-prevention-meeting", "commission", "2026Q2")] == (
        "met",
        ["2026-04-10-meeting-prevention"],
    )
    assert states[("safety-lead-quarterly-inspection", "li-na", "2026Q2")][0] == "met"
    check_ok(repo)
