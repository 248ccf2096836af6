"""The standing hostile corpus: every case a records repo that attacks the program, with the
exit code, the located message and the time and memory it may cost.

Each folder under `corpus/` is one case: the repo's files as they are (bytes that no editor
would write included), and `case.json`:

    {"about": "what the case attacks",
     "args": ["check", "--as-of", "2026-06-30"],   # default; --repo <the case> comes first
     "exit": 1,
     "expect": ["records/2026/x.yaml:1:4: error: ..."],   # lines of stdout or stderr, in full
     "contains": ["..."],                                  # or parts of the output
     "expect_zh": ["..."],                                 # lines in Chinese, the default
     "setup": [...],                                       # what git cannot store, see _setup
     "env": {"SAFETYDUTY_MAX_FILE_BYTES": "1000"},
     "max_cpu_seconds": 10, "max_extra_mb": 300}           # defaults: 10 and 300

Without its own `data/people.yaml` (and without `"no_people": true`) a case gets the people of
tests/conftest.py. Every case must end with its exit code and no traceback, print no raw control
character (a terminal escape from the records), stay within its CPU time and memory, and leave
the repo's files as they were (`log --dry-run` included); the child runs under setrlimit
(sandbox.py), so a case that would run away is stopped, not waited for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import PEOPLE, ascii_only_sentences
from sandbox import Outcome, run_limited

# Written against the English messages; Chinese is the default (SPEC §8).
pytestmark = pytest.mark.usefixtures("english")

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(path for path in CORPUS.iterdir() if (path / "case.json").is_file())
#: What must never reach the output raw (reports/render/safe.py).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DEFAULT_ARGS = ["check", "--as-of", "2026-06-30"]


def _setup(repo: Path, steps: list[dict[str, Any]]) -> Callable[[], None] | None:
    """What a case needs that git cannot store. Returns what the child must do first."""
    in_child: list[Callable[[], None]] = []
    for step in steps:
        action = step["do"]
        path = repo / step.get("path", "")
        if action == "symlink":  # path -> target (relative to the repo, or absolute)
            path.parent.mkdir(parents=True, exist_ok=True)
            target = step["to"]
            path.symlink_to(target if target.startswith("/") else repo / target)
        elif action == "symlink-outside":  # path -> a copy of `content` outside the repo
            outside = repo.parent / "outside"
            outside.mkdir(exist_ok=True)
            (outside / "x.yaml").write_text(step.get("content", ""), encoding="utf-8")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(outside / ("x.yaml" if step.get("file", True) else ""))
        elif action == "fifo":
            path.parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(path)
        elif action == "generate":  # head + line * repeat + tail, bytes too large to commit
            path.parent.mkdir(parents=True, exist_ok=True)
            body = step["head"] + step["line"] * step["repeat"] + step.get("tail", "")
            path.write_text(body, encoding="utf-8")
        elif action == "unreadable":  # os.scandir refuses the folder (root ignores chmod)
            in_child.append(_refuse_scandir(str(path)))
        elif action == "write":  # a file whose name git or some systems cannot hold
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(step["content"], encoding="utf-8")
        elif action == "mkdir":
            path.mkdir(parents=True, exist_ok=True)
        else:
            raise ValueError(f"unknown setup step {action!r}")
    return (lambda: [do() for do in in_child] and None) if in_child else None


def _refuse_scandir(folder: str) -> Callable[[], None]:
    def patch() -> None:
        scandir = os.scandir

        def guarded(path: Any = ".") -> Any:
            if os.fspath(path) == folder:
                raise PermissionError(13, "Permission denied", folder)
            return scandir(path)

        os.scandir = guarded  # type: ignore[assignment]

    return patch


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _copy_case(case: Path, repo: Path, *, people: bool) -> None:
    shutil.copytree(case, repo, symlinks=True, ignore=shutil.ignore_patterns("case.json"))
    (repo / "records").mkdir(exist_ok=True)
    if people and not (repo / "data" / "people.yaml").exists():
        (repo / "data").mkdir(exist_ok=True)
        (repo / "data" / "people.yaml").write_text(PEOPLE, encoding="utf-8")


def run_case(
    case: Path, tmp: Path, env: dict[str, str] | None = None
) -> tuple[dict[str, Any], Outcome]:
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    repo = tmp / "repo"
    _copy_case(case, repo, people=not spec.get("no_people"))
    prepare = _setup(repo, spec.get("setup", []))
    args = spec.get("args", DEFAULT_ARGS)
    repo_args = [] if spec.get("no_repo") else ["--repo", str(repo)]
    before = _snapshot(repo)
    outcome = run_limited(
        [*repo_args, *args],
        repo,
        env={"SAFETYDUTY_REPO": "", **spec.get("env", {}), **(env or {})},
        stdout_path=spec.get("stdout"),
        prepare=prepare,
        max_cpu_seconds=spec.get("max_cpu_seconds", 10),
        max_extra_mb=spec.get("max_extra_mb", 300) * 2,
    )
    if not spec.get("writes"):
        assert _snapshot(repo) == before, "the command changed the repo"
    return spec, outcome


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 60, len(CASES)
    for case in CASES:
        spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
        assert spec.get("about") and "exit" in spec, case.name
        assert spec.get("expect") or spec.get("contains"), case.name


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case: Path, tmp_path: Path) -> None:
    spec, outcome = run_case(case, tmp_path)
    shown = f"exit {outcome.exit_code}, signal {outcome.signal}\n{outcome.output[-3000:]}"
    assert outcome.signal is None, f"killed by signal {outcome.signal} (a limit?)\n{shown}"
    assert "Traceback" not in outcome.output, shown
    assert outcome.exit_code == spec["exit"], shown
    lines = outcome.output.splitlines()
    for line in spec.get("expect", []):
        assert line in lines, f"missing line {line!r}\n{shown}"
    for part in spec.get("contains", []):
        assert part in outcome.output, f"missing {part!r}\n{shown}"
    raw = RAW.findall(outcome.output)
    assert not raw, f"raw control characters {raw!r} in the output\n{shown}"
    assert outcome.cpu_seconds < spec.get("max_cpu_seconds", 10), outcome.cpu_seconds
    assert outcome.extra_mb < spec.get("max_extra_mb", 300), outcome.extra_mb


CHINESE = [case for case in CASES if "expect_zh" in (case / "case.json").read_text("utf-8")]


@pytest.mark.parametrize("case", CHINESE, ids=[case.name for case in CHINESE])
def test_hostile_case_in_chinese(case: Path, tmp_path: Path) -> None:
    """The same refusal in the default language, every word of it Chinese (SPEC §8)."""
    spec, outcome = run_case(case, tmp_path, env={"SAFETYDUTY_LANG": "zh"})
    assert outcome.exit_code == spec["exit"], outcome.output
    lines = outcome.output.splitlines()
    for line in spec["expect_zh"]:
        assert line in lines, f"missing line {line!r}\n{outcome.output[-3000:]}"
    assert ascii_only_sentences(outcome.output) == [], outcome.output
