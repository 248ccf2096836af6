"""The product contract: every name SPEC.md writes in `code` (commands, options, ids, fields,
states, JSON keys, exit codes), pinned against the real command line.

Tests outside the project rely on these names, so each test here fails if one drifts. Every repo
written is a tmp_path repo; the project repo (`ROOT`) is only ever read — `log` never runs
without `--repo` pointing at a tmp repo.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from typer.testing import CliRunner, Result

from safetyduty import __version__
from safetyduty.cli.app import app

ROOT = Path(__file__).parents[2]

# --- helpers ----------------------------------------------------------------------------------

PEOPLE = """\
people:
  - id: zhang-wei
    name: 张伟
    posts:
      - role: director
        from: 2024-01-01
  - id: li-na
    name: 李娜
    posts:
      - role: safety-lead
        from: 2024-01-01
      - role: industry-lead
        sections: [power, informatization]
        from: 2024-01-01
        to: 2026-06-30
"""


def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """`safetyduty ARGS` in-process, with SAFETYDUTY_REPO unset unless `env` sets it."""
    result = CliRunner().invoke(app, list(args), env={"SAFETYDUTY_REPO": None, **(env or {})})
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def ok(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    result = run(*args, env=env)
    assert result.exit_code == 0, result.output
    return result


def as_json(*args: str) -> Any:
    return json.loads(ok(*args).stdout)


def make_repo(root: Path, files: Mapping[str, str | bytes] | None = None) -> Path:
    """A records repo at `root`: data/people.yaml (PEOPLE unless given), records/, `files`."""
    all_files: dict[str, str | bytes] = {"data/people.yaml": PEOPLE, **(files or {})}
    (root / "records").mkdir(parents=True, exist_ok=True)
    for relative, content in all_files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def record(**fields: Any) -> str:
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)


def obligations(repo: Path, as_of: str, *extra: str) -> list[dict[str, Any]]:
    payload = as_json("--repo", str(repo), "status", "--as-of", as_of, "--format", "json", *extra)
    return list(payload["obligations"])


# Commands are looked at through typer's own click (vendored or not): duck-typed, no ctx needed.


def command(name: str) -> Any:
    found = typer.main.get_command(app).get_command(None, name)
    assert found is not None, name
    return found


def subcommands(group: Any) -> set[str]:
    return set(group.list_commands(None))


def log_kind(kind: str) -> Any:
    found = command("log").get_command(None, kind)
    assert found is not None, kind
    return found


def options_of(cmd: Any) -> set[str]:
    return {opt for p in cmd.params for opt in (*p.opts, *p.secondary_opts)}


GCC = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$"
)
GITHUB = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+::.+$")

STATES = {"met", "late", "overdue", "due", "upcoming", "waived"}
OBLIGATION_KEYS = ["duty", "holder", "period", "window_start", "due", "state", "records"]
PROBLEM_KEYS = ["path", "line", "column", "severity", "code", "message"]
DUTY_KEYS = {"id", "holder", "text", "text_en", "source", "basis", "rule"}


@pytest.fixture(scope="module")
def sample_all() -> dict[str, Any]:
    """The project repo's whole sample year, as status JSON (read-only use of ROOT)."""
    result = ok("--repo", str(ROOT), "status", "--as-of", "2026-12-31", "--all", "--format", "json")
    return dict(json.loads(result.stdout))


# --- §7 global options and commands -----------------------------------------------------------

COMMANDS = [
    "status",
    "log",
    "check",
    "summary",
    "duties",
    "who",
    "hazards",
    "init",
    "calendar",
    "assess",
]


def test_version() -> None:
    assert __version__ in ok("--version").stdout


def test_help_names_every_command_and_global_option() -> None:
    out = ok("--help").stdout
    for name in COMMANDS:
        assert re.search(rf"\b{name}\b", out), name
    for option in ("--repo", "--lang", "--version", "--help"):
        assert option in out
    assert set(COMMANDS) <= subcommands(typer.main.get_command(app))


def test_lang_is_zh_or_en_before_the_command() -> None:
    zh = ok("--repo", str(ROOT), "--lang", "zh", "duties", "--holder", "director").stdout
    en = ok("--repo", str(ROOT), "--lang", "en", "duties", "--holder", "director").stdout
    assert "委党组书记" in zh and "Director" in en
    assert ok("--repo", str(ROOT), "duties", "--holder", "director").stdout == zh  # zh by default
    assert run("--repo", str(ROOT), "--lang", "fr", "duties").exit_code == 2


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("status", {"--as-of", "--period", "--holder", "--duty", "--state", "--all", "--format"}),
        ("check", {"--as-of", "--fail-on", "--format"}),
        ("summary", {"--as-of", "--format", "--output"}),
        ("duties", {"--holder", "--industry", "--format"}),
        ("hazards", {"--open", "--format"}),
        ("calendar", {"--from", "--to", "--ics"}),
    ],
)
def test_command_options(name: str, options: set[str]) -> None:
    assert options <= options_of(command(name))


@pytest.mark.parametrize(
    ("args", "option", "choices"),
    [
        (["status", "--as-of", "2026-04-05"], "--format", ["table", "json", "csv"]),
        (["status", "--as-of", "2026-04-05", "--format", "json"], "--state", sorted(STATES)),
        (["check", "--as-of", "2026-03-31"], "--format", ["text", "json", "github"]),
        (["check", "--as-of", "2026-03-31"], "--fail-on", ["overdue"]),
        (
            ["summary", "2026Q1", "--as-of", "2026-04-05"],
            "--format",
            ["table", "md", "html", "json"],
        ),
        (["duties"], "--format", ["table", "json"]),
        (["hazards"], "--format", ["table", "json", "csv"]),
    ],
    ids=[
        "status-format",
        "status-state",
        "check-format",
        "check-fail-on",
        "summary-format",
        "duties-format",
        "hazards-format",
    ],
)
def test_option_choices(args: list[str], option: str, choices: list[str]) -> None:
    for choice in choices:
        ok("--repo", str(ROOT), *args, option, choice)
    assert run("--repo", str(ROOT), *args, option, "bogus").exit_code == 2


