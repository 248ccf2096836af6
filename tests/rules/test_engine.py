"""The rule engine at its edges: one table row per edge, records in, states out.

Each test writes a tiny records repo (the duty matrix is the shipped one), evaluates it as of a
date and compares the obligations of one duty with what a person works out from SPEC §3.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from safetyduty.load.loader import load_repo
from safetyduty.load.models import accident_grade, reaches
from safetyduty.rules.engine import evaluate
from safetyduty.rules.obligations import Obligation


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read English messages: SAFETYDUTY_LANG for the command line, and the core
    stages' language for direct calls. Chinese is asserted where a test passes --lang zh."""
    from safetyduty.i18n import set_language

    monkeypatch.setenv("SAFETYDUTY_LANG", "en")
    set_language("en")


PEOPLE = """\
people:
  - id: zhang-wei
    name: 张伟
    posts:
      - role: director
        from: 2020-01-01
  - id: li-na
    name: 李娜
    posts:
      - role: safety-lead
        from: 2020-01-01
  - id: wang-qiang
    name: 王强
    posts:
      - role: industry-lead
        sections: [chemical-pharma, power]
        from: 2020-01-01
        to: 2026-05-15
  - id: zhao-min
    name: 赵敏
    posts:
      - role: industry-lead
        sections: [chemical-pharma, power]
        from: 2026-05-16
  - id: sun-li
    name: 孙丽
    posts:
      - role: industry-lead
        sections: [economic-operation]
        from: 2020-01-01
"""


def make_repo(tmp_path: Path, records: dict[str, str], people: str = PEOPLE) -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "people.yaml").write_text(people, encoding="utf-8")
    for name, text in records.items():
        path = tmp_path / "records" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "records").mkdir(exist_ok=True)
    (tmp_path / "evidence").mkdir(exist_ok=True)
    (tmp_path / "evidence" / "minutes.md").write_text("示例\n", encoding="utf-8")
    return tmp_path


def obligations(root: Path, as_of: str, duty: str) -> list[Obligation]:
    day = dt.date.fromisoformat(as_of)
    repo, problems = load_repo(root, day)
    errors = [p.gcc() for p in problems if p.severity == "error"]
    assert not errors, errors
    return [o for o in evaluate(repo, day).obligations if o.duty == duty]


def state(root: Path, as_of: str, duty: str, holder: str, period: str) -> str:
    found = [o for o in obligations(root, as_of, duty) if o.holder == holder and o.period == period]
    assert len(found) == 1, [(o.holder, o.period) for o in obligations(root, as_of, duty)]
    return found[0].state


def meeting(
    day: str, type_: str = "prevention", chair: str = "zhang-wei", minutes: bool = True
) -> str:
    lines = ["kind: meeting", f"date: {day}", f"type: {type_}", f"chair: {chair}"]
    if minutes:
        lines.append("minutes: evidence/minutes.md")
    return "\n".join(lines) + "\n"


def inspection(day: str, led_by: str = "li-na", sections: str = "[power]", **extra: str) -> str:
    lines = ["kind: inspection", f"date: {day}", f"led_by: [{led_by}]", f"sections: {sections}"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


# --- periodic rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("records", "as_of", "expected"),
    [
        pytest.param({}, "2026-06-29", "due", id="window open, nothing yet"),
        pytest.param({}, "2026-06-30", "due", id="on the due date: still due"),
        pytest.param({}, "2026-07-01", "overdue", id="the day after the due date"),
        pytest.param({}, "2026-03-31", "upcoming", id="before the window opens"),
        pytest.param({"m": meeting("2026-04-01")}, "2026-07-01", "met", id="window's first day"),
        pytest.param({"m": meeting("2026-06-30")}, "2026-07-01", "met", id="window's last day"),
        pytest.param({"m": meeting("2026-07-01")}, "2026-07-01", "overdue", id="next quarter"),
        pytest.param({"m": meeting("2026-03-31")}, "2026-07-01", "overdue", id="last quarter"),
        pytest.param(
            {"m": meeting("2026-05-01", minutes=False)},
            "2026-07-01",
            "overdue",
            id="no minutes, does not count",
        ),
        pytest.param(
            {"m": meeting("2026-05-01", type_="special")},
            "2026-07-01",
            "met",
            id="a special meeting counts",
        ),
        pytest.param(
            {"m": meeting("2026-05-01", type_="party-group")},
            "2026-07-01",
            "overdue",
            id="a party-group meeting does not",
        ),
        pytest.param(
            {"m": meeting("2026-06-20")},
            "2026-06-19",
            "due",
            id="record after the as-of date is left out",
        ),
    ],
)
def test_quarterly_prevention_meeting(
    tmp_path: Path, records: dict[str, str], as_of: str, expected: str
) -> None:
    root = make_repo(tmp_path, records)
    assert state(root, as_of, "quarterly-prevention-meeting", "commission", "2026Q2") == expected


