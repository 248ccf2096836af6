"""`init` inside another git repository, and the temporary files a killed `log` leaves (issue 11).

`init` in a folder inside another repository makes a nested repository of its own: the hook goes
into the new repository's `.git/hooks`, and the enclosing repository is left exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import MakeRepo, run_cli
from safetyduty.write.atomic import STALE_AFTER_SECONDS, remove_stale_temps

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@needs_git
def test_init_inside_another_repository_makes_a_nested_one(tmp_path: Path) -> None:
    outer = tmp_path / "project"
    outer.mkdir()
    _git(outer, "init", "-q")
    hooks_before = sorted(p.name for p in (outer / ".git" / "hooks").iterdir())
    target = outer / "ledger"
    result = run_cli("init", str(target))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (outer / ".git" / "hooks").iterdir()) == hooks_before
    assert not (outer / ".git" / "hooks" / "pre-commit").exists()
    assert (target / ".git" / "hooks" / "pre-commit").is_file()
    assert Path(_git(target, "rev-parse", "--show-toplevel")).samefile(target)
    # The enclosing project still commits: no hook of ours runs there.
    (outer / "a.txt").write_text("a", encoding="utf-8")
    _git(outer, "add", "a.txt")
    _git(outer, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "a")


@needs_git
def test_init_at_the_top_of_an_existing_repository_uses_it(tmp_path: Path) -> None:
    target = tmp_path / "ledger"
    target.mkdir()
    _git(target, "init", "-q")
    result = run_cli("init", str(target))
    assert result.exit_code == 0, result.output
    assert (target / ".git" / "hooks" / "pre-commit").is_file()
    assert not (target / ".git" / ".git").exists()


def test_init_git_ignores_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "ledger"
    assert run_cli("init", str(target)).exit_code == 0
    assert ".*.yaml.*.tmp" in (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    if shutil.which("git"):
        temp = target / "records" / ".2026-03-01-training.yaml.k2j_x9a1.tmp"
        temp.write_text("kind: trai", encoding="utf-8")
        ignored = subprocess.run(
            ["git", "-C", str(target), "check-ignore", "-q", str(temp)], capture_output=True
        )
        assert ignored.returncode == 0


def test_stale_temporary_files_are_removed_young_ones_kept(tmp_path: Path) -> None:
    folder = tmp_path / "2026"
    folder.mkdir()
    now = time.time()
    old = folder / ".2026-03-01-training.yaml.ab12_cd3.tmp"
    young = folder / ".2026-03-02-training.yaml.ef45_gh6.tmp"
    other = folder / ".notes.tmp"  # not a record's: never ours to remove
    for path in (old, young, other):
        path.write_text("partial", encoding="utf-8")
    for path in (old, other):
        os.utime(path, (now - STALE_AFTER_SECONDS - 60,) * 2)
    assert remove_stale_temps(folder, now) == [old]
    assert sorted(p.name for p in folder.iterdir()) == sorted([young.name, other.name])


def test_log_removes_a_stale_temporary_file(make_repo: MakeRepo) -> None:
    repo = make_repo()
    folder = repo / "records" / "2026"
    folder.mkdir()
    stale = folder / ".2026-03-01-training-x.yaml.zz99_k1p.tmp"
    stale.write_text("kind: trai", encoding="utf-8")
    os.utime(stale, (time.time() - STALE_AFTER_SECONDS - 1,) * 2)
    result = run_cli(
        "--repo", str(repo), "log", "training", "--date", "2026-03-02", "--topic", "t", "--yes"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["2026-03-02-training.yaml"]