@pytest.mark.parametrize(
    ("name", "argument"), [("summary", "PERIOD"), ("who", "INDUSTRY"), ("init", "DIR")]
)
def test_positional_arguments(name: str, argument: str) -> None:
    arguments = [p for p in command(name).params if p.param_type_name == "argument"]
    assert len(arguments) == 1 and arguments[0].required, (name, argument)


# --- §5 record kinds and the `log` options ------------------------------------------------------

COMMON = ["date", "title", "section", "evidence", "notes"]

#: SPEC §5: each kind's own fields; the required ones (bold) first, then the rest.
KINDS: dict[str, tuple[list[str], list[str]]] = {
    "meeting": (["type", "chair"], ["attendees", "minutes", "topics"]),
    "inspection": (
        ["led_by", "sections"],
        ["participants", "sites", "industries", "holiday", "feedback_on"],
    ),
    "hazard": (
        ["description", "grade", "rectify_by"],
        [
            "inspection",
            "source",
            "site",
            "industry",
            "section",
            "responsible",
            "notice",
            "notice_on",
        ],
    ),
    "rectification": (["hazard", "verified_by"], []),
    "drill": (["organized_by"], ["plan", "scenario", "participants_count"]),
    "training": (["topic"], ["audience", "attendees_count", "organized_by"]),
    "accident": (
        ["occurred_at", "known_at", "site", "industry", "deaths", "serious_injuries"],
        [
            "direct_loss_wan",
            "grade",
            "reported_at",
            "reported_to",
            "attended_by",
            "attended_at",
            "park",
        ],
    ),
    "report": (["to"], ["covers", "subject", "by"]),
    "letter": (["year", "signed_with"], []),
    "approval": (
        ["project", "pre_evaluation_required"],
        ["pre_evaluation_report", "site", "industry"],
    ),
    "interview": (["with", "reason"], []),
    "waiver": (["duty", "holder", "period", "reason", "approved_by"], []),
    "document": (["type", "by"], ["year", "path"]),
}

#: A valid `log KIND` command line per kind (a tmp repo with hazard `h1` and PEOPLE).
MINIMAL: dict[str, dict[str, list[str]]] = {
    "meeting": {"date": ["2026-03-01"], "type": ["special"], "chair": ["zhang-wei"]},
    "inspection": {"date": ["2026-03-01"], "led_by": ["zhang-wei"], "sections": ["power"]},
    "hazard": {
        "date": ["2026-03-01"],
        "description": ["d"],
        "grade": ["general"],
        "rectify_by": ["2026-03-20"],
    },
    "rectification": {"date": ["2026-03-02"], "hazard": ["h1"], "verified_by": ["li-na"]},
    "drill": {"date": ["2026-03-01"], "organized_by": ["li-na"]},
    "training": {"date": ["2026-03-01"], "topic": ["安全生产法"]},
    "accident": {
        "occurred_at": ["2026-03-01T10:00"],
        "known_at": ["2026-03-01T10:30"],
        "site": ["某厂"],
        "industry": ["power"],
        "deaths": ["0"],
        "serious_injuries": ["0"],
    },
    "report": {"date": ["2026-03-01"], "to": ["市应急管理局"]},
    "letter": {"date": ["2026-03-01"], "year": ["2026"], "signed_with": ["power"]},
    "approval": {"date": ["2026-03-01"], "project": ["P"], "pre_evaluation_required": []},
    "interview": {"date": ["2026-03-01"], "with": ["某公司"], "reason": ["隐患逾期未整改"]},
    "waiver": {
        "date": ["2026-03-01"],
        "duty": ["quarterly-prevention-meeting"],
        "holder": ["commission"],
        "period": ["2026Q1"],
        "reason": ["r"],
        "approved_by": ["zhang-wei"],
    },
    "document": {"date": ["2026-01-10"], "type": ["yearly-goals"], "by": ["zhang-wei"]},
}

H1 = record(
    kind="hazard", date="2026-03-01", description="d", grade="general", rectify_by="2026-03-20"
)


def kebab(field: str) -> str:
    return "--" + field.replace("_", "-")


def argv(values: Mapping[str, list[str]]) -> list[str]:
    words: list[str] = []
    for field, given in values.items():
        if not given:  # a flag
            words.append(kebab(field))
        for value in given:
            words += [kebab(field), value]
    return words


def test_log_has_one_subcommand_per_kind() -> None:
    assert subcommands(command("log")) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_log_options_are_the_fields_in_kebab_case(kind: str) -> None:
    required, optional = KINDS[kind]
    expected = {kebab(f) for f in (*COMMON, *required, *optional)}
    expected |= {"--id", "--dry-run", "--commit", "--yes"}
    assert expected <= options_of(log_kind(kind))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_log_minimal_record_passes_and_each_required_field_is_required(
    kind: str, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "repo", {"records/2026/h1.yaml": H1})
    base = ["--repo", str(repo), "log", kind, "--dry-run"]
    out = ok(*base, *argv(MINIMAL[kind])).stdout
    assert yaml.safe_load(out)["kind"] == kind
    for field in KINDS[kind][0]:
        values = {k: v for k, v in MINIMAL[kind].items() if k != field}
        result = run(*base, *argv(values))
        assert result.exit_code == 2, (field, result.output)
        assert kebab(field) in result.stderr, (field, result.stderr)
    assert list((repo / "records").rglob("*.yaml")) == [repo / "records/2026/h1.yaml"]