@pytest.mark.parametrize(
    ("chair", "type_", "expected"),
    [
        ("zhang-wei", "special", "met"),
        ("li-na", "special", "overdue"),  # chaired by someone else
        ("zhang-wei", "prevention", "overdue"),  # not a special meeting
    ],
)
def test_director_special_meeting_needs_the_director_in_the_chair(
    tmp_path: Path, chair: str, type_: str, expected: str
) -> None:
    root = make_repo(tmp_path, {"m": meeting("2026-02-10", type_=type_, chair=chair)})
    assert (
        state(root, "2026-04-01", "director-quarterly-special-meeting", "zhang-wei", "2026Q1")
        == expected
    )


def test_leader_who_leaves_mid_quarter_owes_nothing_for_it_and_successor_does(
    tmp_path: Path,
) -> None:
    # wang-qiang holds industry-lead until 05-15, zhao-min from 05-16: the Q2 obligation is
    # owed by whoever holds the role on its due date, 06-30.
    root = make_repo(tmp_path, {"i": inspection("2026-04-10", led_by="wang-qiang")})
    found = {
        (o.holder, o.period): o.state
        for o in obligations(root, "2026-07-01", "industry-lead-quarterly-inspection")
        if o.period in ("2026Q1", "2026Q2")
    }
    assert found == {
        ("wang-qiang", "2026Q1"): "overdue",
        ("sun-li", "2026Q1"): "overdue",
        ("zhao-min", "2026Q2"): "overdue",
        ("sun-li", "2026Q2"): "overdue",
    }


def test_two_leaders_of_one_role_each_owe_their_own_inspection(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {"i": inspection("2026-08-03", led_by="li-na", participants="[zhao-min]")},
    )
    found = {
        o.holder: (o.state, o.records)
        for o in obligations(root, "2026-10-01", "industry-lead-quarterly-inspection")
        if o.period == "2026Q3"
    }
    assert found == {"zhao-min": ("met", ("i",)), "sun-li": ("overdue", ())}


def test_half_year_and_yearly_rules(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "i": inspection("2026-06-30", led_by="zhang-wei"),
            "d": "kind: drill\ndate: 2026-12-31\norganized_by: [li-na]\n",
        },
    )
    assert (
        state(root, "2027-01-05", "director-half-year-inspection", "zhang-wei", "2026H1") == "met"
    )
    assert (
        state(root, "2027-01-05", "director-half-year-inspection", "zhang-wei", "2026H2")
        == "overdue"
    )
    assert state(root, "2027-01-05", "safety-lead-yearly-drill", "li-na", "2026") == "met"
    assert state(root, "2026-12-30", "safety-lead-yearly-drill", "li-na", "2026") == "due"


def test_waiver_turns_one_obligation_waived(tmp_path: Path) -> None:
    waiver = """\
        kind: waiver
        date: 2026-08-01
        duty: industry-lead-quarterly-inspection
        holder: sun-li
        period: 2026Q3
        reason: 外出学习
        approved_by: zhang-wei
        """
    root = make_repo(tmp_path, {"w": waiver})
    assert (
        state(root, "2026-10-01", "industry-lead-quarterly-inspection", "sun-li", "2026Q3")
        == "waived"
    )
    assert (
        state(root, "2026-10-01", "industry-lead-quarterly-inspection", "zhao-min", "2026Q3")
        == "overdue"
    )


