"""`safetyduty hazards`, the hazard ledger (隐患台账), on the summary fixture and on small repos.

In tests/fixtures/summary_repo, as of 2026-04-10 (see tests/reports/test_summary.py):

    h2  found 03-01, rectify by 03-20, never rectified                  → overdue (21 days)
    h3  found 03-25, rectify by 04-30, rectified 04-15 (after the as-of) → open (20 days left)
    h1  found 02-10, rectify by 03-10, rectified 03-15                  → rectified-late (5 days)
    h4  found 01-05, rectify by 01-31, rectified 01-20                  → rectified
    h5  found 04-20, after the as-of date                               → left out
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from safetyduty.cli import report
from safetyduty.cli.app import main_options
from safetyduty.load.loader import load_repo
from safetyduty.reports.hazards import hazard_state, ledger

FIXTURE = Path(__file__).parents[1] / "fixtures" / "summary_repo"
AS_OF = "2026-04-10"


def cli() -> typer.Typer:
    app = typer.Typer()
    app.callback()(main_options)
    app.command("summary")(report.summary)
    app.command("hazards")(report.hazards)
    return app


def run(*args: str, repo: Path = FIXTURE) -> Result:
    return CliRunner().invoke(cli(), ["--repo", str(repo), *args], env={"COLUMNS": "200"})


def ledger_json(*args: str, repo: Path = FIXTURE) -> dict[str, Any]:
    result = run("hazards", "--as-of", AS_OF, "--format", "json", *args, repo=repo)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def ids_and_states(data: dict[str, Any]) -> list[tuple[str, str]]:
    rows = data["hazards"]
    assert isinstance(rows, list)
    return [(row["id"], row["state"]) for row in rows]


def test_every_hazard_sorted_by_urgency() -> None:
    data = ledger_json()
    assert data["as_of"] == AS_OF
    assert ids_and_states(data) == [
        ("h2", "overdue"),
        ("h3", "open"),
        ("h1", "rectified-late"),
        ("h4", "rectified"),
    ]
    assert data["counts"] == {"overdue": 1, "open": 1, "rectified-late": 1, "rectified": 1}


def test_row_fields() -> None:
    rows = {row["id"]: row for row in ledger_json()["hazards"]}
    assert rows["h1"] == {
        "id": "h1",
        "date": "2026-02-10",
        "title": "储罐报警器失效",
        "site": "乙化工厂",
        "description": "储罐区可燃气体报警器失效",
        "grade": "major",
        "section": "chemical-pharma",
        "section_name": "化工医药科",
        "rectify_by": "2026-03-10",
        "notice": "evidence/notice-h1.md",
        "rectified_on": "2026-03-15",
        "rectification": "r1",
        "verified_by": ["li-na"],
        "state": "rectified-late",
        "remark": "逾期5天整改",
        "inspection": "i1",
        "industry": None,
        "source": None,
    }
    # No section of its own: the first section of the inspection that found it (SPEC §3).
    assert rows["h2"]["section"] == "economic-operation"
    assert rows["h2"]["remark"] == "逾期21天"
    # r3 is dated after the as-of date: not yet happened.
    assert (rows["h3"]["rectified_on"], rows["h3"]["remark"]) == (None, "剩20天")
    assert rows["h4"]["verified_by"] == ["zhang-wei", "li-na"]


def test_open_lists_exactly_the_hazards_not_rectified() -> None:
    everything = ledger_json()
    not_rectified = [
        (i, s) for i, s in ids_and_states(everything) if s not in ("rectified", "rectified-late")
    ]
    assert (
        ids_and_states(ledger_json("--open"))
        == not_rectified
        == [
            ("h2", "overdue"),
            ("h3", "open"),
        ]
    )


def test_records_after_as_of_count_when_their_day_comes() -> None:
    later = run("hazards", "--as-of", "2026-05-21", "--format", "json")
    assert later.exit_code == 0, later.output
    states = ids_and_states(json.loads(later.stdout))
    # h5 (04-20, due 05-20) is now overdue; h3 was rectified 04-15, on time.
    assert states == [
        ("h2", "overdue"),
        ("h5", "overdue"),
        ("h1", "rectified-late"),
        ("h4", "rectified"),
        ("h3", "rectified"),
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--section", "power"), ["h3", "h4"]),
        (("--section", "economic-operation"), ["h2"]),
        (("--section", "commission"), []),
        (("--grade", "major"), ["h1"]),
        (("--grade", "general"), ["h2", "h3", "h4"]),
        (("--open", "--section", "power"), ["h3"]),
        (("--open", "--grade", "major"), []),
    ],
)
def test_filters(args: tuple[str, ...], expected: list[str]) -> None:
    assert [i for i, _ in ids_and_states(ledger_json(*args))] == expected


def test_csv_opens_in_excel() -> None:
    result = run("hazards", "--as-of", AS_OF, "--open", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeff编号,发现日期,地点/单位,隐患描述,等级,科室,科室编号,")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert [(r["编号"], r["状态"], r["状态编号"], r["地点/单位"], r["科室"]) for r in rows] == [
        ("h2", "已逾期", "overdue", "甲加油站", ""),
        ("h3", "未整改", "open", "丙变电站", "电力科"),
    ]


def test_csv_in_english_has_the_english_headers_of_the_xlsx() -> None:
    result = run("--lang", "en", "hazards", "--as-of", AS_OF, "--open", "--format", "csv")
    assert result.exit_code == 0, result.output
    header = next(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert header[:7] == ["id", "found", "site", "description", "grade", "section", "section id"]
    assert header[-5:] == ["verified by", "verified by id", "state", "state id", "remark"]


def test_csv_file_keeps_the_bom(tmp_path: Path) -> None:
    target = tmp_path / "ledger.csv"
    result = run("hazards", "--as-of", AS_OF, "--format", "csv", "--output", str(target))
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith("\ufeff编号,".encode())
    assert data.count(b"\r\n") == 5  # header and four hazards, Excel's line ends
    assert "丙变电站".encode() in data
    assert result.stdout == ""


def test_table() -> None:
    result = run("hazards", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "巴中市经济和信息化委员会 · 隐患台账 · 截至 2026-04-10" in text
    assert "× 已逾期" in text and "○ 未整改" in text and "△ 逾期整改" in text
    assert "√ 已整改" in text
    assert "合计 4 · 已逾期 1 · 未整改 1 · 逾期整改 1 · 已整改 1" in text
    assert text.index("加油站通气管阻火器锈蚀") < text.index("配电室堆放杂物")


def test_table_in_english_and_empty() -> None:
    result = run("--lang", "en", "hazards", "--as-of", AS_OF, "--grade", "major", "--open")
    assert result.exit_code == 0, result.output
    assert "Hazard ledger" in result.stdout
    assert "No hazards match." in result.stdout


@pytest.mark.usefixtures("english")
def test_unknown_section_is_a_usage_error() -> None:
    result = run("hazards", "--as-of", AS_OF, "--section", "powr")
    assert result.exit_code == 2, result.output
    # Warnings about records after the as-of date come first; the error is the last line.
    assert result.stderr.splitlines()[-1].startswith(
        "safetyduty: error: --section: unknown section 'powr'; did you mean 'power'? (sections: "
    )


@pytest.mark.parametrize(
    "args", [("--grade", "minor"), ("--format", "xlsx"), ("--as-of", "2026-13-01")]
)
def test_bad_options_are_usage_errors(args: tuple[str, ...]) -> None:
    result = run("hazards", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


# --- states and sections, edge by edge ---------------------------------------------------------

DEADLINE = dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("rectified_on", "as_of", "state"),
    [
        (None, dt.date(2026, 3, 19), "open"),
        (None, DEADLINE, "open"),  # the deadline day itself is still in time
        (None, dt.date(2026, 3, 21), "overdue"),
        (DEADLINE, dt.date(2026, 3, 21), "rectified"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1), "rectified"),
        (dt.date(2026, 3, 21), dt.date(2026, 3, 21), "rectified-late"),
    ],
)
def test_hazard_state(rectified_on: dt.date | None, as_of: dt.date, state: str) -> None:
    assert hazard_state(rectified_on, DEADLINE, as_of) == state


PEOPLE = """\
people:
  - id: zhang-wei
    name: 张伟
    posts:
      - role: director
        from: 2024-01-01
