"""The command line's frame: global options, help, finding the repo, `duties` and `who`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.core import TyperGroup

from conftest import MakeRepo, assert_no_traceback, run_cli
from safetyduty import __version__
from safetyduty.cli.app import app

ROOT = Path(__file__).parents[2]

#: SPEC §3: the duties the shipped matrix can check, and the rule type each carries.
RULED = {
    "quarterly-prevention-meeting": "periodic",
    "director-quarterly-special-meeting": "periodic",
    "director-half-year-inspection": "periodic",
    "safety-lead-quarterly-inspection": "periodic",
    "safety-lead-yearly-drill": "periodic",
    "industry-lead-quarterly-inspection": "periodic",
    "section-holiday-inspection": "holiday-inspection",
    "hazard-rectification": "hazard-rectification",
    "major-hazard-notice": "major-hazard-notice",
    "inspection-feedback": "inspection-feedback",
    "accident-report": "accident-report",
    "accident-attendance": "accident-attendance",
    "tech-upgrade-pre-evaluation": "pre-evaluation",
}


def commands() -> dict[str, str]:
    """Every registered command, by name, with its help text."""
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return {name: command.help or "" for name, command in group.commands.items()}


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    return result.stdout


def usage_error(*args: str) -> str:
    """Run a command that must fail as a usage error; its stderr."""
    result = run_cli(*args)
    assert_no_traceback(result)
    assert result.exit_code == 2, result.output
    return result.stderr


# --- global options and help -------------------------------------------------------------------


def test_version() -> None:
    assert ok("--version") == f"safetyduty {__version__}\n"


def test_help_lists_every_command() -> None:
    names = commands()
    assert {"check", "duties", "who", "status"} <= set(names)
    out = ok("--help")
    for option in ("--repo", "--lang", "--version"):
        assert option in out
    for name in names:
        assert f" {name} " in out, name


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_has_help_with_an_example(name: str) -> None:
    help_text = commands()[name]
    assert help_text.strip(), f"{name} has no docstring"
    assert f"Example: safetyduty {name}" in help_text, help_text
    out = " ".join(ok("--lang", "en", name, "--help").split())  # Rich wraps it to the terminal
    assert " ".join(help_text.splitlines()[0].split()) in out


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`safetyduty {name}" in readme, name


def test_help_does_not_import_the_engine() -> None:
    # STYLE: `safetyduty --help` starts fast; the engine, holidays and jinja2 load on demand.
    code = (
        "import sys\n"
        "from safetyduty.cli.app import app\n"
        "try:\n"
        "    app(['--help'], prog_name='safetyduty', standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(done.stdout.split())
    assert "safetyduty.cli.app" in loaded  # the probe itself worked
    heavy = {
        "safetyduty.rules.engine",
        "safetyduty.rules",
        "safetyduty.rules.holiday_dates",
        "holidays",
        "jinja2",
        "openpyxl",
        "docx",
        "lxml",
    }
    assert not heavy & loaded, heavy & loaded


def test_bad_lang_is_a_usage_error(make_repo: MakeRepo) -> None:
    assert "--lang" in usage_error("--repo", str(make_repo()), "--lang", "fr", "check")


# --- finding the repo (SPEC §1) -----------------------------------------------------------------

NEEDS_A_REPO = [
    ["check"],
    ["status", "--as-of", "2026-06-30"],
    ["duties"],
    ["who", "chemical"],
]


@pytest.mark.parametrize("args", NEEDS_A_REPO, ids=lambda a: a[0])
@pytest.mark.usefixtures("english")
def test_no_repo_is_one_line_naming_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    empty = tmp_path / "empty" / "deeper"
    empty.mkdir(parents=True)
    assert not any((p / "records").is_dir() for p in (empty, *empty.parents))
    monkeypatch.chdir(empty)
    monkeypatch.delenv("SAFETYDUTY_REPO", raising=False)
    err = usage_error(*args)
    assert len(err.splitlines()) == 1, err
    assert err.startswith("safetyduty: error: no records repo at or above ")
    assert "`safetyduty init" in err


@pytest.mark.usefixtures("english")
def test_repo_option_that_is_not_a_folder(tmp_path: Path) -> None:
    err = usage_error("--repo", str(tmp_path / "nowhere"), "check")
    assert len(err.splitlines()) == 1
    assert "nowhere is not a folder" in err and "`safetyduty init" in err


@pytest.mark.usefixtures("english")
def test_repo_option(make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SAFETYDUTY_REPO", raising=False)
    assert ok("--repo", str(repo), "check", "--as-of", "2026-06-30").startswith("0 errors")


@pytest.mark.usefixtures("english")
def test_repo_from_environment(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo({"records/2026/x.yaml": ""})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAFETYDUTY_REPO", str(repo))
    result = run_cli("check", "--as-of", "2026-06-30")
    assert result.exit_code == 1  # it found that repo: its one broken file
    assert result.stdout.startswith("records/2026/x.yaml:1:1: error: file is empty")


@pytest.mark.usefixtures("english")
def test_repo_option_wins_over_environment(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo()
    monkeypatch.setenv("SAFETYDUTY_REPO", str(tmp_path / "nowhere"))
    assert ok("--repo", str(repo), "check", "--as-of", "2026-06-30").startswith("0 errors")


@pytest.mark.parametrize("marker", ["data/people.yaml", "records"])
@pytest.mark.usefixtures("english")
def test_repo_found_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: str
) -> None:
    repo = tmp_path / "ledger"
    if marker == "records":
        (repo / "records/2026").mkdir(parents=True)
        (repo / "records/2026/x.yaml").write_text("", encoding="utf-8")
        expected = "records/2026/x.yaml:1:1: error: file is empty"
    else:
        (repo / "data").mkdir(parents=True)
        (repo / "data/people.yaml").write_text("people: {}\n", encoding="utf-8")
        expected = "data/people.yaml:1:9: error: people: expected a list"
    deep = repo / "evidence/2026/minutes"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    monkeypatch.delenv("SAFETYDUTY_REPO", raising=False)
    result = run_cli("check", "--as-of", "2026-06-30")
    assert_no_traceback(result)
    assert any(line.startswith(expected) for line in result.stdout.splitlines()), result.output
    assert result.exit_code == 1


# --- duties -------------------------------------------------------------------------------------


def duties_json(*args: str) -> list[dict[str, object]]:
    duties = json.loads(ok(*args, "--format", "json"))["duties"]
    assert isinstance(duties, list)
    return duties


def test_duties_from_a_folder_with_only_people_and_records(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo()
    assert sorted(p.name for p in repo.iterdir()) == ["data", "records"]
    assert [p.name for p in (repo / "data").iterdir()] == ["people.yaml"]
    monkeypatch.chdir(repo)
    monkeypatch.delenv("SAFETYDUTY_REPO", raising=False)
    duties = duties_json("duties")
    assert len(duties) >= 140
    assert len({d["id"] for d in duties}) == len(duties)
    for duty in duties:
        assert {"id", "holder", "text", "text_en", "source", "basis", "rule"} <= set(duty)
        for key in ("text", "text_en", "source", "basis"):
            value = duty[key]
            assert isinstance(value, str) and value.strip(), (duty["id"], key)
        assert duty["basis"] in ("seed", "regulation", "local-default")
    rules = {d["id"]: d["rule"] for d in duties if d["rule"] is not None}
    assert set(RULED) <= set(rules)
    for duty_id, rule_type in RULED.items():
        rule = rules[duty_id]
        assert isinstance(rule, dict) and rule["type"] == rule_type, duty_id


def test_duties_table(make_repo: MakeRepo) -> None:
    out = ok("--repo", str(make_repo()), "--lang", "en", "duties", "--holder", "safety-lead")
    assert "safety-lead-yearly-drill" in out
    assert "director-quarterly-special-meeting" not in out


def test_duties_by_holder_section(make_repo: MakeRepo) -> None:
    duties = duties_json("--repo", str(make_repo()), "duties", "--holder", "chemical-pharma")
    holders = {d["holder"] for d in duties}
    assert holders == {"chemical-pharma", "all-sections"}
    assert "section-holiday-inspection" in {d["id"] for d in duties}


@pytest.mark.parametrize("industry", ["chemical", "化工", "Chemicals"])
def test_duties_by_industry(make_repo: MakeRepo, industry: str) -> None:
    repo = str(make_repo())
    by_section = duties_json("--repo", repo, "duties", "--holder", "chemical-pharma")
    by_industry = duties_json("--repo", repo, "duties", "--industry", industry)
    assert by_industry == by_section


def test_duties_by_role(make_repo: MakeRepo) -> None:
    duties = duties_json("--repo", str(make_repo()), "duties", "--holder", "industry-lead")
    assert {d["holder"] for d in duties} == {"industry-lead"}
    assert "industry-lead-quarterly-inspection" in {d["id"] for d in duties}


@pytest.mark.usefixtures("english")
def test_duties_by_person_on_a_date(make_repo: MakeRepo) -> None:
    repo = str(make_repo())
    args = ("--repo", repo, "duties", "--holder", "wang-qiang")
    duties = duties_json(*args, "--as-of", "2026-06-30")
    assert {d["holder"] for d in duties} == {"industry-lead", "chemical-pharma", "power"}
    err = usage_error(*args, "--as-of", "2026-07-01")
    assert err == (
        "safetyduty: error: --holder: 王强 (wang-qiang) holds no post on 2026-07-01; "
        "pass --as-of a date when they held one\n"
    )


@pytest.mark.usefixtures("english")
def test_duties_unknown_holder(make_repo: MakeRepo) -> None:
    err = usage_error("--repo", str(make_repo()), "duties", "--holder", "chemical-pharm")
    assert err == (
        "safetyduty: error: --holder: unknown holder 'chemical-pharm'; "
        "did you mean 'chemical-pharma'?\n"
    )


@pytest.mark.usefixtures("english")
def test_duties_unknown_industry(make_repo: MakeRepo) -> None:
    err = usage_error("--repo", str(make_repo()), "duties", "--industry", "chemcial")
    assert err == "safetyduty: error: unknown industry 'chemcial'; did you mean 'chemical'?\n"


# --- who ----------------------------------------------------------------------------------------


def test_who_names_the_section_and_the_leader_on_the_date(make_repo: MakeRepo) -> None:
    repo = str(make_repo())
    out = ok("--repo", repo, "who", "chemical", "--as-of", "2026-06-30")
    assert "化工医药科" in out
    assert "王强 (wang-qiang)" in out  # supervises 化工医药科 until 2026-06-30
    assert "赵敏" not in out
    assert "李娜 (li-na)" in out and "张伟 (zhang-wei)" in out  # safety lead, director
    later = ok("--repo", repo, "who", "chemical", "--as-of", "2026-07-01")
    assert "赵敏 (zhao-min)" in later and "王强" not in later


def test_who_json(make_repo: MakeRepo) -> None:
    out = ok(
        "--repo", str(make_repo()), "who", "chemical", "--as-of", "2026-06-30", "--format", "json"
    )
    answer = json.loads(out)
    assert answer["section"] == "chemical-pharma"
    assert answer["section_name"] == "化工医药科"
    assert answer["attends_scene_from"] == "larger"
    assert [(leader["id"], leader["responsibility"]) for leader in answer["leaders"]] == [
        ("wang-qiang", "直接领导责任"),
        ("li-na", "牵头领导责任"),
        ("zhang-wei", "全面领导责任"),
    ]


def test_who_in_english(make_repo: MakeRepo) -> None:
    out = ok("--repo", str(make_repo()), "--lang", "en", "who", "chemical", "--as-of", "2026-06-30")
    assert "Chemical and Pharmaceutical Section (chemical-pharma)" in out
    assert "Li Na (li-na)" in out  # a person's English name, when people.yaml gives one
    assert "化工医药科" not in out


def test_who_by_chinese_name(make_repo: MakeRepo) -> None:
    out = ok("--repo", str(make_repo()), "who", "化工", "--as-of", "2026-06-30", "--format", "json")
    assert json.loads(out)["industry"] == "chemical"


@pytest.mark.usefixtures("english")
def test_who_unknown_industry(make_repo: MakeRepo) -> None:
    err = usage_error("--repo", str(make_repo()), "who", "chemcial", "--as-of", "2026-06-30")
    assert err == "safetyduty: error: unknown industry 'chemcial'; did you mean 'chemical'?\n"


def test_who_on_a_broken_repo_still_answers_and_exits_1(make_repo: MakeRepo) -> None:
    result = run_cli(
        "--repo",
        str(make_repo({"records/2026/x.yaml": ""})),
        "who",
        "chemical",
        "--as-of",
        "2026-06-30",
    )
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "records/2026/x.yaml:1:1: error: 文件为空" in result.stderr
    assert "化工医药科" in result.stdout


def test_duties_shows_the_interpretation() -> None:
    """issue 10: where the matrix reads the seed one way among several, `duties` says how."""
    wide = {"COLUMNS": "400"}
    result = run_cli("--repo", str(ROOT), "duties", "--holder", "enterprise", env=wide)
    assert result.exit_code == 0, result.output
    assert "解读：原文“较多安全生产事故”" in result.stdout
    result = run_cli(
        "--repo", str(ROOT), "--lang", "en", "duties", "--holder", "chemical-pharma", env=wide
    )
    assert "Interpretation: The seed says 民用 (civil-use) industry" in result.stdout


def test_duties_json_has_22_ruled_duties_unique_sources_and_local_defaults() -> None:
    result = run_cli("--repo", str(ROOT), "duties", "--format", "json")
    assert result.exit_code == 0, result.output
    duties = json.loads(result.stdout)["duties"]
    ruled = [d for d in duties if d["rule"]]
    assert len(ruled) >= 22
    sources = [d["source"] for d in duties]
    assert len(sources) == len(set(sources))
    defaults = [d["id"] for d in ruled if d["rule"].get("local_defaults")]
    assert len(defaults) >= 12
    assert all(d["basis"] == "local-default" for d in ruled if d["id"] in defaults)