def test_nothing_is_owed_before_tracking_start(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    periods = {o.period for o in obligations(root, "2026-02-01", "quarterly-prevention-meeting")}
    assert periods == {"2026Q1", "2026Q2", "2026Q3", "2026Q4"}


# --- holidays ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "sections", "as_of", "expected"),
    [
        ("2026-09-16", "[power]", "2026-10-02", "met"),  # window's first day: 10-01 minus 15
        ("2026-09-15", "[power]", "2026-10-02", "overdue"),  # a day before the window
        ("2026-10-01", "[power]", "2026-10-02", "met"),  # on the holiday's first day
        ("2026-10-02", "[power]", "2026-10-02", "overdue"),  # after it
        ("2026-09-20", "[radio]", "2026-10-02", "overdue"),  # another section's inspection
        ("2026-09-20", "[power]", "2026-09-30", "met"),
        ("2026-09-20", "[radio]", "2026-09-30", "due"),
        ("2026-09-20", "[radio]", "2026-09-15", "upcoming"),
    ],
)
def test_pre_holiday_inspection_window(
    tmp_path: Path, day: str, sections: str, as_of: str, expected: str
) -> None:
    root = make_repo(tmp_path, {"i": inspection(day, sections=sections)})
    duty = "section-holiday-inspection"
    assert state(root, as_of, duty, "power", "2026-national-day") == expected


def test_holiday_first_days_2026_follow_the_official_calendar(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    found = {
        o.period: o.due.isoformat()
        for o in obligations(root, "2026-01-01", "section-holiday-inspection")
        if o.holder == "power"
    }
    assert found == {
        "2026-new-year": "2026-01-01",
        "2026-spring-festival": "2026-02-16",
        "2026-qingming": "2026-04-05",
        "2026-labour-day": "2026-05-01",
        "2026-dragon-boat": "2026-06-19",
        "2026-mid-autumn": "2026-09-25",
        "2026-national-day": "2026-10-01",
    }


def test_a_year_with_estimated_holidays_is_warned_about(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    day = dt.date(2027, 3, 1)
    repo, _ = load_repo(root, day)
    evaluation = evaluate(repo, day)
    warnings = [p for p in evaluation.problems if p.code == "holiday-estimated"]
    assert len(warnings) == 1
    assert "2027" in warnings[0].message and "estimated" in warnings[0].message
    assert any(o.period == "2027-spring-festival" for o in evaluation.obligations)
    # 2026 has official data: no warning for it alone
    assert not [
        p for p in evaluate(repo, dt.date(2026, 3, 1)).problems if p.code == "holiday-estimated"
    ]


# --- hazards -----------------------------------------------------------------------------------

HAZARD = """\
kind: hazard
date: 2026-03-01
description: 消防通道堵塞
grade: {grade}
rectify_by: 2026-03-31
section: power
{extra}"""


def rectification(day: str) -> str:
    return f"kind: rectification\ndate: {day}\nhazard: h\nverified_by: [li-na]\n"


@pytest.mark.parametrize(
    ("rectified", "as_of", "expected"),
    [
        ("2026-03-31", "2026-04-10", "met"),  # on the deadline
        ("2026-04-01", "2026-04-10", "late"),  # a day late
        (None, "2026-03-31", "due"),
        (None, "2026-04-01", "overdue"),
        ("2026-04-05", "2026-04-04", "overdue"),  # the rectification is after the as-of date
    ],
)
def test_hazard_rectification(
    tmp_path: Path, rectified: str | None, as_of: str, expected: str
) -> None:
    records = {"h": HAZARD.format(grade="general", extra="")}
    if rectified:
        records["r"] = rectification(rectified)
    root = make_repo(tmp_path, records)
    assert state(root, as_of, "hazard-rectification", "power", "h") == expected


def test_hazard_holder_falls_back_to_its_inspection_then_commission(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "i": inspection("2026-02-27", sections="[general, power]"),
            "h1": "kind: hazard\ndate: 2026-03-01\ndescription: x\ngrade: general\n"
            "rectify_by: 2026-03-31\ninspection: i\n",
            "h2": "kind: hazard\ndate: 2026-03-01\ndescription: y\ngrade: general\n"
            "rectify_by: 2026-03-31\n",
        },
    )
    holders = {o.period: o.holder for o in obligations(root, "2026-04-01", "hazard-rectification")}
    assert holders == {"h1": "general", "h2": "commission"}


# SPEC 0.2: the notice is due 3 days after the hazard (local default), dated by notice_on.
@pytest.mark.parametrize(
    ("notice", "as_of", "expected"),
    [
        ("notice: evidence/minutes.md\n", "2026-03-02", "met"),
        ("", "2026-03-04", "due"),
        ("", "2026-03-05", "overdue"),
        ("notice: evidence/minutes.md\nnotice_on: 2026-03-04\n", "2026-03-09", "met"),
        ("notice: evidence/minutes.md\nnotice_on: 2026-03-05\n", "2026-03-09", "late"),
        ("notice: evidence/minutes.md\nnotice_on: 2026-03-06\n", "2026-03-05", "overdue"),
    ],
)
def test_major_hazard_notice(tmp_path: Path, notice: str, as_of: str, expected: str) -> None:
    root = make_repo(tmp_path, {"h": HAZARD.format(grade="major", extra=notice)})
    assert state(root, as_of, "major-hazard-notice", "power", "h") == expected


def test_general_hazard_needs_no_notice(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"h": HAZARD.format(grade="general", extra="")})
    assert obligations(root, "2026-03-02", "major-hazard-notice") == []