def test_log_list_option_repeats(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    out = ok(
        "--repo", str(repo), "log", "inspection", "--date", "2026-03-01",
        "--led-by", "zhang-wei", "--led-by", "li-na", "--sections", "power",
        "--sections", "office", "--sites", "A站", "--sites", "B厂", "--dry-run",
    ).stdout  # fmt: skip
    data = yaml.safe_load(out)
    assert data["led_by"] == ["zhang-wei", "li-na"]
    assert data["sections"] == ["power", "office"]
    assert data["sites"] == ["A站", "B厂"]


def test_log_writes_records_year_id_and_prints_id_and_path(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    out = ok(
        "--repo", str(repo), "log", "training", "--date", "2025-12-30", "--topic", "t",
        "--id", "my-training",
    ).stdout  # fmt: skip
    path = repo / "records" / "2025" / "my-training.yaml"
    assert path.is_file()
    assert "my-training" in out and "records/2025/my-training.yaml" in out
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == {
        "kind": "training",
        "date": dt.date(2025, 12, 30),
        "topic": "t",
    }
    ok("--repo", str(repo), "check", "--as-of", "2026-01-05")


def test_log_never_writes_over_an_existing_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"records/2024/taken.yaml": H1})
    before = (repo / "records/2024/taken.yaml").read_bytes()
    result = run(
        "--repo", str(repo), "log", "training", "--date", "2026-03-01", "--topic", "t",
        "--id", "taken",
    )  # fmt: skip
    assert result.exit_code == 2
    assert (repo / "records/2024/taken.yaml").read_bytes() == before
    assert not (repo / "records/2026/taken.yaml").exists()
    # without --id, a second record of the same day and kind gets a free id
    args = ("--repo", str(repo), "log", "training", "--date", "2026-03-01", "--topic", "t")
    first, second = ok(*args).stdout.split()[0], ok(*args).stdout.split()[0]
    assert first != second
    assert len(list((repo / "records/2026").glob("*.yaml"))) == 2


def test_log_dry_run_prints_yaml_and_writes_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    before = sorted(p for p in repo.rglob("*"))
    out = ok(
        "--repo", str(repo), "log", "training", "--date", "2026-03-01", "--topic", "t",
        "--dry-run",
    ).stdout  # fmt: skip
    assert yaml.safe_load(out)["topic"] == "t"
    assert sorted(p for p in repo.rglob("*")) == before


