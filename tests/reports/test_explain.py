"""`safetyduty explain` (SPEC §9): the rule in words, every record weighed and why, the state.

The reasons are the rule types' own verdicts, so `explain` cannot disagree with `status`: the
first test holds that over every obligation of the sample repo (the project's own records).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import write_repo
from safetyduty.cli.app import app
from safetyduty.load.loader import load_repo
from safetyduty.rules.engine import evaluate

ROOT = Path(__file__).parents[2]
AS_OF = "2026-11-29"
runner = CliRunner()


def run(root: Path, *args: str) -> Result:
    return runner.invoke(app, ["--repo", str(root), *args], env={"COLUMNS": "200"})


def as_json(root: Path, *args: str) -> dict[str, Any]:
    result = run(root, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_explain_agrees_with_status_on_every_obligation_of_the_sample_repo() -> None:
    status = as_json(ROOT, "status", "--all", "--as-of", AS_OF)["obligations"]
    repo, _ = load_repo(ROOT)
    ruled = sorted(d.id for d in repo.duties.values() if d.rule is not None)
    assert len(ruled) >= 22
    explained: list[dict[str, Any]] = []
    for duty in ruled:
        explained += as_json(ROOT, "explain", duty, "--as-of", AS_OF)["obligations"]
    key = lambda o: (o["duty"], o["holder"], o["period"])  # noqa: E731
    assert {key(o): o["state"] for o in explained} == {key(o): o["state"] for o in status}
    assert len(explained) == len(status)
    # every record that counts is one status names, and the other way round
    counted = {
        key(o): sorted(c["record"] for c in o["considered"] if c["counts"]) for o in explained
    }
    assert counted == {key(o): sorted(o["records"]) for o in status}


def test_weighing_every_record_changes_no_state() -> None:
    """explain=True widens what each rule looks at, never what it decides."""
    repo, _ = load_repo(ROOT)
    import datetime as dt

    day = dt.date(2026, 11, 29)
    plain = evaluate(repo, day).obligations
    wide = evaluate(repo, day, explain=True).obligations
    assert [(o.sort_key(), o.state, o.records) for o in plain] == [
        (o.sort_key(), o.state, o.records) for o in wide
    ]
    assert sum(len(o.considered) for o in wide) > sum(len(o.considered) for o in plain)


Q4_NO_MINUTES = {
    "records/2026/q4.yaml": (
        "kind: meeting\ndate: 2026-10-20\ntitle: 四季度专题会议\ntype: special\nchair: zhang-wei\n"
    ),
}


@pytest.mark.parametrize(
    ("lang", "reason", "state"),
    [("zh", "无会议记录（minutes）", "待完成 (due)"), ("en", "no minutes", "due (due)")],
)
def test_a_quarter_whose_only_meeting_has_no_minutes(
    tmp_path: Path, lang: str, reason: str, state: str
) -> None:
    root = write_repo(tmp_path, Q4_NO_MINUTES)
    args = ("explain", "quarterly-prevention-meeting", "--period", "2026Q4", "--as-of", AS_OF)
    result = run(root, "--lang", lang, *args)
    assert result.exit_code == 0, result.output
    assert f"✗ q4 2026-10-20{'：' if lang == 'zh' else ': '}{reason}" in result.stdout
    assert state in result.stdout
    assert "三.4" in result.stdout
    data = as_json(root, "--lang", lang, *args)
    (obligation,) = data["obligations"]
    assert obligation["state"] == "due"
    assert obligation["considered"] == [{"record": "q4", "counts": False, "reason": reason}]
    assert set(obligation) == {
        "duty",
        "holder",
        "period",
        "window_start",
        "due",
        "state",
        "rule",
        "considered",
    }
    assert set(data) == {"as_of", "obligations"}


def test_the_interpretation_and_the_rule_in_words(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {})
    result = run(
        root, "--lang", "en", "explain", "section-holiday-inspection", "--holder", "power",
        "--period", "2026-national-day", "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Interpretation: “Important holidays” are read as the seven statutory holidays" in out
    assert "in the 15 days before its first day or on it" in out
    assert "local default" in out
    assert "No record of the rule's kind in or near the window." in out
    assert "overdue (overdue)" in out


@pytest.mark.parametrize(
    ("files", "args", "reason"),
    [
        (
            {
                "records/2026/m.yaml": "kind: meeting\ndate: 2026-10-20\ntype: special\n"
                "chair: li-na\n"
            },
            ("director-quarterly-special-meeting", "--period", "2026Q4"),
            "chair is Li Na, not the holder",  # her name_en
        ),
        (
            {
                "records/2026/i.yaml": "kind: inspection\ndate: 2026-09-20\nled_by: [li-na]\n"
                "sections: [power]\nholiday: mid-autumn\n"
            },
            ("section-holiday-inspection", "--holder", "power", "--period", "2026-national-day"),
            "listed for 2026 Mid-Autumn Festival",
        ),
        (
            {
                "records/2026/r.yaml": "kind: rectification\ndate: 2026-04-02\nhazard: h\n"
                "verified_by: [li-na]\n",
                "records/2026/h.yaml": "kind: hazard\ndate: 2026-03-01\ndescription: d\n"
                "grade: general\nrectify_by: 2026-03-31\nsection: power\n",
            },
            ("hazard-rectification",),
            "counts, but dated 2026-04-02, after the due date",
        ),
        (
            {
                "records/2026/rp.yaml": "kind: report\ndate: 2026-04-08\nto: 市安委会\n"
                "covers: 2026Q1\nby: [li-na]\n"
            },
            ("industry-lead-quarterly-report", "--holder", "wang-qiang", "--period", "2026Q1"),
            "the holder is not in by",
        ),
    ],
)
def test_why_a_record_does_not_count(
    tmp_path: Path, files: dict[str, str], args: tuple[str, ...], reason: str
) -> None:
    root = write_repo(tmp_path, files)
    data = as_json(root, "--lang", "en", "explain", *args, "--as-of", AS_OF)
    reasons = [c["reason"] for o in data["obligations"] for c in o["considered"]]
    assert reason in reasons


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("quartely-prevention-meeting",),
            "safetyduty: error: unknown duty 'quartely-prevention-meeting'; did you mean "
            "'quarterly-prevention-meeting'?",
        ),
        (
            ("general-requirement-1",),
            "safetyduty: error: duty 'general-requirement-1' has no rule, so no obligation to "
            "explain (manual review)",
        ),
        (
            ("accident-report", "--holder", "nobody"),
            "safetyduty: error: --holder: unknown holder 'nobody'",
        ),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    root = write_repo(tmp_path, {})
    result = run(root, "--lang", "en", "explain", *args, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output
