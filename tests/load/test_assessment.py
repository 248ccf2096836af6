"""data/assessment.yaml: the shipped scale, a repo's own one, and every problem located.

A repo without its own file uses the shipped one; a repo's file wins, and `check` validates it
like every data file: each row below writes one broken copy of the shipped file and expects the
exact gcc-style line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import MakeRepo, assert_no_traceback, run_cli
from safetyduty.load.assessment import SCORED_RULE_TYPES, AssessmentFile
from safetyduty.load.loader import load_repo
from safetyduty.load.repo import shipped_path
from safetyduty.rules.registry import ASSESSMENT_RULES, RULES

# Written when every message was English: they read the English ones (SPEC §8: zh default).
pytestmark = pytest.mark.usefixtures("english")

SHIPPED = shipped_path("assessment.yaml").read_text(encoding="utf-8")
A = "data/assessment.yaml"


def test_shipped_scale_is_local_default_and_complete() -> None:
    scale = AssessmentFile.model_validate(yaml.safe_load(SHIPPED))
    for block in (scale.deductions, scale.caps, scale.grades, scale.veto):
        assert block.basis == "local-default"
    assert [(b.id, b.name, b.min) for b in scale.grades.bands] == [
        ("excellent", "优秀", 90),
        ("good", "良好", 80),
        ("pass", "合格", 60),
        ("fail", "不合格", 0),
    ]
    assert scale.veto.grade == "fail"
    # every rule type that gives obligations has a cost, and only those
    assert set(SCORED_RULE_TYPES) == set(RULES)
    assert not set(SCORED_RULE_TYPES) & set(ASSESSMENT_RULES)
    assert set(scale.deductions.by_rule_type) <= set(RULES)


def test_cost_by_duty_then_rule_type_then_default() -> None:
    scale = AssessmentFile.model_validate(yaml.safe_load(SHIPPED))
    assert scale.cost("safety-lead-yearly-drill", "periodic").overdue == 8
    assert scale.cost("accident-report", "accident-report").overdue == 10
    assert scale.cost("quarterly-prevention-meeting", "periodic").overdue == 4
    assert scale.band(89.9).id == "good" and scale.band(90).id == "excellent"
    assert scale.band(0).id == "fail"


def test_a_repo_without_one_uses_the_shipped_file(make_repo: MakeRepo) -> None:
    repo, problems = load_repo(make_repo(), dt.date(2026, 6, 30))
    assert problems == []
    assert repo.assessment is not None
    # SPEC §7: a shipped file is shown as safetyduty:data/…, never by its installed path
    assert repo.data_paths["assessment.yaml"] == "safetyduty:data/assessment.yaml"


def test_the_repos_own_file_wins(make_repo: MakeRepo) -> None:
    own = SHIPPED.replace("default: {overdue: 4, late: 1}", "default: {overdue: 7.5, late: 0.5}")
    repo, problems = load_repo(make_repo({A: own}), dt.date(2026, 6, 30))
    assert problems == []
    assert repo.assessment is not None
    assert repo.assessment.deductions.default.overdue == 7.5
    assert repo.data_paths["assessment.yaml"] == A


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def broken(old: str, new: str) -> str:
    assert old in SHIPPED, old
    return SHIPPED.replace(old, new, 1)


RULE_TYPE_LIST = (
    "periodic, holiday-inspection, hazard-rectification, major-hazard-notice, "
    "inspection-feedback, accident-report, accident-attendance, pre-evaluation, "
    "periodic-report, yearly-record, leader-attendance"
)
#: (id, broken file, a text on the line the problem is located at, its column, the message)
CASES = [
    (
        "unknown-rule-type",
        broken("    pre-evaluation: {", "    pre-evalution: {"),
        "deductions:",
        3,
        "deductions: by_rule_type: 'pre-evalution' is not a rule type that gives obligations; "
        f"did you mean 'pre-evaluation'? (one of: {RULE_TYPE_LIST})",
    ),
    (
        "veto-rule-type-costs-nothing",
        broken("    pre-evaluation: {", "    assessment-veto: {"),
        "deductions:",
        3,
        "deductions: by_rule_type: 'assessment-veto' is not a rule type that gives obligations "
        f"(one of: {RULE_TYPE_LIST})",
    ),
    (
        "points-too-fine",
        broken("default: {overdue: 4, late: 1}", "default: {overdue: 4.25, late: 1}"),
        "default: {overdue: 4.25",
        22,
        "deductions.default.overdue: write points to one decimal at most (got 4.25)",
    ),
    (
        "points-negative",
        broken("per_duty: 20", "per_duty: -5"),
        "per_duty: -5",
        13,
        "caps.per_duty: must be 0 or more (got -5)",
    ),
    (
        "bands-out-of-order",
        broken("name_en: Good, min: 80}", "name_en: Good, min: 95}"),
        "grades:",
        3,
        "grades: bands: list them from the highest `min` down, each `min` different",
    ),
    (
        "no-band-from-zero",
        broken("name_en: Fail, min: 0}", "name_en: Fail, min: 10}"),
        "grades:",
        3,
        "grades: bands: the last band has `min: 0`, so that every score has a grade",
    ),
    (
        "unknown-veto-grade",
        broken("  grade: fail", "  grade: failed"),
        "veto:",
        3,
        "veto: grade 'failed' is not a band id; did you mean 'fail'? "
        "(one of: excellent, good, pass, fail)",
    ),
    (
        "regulation-names-instrument",
        broken("caps:\n  basis: local-default", "caps:\n  basis: regulation"),
        "  basis: regulation",
        3,
        "caps: basis 'regulation' names its instrument",
    ),
    (
        "unknown-field",
        broken("caps:\n", "caps:\n  floor: 10\n"),
        "  floor: 10",
        3,
        "unknown field 'floor' (allowed here: basis, instrument, per_duty, total)",
    ),
]


@pytest.mark.parametrize(
    ("text", "needle", "column", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_check_locates_each_problem(
    make_repo: MakeRepo, text: str, needle: str, column: int, message: str
) -> None:
    result = run_cli("--repo", str(make_repo({A: text})), "check", "--as-of", "2026-06-30")
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    # A problem of a whole mapping is located where its value starts, the line after its key.
    line = line_of(text, needle) + (1 if needle.endswith(":") else 0)
    assert result.stdout.splitlines() == [
        f"{A}:{line}:{column}: error: {message}",
        "1 error, 0 warnings in 4 files",
    ]


@pytest.mark.parametrize(
    ("duty", "severity", "message"),
    [
        (
            "safety-lead-yearly-dril",
            "error",
            "by_duty: unknown duty 'safety-lead-yearly-dril'; did you mean "
            "'safety-lead-yearly-drill'?",
        ),
        (
            "party-group-1",
            "warning",
            "by_duty: duty 'party-group-1' gives no obligations (it has no rule, or its rule is "
            "not scheduled), so these points are never deducted",
        ),
        (
            "party-group-6",
            "warning",
            "by_duty: duty 'party-group-6' gives no obligations (it has no rule, or its rule is "
            "not scheduled), so these points are never deducted",
        ),
    ],
)
def test_by_duty_names_a_scheduled_duty(
    make_repo: MakeRepo, duty: str, severity: str, message: str
) -> None:
    text = broken("  by_duty:\n", f"  by_duty:\n    {duty}: {{overdue: 1, late: 1}}\n")
    result = run_cli("--repo", str(make_repo({A: text})), "check", "--as-of", "2026-06-30")
    assert_no_traceback(result)
    line = line_of(text, f"    {duty}:")
    assert f"{A}:{line}:5: {severity}: {message}" in result.stdout.splitlines()
    assert result.exit_code == (1 if severity == "error" else 0)


def test_not_yaml_is_a_located_error(make_repo: MakeRepo) -> None:
    result = run_cli(
        "--repo", str(make_repo({A: "caps: [1, 2\n"})), "check", "--as-of", "2026-06-30"
    )
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert any(line.startswith(f"{A}:") for line in result.stdout.splitlines()), result.stdout


def test_project_repo_uses_the_shipped_scale() -> None:
    """data/assessment.yaml is a link to the package's copy, as sections and duties are; the
    installed package (editable or not) ships the same bytes."""
    root = Path(__file__).parents[2]
    packaged = root / "src" / "safetyduty" / "data" / "assessment.yaml"
    assert (root / A).resolve() == packaged.resolve()
    assert shipped_path("assessment.yaml").read_bytes() == packaged.read_bytes()
