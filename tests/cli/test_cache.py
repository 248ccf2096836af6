"""The output cache changes no result: with and without it, after every kind of change, `check
--format json` and `status --all --format json` print the same bytes and exit the same way.

Each test runs the console-script entry point in-process (`entry.run`) with stdout and stderr
on byte buffers, first to fill the cache, then to prove the next run is answered from it (the
app is not called), then after a change, against a run with `--no-cache`. XDG_CACHE_HOME is a
fresh folder per test (conftest), and the racy-timestamp rule is set to 0 s so that files
written a moment ago may be cached (one test keeps the real rule).
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from safetyduty.cli import entry
from safetyduty.load import cache
from safetyduty.load.repo import shipped_path

FIXTURE = Path(__file__).parents[1] / "fixtures" / "status_repo"
COMMANDS = {
    "check": ["check", "--as-of", "2026-04-05", "--format", "json"],
    "status": ["status", "--all", "--as-of", "2026-04-05", "--format", "json"],
}

Output = tuple[int, bytes, bytes]


class Runs:
    """Runs of the entry point that count how often the app itself was called."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
        self.monkeypatch = monkeypatch
        self.root = root
        self.app_calls = 0
        real = entry._run_app

        def counting(argv: list[str]) -> int:
            self.app_calls += 1
            return real(argv)

        monkeypatch.setattr(entry, "_run_app", counting)

    def __call__(self, *args: str) -> Output:
        out, err = io.BytesIO(), io.BytesIO()
        with self.monkeypatch.context() as patch:
            patch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
            patch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="utf-8"))
            code = entry.run(["--repo", str(self.root), *args])
            sys.stdout.flush()
            sys.stderr.flush()
            return code, out.getvalue(), err.getvalue()

    def fresh(self, *args: str) -> Output:
        return self("--no-cache", *args)

    def warm(self, *args: str) -> Output:
        """A run that must be answered from the cache."""
        calls = self.app_calls
        result = self(*args)
        assert self.app_calls == calls, "the cache did not answer"
        return result


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    for name in ("sections.yaml", "duties.yaml"):
        shutil.copy(shipped_path(name), root / "data" / name)
    return root


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_size_same_mtime(path: Path) -> None:
    """An edit that keeps the size and the mtime (an editor that restores it, a clock tick)."""
    before = path.stat()
    _rewrite(path, "type: special", "type: prevent")  # same length, an invalid type
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


