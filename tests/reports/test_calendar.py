"""`calendar`: one event per duty and period, titles in words, a reminder before each due date,
stable UIDs; the .ics is read back with vobject, a parser independent of the writer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import vobject
from typer.testing import CliRunner

from safetyduty.cli.app import app

ROOT = Path(__file__).parents[2]
FIXTURE = Path(__file__).parents[1] / "fixtures" / "status_repo"
runner = CliRunner()


def calendar(repo: Path, *args: str) -> str:
    result = runner.invoke(app, ["--repo", str(repo), *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def read_events(path: Path) -> list[vobject.base.Component]:
    parsed = vobject.readOne(path.read_text(encoding="utf-8"))
    return list(parsed.vevent_list)


def holiday_events(path: Path) -> list[vobject.base.Component]:
    """The pre-holiday events (the fixture's first-quarter reports, due 04-15, aside)."""
    return [e for e in read_events(path) if "quarterly-report" not in e.uid.value]


def test_every_event_carries_one_reminder_three_days_before(tmp_path: Path) -> None:
    ics = tmp_path / "due.ics"
    out = calendar(ROOT, "calendar", "--from", "2026-01-01", "--to", "2026-12-31",
                   "--as-of", "2026-01-01", "--remind", "3", "--ics", str(ics))  # fmt: skip
    assert out
    events = read_events(ics)
    assert len(events) > 20
    for event in events:
        alarms = list(event.components())
        assert [a.name for a in alarms] == ["VALARM"], event.summary.value
        trigger = alarms[0].trigger.value
        assert trigger == -dt.timedelta(days=3)
        assert alarms[0].action.value == "DISPLAY"
        assert isinstance(event.dtstart.value, dt.date)
    uids = [e.uid.value for e in events]
    assert len(set(uids)) == len(uids)


def test_one_event_per_holiday_for_the_sections_that_still_owe_it(tmp_path: Path) -> None:
    ics = tmp_path / "due.ics"
    calendar(FIXTURE, "calendar", "--from", "2026-04-06", "--to", "2026-05-01", "--ics", str(ics))
    (event,) = holiday_events(ics)
    assert event.summary.value == "节假日前安全检查 · 全部13个科室 · 2026 劳动节"
    assert event.dtstart.value == dt.date(2026, 5, 1)
    assert event.uid.value == "section-holiday-inspection/2026-labour-day@safetyduty"
    assert "电力科" in event.description.value and "人事教育科" in event.description.value


def test_titles_name_duty_and_holders_in_words_in_english(tmp_path: Path) -> None:
    ics = tmp_path / "due.ics"
    runner.invoke(app, ["--repo", str(FIXTURE), "--lang", "en", "calendar", "--from",
                        "2026-04-06", "--to", "2026-06-30", "--ics", str(ics)])  # fmt: skip
    summaries = {e.summary.value for e in read_events(ics)}
    assert "Pre-holiday inspection · all 13 sections · 2026 Labour Day" in summaries
    assert "Director: quarterly work-safety special meeting · 张伟 · 2026Q2" in summaries
    assert not any("section-holiday-inspection" in s for s in summaries)


def test_uids_are_stable_across_runs_and_as_holders_meet_the_duty(tmp_path: Path) -> None:
    first, second, later = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "c.ics"
    args = ["calendar", "--from", "2026-04-06", "--to", "2026-06-30"]
    calendar(FIXTURE, *args, "--ics", str(first))
    calendar(FIXTURE, *args, "--ics", str(second))
    assert first.read_bytes() == second.read_bytes()
    # Later, with a quarter's inspection recorded (i3, 04-20), the same events keep their UIDs.
    calendar(
        FIXTURE, "calendar", "--as-of", "2026-04-25", "--to", "2026-06-30", "--ics", str(later)
    )
    before = {e.uid.value for e in read_events(first)}
    after = {e.uid.value for e in read_events(later)}
    assert after <= before and after


@pytest.mark.parametrize("days", ["0", "1", "10"])
def test_remind_days_sets_the_trigger(tmp_path: Path, days: str) -> None:
    ics = tmp_path / "due.ics"
    calendar(FIXTURE, "calendar", "--from", "2026-04-06", "--to", "2026-05-01",
             "--remind", days, "--ics", str(ics))  # fmt: skip
    (event,) = holiday_events(ics)
    (alarm,) = event.components()
    assert alarm.trigger.value == -dt.timedelta(days=int(days))


def test_json_lists_events_with_ids_and_words() -> None:
    out = calendar(FIXTURE, "calendar", "--as-of", "2026-04-06", "--to", "2026-05-01",
                   "--format", "json")  # fmt: skip
    payload = json.loads(out)
    assert payload["as_of"] == payload["from"] == "2026-04-06"
    assert payload["remind_days"] == 3
    # the fixture's first-quarter reports (due 04-15) come first, then the Labour Day inspection
    assert [e["duty"] for e in payload["events"]] == [
        "industry-lead-quarterly-report",
        "safety-lead-quarterly-report",
        "section-holiday-inspection",
    ]
    event = payload["events"][2]
    assert event["remind_on"] == "2026-04-28"
    assert len(event["holders"]) == 13 and event["holders"][1] == "power"
    assert event["holder_names"][1] == "电力科"
    assert event["state"] == "upcoming"


def test_as_of_decides_the_states_shown() -> None:
    early = json.loads(calendar(FIXTURE, "calendar", "--from", "2026-04-06", "--to",
                                "2026-06-30", "--format", "json"))  # fmt: skip
    late = json.loads(calendar(FIXTURE, "calendar", "--from", "2026-04-06", "--to", "2026-06-30",
                               "--as-of", "2026-04-25", "--format", "json"))  # fmt: skip
    assert len(late["events"]) < len(early["events"])


@pytest.mark.parametrize("value", ["-1", "400"])
def test_remind_out_of_range_is_a_usage_error(value: str) -> None:
    result = runner.invoke(app, ["--repo", str(FIXTURE), "calendar", "--remind", value])
    assert result.exit_code == 2
    assert "--remind" in result.stderr