"""


def write_repo(root: Path, records: dict[str, str]) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "data" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    folder = root / "records" / "2026"
    folder.mkdir(parents=True)
    for name, text in records.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def test_section_rules(tmp_path: Path) -> None:
    """Its own section, else the first of its inspection's sections (not the inspection's
    organising section), else the commission; the first rectification counts."""
    repo_path = write_repo(
        tmp_path / "repo",
        {
            "i1": "kind: inspection\ndate: 2026-03-01\nsection: office\n"
            "led_by: [zhang-wei]\nsections: [power, enterprise]\n",
            "own": "kind: hazard\ndate: 2026-03-02\ndescription: a\ngrade: general\n"
            "rectify_by: 2026-03-30\nsection: radio\ninspection: i1\n",
            "found": "kind: hazard\ndate: 2026-03-02\ndescription: b\ngrade: general\n"
            "rectify_by: 2026-03-30\ninspection: i1\n",
            "tip": "kind: hazard\ndate: 2026-03-03\ndescription: <c>\ngrade: major\n"
            "rectify_by: 2026-03-30\nsource: tip-off\n",
            "fix1": "kind: rectification\ndate: 2026-04-02\nhazard: tip\n"
            "verified_by: [zhang-wei]\n",
            "fix2": "kind: rectification\ndate: 2026-03-29\nhazard: tip\nverified_by: zhang-wei\n",
        },
    )
    repo, problems = load_repo(repo_path, dt.date(2026, 4, 10))
    assert problems == []
    rows = {row.id: row for row in ledger(repo, dt.date(2026, 4, 10), "zh")}
    assert rows["own"].section == "radio"
    assert rows["found"].section == "power"
    assert (rows["tip"].section, rows["tip"].section_name) == (
        "commission",
        "市经济和信息化委（委机关）",
    )
    assert (rows["tip"].rectification, rows["tip"].state) == ("fix2", "rectified")
    assert rows["tip"].title == "<c>"
    commission = run(
        "hazards",
        "--as-of",
        "2026-04-10",
        "--section",
        "commission",
        "--format",
        "json",
        repo=repo_path,
    )
    assert [h["id"] for h in json.loads(commission.stdout)["hazards"]] == ["tip"]
