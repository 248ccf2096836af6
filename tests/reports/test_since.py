"""`status --since DATE`: only obligations whose state changed, each with its previous state."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safetyduty.cli.app import app
from safetyduty.reports.changes import Change, changes, tally
from safetyduty.rules.obligations import Obligation, State

FIXTURE = Path(__file__).parents[1] / "fixtures" / "status_repo"
runner = CliRunner()


def status_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["--repo", str(FIXTURE), "status", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def key(item: dict[str, object]) -> tuple[object, object, object]:
    return (item["duty"], item["holder"], item["period"])


@pytest.mark.parametrize(
    ("since", "as_of"), [("2026-03-25", "2026-04-10"), ("2026-04-10", "2026-04-25")]
)
def test_since_lists_exactly_the_obligations_whose_state_changed(since: str, as_of: str) -> None:
    before = {key(o): o["state"] for o in status_json("--as-of", since, "--all")["obligations"]}  # type: ignore[attr-defined]
    after = status_json("--as-of", as_of, "--all")["obligations"]
    expected = [{**o, "previous_state": before.get(key(o))} for o in after]  # type: ignore[attr-defined]
    expected = [o for o in expected if o["previous_state"] != o["state"]]
    got = status_json("--as-of", as_of, "--since", since)
    assert got["since"] == since and got["as_of"] == as_of
    assert got["obligations"] == expected
    assert expected  # something did change between the two days


def test_since_names_the_inspection_that_met_a_holiday_duty() -> None:
    got = status_json("--as-of", "2026-04-25", "--since", "2026-04-10")["obligations"]
    found = {key(o): (o["previous_state"], o["state"]) for o in got}  # type: ignore[attr-defined]
    assert found[("section-holiday-inspection", "office", "2026-labour-day")] == (
        "upcoming",
        "met",
    )
    assert found[("safety-lead-quarterly-inspection", "li-na", "2026Q2")] == ("due", "met")
    # still due on both days: not a change
    assert ("director-quarterly-special-meeting", "zhang-wei", "2026Q2") not in found


def test_since_combines_with_filters() -> None:
    got = status_json("--as-of", "2026-04-25", "--since", "2026-04-10", "--holder", "office")
    assert {o["holder"] for o in got["obligations"]} == {"office"}  # type: ignore[attr-defined]


def test_since_table_shows_the_previous_state() -> None:
    result = runner.invoke(
        app,
        ["--repo", str(FIXTURE), "status", "--as-of", "2026-04-25", "--since", "2026-04-10"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "此前状态" in result.stdout and "未开始" in result.stdout


def test_since_csv_has_a_previous_state_column() -> None:
    import csv
    import io

    result = runner.invoke(
        app,
        ["--repo", str(FIXTURE), "status", "--as-of", "2026-04-25", "--since", "2026-04-10",
         "--format", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert list(rows[0])[8:11] == ["状态", "状态编号", "此前状态"]
    office = [
        r for r in rows if r["责任主体编号"] == "office" and r["周期编号"] == "2026-labour-day"
    ]
    assert [(r["此前状态"], r["状态编号"]) for r in office] == [("未开始", "met")]


def test_since_after_as_of_is_a_usage_error() -> None:
    result = runner.invoke(
        app, ["--repo", str(FIXTURE), "status", "--as-of", "2026-04-01", "--since", "2026-04-10"]
    )
    assert result.exit_code == 2
    assert "--since 2026-04-10 晚于 --as-of 2026-04-01" in result.stderr


def ob(period: str, state: State) -> Obligation:
    day = dt.date(2026, 3, 31)
    return Obligation("d", "h", period, day, day, state)


def test_changes_and_their_tally() -> None:
    before = [ob("a", "due"), ob("b", "due"), ob("c", "due"), ob("d", "met")]
    after = [ob("a", "overdue"), ob("b", "late"), ob("c", "due"), ob("d", "met"), ob("e", "met")]
    found = changes(before, after)
    assert [(c.obligation.period, c.previous_state) for c in found] == [
        ("a", "due"),
        ("b", "due"),
        ("e", None),
    ]
    assert tally(found).newly_overdue == 1 and tally(found).newly_done == 2
    assert Change(ob("a", "overdue"), None).as_dict()["previous_state"] is None
