"""`safetyduty summary` on a fixture repo, against figures worked out by hand, in every format.

The fixture (tests/fixtures/summary_repo) is the first quarter of 2026. People: zhang-wei
(director) and li-na (safety lead, and industry lead for 经济运行科). Records:

    m1  01-15 prevention meeting with minutes, chaired by li-na (title holds `<b>`)
    m2  03-05 special meeting chaired by zhang-wei, no minutes
    i1  02-10 joint inspection of all 13 sections, led by both, feedback 02-20 (10 days)
    h1  02-10 major hazard (chemical-pharma), notice, rectify by 03-10; r1 rectified 03-15
    h2  03-01 general hazard found by i1, no section, rectify by 03-20; never rectified
    h3  03-25 general hazard (power), rectify by 04-30; r3 rectifies it on 04-15
    h4  01-05 general hazard (power), rectify by 01-31; r2 rectified 01-20
    h5  04-20 a hazard after the as-of date
    a1  03-10 refined-oil accident, 1 death, known 10:00, reported 11:30, attended 12:00
    w1  waiver of personnel-education's New Year inspection; d1 drill, tr1 training, rp1 report

By hand, 2026Q1 as of 2026-04-10 (every due date in the quarter has passed):

    quarterly meeting (commission), director's special meeting, li-na's two inspections: met 4
    New Year (01-01): no inspection in its window → 12 sections overdue, 1 waived
    Spring Festival (02-16): i1 is in every section's window → 13 met
    h4 rectification met · h1 notice met · h1 rectification late · h2 rectification overdue
    i1 feedback late (due 02-17) · a1 report met (90 min) · a1 attendance met
    0.2 duties due in the quarter: li-na's yearly goals (03-31) overdue, the 9 sections that
    supervise an industry without a responsibility letter (03-31) overdue, li-na not at a1's
    scene (due 03-11) overdue: 11 more overdue
    → met 21, late 2, overdue 24, waived 1, total 48; rate 21 / (21 + 2 + 24) = 44.7 %

    As of 2026-03-15 the four quarter obligations, the goals and letters (due 03-31) and h2 (due
    03-20, state due) are not judged; r1 (03-15) still counts; li-na's attendance is overdue:
    met 17, late 2, overdue 13 → 17 / 32 = 53.1 %.

    Hazards found in Q1 as of 04-10: h1 rectified-late, h2 overdue, h3 open (r3 is after the
    as-of date), h4 rectified → found 4; major 1 (h1); by section: chemical-pharma 1,
    economic-operation 1 (h2 takes i1's first section), power 2.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner, Result

from safetyduty.cli import report
from safetyduty.cli.app import main_options
from safetyduty.reports.summary import compliance
from safetyduty.rules.obligations import Obligation

FIXTURE = Path(__file__).parents[1] / "fixtures" / "summary_repo"
SHIPPED_DUTIES = Path(__file__).parents[2] / "src" / "safetyduty" / "data" / "duties.yaml"
OTHER_SECTIONS = [
    "industry-policy",
    "environment-resources",
    "tech-upgrade",
    "enterprise",
    "general",
    "informatization",
    "foreign-cooperation",
    "radio",
    "office",
]


def cli() -> typer.Typer:
    """The two commands under the real root options, whether or not app.py registers them."""
    app = typer.Typer()
    app.callback()(main_options)
    app.command("summary")(report.summary)
    app.command("hazards")(report.hazards)
    return app


def run(*args: str, repo: Path = FIXTURE) -> Result:
    return CliRunner().invoke(cli(), ["--repo", str(repo), *args], env={"COLUMNS": "200"})


def summary_json(*args: str) -> dict[str, Any]:
    result = run("summary", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- the figures, in JSON ---------------------------------------------------------------------


def test_json_compliance_and_counts_by_hand() -> None:
    data = summary_json("2026Q1", "--as-of", "2026-04-10")
    assert data["compliance"] == {
        "met": 21,
        "late": 2,
        "overdue": 24,
        "judged": 47,
        "rate_percent": 44.7,
        "rate_text": "44.7%",
    }
    assert data["counts"] == {
        "overdue": 24,
        "due": 0,
        "late": 2,
        "met": 21,
        "upcoming": 0,
        "waived": 1,
    }
    assert data["period"] == {
        "key": "2026Q1",
        "label": "2026年第一季度",
        "start": "2026-01-01",
        "end": "2026-03-31",
    }
    assert data["as_of"] == "2026-04-10"
    assert data["period_complete"] is True
    assert data["commission"] == "巴中市经济和信息化委员会"


def test_json_mid_period_leaves_out_what_is_not_due() -> None:
    data = summary_json("2026Q1", "--as-of", "2026-03-15")
    assert data["compliance"] == {
        "met": 17,
        "late": 2,
        "overdue": 13,
        "judged": 32,
        "rate_percent": 53.1,
        "rate_text": "53.1%",
    }
    assert data["counts"] == {
        "overdue": 13,
        "due": 11,
        "late": 2,
        "met": 21,
        "upcoming": 0,
        "waived": 1,
    }
    assert data["period_complete"] is False


def holders(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    blocks = data["holders"]
    assert isinstance(blocks, list)
    return {block["holder"]: block for block in blocks}


def test_json_per_holder_by_hand_missed_first() -> None:
    data = summary_json("2026Q1", "--as-of", "2026-04-10")
    by_holder = holders(data)
    # Commission first, then people in people.yaml order, then sections in matrix order.
    assert list(by_holder) == [
        "commission",
        "zhang-wei",
        "li-na",
        "economic-operation",
        "power",
        "chemical-pharma",
        *OTHER_SECTIONS,
        "personnel-education",
    ]
    expected = {
        "commission": ({"met": 2}, "100.0%"),
        "zhang-wei": ({"met": 1}, "100.0%"),
        "li-na": ({"overdue": 2, "met": 2}, "50.0%"),
        "economic-operation": ({"overdue": 3, "late": 1, "met": 2}, "33.3%"),
        "power": ({"overdue": 2, "met": 2}, "50.0%"),
        "chemical-pharma": ({"overdue": 2, "late": 1, "met": 2}, "40.0%"),
        "personnel-education": ({"met": 1, "waived": 1}, "100.0%"),
        # the New Year inspection; and a responsibility letter where the section has industries
        **{section: ({"overdue": 2, "met": 1}, "33.3%") for section in OTHER_SECTIONS[:6]},
        **{section: ({"overdue": 1, "met": 1}, "50.0%") for section in OTHER_SECTIONS[6:]},
    }
    for holder, (counts, rate) in expected.items():
        block = by_holder[holder]
        assert {k: v for k, v in block["counts"].items() if v} == counts, holder
        assert block["compliance"]["rate_text"] == rate, holder
    economic = by_holder["economic-operation"]["obligations"]
    assert [(o["duty"], o["period"], o["state"]) for o in economic] == [
        ("section-holiday-inspection", "2026-new-year", "overdue"),
        ("hazard-rectification", "h2", "overdue"),
        ("section-yearly-letters", "2026", "overdue"),
        ("inspection-feedback", "i1", "late"),
        ("section-holiday-inspection", "2026-spring-festival", "met"),
        ("accident-attendance", "a1", "met"),
    ]
    assert by_holder["zhang-wei"]["name"] == "张伟"
    assert by_holder["zhang-wei"]["roles"] == ["委党组书记、主任"]
    commission = by_holder["commission"]["obligations"]
    assert [o["duty"] for o in commission] == ["accident-report", "quarterly-prevention-meeting"]
    assert commission[1]["records"] == [
        {"id": "m1", "date": "2026-01-15", "title": "一季度<b>防范</b>会议"}
    ]


def test_json_hazards_by_hand() -> None:
    hazards = summary_json("2026Q1", "--as-of", "2026-04-10")["hazards"]
    assert isinstance(hazards, dict)
    assert hazards["found"] == 4
    assert hazards["counts"] == {"overdue": 1, "open": 1, "rectified-late": 1, "rectified": 1}
    grades = {g["key"]: (g["found"], g["counts"]) for g in hazards["by_grade"]}
    assert grades == {
        "general": (3, {"overdue": 1, "open": 1, "rectified-late": 0, "rectified": 1}),
        "major": (1, {"overdue": 0, "open": 0, "rectified-late": 1, "rectified": 0}),
    }
    sections = [(s["key"], s["found"]) for s in hazards["by_section"]]
    assert sections == [("economic-operation", 1), ("power", 2), ("chemical-pharma", 1)]
    assert [h["id"] for h in hazards["major"]] == ["h1"]
    assert hazards["carried_over"] == []


def test_json_carried_over_into_the_next_quarter() -> None:
    hazards = summary_json("2026Q2", "--as-of", "2026-04-10")["hazards"]
    assert isinstance(hazards, dict)
    assert hazards["found"] == 0
    assert [(h["id"], h["state"]) for h in hazards["carried_over"]] == [
        ("h2", "overdue"),
        ("h3", "open"),
    ]


def test_json_activities_accidents_and_unruled_duties() -> None:
    data = summary_json("2026Q1", "--as-of", "2026-04-10")
    activities = data["activities"]
    assert isinstance(activities, dict)
    assert {kind: [a["id"] for a in items] for kind, items in activities.items()} == {
        "meetings": ["m1", "m2"],
        "inspections": ["i1"],
        "drills": ["d1"],
        "trainings": ["tr1"],
        "letters": [],
        "interviews": [],
        "reports": ["rp1"],
    }
    inspection = activities["inspections"][0]
    assert (inspection["hazards_found"], inspection["hazards"]) == (2, ["h1", "h2"])
    assert inspection["all_sections"] is True
    assert activities["meetings"][0]["type_label"] == "防范安全事故工作会议"
    (accident,) = data["accidents"]
    assert accident["report_minutes"] == 90
    assert (accident["report_state"], accident["attendance_state"]) == ("met", "met")
    assert accident["grade"] == "ordinary"
    assert accident["known_at"] == "2026-03-10T10:00:00+08:00"
    duties = yaml.safe_load(SHIPPED_DUTIES.read_text(encoding="utf-8"))["duties"]
    unruled = [d["id"] for d in duties if not d.get("rule")]
    assert [d["id"] for d in data["unruled_duties"]] == unruled
    # 四（一）6 and 附表·人事教育科 carry the assessment rules (the veto, the promotion bar).
    assert len(unruled) == 161  # 185 entries, 22 ruled for obligations, 2 for the assessment


def test_json_is_stable() -> None:
    first = run("summary", "2026", "--as-of", "2026-04-10", "--format", "json")
    second = run("summary", "2026", "--as-of", "2026-04-10", "--format", "json")
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout


# --- the same figures in Markdown, the terminal table and HTML ---------------------------------

RATE_ZH = "合规率 44.7%（按时完成 21 / 应评价 47；逾期完成 2，已逾期 24）"
HAZARDS_ZH = "本期发现隐患 4 项：已整改 2 项（其中逾期整改 1 项），未整改 1 项，逾期未整改 1 项。"
STATES_ZH = "义务状态：已逾期 24 · 逾期完成 2 · 已完成 21 · 已豁免 1"


def test_markdown_figures() -> None:
    result = run("summary", "2026Q1", "--as-of", "2026-04-10", "--format", "md")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# 巴中市经济和信息化委员会 · 2026年第一季度安全生产工作情况汇总\n")
    assert f"**{RATE_ZH}\\***" in text
    assert STATES_ZH in text
    assert f"**{HAZARDS_ZH}**" in text
    assert "| 经济运行科 | 3 | 0 | 1 | 2 | 0 | 0 | 33.3% |" in text
    assert "| 人事教育科 | 0 | 0 | 0 | 1 | 0 | 1 | 100.0% |" in text
    assert "| × 已逾期 | 隐患整改 | 加油站通气管阻火器锈蚀 | 2026-03-20 | 逾期21天 |  |" in text
    assert "填报人：________________    审核人：" in text
    assert "| 一般 | 3 | 1 | 1 | 0 | 1 |" in text
    assert "| 重大 | 1 | 0 | 0 | 1 | 0 |" in text
    assert "| 上报时间 | 2026-03-10 11:30 (1小时30分) → 市应急管理局 |" in text
    assert "填报人：" in text and "审核人：" in text and "日期：" in text
    # A record's title is text, not Markdown or HTML.
    assert "一季度<b>" not in text
    assert "一季度\\<b\\>防范\\</b\\>会议" in text


def test_table_figures() -> None:
    result = run("summary", "2026Q1", "--as-of", "2026-04-10")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert f"{RATE_ZH}*" in text
    assert STATES_ZH in text
    assert HAZARDS_ZH in text
    assert "五、未设检查规则的职责（人工核查）" in text
    assert "填报人：" in text


def test_html_figures_and_print_rules() -> None:
    result = run("summary", "2026Q1", "--as-of", "2026-04-10", "--format", "html")
    assert result.exit_code == 0, result.output
    html = result.stdout
    assert html.startswith("<!DOCTYPE html>")
    assert "<strong>合规率：44.7%</strong>" in html
    assert "按时完成 21 / 应评价 47；逾期完成 2，已逾期 24" in html
    assert STATES_ZH in html
    assert HAZARDS_ZH in html
    assert "<td>经济运行科</td>" in html
    row = html.split("<td>经济运行科</td>", 1)[1].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
    assert cells == ["3", "0", "1", "2", "0", "0", "33.3%"]
    # Printing: A4, rows never split, headers repeated, and no colour-only states.
    assert "@page" in html and "size: A4" in html
    assert "tr { break-inside: avoid" in html
    assert "thead { display: table-header-group; }" in html
    assert '<td class="state st-overdue">× 已逾期</td>' in html
    assert '<td class="state st-late">△ 逾期完成</td>' in html
    # Self-contained: no scripts, no external resources.
    assert "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html.lower() and "@import" not in html and "url(" not in html
    assert '"Noto Sans CJK SC"' in html
    # User text is escaped.
    assert "一季度&lt;b&gt;防范&lt;/b&gt;会议" in html
    assert "<b>防范" not in html


def test_english_edition() -> None:
    result = run("--lang", "en", "summary", "2026Q1", "--as-of", "2026-04-10", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "Compliance rate 44.7% (21 met of 47 judged; 2 late, 24 overdue)" in result.stdout
    assert "# Bazhong Municipal Commission of Economy and Information Technology · " in (
        result.stdout
    )
    assert "Work-safety summary, Q1 2026" in result.stdout
    assert "Prepared by: " in result.stdout


@pytest.mark.parametrize("fmt", ["md", "html", "json", "table"])
def test_output_file_matches_stdout(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out" / f"summary.{fmt}"
    written = run("summary", "2026Q1", "--as-of", "2026-04-10", "--format", fmt, "-o", str(target))
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert str(target) in written.stderr
    text = target.read_text(encoding="utf-8")
    assert "44.7%" in text
    if fmt != "table":
        printed = run("summary", "2026Q1", "--as-of", "2026-04-10", "--format", fmt)
        assert printed.stdout == text
    else:
        assert "\x1b[" not in text  # no colour codes in a file
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_year_and_half_year_periods() -> None:
    year = summary_json("2026", "--as-of", "2026-04-10")
    assert year["period"]["label"] == "2026年度"
    half = summary_json("2026h1", "--as-of", "2026-04-10")
    assert half["period"]["key"] == "2026H1"
    # H1 adds to Q1: Qingming (04-05) overdue in 13 sections; the director's half-year
    # inspection (i1, due 06-30) met early but not judged; Q2's four quarter obligations and h3
    # due; Labour Day and Dragon Boat upcoming in 13 sections each. 0.2: the Party Group's
    # half-year study and li-na's half-year special meeting due (06-30), and her two
    # first-quarter reports due (04-15).
    assert half["compliance"]["judged"] == 47 + 13
    assert half["compliance"]["rate_text"] == "35.0%"  # 21 / 60
    assert half["counts"] == {
        "overdue": 37,
        "due": 9,
        "late": 2,
        "met": 22,
        "upcoming": 26,
        "waived": 1,
    }


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2026Q5", "2026-spring-festival", "26Q1", "Q1", "i1"])
@pytest.mark.usefixtures("english")
def test_invalid_period_is_a_usage_error(period: str) -> None:
    result = run("summary", period, "--as-of", "2026-04-10")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"safetyduty: error: PERIOD: '{period}' is not a quarter, half-year or year; "
        "write 2026Q1, 2026H1 or 2026\n"
    )
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("english")
def test_period_after_as_of_is_a_usage_error() -> None:
    result = run("summary", "2026Q3", "--as-of", "2026-04-10")
    assert result.exit_code == 2, result.output
    assert "PERIOD: 2026Q3 starts on 2026-07-01, after the as-of date 2026-04-10" in result.stderr


def test_bad_as_of_and_format_are_usage_errors() -> None:
    assert run("summary", "2026Q1", "--as-of", "2026-02-30").exit_code == 2
    assert run("summary", "2026Q1", "--as-of", "2026-04-10", "--format", "pdf").exit_code == 2


def test_no_repo_is_a_usage_error(tmp_path: Path) -> None:
    missing = run("summary", "2026Q1", "--as-of", "2026-04-10", repo=tmp_path / "nowhere")
    assert missing.exit_code == 2
    assert "safetyduty init" in missing.stderr


@pytest.mark.usefixtures("english")
def test_repo_with_errors_still_prints_and_exits_1(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "records").mkdir(parents=True)
    (repo / "data").mkdir()
    (repo / "data" / "people.yaml").write_text(
        (FIXTURE / "data" / "people.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (repo / "records" / "bad.yaml").write_text("kind: meeting\ndate: 2026-01-05\n", "utf-8")
    result = run("summary", "2026Q1", "--as-of", "2026-04-10", "--format", "json", repo=repo)
    assert result.exit_code == 1, result.output
    assert "missing required field 'type'" in result.stderr
    assert json.loads(result.stdout)["compliance"]["rate_text"] == "0.0%"


# --- the rate itself ---------------------------------------------------------------------------


def obligation(state: str, due: str = "2026-03-31") -> Obligation:
    return Obligation(
        duty="d",
        holder="h",
        period="2026Q1",
        window_start=dt.date(2026, 1, 1),
        due=dt.date.fromisoformat(due),
        state=state,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("states", "judged", "rate"),
    [
        ([], 0, "—"),
        (["waived", "waived"], 0, "—"),
        (["met"], 1, "100.0%"),
        (["late"], 1, "0.0%"),
        (["met", "late", "overdue"], 3, "33.3%"),
        (["met", "met", "overdue"], 3, "66.7%"),
        (["met"] + ["overdue"] * 7, 8, "12.5%"),
        # 1/16 = 6.25 %: rounded half up, not to the even 6.2.
        (["met"] + ["overdue"] * 15, 16, "6.3%"),
    ],
)
def test_compliance_rate(states: list[str], judged: int, rate: str) -> None:
    result = compliance([obligation(s) for s in states], dt.date(2026, 4, 10))
    assert (result.judged, result.rate_text) == (judged, rate)


def test_compliance_judges_only_what_is_due_by_the_as_of_date() -> None:
    as_of = dt.date(2026, 3, 31)
    items = [
        obligation("met", "2026-03-31"),  # due today and done: judged
        obligation("due", "2026-03-31"),  # due today, not done yet: not judged
        obligation("met", "2026-04-01"),  # done early, due tomorrow: not judged
        obligation("overdue", "2026-03-30"),
    ]
    result = compliance(items, as_of)
    assert (result.met, result.overdue, result.judged, result.rate_percent) == (1, 1, 2, 50.0)


# --- start-up cost -----------------------------------------------------------------------------


def test_importing_the_commands_stays_cheap() -> None:
    code = (
        "import sys, safetyduty.cli.report\n"
        "heavy = [m for m in ('jinja2', 'holidays', 'safetyduty.rules.engine',"
        " 'safetyduty.reports.summary', 'safetyduty.reports.hazards', 'rich')"
        " if m in sys.modules]\n"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_jinja2_only_for_html() -> None:
    code = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from safetyduty.load.loader import load_repo\n"
        "from safetyduty.rules.engine import evaluate\n"
        "from safetyduty.reports import summary\n"
        "from safetyduty.reports.render import summary as summaryview\n"
        f"repo, _ = load_repo(Path({str(FIXTURE)!r}), dt.date(2026, 4, 10))\n"
        "day = dt.date(2026, 4, 10)\n"
        "period = summary.summary_period('2026Q1', day)\n"
        "s = summary.build_summary(repo, evaluate(repo, day), period, day, 'zh')\n"
        "summaryview.to_markdown(s); summaryview.to_json(s)\n"
        "before = 'jinja2' in sys.modules\n"
        "summaryview.to_html(s)\n"
        "print(before, 'jinja2' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False True"


def test_manual_review_groups_unruled_duties_by_holder_with_a_box_to_tick() -> None:
    result = run("summary", "2026Q1", "--as-of", "2026-04-10", "--format", "md")
    assert result.exit_code == 0, result.output
    review = result.stdout.split("## 五、未设检查规则的职责（人工核查）", 1)[1]
    # one checklist per holder, in order of first appearance in the matrix
    holders = [line.strip("*") for line in review.splitlines() if line.startswith("**")]
    assert holders[:2] == ["市经济和信息化委（委机关）", "委党组"]
    assert holders[2].startswith("委党组书记、主任")
    assert len(holders) == len(set(holders))
    assert "| 核查 | 编号 | 出处 | 内容 |" in review
    assert (
        "| ☐ | safety-lead-city-inspection | 四（三）·安全.3 | 参与全市安全生产大检查， |" in review
    )
    assert review.count("| ☐ |") == 161
    html = run("summary", "2026Q1", "--as-of", "2026-04-10", "--format", "html").stdout
    assert '<tr class="group"><th colspan="4">委党组</th></tr>' in html
    assert html.count('<td class="tick">☐</td>') == 161
