"""`safetyduty init` makes a repo that passes `check`; `calendar` lists and exports due dates."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from safetyduty.cli.app import app
from safetyduty.write.init import init_repo

FIXTURE = Path(__file__).parents[1] / "fixtures" / "status_repo"
runner = CliRunner()


def test_init_writes_a_repo_that_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "台账"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    for name in (
        "data/people.yaml",
        "data/sections.yaml",
        ".github/workflows/safetyduty.yml",
        ".pre-commit-config.yaml",
    ):
        assert (target / name).is_file(), name
    assert "safetyduty check" in (target / ".github/workflows/safetyduty.yml").read_text()
    assert "safetyduty check" in (target / ".pre-commit-config.yaml").read_text()
    hook = target / ".git" / "hooks" / "pre-commit"
    assert hook.is_file() and os.access(hook, os.X_OK)
    assert "safetyduty check" in hook.read_text()
    checked = runner.invoke(app, ["--repo", str(target), "check"])
    assert checked.exit_code == 0, checked.output
    assert "错误 0 个，警告 0 个" in checked.stdout


def test_init_tracks_from_the_current_quarter(tmp_path: Path) -> None:
    init_repo(tmp_path / "r", dt.date(2027, 5, 20))
    text = (tmp_path / "r" / "data" / "sections.yaml").read_text(encoding="utf-8")
    assert "  tracking_start: 2027-04-01\n" in text


def test_init_refuses_an_existing_repo_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "已经是记录仓库；未写入任何文件" in result.stderr
    assert not (tmp_path / "data").exists()


def test_calendar_lists_open_obligations_in_the_range(tmp_path: Path) -> None:
    ics = tmp_path / "due.ics"
    result = runner.invoke(
        app,
        [
            "--repo",
            str(FIXTURE),
            "calendar",
            "--from",
            "2026-04-06",
            "--to",
            "2026-05-01",
            "--ics",
            str(ics),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "2026 劳动节" in result.stdout  # 13 sections' pre-holiday inspections, due 05-01
    assert "全部13个科室" in result.stdout  # one event for the thirteen, not thirteen
    # and (0.2) the first-quarter reports due 04-15: the industry leads' in one event
    assert "合计 3" in result.stdout
    calendar = Calendar.from_ical(ics.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert {e.decoded("dtstart") for e in events} == {dt.date(2026, 5, 1), dt.date(2026, 4, 15)}
    uids = {str(e["uid"]) for e in events}
    assert uids == {
        "section-holiday-inspection/2026-labour-day@safetyduty",
        "industry-lead-quarterly-report/2026Q1@safetyduty",
        "safety-lead-quarterly-report/2026Q1@safetyduty",
    }


def test_calendar_rejects_a_backwards_range() -> None:
    result = runner.invoke(
        app, ["--repo", str(FIXTURE), "calendar", "--from", "2026-05-01", "--to", "2026-04-01"]
    )
    assert result.exit_code == 2
    assert "--to 2026-04-01 早于 --from 2026-05-01" in result.stderr
