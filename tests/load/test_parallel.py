"""A worker that reads ahead changes nothing: the same records and problems, in the same
order, with a worker, without one, and with one that dies."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from safetyduty.load import parallel
from safetyduty.load.loader import load_repo

ROOT = Path(__file__).parents[2]
AS_OF = dt.date(2026, 11, 29)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The sample repo, plus files that fail in every way a worker must report alike."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "records", root / "records")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "evidence", root / "evidence")
    bad = root / "records" / "zz"
    bad.mkdir()
    (bad / "tab.yaml").write_text("kind: meeting\n\tdate: x\n", encoding="utf-8")
    (bad / "gbk.yaml").write_bytes("title: 会议\n".encode("gbk"))
    (bad / "unknown.yaml").write_text("kind: meeting\ncolour: red\n", encoding="utf-8")
    (bad / "empty.yaml").write_text("", encoding="utf-8")
    (bad / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    return root


def _load(root: Path) -> tuple[dict[str, object], list[object]]:
    repo, problems = load_repo(root, AS_OF)
    return dict(repo.records), problems


def _always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    monkeypatch.setattr(parallel, "second_core_free", lambda: True)
    monkeypatch.setattr(parallel, "_BATCH", 3)  # many batches, even for a small repo


def test_a_worker_changes_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_FILES", 10**9)
    alone = _load(repo)
    _always(monkeypatch)
    forks: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    assert _load(repo) == alone
    assert len(forks) == 1
    assert alone[1], "the bad files make problems"


def test_a_worker_that_dies_changes_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_FILES", 10**9)
    alone = _load(repo)
    _always(monkeypatch)
    monkeypatch.setattr(parallel, "_work", lambda files, reader, fd: os._exit(3))
    assert _load(repo) == alone


def test_small_repos_and_busy_machines_get_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    parallel.start([("a", "a")] * 10, lambda path, display: None)
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    monkeypatch.setattr(os, "getloadavg", lambda: (5.0, 5.0, 5.0))
    parallel.start([("a", "a")] * 10, lambda path, display: None)
    assert parallel.take("a") is None