def test_log_validates_as_check_would_before_writing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    result = run(
        "--repo", str(repo), "log", "meeting", "--date", "2026-03-01", "--type", "special",
        "--chair", "zhang-wie",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "zhang-wei" in result.output  # did you mean
    assert not list((repo / "records").rglob("*.yaml"))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_log_commit(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    args = ("--repo", str(repo), "log", "training", "--date", "2026-03-01", "--topic", "t")
    assert run(*args, "--commit").exit_code == 2  # not a git repo: usage error
    assert not list((repo / "records").rglob("*.yaml"))
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    env = {
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
    }  # fmt: skip
    ok(*args, "--commit", "--yes", env=env)
    tracked = subprocess.run(
        ["git", "-C", str(repo), "ls-files"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^records/2026/.+\.yaml$", tracked, re.M)


# --- §7 status --------------------------------------------------------------------------------


def test_status_json_shape_and_order(sample_all: dict[str, Any]) -> None:
    assert list(sample_all) == ["as_of", "obligations"]
    assert sample_all["as_of"] == "2026-12-31"
    obs = sample_all["obligations"]
    assert obs
    for o in obs:
        assert list(o) == OBLIGATION_KEYS
        assert o["state"] in STATES
        assert isinstance(o["records"], list)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", o["due"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", o["window_start"])
    assert obs == sorted(obs, key=lambda o: (o["due"], o["duty"], o["holder"]))


def test_status_holders_are_people_sections_or_commission(sample_all: dict[str, Any]) -> None:
    people = {
        p["id"] for p in yaml.safe_load((ROOT / "data/people.yaml").read_text("utf-8"))["people"]
    }
    assert {o["holder"] for o in sample_all["obligations"]} <= people | set(SECTIONS) | {
        "commission"
    }


def test_status_period_keys(sample_all: dict[str, Any]) -> None:
    periods = {o["period"] for o in sample_all["obligations"]}
    assert {"2026Q1", "2026Q2", "2026Q3", "2026Q4", "2026H1", "2026H2", "2026"} <= periods
    assert {f"2026-{key}" for key in HOLIDAYS} <= periods
    by_duty = {(o["duty"], o["period"]) for o in sample_all["obligations"]}
    assert ("quarterly-prevention-meeting", "2026Q1") in by_duty
    assert ("director-half-year-inspection", "2026H1") in by_duty
    assert ("safety-lead-yearly-drill", "2026") in by_duty
    assert ("section-holiday-inspection", "2026-spring-festival") in by_duty
    record_ids = {p.stem for p in (ROOT / "records").rglob("*.yaml")}
    for o in sample_all["obligations"]:
        if o["duty"] in EVENT_DUTIES:
            assert o["period"] in record_ids, o


@pytest.mark.parametrize("period", ["2026Q1", "2026H1", "2026", "2026-spring-festival"])
def test_status_period_option(period: str, sample_all: dict[str, Any]) -> None:
    chosen = obligations(ROOT, "2026-12-31", "--period", period)
    assert chosen
    keyed = [o for o in sample_all["obligations"] if o["period"] == period]
    assert all(o in chosen for o in keyed)


def test_status_filters(sample_all: dict[str, Any]) -> None:
    base = ("--all",)
    only = obligations(ROOT, "2026-12-31", *base, "--duty", "quarterly-prevention-meeting")
    assert {o["duty"] for o in only} == {"quarterly-prevention-meeting"}
    only = obligations(ROOT, "2026-12-31", *base, "--holder", "commission")
    assert only and {o["holder"] for o in only} == {"commission"}
    only = obligations(ROOT, "2026-12-31", *base, "--state", "overdue")
    assert only and {o["state"] for o in only} == {"overdue"}
    assert len(obligations(ROOT, "2026-12-31", "--all")) == len(sample_all["obligations"])


def test_status_all_runs_from_tracking_start_to_end_of_year(sample_all: dict[str, Any]) -> None:
    dues = [o["due"] for o in sample_all["obligations"]]
    assert min(dues) >= "2026-01-01" and max(dues) <= "2026-12-31"
    assert "2026-12-31" in dues


def test_status_default_view_shows_every_overdue_one() -> None:
    everything = obligations(ROOT, "2026-12-31", "--all")
    default = obligations(ROOT, "2026-12-31")
    overdue = [o for o in everything if o["state"] == "overdue"]
    assert overdue and all(o in default for o in overdue)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_status_formats(fmt: str) -> None:
    out = ok("--repo", str(ROOT), "status", "--as-of", "2026-04-05", "--format", fmt).stdout
    assert out.strip()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
        assert {"职责编号", "责任主体编号", "周期编号", "截止", "状态编号"} <= set(rows[0])


def _states_repo(root: Path) -> Path:
    return make_repo(
        root,
        {
            "evidence/minutes.md": "纪要",
            # met: the commission's Q1 prevention meeting, with minutes
            "records/2026/m1.yaml": record(
                kind="meeting",
                date="2026-01-20",
                type="prevention",
                chair="zhang-wei",
                minutes="evidence/minutes.md",
            ),  # fmt: skip
            # late: a hazard rectified after its deadline
            "records/2026/hz.yaml": record(
                kind="hazard",
                date="2026-02-01",
                description="d",
                grade="general",
                rectify_by="2026-02-10",
                section="power",
            ),  # fmt: skip
            "records/2026/rc.yaml": record(
                kind="rectification", date="2026-02-20", hazard="hz", verified_by=["li-na"]
            ),
            # waived: li-na's Q1 inspection as safety lead
            "records/2026/w1.yaml": record(
                kind="waiver",
                date="2026-03-01",
                duty="safety-lead-quarterly-inspection",
                holder="li-na",
                period="2026Q1",
                reason="r",
                approved_by="zhang-wei",
            ),  # fmt: skip
        },
    )


def test_every_state(tmp_path: Path) -> None:
    repo = _states_repo(tmp_path / "repo")
    obs = obligations(repo, "2026-04-05", "--all")
    state = {(o["duty"], o["holder"], o["period"]): o["state"] for o in obs}
    assert state[("quarterly-prevention-meeting", "commission", "2026Q1")] == "met"
    assert state[("hazard-rectification", "power", "hz")] == "late"
    assert state[("safety-lead-quarterly-inspection", "li-na", "2026Q1")] == "waived"
    assert state[("director-quarterly-special-meeting", "zhang-wei", "2026Q1")] == "overdue"
    assert state[("quarterly-prevention-meeting", "commission", "2026Q2")] == "due"
    assert state[("quarterly-prevention-meeting", "commission", "2026Q3")] == "upcoming"
    assert {o["state"] for o in obs} == STATES
    met = next(
        o for o in obs if o["period"] == "2026Q1" and o["duty"] == "quarterly-prevention-meeting"
    )
    assert met["records"] == ["m1"]


def test_person_duty_follows_who_holds_the_role_on_the_due_date(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    obs = obligations(repo, "2026-12-31", "--all", "--duty", "industry-lead-quarterly-inspection")
    # li-na is industry lead until 2026-06-30 inclusive: Q1 and Q2, not Q3
    assert {o["period"] for o in obs if o["holder"] == "li-na"} == {"2026Q1", "2026Q2"}


def test_event_obligation_sections(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {
            "records/2026/i1.yaml": record(
                kind="inspection",
                date="2026-03-02",
                led_by=["li-na"],
                sections=["chemical-pharma", "power"],
                sites=["某厂"],
            ),  # fmt: skip
            "records/2026/h-own.yaml": H1.replace("kind: hazard", "kind: hazard\nsection: office"),
            "records/2026/h-insp.yaml": H1 + "inspection: i1\n",
            "records/2026/h-none.yaml": H1,
            "records/2026/a1.yaml": record(
                kind="accident",
                occurred_at="2026-03-05T10:00",
                known_at="2026-03-05T10:30",
                site="某站",
                industry="refined-oil",
                deaths=1,
                serious_injuries=0,
            ),  # fmt: skip
        },
    )
    obs = obligations(repo, "2026-12-31", "--all")
    holder = {(o["duty"], o["period"]): o["holder"] for o in obs}
    assert holder[("hazard-rectification", "h-own")] == "office"
    assert holder[("hazard-rectification", "h-insp")] == "chemical-pharma"
    assert holder[("hazard-rectification", "h-none")] == "commission"
    assert holder[("inspection-feedback", "i1")] == "chemical-pharma"
    assert holder[("accident-report", "a1")] == "commission"
    assert holder[("accident-attendance", "a1")] == "economic-operation"  # any death


def test_tracking_start_and_repo_sections(tmp_path: Path) -> None:
    shipped = (ROOT / "src/safetyduty/data/sections.yaml").read_text(encoding="utf-8")
    own = shipped.replace("tracking_start: 2026-01-01", "tracking_start: 2026-04-01")
    assert own != shipped
    repo = make_repo(tmp_path / "repo", {"data/sections.yaml": own})
    obs = obligations(repo, "2026-12-31", "--all")
    assert obs and min(o["due"] for o in obs) >= "2026-04-01"
    assert "2026Q1" not in {o["period"] for o in obs}


def test_records_after_as_of_are_left_out_and_warned(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {
            "evidence/m.md": "x",
            "records/2026/m.yaml": record(
                kind="meeting",
                date="2026-03-20",
                type="prevention",
                chair="zhang-wei",
                minutes="evidence/m.md",
            ),  # fmt: skip
        },
    )
    args = ("--period", "2026Q1", "--duty", "quarterly-prevention-meeting")
    (before,) = obligations(repo, "2026-03-10", *args)
    assert before["state"] == "due" and before["records"] == []
    (after,) = obligations(repo, "2026-03-31", *args)
    assert after["state"] == "met" and after["records"] == ["m"]
    result = ok("--repo", str(repo), "check", "--as-of", "2026-03-10", "--format", "json")
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["severity"] == "warning" and problem["path"] == "records/2026/m.yaml"


# --- §2 holidays and accident grades ------------------------------------------------------------

HOLIDAYS = {
    "new-year": "2026-01-01",
    "spring-festival": "2026-02-16",
    "qingming": "2026-04-05",
    "labour-day": "2026-05-01",
    "dragon-boat": "2026-06-19",
    "mid-autumn": "2026-09-25",
    "national-day": "2026-10-01",
}


def test_holiday_first_days_2026_and_window(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    obs = obligations(
        repo, "2026-12-31", "--all", "--duty", "section-holiday-inspection", "--holder", "power"
    )
    assert {o["period"]: o["due"] for o in obs} == {f"2026-{k}": d for k, d in HOLIDAYS.items()}
    qingming = next(o for o in obs if o["period"] == "2026-qingming")
    assert qingming["window_start"] == "2026-03-21"  # window_days 15 before, or on the day


def test_holiday_keys_are_accepted_by_inspections(tmp_path: Path) -> None:
    files = {
        f"records/2026/i-{key}.yaml": record(
            kind="inspection", date="2026-01-01", led_by=["li-na"], sections=["power"], holiday=key
        )
        for key in HOLIDAYS
    }
    files["records/2026/i-bad.yaml"] = files["records/2026/i-qingming.yaml"].replace(
        "qingming", "qingmin"
    )
    repo = make_repo(tmp_path / "repo", files)
    result = run("--repo", str(repo), "check", "--as-of", "2026-12-31", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert {p["path"] for p in problems if p["severity"] == "error"} == {"records/2026/i-bad.yaml"}
    assert "qingming" in problems[0]["message"]


GRADE_CASES = [
    (0, 0, 0, "ordinary"),
    (2, 9, 999.99, "ordinary"),
    (3, 0, 0, "larger"),
    (0, 10, 0, "larger"),
    (0, 0, 1000, "larger"),
    (9, 49, 4999.99, "larger"),
    (10, 0, 0, "serious"),
    (0, 50, 0, "serious"),
    (0, 0, 5000, "serious"),
    (29, 99, 9999.99, "serious"),
    (30, 0, 0, "especially-serious"),
    (0, 100, 0, "especially-serious"),
    (0, 0, 10000, "especially-serious"),
    (1, 0, 1000, "larger"),  # the highest any figure reaches
]


def test_accident_grades_and_bounds(tmp_path: Path) -> None:
    files = {}
    for n, (deaths, injuries, loss, grade) in enumerate(GRADE_CASES):
        files[f"records/2026/a{n}.yaml"] = record(
            kind="accident", occurred_at="2026-03-05T10:00", known_at="2026-03-05T10:30",
            reported_at="2026-03-05T11:00", site="X", industry="software", deaths=deaths,
            serious_injuries=injuries, direct_loss_wan=loss, grade=grade,
        )  # fmt: skip
    repo = make_repo(tmp_path / "repo", files)
    assert json.loads(
        ok("--repo", str(repo), "check", "--as-of", "2026-04-05", "--format", "json").stdout
    ) == {"problems": []}
    # a written grade that disagrees with the figures is an error
    (repo / "records/2026/a2.yaml").write_text(
        (repo / "records/2026/a2.yaml")
        .read_text("utf-8")
        .replace("grade: larger", "grade: ordinary"),
        encoding="utf-8",
    )
    assert run("--repo", str(repo), "check", "--as-of", "2026-04-05").exit_code == 1


def test_accident_attendance_thresholds(tmp_path: Path) -> None:
    def accident(industry: str, deaths: int) -> str:
        return record(
            kind="accident", occurred_at="2026-03-05T10:00", known_at="2026-03-05T10:30",
            reported_at="2026-03-05T11:00", site="X", industry=industry, deaths=deaths,
            serious_injuries=0,
        )  # fmt: skip

    repo = make_repo(
        tmp_path / "repo",
        {
            "records/2026/power1.yaml": accident("power", 1),  # any death → power
            "records/2026/chem2.yaml": accident("chemical", 2),  # ordinary: below larger
            "records/2026/chem3.yaml": accident("chemical", 3),  # larger → chemical-pharma
        },
    )
    obs = obligations(repo, "2026-04-05", "--all", "--duty", "accident-attendance")
    assert {(o["period"], o["holder"]) for o in obs} == {
        ("power1", "power"),
        ("chem3", "chemical-pharma"),
    }


# --- §2 ids in sections.yaml ---------------------------------------------------------------------

ROLES = ["director", "safety-lead", "industry-lead", "special-lead"]
BODIES = ["commission", "party-group"]
SECTIONS: dict[str, tuple[list[str], str | None]] = {
    "economic-operation": (["refined-oil", "metallurgy-building-materials"], "any-death"),
    "power": (["power"], "any-death"),
    "chemical-pharma": (
        ["civil-explosives", "pharmaceutical", "chemical", "light-textile", "salt-wholesale"],
        "larger",
    ),
    "industry-policy": (["automobile", "motorcycle"], "larger"),
    "environment-resources": (["energy-saving-environmental"], "larger"),
    "tech-upgrade": (["machinery-equipment", "emerging-industries"], "larger"),
    "enterprise": (["food-beverage", "agri-processing"], "larger"),
    "general": (["industrial-parks"], "larger"),
    "informatization": (
        ["electronic-information", "software", "information-industry", "telecom"],
        "larger",
    ),
    "foreign-cooperation": ([], None),
    "radio": ([], None),
    "office": ([], None),
    "personnel-education": ([], None),
}


@pytest.mark.parametrize(
    "path", [ROOT / "data/sections.yaml", ROOT / "src/safetyduty/data/sections.yaml"]
)
def test_sections_yaml_ids(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [r["id"] for r in data["roles"]] == ROLES
    assert {r["id"]: r["responsibility"] for r in data["roles"]} == {
        "director": "全面领导责任",
        "safety-lead": "牵头领导责任",
        "industry-lead": "直接领导责任",
        "special-lead": "专项领导责任",
    }
    assert [b["id"] for b in data["bodies"]] == BODIES
    assert [s["id"] for s in data["sections"]] == list(SECTIONS)
    for section in data["sections"]:
        industries, threshold = SECTIONS[section["id"]]
        assert [i["id"] for i in section.get("industries") or []] == industries
        if threshold == "larger":
            assert section["attends_scene_from"] == "larger"
    everything = [*data["roles"], *data["bodies"], *data["sections"]]
    everything += [i for s in data["sections"] for i in s.get("industries") or []]
    for item in everything:
        assert item["name"] and item["name_en"], item["id"]
    assert "tracking_start" in data["commission"]


@pytest.mark.parametrize("industry", ["chemical", "power", "software"])
def test_who(industry: str) -> None:
    section = next(s for s, (inds, _) in SECTIONS.items() if industry in inds)
    assert section in ok("--repo", str(ROOT), "who", industry).stdout


def test_who_unknown_industry_is_a_usage_error() -> None:
    result = run("--repo", str(ROOT), "who", "chemicl")
    assert result.exit_code == 2
    assert "chemical" in result.stderr


# --- §3 duties ----------------------------------------------------------------------------------

RULED = {
    "quarterly-prevention-meeting": "commission",
    "director-quarterly-special-meeting": "director",
    "director-half-year-inspection": "director",
    "safety-lead-quarterly-inspection": "safety-lead",
    "safety-lead-yearly-drill": "safety-lead",
    "industry-lead-quarterly-inspection": "industry-lead",
    "section-holiday-inspection": "all-sections",
    "hazard-rectification": None,  # the hazard's section
    "major-hazard-notice": None,
    "inspection-feedback": None,
    "accident-report": "commission",
    "accident-attendance": None,
    "tech-upgrade-pre-evaluation": "tech-upgrade",
}
EVENT_DUTIES = {
    "hazard-rectification",
    "major-hazard-notice",
    "inspection-feedback",
    "accident-report",
    "accident-attendance",
    "tech-upgrade-pre-evaluation",
}


@pytest.fixture(scope="module")
def duties_json() -> list[dict[str, Any]]:
    payload = as_json("--repo", str(ROOT), "duties", "--format", "json")
    assert list(payload) == ["duties"]
    return list(payload["duties"])


def test_duties_ids_holders_and_rules(duties_json: list[dict[str, Any]]) -> None:
    by_id = {d["id"]: d for d in duties_json}
    assert len(by_id) == len(duties_json)
    for duty_id, holder in RULED.items():
        assert by_id[duty_id]["rule"], duty_id
        if holder:
            assert by_id[duty_id]["holder"] == holder, duty_id
    holders = set(ROLES) | set(BODIES) | set(SECTIONS) | {"all-sections"}
    for duty in duties_json:
        assert duty["holder"] in holders, duty
        assert duty["basis"] in {"seed", "regulation", "local-default"}
        assert duty["text"] and duty["text_en"] and duty["source"]
    assert by_id["section-holiday-inspection"]["rule"]["window_days"] == 15
    assert by_id["inspection-feedback"]["rule"]["feedback_within_days"] == 7
    assert by_id["accident-report"]["basis"] == "regulation"
    # unruled duties are listed, never scheduled
    unruled = {d["id"] for d in duties_json if not d["rule"]}
    assert unruled


def test_duties_json_keys_exactly(duties_json: list[dict[str, Any]]) -> None:
    # SPEC §7 fixes each duty as exactly {"id","holder","text","text_en","source","basis","rule"}.
    for duty in duties_json:
        assert set(duty) == DUTY_KEYS, sorted(set(duty) - DUTY_KEYS)


def test_unruled_duties_are_never_scheduled(
    sample_all: dict[str, Any], duties_json: list[dict[str, Any]]
) -> None:
    ruled = {d["id"] for d in duties_json if d["rule"]}
    assert {o["duty"] for o in sample_all["obligations"]} <= ruled
    assert set(RULED) <= ruled


def test_duties_filters() -> None:
    director = as_json("--repo", str(ROOT), "duties", "--holder", "director", "--format", "json")
    assert director["duties"] and {d["holder"] for d in director["duties"]} == {"director"}
    power = as_json("--repo", str(ROOT), "duties", "--industry", "power", "--format", "json")
    assert "power" in {d["holder"] for d in power["duties"]}
    assert run("--repo", str(ROOT), "duties", "--holder", "nobody").exit_code == 2
    ok("--repo", str(ROOT), "duties", "--format", "table")


def test_shipped_matrix_used_when_repo_has_none(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    assert not (repo / "data/duties.yaml").exists()
    ids = {d["id"] for d in as_json("--repo", str(repo), "duties", "--format", "json")["duties"]}
    assert set(RULED) <= ids
    # ... and the repo's own duties.yaml wins when there is one
    shipped = yaml.safe_load((ROOT / "src/safetyduty/data/duties.yaml").read_text("utf-8"))
    shipped["duties"] = [d for d in shipped["duties"] if d["id"] == "quarterly-prevention-meeting"]
    (repo / "data/duties.yaml").write_text(yaml.safe_dump(shipped, allow_unicode=True), "utf-8")
    ids = {d["id"] for d in as_json("--repo", str(repo), "duties", "--format", "json")["duties"]}
    assert ids == {"quarterly-prevention-meeting"}
    assert {o["duty"] for o in obligations(repo, "2026-12-31", "--all")} == {
        "quarterly-prevention-meeting"
    }


def test_people_yaml_always_from_the_repo(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "records").mkdir(parents=True)
    result = run("--repo", str(repo), "check", "--as-of", "2026-04-05", "--format", "json")
    assert result.exit_code == 1
    assert "data/people.yaml" in {p["path"] for p in json.loads(result.stdout)["problems"]}


# --- §7 check ---------------------------------------------------------------------------------


TRAINING = "kind: training\ndate: 2026-03-01\ntopic: x\n"


@pytest.fixture
def broken_repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path / "repo",
        {
            "records/2026/z-unknown.yaml": TRAINING + "colour: red\n",
            "records/2026/a-tag.yaml": (
                "kind: training\ndate: 2026-03-01\n"
                'topic: !!python/object/apply:os.system ["touch PWNED"]\n'
            ),
            "records/2026/m-invalid.yaml": "kind: training\ndate: 2026-03-01\ntopic: [x\n",
            "records/2026/n-latin.yaml": b"kind: training\ndate: 2026-03-01\ntopic: \xff\xfe\n",
            "records/2026/meet.yaml": (
                "kind: meeting\ndate: 2026-03-01\ntype: special\nchair: zhang-wie\n"
            ),
            "records/2026/b-bom.yaml": "\ufeffkind: training\ndate: 2026-03-01\ntopic: 安全\n",
            "records/a/b/c/future.yaml": "kind: training\ndate: 2026-09-01\ntopic: 深层目录\n",
        },
    )


def test_check_text_format(broken_repo: Path) -> None:
    result = run("--repo", str(broken_repo), "check", "--as-of", "2026-04-05")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    *problems, count = lines
    assert len(problems) == 6
    parsed = [GCC.match(line) for line in problems]
    assert all(parsed), problems
    located = [(m["path"], int(m["line"]), int(m["col"])) for m in parsed if m]
    assert located == sorted(located)
    errors = {m["path"] for m in parsed if m and m["sev"] == "error"}
    assert errors == {
        "records/2026/z-unknown.yaml",
        "records/2026/a-tag.yaml",
        "records/2026/m-invalid.yaml",
        "records/2026/n-latin.yaml",
        "records/2026/meet.yaml",
    }
    assert "records/a/b/c/future.yaml:2:" in result.stdout  # any depth; a future date warns
    assert "zhang-wei" in result.stdout  # did you mean
    assert not GCC.match(count) and re.search(r"\d", count)
    assert not (broken_repo / "PWNED").exists() and not Path("PWNED").exists()


def test_check_json_format(broken_repo: Path) -> None:
    result = run("--repo", str(broken_repo), "check", "--as-of", "2026-04-05", "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert list(payload) == ["problems"]
    assert len(payload["problems"]) == 6
    for problem in payload["problems"]:
        assert list(problem) == PROBLEM_KEYS
        assert problem["severity"] in {"error", "warning"}
        assert isinstance(problem["line"], int) and problem["line"] >= 1
        assert isinstance(problem["column"], int) and problem["column"] >= 1
        assert problem["code"] and problem["message"]
    tag = next(p for p in payload["problems"] if p["path"] == "records/2026/a-tag.yaml")
    assert (tag["line"], tag["severity"]) == (3, "error")
    bad_yaml = next(p for p in payload["problems"] if p["path"] == "records/2026/m-invalid.yaml")
    assert bad_yaml["severity"] == "error"


def test_check_github_format_error_lines(broken_repo: Path) -> None:
    result = run("--repo", str(broken_repo), "check", "--as-of", "2026-04-05", "--format", "github")
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 6
    assert all(GITHUB.match(line) for line in annotations), annotations
    assert "::error file=records/2026/meet.yaml,line=4,col=8::" in result.stdout


def test_check_github_format_is_only_annotations(broken_repo: Path) -> None:
    # SPEC §7 gives the count line to the text format only: github prints annotations alone.
    result = run("--repo", str(broken_repo), "check", "--as-of", "2026-04-05", "--format", "github")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert all(GITHUB.match(line) for line in lines), lines


def test_people_yaml_python_tag_is_a_located_error(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo", {"data/people.yaml": "people: !!python/object:os.system\n  - x\n"}
    )
    result = run("--repo", str(repo), "check", "--as-of", "2026-04-05", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["path"], problem["line"], problem["severity"]) == (
        "data/people.yaml",
        1,
        "error",
    )
    status = run("--repo", str(repo), "status", "--as-of", "2026-04-05")
    assert status.exit_code == 1


def test_check_reports_every_problem_of_people_yaml(tmp_path: Path) -> None:
    # SPEC §7 "reports every problem, not the first": one schema error in people.yaml (an
    # unknown field) must not hide the file's other problems (a bad person id here).
    people = PEOPLE.replace(
        "        from: 2024-01-01\n", "        from: 2024-01-01\n        x: 1\n", 1
    )
    people += "  - id: Bad_Id\n    name: 坏\n"
    repo = make_repo(tmp_path / "repo", {"data/people.yaml": people})
    result = run("--repo", str(repo), "check", "--as-of", "2026-04-05", "--format", "json")
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["problems"]) == 2


def test_check_clean_repo_exits_0(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    result = ok("--repo", str(repo), "check", "--as-of", "2026-04-05")
    assert len(result.stdout.splitlines()) == 1  # just the count line
    assert json.loads(
        ok("--repo", str(repo), "check", "--as-of", "2026-04-05", "--format", "json").stdout
    ) == {"problems": []}


def test_check_fail_on_overdue() -> None:
    base = ("--repo", str(ROOT), "check")
    assert run(*base, "--as-of", "2026-12-31").exit_code == 0
    assert run(*base, "--as-of", "2026-12-31", "--fail-on", "overdue").exit_code == 1
    assert run(*base, "--as-of", "2026-03-31", "--fail-on", "overdue").exit_code == 0
    assert (
        run(*base, "--as-of", "2026-12-31", "--fail-on", "overdue", "--format", "json").exit_code
        == 1
    )
    assert run(*base, "--as-of", "2026-12-31", "--fail-on", "late").exit_code == 2


def test_check_fail_on_overdue_keeps_the_json_shape() -> None:
    # SPEC §7 fixes check's JSON as {"problems": [...]}, with --fail-on overdue too.
    result = run(
        "--repo", str(ROOT), "check", "--as-of", "2026-12-31", "--fail-on", "overdue",
        "--format", "json",
    )  # fmt: skip
    assert list(json.loads(result.stdout)) == ["problems"]


def test_check_fail_on_overdue_keeps_the_text_shape() -> None:
    # SPEC §7: text is `path:line:col: error: message` lines, then one count line, with
    # --fail-on overdue too (overdue obligations are error lines).
    result = run("--repo", str(ROOT), "check", "--as-of", "2026-12-31", "--fail-on", "overdue")
    *problems, _count = result.stdout.splitlines()
    assert all(GCC.match(line) for line in problems), problems[:3]


def test_the_project_repo_passes_check() -> None:
    ok("--repo", str(ROOT), "check", "--as-of", "2026-12-31")


# --- §1 finding the repo, and exit code 2 -------------------------------------------------------

REPO_COMMANDS = [
    ["status", "--as-of", "2026-04-05"],
    ["check", "--as-of", "2026-04-05"],
    ["summary", "2026Q1", "--as-of", "2026-04-05"],
    ["duties"],
    ["who", "power"],
    ["hazards"],
    ["calendar", "--from", "2026-04-01", "--to", "2026-04-30"],
    ["log", "training", "--date", "2026-03-01", "--topic", "t"],
]


@pytest.mark.parametrize("args", REPO_COMMANDS, ids=lambda a: a[0])
def test_no_repo_is_exit_2_with_one_line_naming_init(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "safetyduty init" in result.stderr
    assert not list(tmp_path.iterdir())


def test_repo_option_to_a_missing_folder_is_exit_2(tmp_path: Path) -> None:
    result = run("--repo", str(tmp_path / "nowhere"), "status", "--as-of", "2026-04-05")
    assert result.exit_code == 2 and "safetyduty init" in result.stderr


def test_repo_option_to_a_folder_that_is_no_records_repo_is_exit_2(tmp_path: Path) -> None:
    # SPEC §1: no records repo → one line naming `safetyduty init`, exit 2; `--repo EMPTY_DIR`
    # (or SAFETYDUTY_REPO=EMPTY_DIR) names a folder that is no records repo.
    (tmp_path / "empty").mkdir()
    result = run("--repo", str(tmp_path / "empty"), "status", "--as-of", "2026-04-05")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "safetyduty init" in result.stderr


def test_discovery_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def repo_with(name: str, deadline: str) -> Path:
        hazard = H1.replace("2026-03-20", deadline)
        return make_repo(tmp_path / name, {f"records/2026/{name}.yaml": hazard})

    option, env, here = (
        repo_with("opt", "2026-03-20"),
        repo_with("env", "2026-03-21"),
        repo_with("cwd", "2026-03-22"),
    )
    deep = here / "records" / "x" / "y"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)

    def periods(*args: str, env_repo: str | None = None) -> set[str]:
        result = ok(
            *args, "status", "--as-of", "2026-12-31", "--all", "--duty", "hazard-rectification",
            "--format", "json", env={"SAFETYDUTY_REPO": env_repo},
        )  # fmt: skip
        return {o["period"] for o in json.loads(result.stdout)["obligations"]}

    assert periods("--repo", str(option), env_repo=str(env)) == {"opt"}
    assert periods(env_repo=str(env)) == {"env"}
    assert periods() == {"cwd"}


def test_discovery_by_people_yaml_or_records_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people_only = tmp_path / "p"
    (people_only / "data").mkdir(parents=True)
    (people_only / "data/people.yaml").write_text(PEOPLE, encoding="utf-8")
    (people_only / "sub").mkdir()
    monkeypatch.chdir(people_only / "sub")
    ok("check", "--as-of", "2026-04-05")
    records_only = tmp_path / "r"
    (records_only / "records/2026").mkdir(parents=True)
    monkeypatch.chdir(records_only / "records/2026")
    result = run("check", "--as-of", "2026-04-05", "--format", "json")
    # found (so not exit 2), and it lacks people.yaml
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"][0]["path"] == "data/people.yaml"


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-of", "2026-13-01"],
        ["status", "--as-of", "2026-04-05", "--state", "done"],
        ["status", "--as-of", "2026-04-05", "--format", "xml"],
        ["status", "--as-of", "2026-04-05", "--period", "2026Q5"],
        ["status", "--as-of", "2026-04-05", "--duty", "no-such-duty"],
        ["status", "--bogus"],
        ["no-such-command"],
        ["check", "--as-of", "2026-04-05", "--format", "xml"],
        ["summary"],
        ["summary", "2026Q9", "--as-of", "2026-04-05"],
        ["summary", "2026Q1", "--as-of", "2026-04-05", "--format", "pdf"],
        ["who"],
        ["duties", "--format", "csv"],
        ["hazards", "--format", "xml"],
        ["calendar", "--from", "yesterday"],
        ["init"],
        ["log"],
        ["log", "no-such-kind"],
        ["log", "meeting", "--date", "2026-03-01", "--type", "bogus", "--chair", "zhang-wei"],
        [
            "log",
            "hazard",
            "--date",
            "2026-03-01",
            "--description",
            "d",
            "--grade",
            "general",
            "--rectify-by",
            "2026-02-30",
        ],
        ["log", "training", "--date", "2026-03-01", "--topic", "t", "--id", "../evil"],
    ],
    ids=lambda a: " ".join(a)[:40] or "empty",
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    result = run("--repo", str(repo), *args)
    assert result.exit_code == 2, result.output
    assert not list((repo / "records").rglob("*.yaml"))


# --- §7 summary, hazards, calendar, init -------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "fmt"), [("2026Q1", "md"), ("2026H1", "html"), ("2026", "json"), ("2026Q4", "table")]
)
def test_summary_periods_and_formats(period: str, fmt: str) -> None:
    out = ok(
        "--repo", str(ROOT), "summary", period, "--as-of", "2026-12-31", "--format", fmt
    ).stdout
    assert out.strip()
    if fmt == "json":
        json.loads(out)
    if fmt == "html":
        assert out.lstrip().lower().startswith("<!doctype html")
        assert not re.search(r"<(link|script)[^>]+(href|src)=", out)  # self-contained
        assert "@page" in out and "A4" in out


def test_summary_output_file(tmp_path: Path) -> None:
    target = tmp_path / "q1.html"
    ok("--repo", str(ROOT), "summary", "2026Q1", "--as-of", "2026-04-05", "--format", "html",
       "--output", str(target))  # fmt: skip
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_hazards(fmt: str) -> None:
    everything = ok("--repo", str(ROOT), "hazards", "--format", fmt).stdout
    still_open = ok("--repo", str(ROOT), "hazards", "--open", "--format", fmt).stdout
    assert everything.strip() and still_open.strip()
    if fmt == "json":
        assert json.loads(everything) and json.loads(still_open)
    if fmt == "csv":
        assert len(still_open.splitlines()) < len(everything.splitlines())


def test_calendar_and_ics(tmp_path: Path) -> None:
    ics = tmp_path / "due.ics"
    out = ok("--repo", str(ROOT), "calendar", "--from", "2026-04-01", "--to", "2026-06-30",
             "--ics", str(ics)).stdout  # fmt: skip
    assert "2026-06-30" in out
    text = ics.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text


def test_init_creates_a_repo_that_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "ledger"
    ok("init", str(target))
    assert (target / "data/people.yaml").is_file()
    assert (target / "records").is_dir()
    ok("--repo", str(target), "check", "--as-of", "2026-12-31")
    workflows = list((target / ".github/workflows").glob("*.y*ml"))
    assert workflows and any("safetyduty check" in w.read_text("utf-8") for w in workflows)
    hooks = [target / ".pre-commit-config.yaml", target / ".git/hooks/pre-commit"]
    assert any(h.is_file() and "safetyduty check" in h.read_text("utf-8") for h in hooks)
    # a second init refuses, exit 2, and changes nothing
    before = (target / "data/people.yaml").read_bytes()
    assert run("init", str(target)).exit_code == 2
    assert (target / "data/people.yaml").read_bytes() == before
