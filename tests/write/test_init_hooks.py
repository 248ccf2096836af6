"""A repo made by `init` works on its first commit: the git hook runs the safetyduty that made
it without its virtual environment on PATH, and the pre-commit configuration runs too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safetyduty import __version__

VENV_BIN = Path(sys.executable).parent
SAFETYDUTY = VENV_BIN / "safetyduty"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


def test_init_hook_refuses_a_broken_record_without_the_venv_then_accepts_a_good_one(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "台账"
    bare_path = os.pathsep.join(
        p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != VENV_BIN
    )
    env = {
        "PATH": bare_path,
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "SAFETYDUTY_LANG": "zh",
    }
    done = subprocess.run(
        [str(SAFETYDUTY), "init", str(repo), "--package", "safetyduty @ file:///opt/wheel"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert shutil.which("safetyduty", path=bare_path) is None  # really not on PATH
    hook = (repo / ".git" / "hooks" / "pre-commit").read_text(encoding="utf-8")
    assert f"exec {SAFETYDUTY.resolve()} check" in hook
    workflow = (repo / ".github/workflows/safetyduty.yml").read_text(encoding="utf-8")
    assert 'pip install "safetyduty @ file:///opt/wheel"' in workflow
    assert 'pip install "safetyduty @ file:///opt/wheel"' in (repo / ".gitlab-ci.yml").read_text(
        encoding="utf-8"
    )

    broken = repo / "records/2026/2026-04-01-meeting.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("kind: meeting\ndate: 2026-04-01\ntype: weekly\n", encoding="utf-8")
    git(repo, "add", "-A", env=env)
    refused = git(repo, "commit", "-m", "broken", env=env)
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert "records/2026/2026-04-01-meeting.yaml:3:7: error: type：'weekly' 不是可选值之一" in said

    broken.write_text("kind: training\ndate: 2026-04-01\ntopic: 安全生产法\n", encoding="utf-8")
    git(repo, "add", "-A", env=env)
    accepted = git(repo, "commit", "-m", "good", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "错误 0 个" in accepted.stdout + accepted.stderr


def test_init_writes_the_running_version_by_default(tmp_path: Path) -> None:
    import datetime as dt

    from safetyduty.write.init import init_repo

    init_repo(tmp_path / "r", dt.date(2026, 5, 1), name="某市经信委", command="/x/safetyduty")
    workflow = (tmp_path / "r/.github/workflows/safetyduty.yml").read_text(encoding="utf-8")
    assert f'pip install "safetyduty=={__version__}"' in workflow
    sections = (tmp_path / "r/data/sections.yaml").read_text(encoding="utf-8")
    assert '  name: "某市经信委"\n' in sections and "  tracking_start: 2026-04-01\n" in sections


def test_pre_commit_runs_the_generated_configuration_and_the_hook_steps_aside(
    tmp_path: Path,
) -> None:
    pre_commit = VENV_BIN / "pre-commit"
    if not pre_commit.exists():
        pytest.fail("pre-commit is in the [test] extra: install it")
    repo = tmp_path / "r"
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")]),
        "HOME": str(tmp_path),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "SAFETYDUTY_LANG": "en",
    }
    done = subprocess.run(
        [str(SAFETYDUTY), "init", str(repo)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    git(repo, "add", "-A", env=env)
    ran = subprocess.run(
        [str(pre_commit), "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "safetyduty check" in ran.stdout and "Passed" in ran.stdout
    installed = subprocess.run(
        [str(pre_commit), "install"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    legacy = repo / ".git/hooks/pre-commit.legacy"
    assert legacy.exists()  # pre-commit keeps ours and would run it as well: it steps aside
    stepped = subprocess.run([str(legacy)], cwd=repo, env=env, capture_output=True, text=True)
    assert stepped.returncode == 0 and stepped.stdout == "" and stepped.stderr == ""
    committed = git(repo, "commit", "-m", "first", env=env)
    assert committed.returncode == 0, committed.stdout + committed.stderr
    said = committed.stdout + committed.stderr
    assert said.count("safetyduty check") == 1  # pre-commit's hook, once
    assert "errors," not in said  # the legacy hook printed no second check
