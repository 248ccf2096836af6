"""`safetyduty assess` on a fixture year, against scores worked out by hand, in every format.

The fixture (tests/fixtures/assess_repo) has its own matrix (eleven shipped duties), four
sections (经济运行科, 电力科, 化工医药科, 人事教育科) and its own scale (data/assessment.yaml):
overdue 10 / late 4 by default; holiday inspection 4 / 2; hazard rectification 12 / 6; accident
attendance 15 / 8; director-half-year-inspection 15 / 6; at most 15 per duty and 25 in all;
bands 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 ≥ 0; the veto's grade is 不合格.

People: zhang-wei director; li-na safety lead and industry lead for 经济运行科; wang-qiang
industry lead for 化工医药科 and 电力科 until 06-30, zhao-min from 07-01; sun-hao special lead;
qian-lei, whose post ended on 2025-12-31 (not assessed in 2026).

Records: special meetings m1 (02-10) and m4 (11-20) chaired by zhang-wei; joint inspections i0
(2025-12-28, all four sections), i1 (02-10, led by li-na and zhang-wei, wang-qiang taking part),
i2 (03-28), i4 (09-20, led by li-na and zhao-min), each of all four sections; i3 (04-25, all but
人事教育科); i5 (11-10, 电力科, zhao-min taking part); no inspection before 端午 (06-19); no drill.
Hazards: h1 (电力科, rectify by 05-31, rectified 06-10), h2 (化工医药科, rectify by 08-31, never).
Accidents: a1 03-15 电力 一般 (1 death), 责任事故, responsible wang-qiang; attended 26 h after it
was known (late). a4 05-10 电力 重大 (10 deaths), not a 责任事故. a2 07-20 化工 较大 (4
deaths), 责任事故. a3 10-15 民爆 重大 (12 deaths), 责任事故, responsible sun-hao. a2, a3 and a4
attended in time.

By hand, 2026 as of 2027-01-05 (every 2026 due date has passed):

    zhang-wei  special meetings: Q1 √, Q2 × −10, Q3 × 10 capped at 15 − 10 = −5, Q4 √;
               half-year inspections: H1 √ (i1), H2 × 15, total cap leaves 25 − 15 = −10
               → 75 (合格 by score); a3 vetoes (director on 10-15) → 不合格
    li-na      8 quarterly inspections √ (safety lead and industry lead); drill × −10
               → 90 (优秀); a3 vetoes (safety lead) → 不合格
    wang-qiang Q1 √ (i1), Q2 × −10 (left 06-30: Q3, Q4 are zhao-min's) → 90 优秀;
               a1 bars him (responsible); a4 (重大, not 责任事故) vetoes nobody
    zhao-min   Q3 √ (i4), Q4 √ (i5) → 100; a3 vetoes (化工医药科's lead on 10-15) → 不合格
    sun-hao    no obligations → 100; a3 vetoes and bars (responsible) → 不合格
    经济运行科  holidays 6 √, 端午 × −4 → 96 优秀
    人事教育科  holidays 5 √, 劳动节 × −4 (i3 left it out), 端午 × −4 → 92 优秀
    化工医药科  holidays 6 √, 端午 × −4; h2 × −12; a2, a3 attendance √ → 84 良好; a3 vetoes → 不合格
    电力科      a1 attendance △ −8; h1 △ −6; holidays 6 √, 端午 × −4; a4 attendance √ → 82 良好

The commission's own obligations (accident reports: a1 was reported late) are in nobody's score.
Sorted: people by score (ties in people.yaml order) — zhao-min, sun-hao, li-na, wang-qiang,
zhang-wei; then sections — 经济运行科, 人事教育科, 化工医药科, 电力科.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from safetyduty.cli.app import app

FIXTURE = Path(__file__).parents[1] / "fixtures" / "assess_repo"
ROOT = Path(__file__).parents[2]
AS_OF = "2027-01-05"
INDUSTRY_LEAD = "分管或协助分管产业（业务）的委领导"


def run(*args: str, repo: Path = FIXTURE) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args], env={"COLUMNS": "200"})


def assess_json(*args: str, repo: Path = FIXTURE) -> dict[str, Any]:
    result = run("assess", *args, "--format", "json", repo=repo)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def counts(**found: int) -> dict[str, int]:
    return {state: found.get(state, 0) for state in STATE_ORDER}


STATE_ORDER = ("overdue", "due", "late", "met", "upcoming", "waived")


def deduction(duty: str, period: str, state: str, points: int) -> dict[str, Any]:
    return {"duty": duty, "period": period, "state": state, "points": points}


EXPECTED = [
    {
        "holder": "zhao-min",
        "kind": "person",
        "score": 100,
        "grade": "fail",
        "veto": ["a3"],
        "promotion_bar": [],
        "counts": counts(met=2),
        "deductions": [],
    },
    {
        "holder": "sun-hao",
        "kind": "person",
        "score": 100,
        "grade": "fail",
        "veto": ["a3"],
        "promotion_bar": ["a3"],
        "counts": counts(),
        "deductions": [],
    },
    {
        "holder": "li-na",
        "kind": "person",
        "score": 90,
        "grade": "fail",
        "veto": ["a3"],
        "promotion_bar": [],
        "counts": counts(overdue=1, met=8),
        "deductions": [deduction("safety-lead-yearly-drill", "2026", "overdue", 10)],
    },
    {
        "holder": "wang-qiang",
        "kind": "person",
        "score": 90,
        "grade": "excellent",
        "veto": [],
        "promotion_bar": ["a1"],
        "counts": counts(overdue=1, met=1),
        "deductions": [deduction("industry-lead-quarterly-inspection", "2026Q2", "overdue", 10)],
    },
    {
        "holder": "zhang-wei",
        "kind": "person",
        "score": 75,
        "grade": "fail",
        "veto": ["a3"],
        "promotion_bar": [],
        "counts": counts(overdue=3, met=3),
        "deductions": [
            deduction("director-quarterly-special-meeting", "2026Q2", "overdue", 10),
            deduction("director-quarterly-special-meeting", "2026Q3", "overdue", 5),
            deduction("director-half-year-inspection", "2026H2", "overdue", 10),
        ],
    },
    {
        "holder": "economic-operation",
        "kind": "section",
        "score": 96,
        "grade": "excellent",
        "veto": [],
        "promotion_bar": [],
        "counts": counts(overdue=1, met=6),
        "deductions": [deduction("section-holiday-inspection", "2026-dragon-boat", "overdue", 4)],
    },
    {
        "holder": "personnel-education",
        "kind": "section",
        "score": 92,
        "grade": "excellent",
        "veto": [],
        "promotion_bar": [],
        "counts": counts(overdue=2, met=5),
        "deductions": [
            deduction("section-holiday-inspection", "2026-labour-day", "overdue", 4),
            deduction("section-holiday-inspection", "2026-dragon-boat", "overdue", 4),
        ],
    },
    {
        "holder": "chemical-pharma",
        "kind": "section",
        "score": 84,
        "grade": "fail",
        "veto": ["a3"],
        "promotion_bar": [],
        "counts": counts(overdue=2, met=8),
        "deductions": [
            deduction("section-holiday-inspection", "2026-dragon-boat", "overdue", 4),
            deduction("hazard-rectification", "h2", "overdue", 12),
        ],
    },
    {
        "holder": "power",
        "kind": "section",
        "score": 82,
        "grade": "good",
        "veto": [],
        "promotion_bar": [],
        "counts": counts(overdue=1, late=2, met=7),
        "deductions": [
            deduction("accident-attendance", "a1", "late", 8),
            deduction("hazard-rectification", "h1", "late", 6),
            deduction("section-holiday-inspection", "2026-dragon-boat", "overdue", 4),
        ],
    },
]


def test_every_scorecard_as_worked_out_by_hand() -> None:
    data = assess_json("2026", "--as-of", AS_OF)
    assert data["year"] == 2026
    assert data["as_of"] == AS_OF
    assert data["holders"] == EXPECTED


def test_json_keys_are_exactly_specs() -> None:
    data = assess_json("2026", "--as-of", AS_OF)
    assert list(data) == ["year", "as_of", "holders"]
    for card in data["holders"]:
        assert list(card) == [
            "holder",
            "kind",
            "score",
            "grade",
            "veto",
            "promotion_bar",
            "counts",
            "deductions",
        ]
        for item in card["deductions"]:
            assert list(item) == ["duty", "period", "state", "points"]
        assert card["score"] == 100 - sum(d["points"] for d in card["deductions"])


def test_sorted_by_kind_then_score() -> None:
    holders = assess_json("2026", "--as-of", AS_OF)["holders"]
    keys = [(h["kind"] != "person", -h["score"]) for h in holders]
    assert keys == sorted(keys)


def test_a_leader_whose_post_ended_before_the_year_is_not_assessed() -> None:
    holders = {h["holder"] for h in assess_json("2026", "--as-of", AS_OF)["holders"]}
    assert "qian-lei" not in holders
    assert {"zhang-wei", "li-na", "wang-qiang", "zhao-min", "sun-hao"} <= holders


def test_mid_year_only_what_has_fallen_due_counts() -> None:
    """As of 2026-06-30: the Q2 meeting and inspection are due that very day (not missed yet),
    so zhang-wei and wang-qiang have lost nothing; a3 (10-15) has not happened, so no veto;
    a1 has, so wang-qiang's bar stands. 电力科 has lost a1's −8 and h1's −6 → 86; 端午 (06-19)
    is missed by all four sections (−4)."""
    holders = {h["holder"]: h for h in assess_json("2026", "--as-of", "2026-06-30")["holders"]}
    assert holders["zhang-wei"]["score"] == 100
    assert holders["zhang-wei"]["veto"] == []
    assert holders["wang-qiang"]["score"] == 100
    assert holders["wang-qiang"]["promotion_bar"] == ["a1"]
    assert holders["power"]["score"] == 100 - 8 - 6 - 4
    assert holders["power"]["grade"] == "good"
    assert "zhao-min" not in holders  # takes office on 07-01


def test_english_grade_names_and_same_figures() -> None:
    zh = assess_json("2026", "--as-of", AS_OF)
    en = json.loads(
        run("--lang", "en", "assess", "2026", "--as-of", AS_OF, "--format", "json").stdout
    )
    assert zh == en
    result = run("--lang", "en", "assess", "2026", "--as-of", AS_OF, "--format", "md")
    assert result.exit_code == 0, result.output
    assert "Zhang Wei" in result.stdout
    assert "Fail (by score: Pass)" in result.stdout


# --- the formats -------------------------------------------------------------------------------


def test_markdown_names_every_deduction_with_its_points() -> None:
    result = run("assess", "2026", "--as-of", AS_OF, "--format", "md")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("# 巴中市经济和信息化委员会 · 2026年度安全生产工作履职考核\n")
    assert (
        "| 张伟（委党组书记、主任） | 75 | 不合格（按得分为合格） | 3 | 0 | 3 | 50.0% | 一票否决 |"
        in md
    )
    assert (
        f"| 王强（{INDUSTRY_LEAD}（至2026-06-30）） | 90 | 优秀 | 1 | 0 | 1 | 50.0% "
        "| 不得提升或交流任职 |" in md
    )
    assert "| 电力科 | 82 | 良好 | 1 | 2 | 7 | 70.0% |  |" in md
    # the caps are shown next to what they cut
    assert (
        "| × 已逾期 | 主任季度安全生产专题会议 | 2026Q3 | 2026-09-30 | −5（封顶，原应扣 10） |"
        in md
    )
    assert "−10（封顶，原应扣 15）" in md
    assert "一票否决：2026-10-15 民爆仓库爆炸事故（重大）" in md
    assert "不得提升或交流任职：2026-03-15 电厂检修触电事故（一般）" in md
    assert "| 2026-05-10 电网滑坡垮塌事故（重大） | 否 | — | — | — |" in md, (
        "a serious accident that is not a 责任事故 vetoes nobody"
    )
    assert (
        "| 2026-10-15 民爆仓库爆炸事故（重大） | 是 | 孙浩 "
        "| 张伟、李娜、赵敏、孙浩、化工医药科 | 孙浩 |" in md
    )
    # zhao-min lost no points but is vetoed: the veto has its own line, not "no deductions"
    assert (
        f"**赵敏（{INDUSTRY_LEAD}（2026-07-01起））：得分 100，不合格（按得分为优秀） — 已完成 2**"
        in md
    )
    assert "无扣分" not in md


def test_table_to_a_file_and_to_the_terminal() -> None:
    result = run("assess", "2026", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "张伟（委党组书记、主任）：得分 75，不合格（按得分为合格）" in result.stdout
    assert "−5（封顶，原应扣 10）" in result.stdout


def test_html_is_self_contained_and_has_the_figures(tmp_path: Path) -> None:
    out = tmp_path / "assess.html"
    result = run("assess", "2026", "--as-of", AS_OF, "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "@page" in html and "size: A4" in html
    assert "<script" not in html and "<link" not in html and "url(" not in html
    assert "thead { display: table-header-group; }" in html
    row = html.split('<td class="holder">张伟（委党组书记、主任）</td>', 1)[1].split("</tr>", 1)[0]
    cells = [re.sub(r"<[^>]*>", "", "<td" + c).strip() for c in row.split("<td")[1:]]
    assert cells == ["75", "不合格（按得分为合格）", "3", "0", "3", "50.0%", "一票否决"]
    row = html.split('<td class="holder">孙浩（', 1)[1].split("</tr>", 1)[0]
    assert '<td class="sanction"><span>一票否决</span><span>不得提升或交流任职</span></td>' in row
    assert "<li>一票否决：2026-10-15 民爆仓库爆炸事故（重大）</li>" in html


def test_html_escapes_record_text(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    import shutil

    shutil.copytree(FIXTURE, repo)
    path = repo / "records/2026/h2.yaml"
    path.write_text(
        path.read_text("utf-8").replace("可燃气体报警器失效", "<b>报警器</b>失效"), "utf-8"
    )
    result = run("assess", "2026", "--as-of", AS_OF, "--format", "html", repo=repo)
    assert result.exit_code == 0, result.output
    assert "&lt;b&gt;报警器&lt;/b&gt;失效" in result.stdout
    assert "<b>报警器</b>" not in result.stdout


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("26", "YEAR: '26' is not a year; write it as 2026"),
        ("2026Q1", "YEAR: '2026Q1' is not a year; write it as 2026"),
        (
            "2027",
            "YEAR: 2027 starts on 2027-01-01, after the as-of date 2026-12-31; "
            "pass --as-of on or after its first day",
        ),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_year_is_a_usage_error(year: str, message: str) -> None:
    result = run("assess", year, "--as-of", "2026-12-31")
    assert result.exit_code == 2
    assert result.stderr == f"safetyduty: error: {message}\n"


@pytest.mark.usefixtures("english")
def test_broken_scale_stops_with_its_located_error(tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    path = repo / "data/assessment.yaml"
    path.write_text(path.read_text("utf-8").replace("per_duty: 15", "per_duty: lots"), "utf-8")
    result = run("assess", "2026", "--as-of", AS_OF, repo=repo)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "data/assessment.yaml:14:13: error:" in result.stderr
    assert "cannot work out obligations until the errors in data/assessment.yaml are fixed" in (
        result.stderr
    )


# --- the sample repo ---------------------------------------------------------------------------


def test_sample_repo_every_deduction_is_an_obligation_status_shows_so() -> None:
    """`assess 2026 --as-of 2026-11-29` on the project's sample repo: every deduction names an
    obligation (duty, holder, period) that `status --all` shows in exactly that state, every
    overdue or late obligation of an assessed holder due in 2026 is deducted, and the sample's
    serious 责任事故 (2026-11-03) vetoes and bars as its record says."""
    data = assess_json("2026", "--as-of", "2026-11-29", repo=ROOT)
    status = run("status", "--as-of", "2026-11-29", "--all", "--format", "json", repo=ROOT)
    assert status.exit_code == 0, status.output
    states = {
        (o["duty"], o["holder"], o["period"]): o["state"]
        for o in json.loads(status.stdout)["obligations"]
    }
    deducted = set()
    for card in data["holders"]:
        for item in card["deductions"]:
            key = (item["duty"], card["holder"], item["period"])
            assert states.get(key) == item["state"], key
            deducted.add(key)
    assessed = {card["holder"] for card in data["holders"]}
    missed = {
        (o["duty"], o["holder"], o["period"])
        for o in json.loads(status.stdout)["obligations"]
        if o["state"] in ("overdue", "late") and o["holder"] in assessed and o["due"] < "2027"
    }
    assert deducted == missed
    assert deducted, "the sample year has missed obligations to deduct for"
    by_holder = {card["holder"]: card for card in data["holders"]}
    depot = "2026-11-03-accident-explosives-depot"
    vetoed = {h for h, card in by_holder.items() if card["veto"] == [depot]}
    assert vetoed == {"wang-jianguo", "li-minghua", "chen-xiaodong", "zhou-li", "chemical-pharma"}
    assert {h for h, card in by_holder.items() if card["promotion_bar"]} == {"zhou-li"}
    assert all(card["grade"] == "fail" for h, card in by_holder.items() if h in vetoed)


def test_a_person_found_responsible_without_a_post_is_listed_with_the_bar(
    tmp_path: Path,
) -> None:
    """A cadre with no leadership post who is found primarily responsible still gets a
    scorecard: the bar must not vanish because the person owes no obligation."""
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    people = repo / "data/people.yaml"
    people.write_text(people.read_text("utf-8") + "  - id: zhou-yi\n    name: 周毅\n", "utf-8")
    a2 = repo / "records/2026/a2.yaml"
    a2.write_text(a2.read_text("utf-8") + "responsible: [zhou-yi]\n", "utf-8")
    holders = {h["holder"]: h for h in assess_json("2026", "--as-of", AS_OF, repo=repo)["holders"]}
    assert holders["zhou-yi"]["promotion_bar"] == ["a2"]
    assert holders["zhou-yi"]["veto"] == []  # a2 is 较大: no veto
    assert (holders["zhou-yi"]["score"], holders["zhou-yi"]["grade"]) == (100, "excellent")


def test_table_output_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "assess.txt"
    result = run("assess", "2026", "--as-of", AS_OF, "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "2026年度安全生产工作履职考核" in text
    assert "不合格（按得分为合格）" in text


# --- the arithmetic under any scale -----------------------------------------------------------

_TENTHS = st.integers(0, 300).map(lambda n: n / 10)


@pytest.fixture(scope="module")
def evaluated() -> tuple[Any, Any, Any]:
    from safetyduty.load.loader import load_repo
    from safetyduty.rules.engine import evaluate, findings

    day = dt.date(2027, 1, 5)
    repo, _ = load_repo(FIXTURE, day)
    year_end = dt.date(2026, 12, 31)
    return repo, evaluate(repo, day, through=year_end), findings(repo, 2026, day)[0]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    default=st.tuples(_TENTHS, _TENTHS),
    holiday=st.tuples(_TENTHS, _TENTHS),
    per_duty=_TENTHS,
    total=_TENTHS,
)
def test_deductions_add_up_and_respect_the_caps(
    evaluated: tuple[Any, Any, Any],
    default: tuple[float, float],
    holiday: tuple[float, float],
    per_duty: float,
    total: float,
) -> None:
    """Whatever the scale: the points add up to 100 minus the score, no duty costs more than
    its cap, nobody loses more than the total cap, no deduction exceeds its nominal cost, and
    the grade is the score's band unless a veto set it."""
    from decimal import Decimal

    from safetyduty.load.periods import calendar_period
    from safetyduty.reports.assess import build_assessment

    repo, evaluation, found = evaluated
    assert repo.assessment is not None
    scale = repo.assessment.model_validate(
        {
            **repo.assessment.model_dump(),
            "deductions": {
                **repo.assessment.deductions.model_dump(),
                "default": {"overdue": default[0], "late": default[1]},
                "by_rule_type": {"holiday-inspection": {"overdue": holiday[0], "late": holiday[1]}},
            },
            "caps": {"basis": "local-default", "per_duty": per_duty, "total": total},
        }
    )
    year = calendar_period("2026")
    assert year is not None
    report = build_assessment(
        dataclasses.replace(repo, assessment=scale),
        evaluation,
        found,
        year,
        dt.date(2027, 1, 5),
        "zh",
    )
    for card in report.holders:
        spent = sum((d.points for d in card.deductions), Decimal(0))
        assert card.score == Decimal(100) - spent
        assert spent <= Decimal(str(total))
        for duty in {d.duty for d in card.deductions}:
            assert sum(d.points for d in card.deductions if d.duty == duty) <= Decimal(
                str(per_duty)
            )
        assert all(Decimal(0) <= d.points <= d.nominal for d in card.deductions)
        band = scale.band(float(card.score))
        assert card.grade == ("fail" if card.veto else band.id)
