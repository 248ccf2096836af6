"""Shared test helpers: tiny records repos written to `tmp_path`, and running the command line.

A test describes its repo as a dict of repo-relative path → file content (text, or bytes when the
encoding itself is under test). `data/people.yaml` defaults to `PEOPLE`; `sections.yaml` and
`duties.yaml` come from the package, as in any repo without its own copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from safetyduty.cli.app import app

#: A valid people.yaml: a director, a safety lead who also supervises 经济运行科, and an industry
#: lead for 化工医药科 (and 电力科) who leaves at the end of June 2026, succeeded by another.
PEOPLE = """\
people:
  - id: zhang-wei
    name: 张伟
    posts:
      - role: director
        from: 2024-01-01
  - id: li-na
    name: 李娜
    name_en: Li Na
    posts:
      - role: safety-lead
        from: 2024-01-01
      - role: industry-lead
        sections: [economic-operation]
        from: 2024-01-01
  - id: wang-qiang
    name: 王强
    posts:
      - role: industry-lead
        sections: [chemical-pharma, power]
        from: 2024-01-01
        to: 2026-06-30
  - id: zhao-min
    name: 赵敏
    posts:
      - role: industry-lead
        sections: [chemical-pharma, power]
        from: 2026-07-01
"""

RepoFiles = Mapping[str, str | bytes]
MakeRepo = Callable[..., Path]


def write_repo(root: Path, files: RepoFiles, *, people: str | None = PEOPLE) -> Path:
    """Write `files` (relative path → text or bytes) under `root`, plus `data/people.yaml`
    unless `files` has its own or `people` is None. Creates `records/`. Returns `root`."""
    all_files: dict[str, str | bytes] = {}
    if people is not None:
        all_files["data/people.yaml"] = people
    all_files.update(files)
    (root / "records").mkdir(parents=True, exist_ok=True)
    for relative, content in all_files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own empty output cache (never the user's ~/.cache), so that no test
    sees what another one cached."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.delenv("SAFETYDUTY_NO_CACHE", raising=False)


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """`make_repo({"records/2026/x.yaml": "..."})` → a records repo in a fresh tmp folder."""

    def make(files: RepoFiles | None = None, *, people: str | None = PEOPLE) -> Path:
        return write_repo(tmp_path / "repo", files or {}, people=people)

    return make


def run_cli(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """Run `safetyduty ARGS` in-process; stdout and stderr are kept apart (and both in .output)."""
    return CliRunner().invoke(app, list(args), env=dict(env or {}))


def assert_no_traceback(result: Result) -> None:
    """The command ended normally: no Python traceback, no exception but SystemExit."""
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


@pytest.fixture(autouse=True)
def _chinese_by_default() -> None:
    """Every test starts in the default language, whatever the test before it chose."""
    from safetyduty.i18n import set_language

    set_language("zh")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test reads English messages (SPEC §8: Chinese is the default): SAFETYDUTY_LANG for
    the command line, and the language of the core stages for direct calls."""
    from safetyduty.i18n import set_language

    monkeypatch.setenv("SAFETYDUTY_LANG", "en")
    set_language("en")


_GCC_PREFIX = re.compile(r"^\S+:\d+:\d+: (error|warning): ")


def ascii_only_sentences(text: str) -> list[str]:
    """Lines that hold English words: after the gcc prefix, ids, paths and quoted values are
    taken out (and command lines, `safetyduty log meeting …`), three ASCII words in a row, alone
    or inside a Chinese sentence ('YAML 格式错误：found unhashable key')."""
    found = []
    for line in text.splitlines():
        rest = _GCC_PREFIX.sub("", line.removeprefix("safetyduty: 错误: "))
        rest = re.sub(r"'[^']*'|`[^`]*`|\S*[/.:_]\S*|--[\w-]+", "", rest)
        rest = re.sub(r"\bsafetyduty(?: [a-z][\w-]*)*", "", rest)
        if re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", rest):
            found.append(line)
    return found
