"""`safetyduty status` on a fixture repo, against obligations worked out by hand from SPEC §3.

The fixture (tests/fixtures/status_repo) is a first quarter of 2026 as of 2026-04-05:
m1 prevention meeting with minutes (01-15), m2 special meeting chaired by the director without
minutes (02-20), i1 joint inspection before the Spring Festival with a site and feedback in 4
days (02-10), h1 a major hazard it found, with a notice, rectified two days late (r1), i2 the
director's inspection of a power plant with no feedback (03-25), a1 a fatal refined-oil accident
reported 3 hours after it was known and attended in 6, ap1 an approval missing its
pre-evaluation report, w1 a waiver of sun-li's first-quarter inspection, and i3 an inspection
dated after the as-of date (left out).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safetyduty.cli.app import app

FIXTURE = Path(__file__).parents[1] / "fixtures" / "status_repo"
runner = CliRunner()

SECTIONS = [
    "economic-operation",
    "power",
    "chemical-pharma",
    "industry-policy",
    "environment-resources",
    "tech-upgrade",
    "enterprise",
    "general",
    "informatization",
    "foreign-cooperation",
    "radio",
    "office",
    "personnel-education",
]

# (duty, holder, period, due, state, records) for every ruled duty but the holiday one.
# Release 0.2 (issue 10) adds the new ruled duties: no report, goals, letters or training in the
# fixture, so those are due or overdue; a1 (one death) obliges li-na (safety lead) and wang-qiang
# (whose sections include 经济运行科) at the scene, and neither is in attended_by; h1's notice has
# no notice_on, so it counts on the hazard's date, due 3 days later (02-13). The fourth quarter's
# reports fall due in 2027 (01-15), past --all's horizon (the end of the as-of year).
BY_HAND = [
    ("major-hazard-notice", "economic-operation", "h1", "2026-02-13", "met", ["h1"]),
    ("inspection-feedback", "economic-operation", "i1", "2026-02-17", "met", ["i1"]),
    ("tech-upgrade-pre-evaluation", "tech-upgrade", "ap1", "2026-03-01", "overdue", []),
    ("hazard-rectification", "economic-operation", "h1", "2026-03-10", "late", ["r1"]),
    ("director-quarterly-special-meeting", "zhang-wei", "2026Q1", "2026-03-31", "met", ["m2"]),
    ("industry-lead-quarterly-inspection", "sun-li", "2026Q1", "2026-03-31", "waived", ["w1"]),
    ("industry-lead-quarterly-inspection", "wang-qiang", "2026Q1", "2026-03-31", "met", ["i1"]),
    ("industry-lead-yearly-goals", "sun-li", "2026", "2026-03-31", "overdue", []),
    ("industry-lead-yearly-goals", "wang-qiang", "2026", "2026-03-31", "overdue", []),
    ("quarterly-prevention-meeting", "commission", "2026Q1", "2026-03-31", "met", ["m1"]),
    ("safety-lead-quarterly-inspection", "li-na", "2026Q1", "2026-03-31", "met", ["i1"]),
    ("section-yearly-letters", "chemical-pharma", "2026", "2026-03-31", "overdue", []),
    ("section-yearly-letters", "economic-operation", "2026", "2026-03-31", "overdue", []),
    ("section-yearly-letters", "enterprise", "2026", "2026-03-31", "overdue", []),
    ("section-yearly-letters", "environment-resources", "2026", "2026-03-31", "overdue", []),
    ("section-yearly-letters", "general", "2026", "2026-03-31", "overdue", []),
    ("section-yearly-letters", "industry-policy", "2026", "2026-03-31", "overdue", []),
    ("section-yearly-letters", "informatization", "2026", "2026-03-31", "overdue", []),
    ("section-yearly-letters", "power", "2026", "2026-03-31", "overdue", []),
    ("section-yearly-letters", "tech-upgrade", "2026", "2026-03-31", "overdue", []),
    ("inspection-feedback", "power", "i2", "2026-04-01", "overdue", []),
    ("accident-report", "commission", "a1", "2026-04-03", "late", ["a1"]),
    ("accident-attendance", "economic-operation", "a1", "2026-04-04", "met", ["a1"]),
    ("leader-accident-attendance", "li-na", "a1", "2026-04-04", "overdue", []),
    ("leader-accident-attendance", "wang-qiang", "a1", "2026-04-04", "overdue", []),
    ("industry-lead-quarterly-report", "sun-li", "2026Q1", "2026-04-15", "due", []),
    ("industry-lead-quarterly-report", "wang-qiang", "2026Q1", "2026-04-15", "due", []),
    ("safety-lead-quarterly-report", "li-na", "2026Q1", "2026-04-15", "due", []),
    ("director-half-year-inspection", "zhang-wei", "2026H1", "2026-06-30", "met", ["i2"]),
    ("director-quarterly-special-meeting", "zhang-wei", "2026Q2", "2026-06-30", "due", []),
    ("industry-lead-half-year-special-meeting", "sun-li", "2026H1", "2026-06-30", "due", []),
    ("industry-lead-half-year-special-meeting", "wang-qiang", "2026H1", "2026-06-30", "due", []),
    ("industry-lead-quarterly-inspection", "sun-li", "2026Q2", "2026-06-30", "due", []),
    ("industry-lead-quarterly-inspection", "wang-qiang", "2026Q2", "2026-06-30", "due", []),
    ("party-group-half-year-study", "commission", "2026H1", "2026-06-30", "due", []),
    ("quarterly-prevention-meeting", "commission", "2026Q2", "2026-06-30", "due", []),
    ("safety-lead-quarterly-inspection", "li-na", "2026Q2", "2026-06-30", "due", []),
    ("industry-lead-quarterly-report", "sun-li", "2026Q2", "2026-07-15", "due", []),
    ("industry-lead-quarterly-report", "wang-qiang", "2026Q2", "2026-07-15", "due", []),
    ("safety-lead-quarterly-report", "li-na", "2026Q2", "2026-07-15", "due", []),
    ("director-quarterly-special-meeting", "zhang-wei", "2026Q3", "2026-09-30", "upcoming", []),
    ("industry-lead-quarterly-inspection", "sun-li", "2026Q3", "2026-09-30", "upcoming", []),
    ("industry-lead-quarterly-inspection", "wang-qiang", "2026Q3", "2026-09-30", "upcoming", []),
    ("quarterly-prevention-meeting", "commission", "2026Q3", "2026-09-30", "upcoming", []),
    ("safety-lead-quarterly-inspection", "li-na", "2026Q3", "2026-09-30", "upcoming", []),
    ("industry-lead-quarterly-report", "sun-li", "2026Q3", "2026-10-15", "upcoming", []),
    ("industry-lead-quarterly-report", "wang-qiang", "2026Q3", "2026-10-15", "upcoming", []),
    ("safety-lead-quarterly-report", "li-na", "2026Q3", "2026-10-15", "upcoming", []),
    ("director-half-year-inspection", "zhang-wei", "2026H2", "2026-12-31", "upcoming", []),
    ("director-quarterly-special-meeting", "zhang-wei", "2026Q4", "2026-12-31", "upcoming", []),
    ("industry-lead-half-year-special-meeting", "sun-li", "2026H2", "2026-12-31", "upcoming", []),
    (
        "industry-lead-half-year-special-meeting",
        "wang-qiang",
        "2026H2",
        "2026-12-31",
        "upcoming",
        [],
    ),
    ("industry-lead-quarterly-inspection", "sun-li", "2026Q4", "2026-12-31", "upcoming", []),
    ("industry-lead-quarterly-inspection", "wang-qiang", "2026Q4", "2026-12-31", "upcoming", []),
    ("party-group-half-year-study", "commission", "2026H2", "2026-12-31", "upcoming", []),
    ("quarterly-prevention-meeting", "commission", "2026Q4", "2026-12-31", "upcoming", []),
    ("safety-lead-quarterly-inspection", "li-na", "2026Q4", "2026-12-31", "upcoming", []),
    ("safety-lead-yearly-drill", "li-na", "2026", "2026-12-31", "due", []),
    ("safety-lead-yearly-training", "li-na", "2026", "2026-12-31", "due", []),
]


def holiday_by_hand() -> list[tuple[str, str, str, str, str, list[str]]]:
    """Pre-holiday inspections: 13 sections x 7 holidays of 2026, as of 04-05."""
    rows = []
    first_days = {
        "new-year": "2026-01-01",
        "spring-festival": "2026-02-16",
        "qingming": "2026-04-05",
        "labour-day": "2026-05-01",
        "dragon-boat": "2026-06-19",
        "mid-autumn": "2026-09-25",
        "national-day": "2026-10-01",
    }
    for holiday, due in first_days.items():
        for section in SECTIONS:
            records: list[str] = []
            if holiday == "new-year":
                state = "overdue"  # nobody inspected between 2025-12-17 and 01-01
            elif holiday == "spring-festival":
                met = section in ("economic-operation", "power", "chemical-pharma")
                state, records = ("met", ["i1"]) if met else ("overdue", [])
            elif holiday == "qingming":
                # window 03-21..04-05 is open on 04-05, the due day itself
                state, records = ("met", ["i2"]) if section == "power" else ("due", [])
            else:
                state = "upcoming"  # i3 (04-20, office) is after the as-of date
            rows.append(
                ("section-holiday-inspection", section, f"2026-{holiday}", due, state, records)
            )
    return rows


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--repo", str(FIXTURE), *args], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_all_obligations_match_the_hand_worked_list() -> None:
    code, out, err = run("status", "--all", "--format", "json", "--as-of", "2026-04-05")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["as_of"] == "2026-04-05"
    got = [
        (o["duty"], o["holder"], o["period"], o["due"], o["state"], o["records"])
        for o in payload["obligations"]
    ]
    key = lambda row: (row[3], row[0], row[1], row[2])  # noqa: E731 - sort by due, duty, holder
    assert got == sorted(got, key=key), "obligations are sorted by due, duty, holder"
    assert sorted(got, key=key) == sorted(BY_HAND + holiday_by_hand(), key=key)
    assert {frozenset(o) for o in payload["obligations"]} == {
        frozenset({"duty", "holder", "period", "window_start", "due", "state", "records"})
    }
    assert "i3.yaml" in err and "晚于截至日期 2026-04-05" in err


def test_every_ruled_duty_appears() -> None:
    _, out, _ = run("status", "--all", "--format", "json", "--as-of", "2026-04-05")
    duties = {o["duty"] for o in json.loads(out)["obligations"]}
    # every ruled duty of the shipped matrix but 综合科's pre-evaluation (no approval of its own)
    assert len(duties) == 21 and "general-innovation-pre-evaluation" not in duties


def test_default_view_is_current_period_and_every_overdue() -> None:
    _, out, _ = run("status", "--format", "json", "--as-of", "2026-04-05")
    got = {
        (o["duty"], o["holder"], o["period"], o["state"]) for o in json.loads(out)["obligations"]
    }
    overdue = {r for r in got if r[3] == "overdue"}
    assert ("tech-upgrade-pre-evaluation", "tech-upgrade", "ap1", "overdue") in overdue
    assert len([r for r in overdue if r[2] == "2026-new-year"]) == 13
    # current: Q2 due, H1 met, the year's drill, qingming (window contains 04-05)
    assert ("director-half-year-inspection", "zhang-wei", "2026H1", "met") in got
    assert ("quarterly-prevention-meeting", "commission", "2026Q2", "due") in got
    assert ("section-holiday-inspection", "power", "2026-qingming", "met") in got
    # past and met, or not yet open: not shown; the first-quarter reports are due on 04-15
    shown = {r for r in got if r[2] in ("2026Q1", "2026Q3", "2026-labour-day")}
    assert shown == {
        ("industry-lead-quarterly-report", "sun-li", "2026Q1", "due"),
        ("industry-lead-quarterly-report", "wang-qiang", "2026Q1", "due"),
        ("safety-lead-quarterly-report", "li-na", "2026Q1", "due"),
    }
    assert ("hazard-rectification", "economic-operation", "h1", "late") not in got


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--duty", "accident-report"], {("accident-report", "commission", "a1")}),
        (
            ["--holder", "sun-li"],
            {
                (duty, "sun-li", p)
                for duty in ("industry-lead-quarterly-inspection", "industry-lead-quarterly-report")
                for p in ("2026Q1", "2026Q2", "2026Q3", "2026Q4")
                if (duty, p) != ("industry-lead-quarterly-report", "2026Q4")  # due in 2027
            }
            | {
                ("industry-lead-half-year-special-meeting", "sun-li", p)
                for p in ("2026H1", "2026H2")
            }
            | {("industry-lead-yearly-goals", "sun-li", "2026")},
        ),
        (
            ["--period", "2026Q1", "--state", "late"],
            {("hazard-rectification", "economic-operation", "h1")},
        ),
        (
            ["--period", "2026-spring-festival", "--state", "met"],
            {
                ("section-holiday-inspection", s, "2026-spring-festival")
                for s in ("economic-operation", "power", "chemical-pharma")
            },
        ),
        (
            ["--state", "waived", "--state", "late"],
            {
                ("industry-lead-quarterly-inspection", "sun-li", "2026Q1"),
                ("hazard-rectification", "economic-operation", "h1"),
                ("accident-report", "commission", "a1"),
            },
        ),
        (["--holder", "power", "--period", "i2"], {("inspection-feedback", "power", "i2")}),
        (
            ["--holder", "director", "--period", "2026H1"],
            {
                ("director-half-year-inspection", "zhang-wei", "2026H1"),
                ("director-quarterly-special-meeting", "zhang-wei", "2026Q1"),
                ("director-quarterly-special-meeting", "zhang-wei", "2026Q2"),
            },
        ),
    ],
)
def test_filters(args: list[str], expected: set[tuple[str, str, str]]) -> None:
    code, out, err = run("status", "--all", "--format", "json", "--as-of", "2026-04-05", *args)
    assert code == 0, err
    got = {(o["duty"], o["holder"], o["period"]) for o in json.loads(out)["obligations"]}
    assert got == expected


def test_period_2026q1_means_due_within_the_quarter_or_of_it() -> None:
    _, out, _ = run("status", "--period", "2026Q1", "--format", "json", "--as-of", "2026-04-05")
    chosen = json.loads(out)["obligations"]
    later = [o for o in chosen if not "2026-01-01" <= o["due"] <= "2026-03-31"]
    assert chosen and len(later) < len(chosen)
    # 0.2: the quarter's own reports, due 15 days after it, are listed with it
    assert {(o["duty"], o["period"], o["due"]) for o in later} == {
        ("industry-lead-quarterly-report", "2026Q1", "2026-04-15"),
        ("safety-lead-quarterly-report", "2026Q1", "2026-04-15"),
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--duty", "acident-report"],
            "--duty: unknown duty 'acident-report'; did you mean 'accident-report'?",
        ),
        (["--holder", "sun-lee"], "--holder: unknown holder 'sun-lee'; did you mean 'sun-li'?"),
        (["--period", "2026Q5"], "--period: '2026Q5' is not a period"),
        (["--as-of", "2026-13-01"], "--as-of: '2026-13-01' is not a date"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_filters_are_usage_errors(args: list[str], message: str) -> None:
    code, _, err = run("status", *args)
    assert code == 2
    assert message in err


def test_bad_state_is_a_usage_error() -> None:
    code, _, err = run("status", "--state", "lost", "--as-of", "2026-04-05")
    assert code == 2
    assert "lost" in err


def test_csv_round_trips_through_the_csv_module() -> None:
    code, out, _ = run("status", "--all", "--format", "csv", "--as-of", "2026-04-05")
    assert code == 0
    assert out.startswith("\ufeff"), "a BOM so that Excel reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    _, out_json, _ = run("status", "--all", "--format", "json", "--as-of", "2026-04-05")
    obligations = json.loads(out_json)["obligations"]
    assert len(rows) == len(obligations)
    for row, obligation in zip(rows, obligations, strict=True):
        assert row["职责编号"] == obligation["duty"]
        assert row["责任主体编号"] == obligation["holder"]
        assert row["周期编号"] == obligation["period"]
        assert row["截止"] == obligation["due"]
        assert row["状态编号"] == obligation["state"]
        assert (row["记录"].split("、") if row["记录"] else []) == obligation["records"]
    names = {row["责任主体"] for row in rows}
    assert {"张伟", "经济运行科", "市经济和信息化委（委机关）"} <= names
    assert {row["状态"] for row in rows} >= {"已逾期", "已完成"}


def test_csv_headers_follow_the_language_names_beside_their_ids() -> None:
    header = {}
    for lang in ("zh", "en"):
        code, out, _ = run("--lang", lang, "status", "--format", "csv", "--as-of", "2026-04-05")
        assert code == 0
        header[lang] = next(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert header["zh"] == [
        "责任主体", "责任主体编号", "职责", "职责编号", "周期", "周期编号", "起始", "截止",
        "状态", "状态编号", "说明", "记录",
    ]  # fmt: skip
    assert header["en"] == [
        "holder", "holder id", "duty", "duty id", "period", "period id", "from", "due",
        "state", "state id", "remark", "records",
    ]  # fmt: skip


def test_table_groups_by_holder_with_names_and_a_total() -> None:
    code, out, _ = run("status", "--as-of", "2026-04-05")
    assert code == 0
    for text in ("张伟", "技术改造科", "已逾期", "技改项目安全预评价", "合计"):
        assert text in out
    # overdue holders come first: 李娜 (not at a1's scene) before 张伟, with nothing overdue
    assert out.index("技术改造科") < out.index("张伟")
    assert out.index("李娜") < out.index("张伟")


def test_english_labels() -> None:
    code, out, _ = run("--lang", "en", "status", "--as-of", "2026-04-05")
    assert code == 0
    assert "overdue" in out and "Pre-evaluation report" in out and "Tech" in out


def test_fail_on_overdue() -> None:
    code, out, _ = run("check", "--as-of", "2026-04-05", "--fail-on", "overdue")
    assert code == 1
    assert (
        "records/2026/ap1.yaml:1:1: error: 已逾期：技改项目安全预评价 · 技术改造科 · ap1，"
        "截止 2026-03-01（tech-upgrade-pre-evaluation）"
    ) in out
    # 13 new-year, 10 spring-festival, ap1, i2; and (0.2) 2 yearly goals, 9 sections' letters,
    # 2 leaders not at a1's scene
    assert "（已逾期义务 38 项）" in out
    code, out, _ = run("--lang", "en", "check", "--as-of", "2026-04-05", "--fail-on", "overdue")
    assert "records/2026/ap1.yaml:1:1: error: overdue: " in out
    assert "· ap1, due 2026-03-01 (tech-upgrade-pre-evaluation)" in out
    assert "(38 overdue obligations)" in out
    code, _, _ = run("check", "--as-of", "2026-04-05")
    assert code == 0


@pytest.mark.usefixtures("english")
def test_status_on_a_repo_with_problems_prints_them_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "people.yaml").write_text("people: []\n", encoding="utf-8")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "bad.yaml").write_text(
        "kind: meeting\ndate: 2026-01-05\ntype: special\nchair: nobody\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["--repo", str(tmp_path), "status", "--as-of", "2026-04-05"])
    assert result.exit_code == 1
    assert "records/bad.yaml:4:8: error: unknown person 'nobody'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("english")
def test_status_refuses_to_evaluate_a_broken_matrix(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "people.yaml").write_text("people: []\n", encoding="utf-8")
    (tmp_path / "data" / "sections.yaml").write_text("commission: [\n", encoding="utf-8")
    result = runner.invoke(app, ["--repo", str(tmp_path), "status", "--as-of", "2026-04-05"])
    assert result.exit_code == 1
    assert "data/sections.yaml:2:1: error: invalid YAML" in result.stderr
    assert "cannot work out obligations until the errors in data/sections.yaml are fixed" in (
        result.stderr
    )
    assert result.stdout == ""


@pytest.mark.usefixtures("english")
def test_as_of_out_of_range_is_a_usage_error() -> None:
    code, _, err = run("status", "--as-of", "9999-01-01")
    assert code == 2
    assert "--as-of: 9999-01-01 is out of range; dates from 2000 to 2099 are supported" in err


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_table_fits_the_terminal_and_never_cuts_a_date_or_a_state(
    columns: int, lang: str
) -> None:
    """Under 100 columns the period sits over its due date and the state over its days (the
    compact table); either way every due date and every state word is printed whole, once
    per obligation, and the duty keeps a readable column."""
    from collections import Counter

    from rich.cells import cell_len

    from safetyduty.i18n import t

    args = ["--repo", str(FIXTURE), "--lang", lang, "status", "--as-of", "2026-04-05"]
    result = runner.invoke(app, args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    obligations = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)["obligations"]
    lines = result.stdout.splitlines()
    rows = [line.split("│")[1:-1] for line in lines if line.startswith("│")]
    cells = Counter(cell.strip() for row in rows for cell in row)
    for due, n in Counter(o["due"] for o in obligations).items():
        assert cells[due] == n, (due, result.stdout)
    for state, n in Counter(o["state"] for o in obligations).items():
        assert cells[t(state, lang)] == n, (state, result.stdout)
    assert min(cell_len(row[0]) for row in rows) >= (20 if columns == 80 else 8)
    headers = "\n".join(lines[:6])
    assert (t("due_date", lang) in headers) and (t("days", lang) in headers)


@pytest.mark.parametrize("columns", [30, 44, 60, 80, 100, 119, 120, 160])
@pytest.mark.parametrize("since", [False, True])
def test_no_width_cuts_the_table_off_at_the_right(columns: int, since: bool) -> None:
    """Rich cuts every line at the terminal's width when a table cannot be narrowed enough;
    the table must always end in its right border (a minimum width that cannot be held is
    let go)."""
    args = ["--repo", str(FIXTURE), "status", "--as-of", "2026-04-25"]
    if since:
        args += ["--since", "2026-04-10"]
    result = runner.invoke(app, args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    table = [line for line in result.stdout.splitlines() if line[:1] in "┏┃┡│├└"]
    assert table, result.stdout
    assert all(line[-1] in "┓┃┩│┤┘" for line in table), result.stdout


def test_output_takes_the_table_too_written_plain(tmp_path: Path) -> None:
    target = tmp_path / "status.txt"
    code, out, _ = run("status", "--as-of", "2026-04-05", "--output", str(target))
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert "已逾期" in text and "\x1b" not in text