#: Changes that each show both in `check` and in `status`.
CHANGES: dict[str, Callable[[Path], None]] = {
    "edited record": lambda root: _rewrite(
        root / "records/2026/m1.yaml", "chair: zhang-wei", "chair: zhang-wie"
    ),
    "deleted record": lambda root: (root / "records/2026/h1.yaml").unlink(),
    "new file": lambda root: (root / "records/2026/m3.yaml").write_text(
        "kind: meeting\ndate: 2026-03-02\ntitle: 专题会\ntype: special\nchair: nobody\n",
        encoding="utf-8",
    ),
    "same second, same size": lambda root: _same_size_same_mtime(root / "records/2026/m2.yaml"),
    "edited people.yaml": lambda root: _rewrite(
        root / "data/people.yaml", "id: li-na", "id: li-nb"
    ),
    "edited duties.yaml": lambda root: _rewrite(
        root / "data/duties.yaml", "window_days: 15", "window_days: x5"
    ),
    "edited sections.yaml": lambda root: _rewrite(
        root / "data/sections.yaml", "  - id: power\n", "  - id: powr\n"
    ),
    "evidence removed": lambda root: (root / "evidence/minutes-q1.md").unlink(),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("change", CHANGES)
def test_cache_changes_no_result_after_a_change(
    repo: Path, monkeypatch: pytest.MonkeyPatch, command: str, change: str
) -> None:
    runs = Runs(monkeypatch, repo)
    args = COMMANDS[command]
    first = runs(*args)
    assert first == runs.fresh(*args)
    assert runs.warm(*args) == first
    CHANGES[change](repo)
    after = runs(*args)
    assert after == runs.fresh(*args)
    assert after != first, "the change should show in the output"
    assert runs.warm(*args) == after


@pytest.mark.parametrize("command", COMMANDS)
def test_changed_as_of_is_another_answer(
    repo: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    runs = Runs(monkeypatch, repo)
    args = COMMANDS[command]
    runs(*args)
    later = [a if a != "2026-04-05" else "2026-07-05" for a in args]
    calls = runs.app_calls
    answer = runs(*later)
    assert runs.app_calls == calls + 1
    assert answer == runs.fresh(*later)
    assert answer != runs.fresh(*args)


def _entries() -> list[Path]:
    return sorted(Path(cache.cache_dir()).rglob("*.bin"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw[:-1],
        lambda raw: b"",
        lambda raw: raw[:100] + bytes([raw[100] ^ 1]) + raw[101:],  # one bit flipped
        lambda raw: raw.replace(cache.MAGIC, cache.MAGIC[:-2] + b"9\n", 1),  # another version
        lambda raw: b"\x80\x04\x95" + raw,  # a pickle's first bytes
    ],
    ids=["half", "last-byte", "empty", "bit-flip", "other-version", "pickle"],
)
@pytest.mark.parametrize("command", COMMANDS)
def test_damaged_cache_is_a_miss(
    repo: Path, monkeypatch: pytest.MonkeyPatch, command: str, damage: Callable[[bytes], bytes]
) -> None:
    runs = Runs(monkeypatch, repo)
    args = COMMANDS[command]
    _rewrite(repo / "records/2026/m1.yaml", "type: prevention", "type: other")
    truth = runs.fresh(*args)
    runs(*args)
    (entry_file,) = _entries()
    # The cached answer says something else, then the file is damaged: a miss must recompute.
    stored = cache.read_entry(str(entry_file))
    assert stored is not None and stored.stdout == truth[1]
    lie = cache.Entry(stored.state, stored.evidence, 0, b"lie\n", b"")
    entry_file.write_bytes(damage(cache.encode(lie)))
    calls = runs.app_calls
    assert runs(*args) == truth
    assert runs.app_calls == calls + 1
    assert runs.warm(*args) == truth


@pytest.mark.parametrize("command", COMMANDS)
def test_cache_of_another_program_is_not_used(
    repo: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    runs = Runs(monkeypatch, repo)
    args = COMMANDS[command]
    truth = runs(*args)
    program = cache.program_state()
    monkeypatch.setattr(cache, "program_state", lambda: program + "\nsafetyduty 9.9")
    calls = runs.app_calls
    assert runs(*args) == truth
    assert runs.app_calls == calls + 1


def test_racy_files_are_not_cached(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_SECONDS", 2)
    runs = Runs(monkeypatch, repo)
    (repo / "records/2026/m9.yaml").write_text(
        "kind: meeting\ndate: 2026-03-02\ntitle: 刚写的\ntype: special\nchair: zhang-wei\n",
        encoding="utf-8",
    )
    truth = runs.fresh(*COMMANDS["check"])
    assert runs(*COMMANDS["check"]) == truth
    assert _entries() == []


def test_no_cache_option_and_env_var_turn_it_off(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = Runs(monkeypatch, repo)
    runs.fresh(*COMMANDS["check"])
    assert _entries() == []
    monkeypatch.setenv(cache.ENV_OFF, "1")
    runs(*COMMANDS["check"])
    runs(*COMMANDS["check"])
    assert _entries() == []
    assert runs.app_calls == 3


def test_cache_lives_outside_the_repo_and_the_repo_is_untouched(
    repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def tree() -> dict[str, tuple[int, int]]:
        return {
            str(p.relative_to(repo)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(repo.rglob("*"))
        }

    before = tree()
    runs = Runs(monkeypatch, repo)
    for args in COMMANDS.values():
        runs(*args)
        runs.warm(*args)
    assert tree() == before
    (entry_file, other) = _entries()
    assert Path(cache.cache_dir()).is_relative_to(os.environ["XDG_CACHE_HOME"])
    assert not entry_file.is_relative_to(repo)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--help"],
        ["check", "--output", "x"],
        ["status", "--format", "xlsx"],
        ["summary", "2026Q1"],
        ["--no-cache", "check"],
        ["check", "--as-of"],
        ["--version"],
        [],
    ],
)
def test_only_known_invocations_are_cached(argv: list[str]) -> None:
    assert entry.parse(argv) is None


def test_known_invocations_are_parsed() -> None:
    found = entry.parse(["--lang", "en", "status", "--all", "--as-of=2026-01-01", "--repo", "r"])
    assert found is not None
    assert found.repo == "r" and found.has_as_of
    assert entry.parse(["check"]) == entry.Invocation(("check",), None, False)


def test_today_is_part_of_the_key_without_as_of() -> None:
    without = entry.invocation_key(entry.Invocation(("check",), None, False))
    assert b"today=" in without
    with_as_of = entry.invocation_key(entry.Invocation(("check", "--as-of=x"), None, True))
    assert b"today=" not in with_as_of


def test_a_cache_hit_imports_neither_typer_nor_pydantic(repo: Path, tmp_path: Path) -> None:
    import subprocess

    report = tmp_path / "modules.txt"
    script = (
        "import sys\n"
        "from safetyduty.load import cache\n"
        "cache.RACY_SECONDS = 0\n"
        "from safetyduty.cli import entry\n"
        "code = entry.run(sys.argv[2:])\n"
        "heavy = [m for m in ('typer', 'pydantic', 'yaml', 'rich', 'safetyduty.cli.app')"
        " if m in sys.modules]\n"
        "open(sys.argv[1], 'w').write(' '.join(heavy))\n"
        "sys.exit(code)\n"
    )
    argv = [sys.executable, "-c", script, str(report), "--repo", str(repo), *COMMANDS["status"]]
    first = subprocess.run(argv, capture_output=True, check=False)
    assert "typer" in report.read_text(), "the first run is answered by the app"
    second = subprocess.run(argv, capture_output=True, check=False)
    assert (second.returncode, second.stdout, second.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )
    assert report.read_text() == ""


class _Gone(io.RawIOBase):
    """A pipe whose reader has gone away."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_output_that_could_not_be_written_is_not_cached(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def app_that_survives_a_broken_pipe(argv: list[str]) -> int:
        try:
            print("the report", flush=True)
        except BrokenPipeError:
            return 1
        return 0

    monkeypatch.setattr(entry, "_run_app", app_that_survives_a_broken_pipe)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(_Gone())))
    assert entry.run(["--repo", str(repo), *COMMANDS["check"]]) == 1
    assert _entries() == []


def test_a_broken_pipe_on_a_hit_ends_quietly(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = Runs(monkeypatch, repo)
    runs(*COMMANDS["check"])
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(_Gone())))
    monkeypatch.setattr(entry, "_silence", lambda stream: None)
    assert entry.run(["--repo", str(repo), *COMMANDS["check"]]) == 1
