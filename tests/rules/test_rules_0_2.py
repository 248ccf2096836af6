"""The release 0.2 duties and rule changes (SPEC §3) at their edges: one table row per edge.

The day before the due date, the due day and the day after; a leader who changed post in the
middle of a period; the overlapping 中秋 and 国庆 windows. People (as in test_engine): 张伟
director, 李娜 safety lead, 王强 industry lead for 化工医药科 and 电力科 until 2026-05-15, then
赵敏; 孙丽 industry lead for 经济运行科.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safetyduty.cli.app import app
from safetyduty.load.loader import load_repo
from safetyduty.rules.engine import evaluate

PEOPLE = """\
people:
  - {id: zhang-wei, name: 张伟, posts: [{role: director, from: 2020-01-01}]}
  - {id: li-na, name: 李娜, posts: [{role: safety-lead, from: 2020-01-01}]}
  - id: wang-qiang
    name: 王强
    posts:
      - {role: industry-lead, sections: [chemical-pharma, power], from: 2020-01-01, to: 2026-05-15}
  - id: zhao-min
    name: 赵敏
    posts: [{role: industry-lead, sections: [chemical-pharma, power], from: 2026-05-16}]
  - id: sun-li
    name: 孙丽
    posts: [{role: industry-lead, sections: [economic-operation], from: 2020-01-01}]