# --- inspection feedback -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feedback", "as_of", "expected"),
    [
        ("2026-03-08", "2026-03-20", "met"),  # 7 days after
        ("2026-03-09", "2026-03-20", "late"),  # 8 days after
        (None, "2026-03-08", "due"),
        (None, "2026-03-09", "overdue"),
    ],
)
def test_inspection_feedback(
    tmp_path: Path, feedback: str | None, as_of: str, expected: str
) -> None:
    extra = {"sites": "[某加油站]"}
    if feedback:
        extra["feedback_on"] = feedback
    root = make_repo(tmp_path, {"i": inspection("2026-03-01", sections="[power, radio]", **extra)})
    assert state(root, as_of, "inspection-feedback", "power", "i") == expected


def test_inspection_without_sites_owes_no_feedback(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"i": inspection("2026-03-01")})
    assert obligations(root, "2026-04-01", "inspection-feedback") == []


# --- accidents ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
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
        (1, 0, 10000, "especially-serious"),  # the highest any figure reaches
    ],
)
def test_accident_grade_boundaries(deaths: int, injuries: int, loss: float, grade: str) -> None:
    assert accident_grade(deaths, injuries, loss) == grade


ACCIDENT = """\
kind: accident
date: 2026-05-03
occurred_at: 2026-05-03T08:00:00
known_at: 2026-05-03T10:00:00+08:00
site: 某企业
industry: {industry}
deaths: {deaths}
serious_injuries: {injuries}
direct_loss_wan: {loss}
{extra}"""


@pytest.mark.parametrize(
    ("industry", "deaths", "injuries", "loss", "section", "generated"),
    [
        # economic-operation attends from any death, and (SPEC 0.2) from 较大 without one
        ("refined-oil", 1, 0, 0, "economic-operation", True),
        ("refined-oil", 0, 9, 0, "economic-operation", False),
        ("refined-oil", 0, 10, 0, "economic-operation", True),
        ("power", 0, 0, 1000, "power", True),
        ("metallurgy-building-materials", 2, 0, 0, "economic-operation", True),
        ("power", 1, 0, 0, "power", True),
        # the others from 较大: 3 deaths, 10 serious injuries or 1000万元
        ("chemical", 2, 0, 0, "chemical-pharma", False),
        ("chemical", 3, 0, 0, "chemical-pharma", True),
        ("automobile", 0, 9, 0, "industry-policy", False),
        ("automobile", 0, 10, 0, "industry-policy", True),
        ("software", 0, 0, 999, "informatization", False),
        ("software", 0, 0, 1000, "informatization", True),
        ("industrial-parks", 10, 0, 0, "general", True),
    ],
)
def test_accident_attendance_threshold_per_section(
    tmp_path: Path,
    industry: str,
    deaths: int,
    injuries: int,
    loss: float,
    section: str,
    generated: bool,
) -> None:
    text = ACCIDENT.format(industry=industry, deaths=deaths, injuries=injuries, loss=loss, extra="")
    root = make_repo(tmp_path, {"a": text})
    found = [(o.holder, o.period) for o in obligations(root, "2026-05-03", "accident-attendance")]
    assert found == ([(section, "a")] if generated else [])


