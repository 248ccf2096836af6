"""`init`'s CI workflow runs `notify` weekly with the URL from a CI secret; its README says how."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from robots import Robot, robot_server
from safetyduty.load.periods import today
from safetyduty.write.init import init_repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "台账"
    # The workflow's step runs `safetyduty notify` as of today, so the repo tracks from today's
    # quarter: the digest stays one or two messages whatever the year the test runs in.
    init_repo(root, today())
    return root


def workflow(repo: Path) -> dict[Any, Any]:
    text = (repo / ".github/workflows/safetyduty.yml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def notify_script(repo: Path) -> str:
    steps = workflow(repo)["jobs"]["notify"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "safetyduty notify"]
    return str(step["run"])


def test_the_notify_job_runs_weekly_with_urls_from_secrets(repo: Path) -> None:
    flow = workflow(repo)
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"] == [{"cron": "0 1 * * 1"}]  # Mondays 09:00 Beijing time
    assert "workflow_dispatch" in triggers and "push" in triggers and "pull_request" in triggers
    job = flow["jobs"]["notify"]
    assert "schedule" in job["if"] and "workflow_dispatch" in job["if"]
    for name in (
        "SAFETYDUTY_WECOM_URL",
        "SAFETYDUTY_DINGTALK_URL",
        "SAFETYDUTY_DINGTALK_SECRET",
        "SAFETYDUTY_FEISHU_URL",
        "SAFETYDUTY_FEISHU_SECRET",
    ):
        assert job["env"][name] == f"${{{{ secrets.{name} }}}}"
    assert "safetyduty notify" in notify_script(repo)
    # the check job still runs on pushes and pull requests, not on the schedule
    assert flow["jobs"]["check"]["if"] == "github.event_name != 'schedule'"
    assert any("safetyduty check" in str(s.get("run")) for s in flow["jobs"]["check"]["steps"])


def test_the_generated_readme_documents_the_job(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "safetyduty notify" in readme
    for name in ("SAFETYDUTY_WECOM_URL", "SAFETYDUTY_DINGTALK_SECRET", "SAFETYDUTY_FEISHU_URL"):
        assert name in readme
    assert "mobile" in readme


def _run_step(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    return subprocess.run(
        ["bash", "-e", "-c", notify_script(repo)],
        cwd=repo,
        env={"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_url_secret_the_step_skips(repo: Path) -> None:
    empty = {"SAFETYDUTY_WECOM_URL": "", "SAFETYDUTY_DINGTALK_URL": "", "SAFETYDUTY_FEISHU_URL": ""}
    done = _run_step(repo, empty)
    assert done.returncode == 0, done.stderr
    assert "no digest sent" in done.stdout


def test_with_a_url_secret_the_step_posts_the_digest(repo: Path) -> None:
    robot = Robot("wecom", clock=time.time)
    with robot_server(robot):
        done = _run_step(
            repo,
            {"SAFETYDUTY_WECOM_URL": robot.url, "SAFETYDUTY_DINGTALK_URL": "", "LANG": "C.UTF-8"},
        )
    assert done.returncode == 0, done.stderr
    assert robot.problems == [] and robot.received
    assert "企业微信：第 1/" in done.stdout