"""


def make_repo(tmp_path: Path, records: dict[str, str]) -> Path:
    (tmp_path / "data").mkdir(parents=True, exist_ok=True)
    (tmp_path / "data" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "records").mkdir(exist_ok=True)
    (tmp_path / "evidence").mkdir(exist_ok=True)
    (tmp_path / "evidence" / "x.md").write_text("示例\n", encoding="utf-8")
    for name, text in records.items():
        (tmp_path / "records" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def states(root: Path, as_of: str, duty: str) -> dict[tuple[str, str], str]:
    day = dt.date.fromisoformat(as_of)
    repo, problems = load_repo(root, day)
    assert not [p for p in problems if p.severity == "error"], problems
    return {
        (o.holder, o.period): o.state for o in evaluate(repo, day).obligations if o.duty == duty
    }


def report(day: str, covers: str, by: str = "") -> str:
    extra = f"by: [{by}]\n" if by else ""
    return f"kind: report\ndate: {day}\nto: 市安委会\ncovers: {covers}\n{extra}"


# --- quarterly reports: due 15 days after the quarter ----------------------------------------


@pytest.mark.parametrize(
    ("records", "as_of", "expected"),
    [
        ({}, "2026-04-15", "due"),  # the due day: still open
        ({}, "2026-04-16", "overdue"),  # the day after
        ({"r": report("2026-04-14", "2026Q1")}, "2026-04-20", "met"),
        ({"r": report("2026-04-15", "2026Q1")}, "2026-04-20", "met"),
        ({"r": report("2026-04-16", "2026Q1")}, "2026-04-20", "late"),
        # dated before the quarter ends but covering it: counts
        ({"r": report("2026-03-31", "2026Q1")}, "2026-04-20", "met"),
        # a report on another quarter, or on none, does not
        ({"r": report("2026-04-10", "2025Q4")}, "2026-04-20", "overdue"),
        ({"r": "kind: report\ndate: 2026-04-10\nto: 市安委会\n"}, "2026-04-20", "overdue"),
    ],
)
def test_safety_lead_quarterly_report(
    tmp_path: Path, records: dict[str, str], as_of: str, expected: str
) -> None:
    root = make_repo(tmp_path, records)
    assert states(root, as_of, "safety-lead-quarterly-report")[("li-na", "2026Q1")] == expected


@pytest.mark.parametrize(
    ("covers", "quarter", "expected"),
    [
        ("2026H1", "2026Q2", "met"),  # the half-year ends with Q2
        ("2026H1", "2026Q1", "overdue"),  # but not with Q1
        ('"2026"', "2026Q4", "met"),  # a year is quoted: YAML reads 2026 as a number
        ('"2026"', "2026Q3", "overdue"),
    ],
)
def test_a_longer_report_counts_for_the_quarter_that_ends_it(
    tmp_path: Path, covers: str, quarter: str, expected: str
) -> None:
    root = make_repo(tmp_path, {"r": report("2026-07-10", covers)})
    # as of 2027-02-01 every 2026 quarter's report is due, the fourth's included (01-15)
    assert states(root, "2027-02-01", "safety-lead-quarterly-report")[("li-na", quarter)] == (
        expected
    )


def test_industry_lead_report_is_the_holders_and_follows_the_post(tmp_path: Path) -> None:
    records = {
        "r1": report("2026-04-10", "2026Q1", "wang-qiang"),
        "r2": report("2026-07-10", "2026Q2", "wang-qiang"),  # he left on 05-15
        "r3": report("2026-07-11", "2026Q2", "zhao-min"),
        "r4": report("2026-07-12", "2026H1", "sun-li"),  # the industry rule wants the quarter
    }
    got = states(make_repo(tmp_path, records), "2026-08-01", "industry-lead-quarterly-report")
    assert got[("wang-qiang", "2026Q1")] == "met"
    # Q2's due date (06-30 + 15) falls after he left: Q2 is 赵敏's, and his report is hers
    assert ("wang-qiang", "2026Q2") not in got
    assert got[("zhao-min", "2026Q2")] == "met"
    assert ("zhao-min", "2026Q1") not in got
    assert got[("sun-li", "2026Q1")] == "overdue"
    assert got[("sun-li", "2026Q2")] == "overdue"


def test_the_fourth_quarters_report_waits_for_next_years_list(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    assert ("li-na", "2026Q4") not in states(root, "2026-12-31", "safety-lead-quarterly-report")
    assert states(root, "2027-01-15", "safety-lead-quarterly-report")[("li-na", "2026Q4")] == "due"


# --- yearly goals and responsibility letters: due 03-31 ---------------------------------------


def goals(day: str, by: str, year: str = "", kind: str = "yearly-goals") -> str:
    extra = f"year: {year}\n" if year else ""
    return f"kind: document\ndate: {day}\ntype: {kind}\nby: [{by}]\n{extra}"


@pytest.mark.parametrize(
    ("records", "as_of", "expected"),
    [
        ({}, "2026-03-31", "due"),
        ({}, "2026-04-01", "overdue"),
        ({"g": goals("2026-03-30", "sun-li")}, "2026-04-05", "met"),
        ({"g": goals("2026-03-31", "sun-li")}, "2026-04-05", "met"),
        ({"g": goals("2026-04-01", "sun-li")}, "2026-04-05", "late"),
        # set in December for the coming year
        ({"g": goals("2025-12-20", "sun-li", "2026")}, "2026-04-05", "met"),
        # last year's goals, an emergency plan, somebody else's goals: none count
        ({"g": goals("2026-01-10", "sun-li", "2025")}, "2026-04-05", "overdue"),
        ({"g": goals("2026-01-10", "sun-li", kind="emergency-plan")}, "2026-04-05", "overdue"),
        ({"g": goals("2026-01-10", "zhao-min")}, "2026-04-05", "overdue"),
    ],
)
def test_industry_lead_yearly_goals(
    tmp_path: Path, records: dict[str, str], as_of: str, expected: str
) -> None:
    root = make_repo(tmp_path, records)
    assert states(root, as_of, "industry-lead-yearly-goals")[("sun-li", "2026")] == expected


def letter(day: str, section: str, year: str = "2026") -> str:
    return f"kind: letter\ndate: {day}\nyear: {year}\nsection: {section}\nsigned_with: [各县区]\n"


@pytest.mark.parametrize(
    ("day", "expected"), [("2026-03-30", "met"), ("2026-03-31", "met"), ("2026-04-01", "late")]
)
def test_section_yearly_letters(tmp_path: Path, day: str, expected: str) -> None:
    root = make_repo(tmp_path, {"l": letter(day, "power")})
    got = states(root, "2026-06-30", "section-yearly-letters")
    assert got[("power", "2026")] == expected
    assert got[("chemical-pharma", "2026")] == "overdue"  # the letter is 电力科's only
    # sections that supervise no industry hold no letter duty
    assert {holder for holder, _ in got}.isdisjoint(
        {"office", "radio", "foreign-cooperation", "personnel-education"}
    )
    assert len(got) == 9


# --- training, the Party Group's study, the industry leads' special meetings --------------------


@pytest.mark.parametrize(
    ("organized_by", "as_of", "expected"),
    [
        ("[li-na]", "2026-12-31", "met"),
        ("[zhang-wei]", "2026-12-31", "due"),  # the due day, not organised by her
        ("[zhang-wei]", "2027-01-01", "overdue"),
        ("[]", "2027-01-01", "overdue"),
    ],
)
def test_safety_lead_yearly_training(
    tmp_path: Path, organized_by: str, as_of: str, expected: str
) -> None:
    record = f"kind: training\ndate: 2026-04-22\ntopic: 安全生产法\norganized_by: {organized_by}\n"
    got = states(make_repo(tmp_path, {"t": record}), as_of, "safety-lead-yearly-training")
    assert got[("li-na", "2026")] == expected


def meeting(day: str, kind: str, chair: str = "zhang-wei") -> str:
    return f"kind: meeting\ndate: {day}\ntype: {kind}\nchair: {chair}\n"


@pytest.mark.parametrize(
    ("day", "kind", "period", "expected"),
    [
        ("2026-06-30", "party-group", "2026H1", "met"),  # the last day of the half-year
        ("2026-07-01", "party-group", "2026H1", "overdue"),  # the first of the next
        ("2026-07-01", "party-group", "2026H2", "met"),
        ("2026-03-01", "other", "2026H1", "overdue"),  # not a Party Group meeting
    ],
)
def test_party_group_half_year_study(
    tmp_path: Path, day: str, kind: str, period: str, expected: str
) -> None:
    root = make_repo(tmp_path, {"m": meeting(day, kind)})
    got = states(root, "2027-01-01", "party-group-half-year-study")
    assert got[("commission", period)] == expected


def test_industry_lead_special_meeting_follows_the_post(tmp_path: Path) -> None:
    records = {
        "m1": meeting("2026-03-01", "special", "wang-qiang"),
        "m2": meeting("2026-09-01", "special", "zhao-min"),
        "m3": meeting("2026-09-02", "prevention", "sun-li"),
    }
    got = states(
        make_repo(tmp_path, records), "2027-01-01", "industry-lead-half-year-special-meeting"
    )
    # H1 is due on 06-30, when 赵敏 holds the post: 王强's March meeting is not hers
    assert ("wang-qiang", "2026H1") not in got
    assert got[("zhao-min", "2026H1")] == "overdue"
    assert got[("zhao-min", "2026H2")] == "met"
    assert got[("sun-li", "2026H2")] == "overdue"  # a prevention meeting is not a special one


# --- leaders at the scene ------------------------------------------------------------------------


def accident(
    day: str = "2026-06-01",
    industry: str = "chemical",
    deaths: int = 1,
    injuries: int = 0,
    extra: str = "",
) -> str:
    return (
        f"kind: accident\noccurred_at: {day}T09:00:00\nknown_at: {day}T10:00:00\nsite: 某厂\n"
        f"industry: {industry}\ndeaths: {deaths}\nserious_injuries: {injuries}\n{extra}"
    )


@pytest.mark.parametrize(
    ("extra", "as_of", "expected"),
    [
        ("attended_by: [li-na]\nattended_at: 2026-06-02T09:59:00\n", "2026-06-03", "met"),
        ("attended_by: [li-na]\nattended_at: 2026-06-02T10:00:00\n", "2026-06-03", "met"),
        ("attended_by: [li-na]\nattended_at: 2026-06-02T10:01:00\n", "2026-06-03", "late"),
        ("", "2026-06-02", "due"),  # due at 10:00 on 06-02: open all that day
        ("", "2026-06-03", "overdue"),
    ],
)
def test_leader_accident_attendance_timing(
    tmp_path: Path, extra: str, as_of: str, expected: str
) -> None:
    root = make_repo(tmp_path, {"a": accident(extra=extra)})
    assert states(root, as_of, "leader-accident-attendance")[("li-na", "a")] == expected


@pytest.mark.parametrize(
    ("day", "industry", "deaths", "injuries", "obliged"),
    [
        ("2026-05-15", "chemical", 1, 0, {"li-na", "wang-qiang"}),  # his last day in post
        ("2026-05-16", "chemical", 1, 0, {"li-na", "zhao-min"}),  # her first
        ("2026-05-16", "power", 0, 9, set()),  # no death, below 较大
        ("2026-05-16", "power", 0, 10, {"li-na", "zhao-min"}),  # 较大 without a death
        ("2026-05-16", "refined-oil", 1, 0, {"li-na", "sun-li"}),
        ("2026-05-16", "software", 1, 0, {"li-na"}),  # nobody supervises 信息化科 here
    ],
)
def test_leader_accident_attendance_who(
    tmp_path: Path, day: str, industry: str, deaths: int, injuries: int, obliged: set[str]
) -> None:
    root = make_repo(tmp_path, {"a": accident(day, industry, deaths, injuries)})
    got = states(root, "2026-12-31", "leader-accident-attendance")
    assert {holder for holder, _ in got} == obliged


# --- the rule changes of the first table ---------------------------------------------------------


def inspection(day: str, holiday: str = "", section: str = "power") -> str:
    extra = f"holiday: {holiday}\n" if holiday else ""
    return f"kind: inspection\ndate: {day}\nled_by: [li-na]\nsections: [{section}]\n{extra}"


# 2026: 中秋 09-25 (window 09-10..09-25), 国庆 10-01 (window 09-16..10-01)
@pytest.mark.parametrize(
    ("day", "holiday", "mid_autumn", "national_day"),
    [
        ("2026-09-20", "", "met", "met"),  # no holiday named: both windows
        ("2026-09-20", "mid-autumn", "met", "overdue"),
        ("2026-09-20", "national-day", "overdue", "met"),
        ("2026-09-16", "", "met", "met"),  # the first day of 国庆's window
        ("2026-09-15", "", "met", "overdue"),  # the day before it
        ("2026-09-10", "", "met", "overdue"),  # the first day of 中秋's window
        ("2026-09-09", "", "overdue", "overdue"),  # the day before it
        ("2026-09-25", "", "met", "met"),  # 中秋's first day: due day of one, in the other
        ("2026-09-26", "mid-autumn", "overdue", "overdue"),  # after 中秋, listed for it
        ("2026-10-01", "", "overdue", "met"),  # 国庆's first day
        ("2026-10-02", "national-day", "overdue", "overdue"),  # the day after
    ],
)
def test_overlapping_holiday_windows(
    tmp_path: Path, day: str, holiday: str, mid_autumn: str, national_day: str
) -> None:
    root = make_repo(tmp_path, {"i": inspection(day, holiday)})
    got = states(root, "2026-10-31", "section-holiday-inspection")
    assert (got[("power", "2026-mid-autumn")], got[("power", "2026-national-day")]) == (
        mid_autumn,
        national_day,
    )


@pytest.mark.parametrize(
    ("industry", "deaths", "injuries", "park", "sections"),
    [
        ("chemical", 3, 0, "", {"chemical-pharma"}),
        ("chemical", 3, 0, "park: 恩阳工业园区\n", {"chemical-pharma", "general"}),
        ("chemical", 2, 0, "park: 恩阳工业园区\n", set()),  # below 较大: neither
        ("refined-oil", 1, 0, "park: 经开区\n", {"economic-operation"}),  # a death, not 较大
        ("refined-oil", 0, 10, "park: 经开区\n", {"economic-operation", "general"}),
        ("industrial-parks", 3, 0, "park: 经开区\n", {"general"}),  # obliged once
    ],
)
def test_accident_attendance_in_a_park(
    tmp_path: Path, industry: str, deaths: int, injuries: int, park: str, sections: set[str]
) -> None:
    root = make_repo(tmp_path, {"a": accident("2026-06-01", industry, deaths, injuries, park)})
    got = states(root, "2026-12-31", "accident-attendance")
    assert {holder for holder, _ in got} == sections


def test_attendance_without_a_time_is_met_and_check_warns(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {"a": accident("2026-06-01", "refined-oil", extra="attended_by: [economic-operation]\n")},
    )
    assert states(root, "2026-06-30", "accident-attendance")[("economic-operation", "a")] == "met"
    result = CliRunner().invoke(
        app, ["--repo", str(root), "--lang", "en", "check", "--as-of", "2026-06-30"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "records/a.yaml:8:14: warning: accident 'a': economic-operation attended but attended_at "
        "is missing, so whether it was within the time cannot be judged"
    ) in result.stdout


def approval(section: str) -> str:
    extra = f"section: {section}\n" if section else ""
    return f"kind: approval\ndate: 2026-05-01\nproject: P\npre_evaluation_required: true\n{extra}"


@pytest.mark.parametrize(
    ("section", "tech_upgrade", "general"),
    [
        ("tech-upgrade", {"a"}, set()),
        ("", {"a"}, set()),  # an approval with no section is 技术改造科's
        ("general", set(), {"a"}),  # 综合科's innovation approvals are its own
        ("enterprise", set(), set()),
    ],
)
def test_pre_evaluation_by_section(
    tmp_path: Path, section: str, tech_upgrade: set[str], general: set[str]
) -> None:
    root = make_repo(tmp_path, {"a": approval(section)})
    tech = states(root, "2026-06-01", "tech-upgrade-pre-evaluation")
    park = states(root, "2026-06-01", "general-innovation-pre-evaluation")
    assert {p for _, p in tech} == tech_upgrade
    assert {p for _, p in park} == general
    assert set(tech.values()) | set(park.values()) <= {"overdue"}


# --- the sample repo (records/ at the project root, a fictional 2026) ---------------------------

NEW_DUTIES = [
    "party-group-half-year-study",
    "safety-lead-quarterly-report",
    "industry-lead-quarterly-report",
    "industry-lead-half-year-special-meeting",
    "industry-lead-yearly-goals",
    "section-yearly-letters",
    "leader-accident-attendance",
    "general-innovation-pre-evaluation",
]


@pytest.mark.parametrize("duty", NEW_DUTIES)
def test_the_sample_year_shows_each_new_duty_met_and_missed(duty: str) -> None:
    got = states(Path(__file__).parents[2], "2026-11-29", duty)
    assert "met" in got.values()
    assert {"overdue", "late"} & set(got.values())


def test_the_sample_years_training_counts_only_where_the_lead_organised_it() -> None:
    """A yearly duty cannot be missed inside its own year: the sample shows it met, and the
    training organised by nobody named not counting."""
    root = Path(__file__).parents[2]
    day = dt.date(2026, 11, 29)
    repo, _ = load_repo(root, day)
    (obligation,) = [
        o for o in evaluate(repo, day, explain=True).obligations
        if o.duty == "safety-lead-yearly-training"
    ]  # fmt: skip
    assert obligation.state == "met"
    verdicts = {c.record: c.counts for c in obligation.considered}
    assert verdicts["2026-04-22-training-law-cadres"] is True
    assert verdicts["2026-06-18-training-refined-oil-managers"] is False