@pytest.mark.parametrize(
    ("extra", "as_of", "expected"),
    [
        (
            "attended_by: [chemical-pharma]\nattended_at: 2026-05-04T10:00:00+08:00\n",
            "2026-05-05",
            "met",
        ),  # 24 h exactly
        (
            "attended_by: [chemical-pharma]\nattended_at: 2026-05-04T10:01:00+08:00\n",
            "2026-05-05",
            "late",
        ),
        ("attended_by: [chemical-pharma]\n", "2026-05-05", "met"),  # no time written
        ("attended_by: [power]\n", "2026-05-05", "overdue"),  # another section went
        ("", "2026-05-04", "due"),
        ("", "2026-05-05", "overdue"),
    ],
)
def test_accident_attendance_time(tmp_path: Path, extra: str, as_of: str, expected: str) -> None:
    text = ACCIDENT.format(industry="chemical", deaths=3, injuries=0, loss=0, extra=extra)
    root = make_repo(tmp_path, {"a": text})
    assert state(root, as_of, "accident-attendance", "chemical-pharma", "a") == expected


@pytest.mark.parametrize(
    ("reported", "as_of", "expected"),
    [
        ("2026-05-03T12:00:00+08:00", "2026-05-03", "met"),  # 2 hours exactly
        ("2026-05-03T12:01:00+08:00", "2026-05-03", "late"),
        ("2026-05-03T03:59:00Z", "2026-05-03", "met"),  # 11:59 in Beijing
        ("2026-05-03T04:30:00Z", "2026-05-03", "late"),  # 12:30 in Beijing
        (None, "2026-05-03", "due"),
        (None, "2026-05-04", "overdue"),
    ],
)
def test_accident_report_within_two_hours(
    tmp_path: Path, reported: str | None, as_of: str, expected: str
) -> None:
    extra = f"reported_at: {reported}\n" if reported else ""
    text = ACCIDENT.format(industry="power", deaths=0, injuries=0, loss=0, extra=extra)
    root = make_repo(tmp_path, {"a": text})
    assert state(root, as_of, "accident-report", "commission", "a") == expected


def test_grade_thresholds_helper() -> None:
    assert reaches("any-death", 1, "ordinary")
    # SPEC 0.2: the any-death sections also attend a 较大 accident without a death
    assert reaches("any-death", 0, "larger")
    assert not reaches("any-death", 0, "ordinary")
    assert reaches("larger", 0, "serious")
    assert not reaches("larger", 2, "ordinary")


# --- approvals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("required", "report", "expected"),
    [("true", "pre_evaluation_report: evidence/minutes.md\n", "met"), ("true", "", "overdue")],
)
def test_pre_evaluation(tmp_path: Path, required: str, report: str, expected: str) -> None:
    text = (
        "kind: approval\ndate: 2026-05-03\nproject: 技改项目\n"
        f"pre_evaluation_required: {required}\n{report}"
    )
    root = make_repo(tmp_path, {"a": text})
    assert state(root, "2026-05-04", "tech-upgrade-pre-evaluation", "tech-upgrade", "a") == expected


def test_approval_without_requirement_owes_nothing(tmp_path: Path) -> None:
    text = "kind: approval\ndate: 2026-05-03\nproject: 技改项目\npre_evaluation_required: false\n"
    root = make_repo(tmp_path, {"a": text})
    assert obligations(root, "2026-05-04", "tech-upgrade-pre-evaluation") == []
