"""Regression tests for the loader's part of issue 11: each reproducer of the issue, where it
arises (yamlfile.py, loader.py, models.py), with the exact located line `check` prints.

The whole-program view of the same cases (exit code, time and memory per case) is the standing
corpus in tests/hostile/.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import MakeRepo, run_cli
from safetyduty.load import yamlfile
from safetyduty.load.loader import load_repo
from safetyduty.write.record import existing_ids, id_problem

# Written against the English messages; Chinese is the default (SPEC §8).
pytestmark = pytest.mark.usefixtures("english")

AS_OF = "2026-06-30"
X = "records/2026/x.yaml"
TRAINING = "kind: training\ndate: 2026-03-01\ntopic: 消防安全\n"


def check(repo: Path) -> tuple[int, list[str]]:
    result = run_cli("--repo", str(repo), "check", "--as-of", AS_OF)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout.splitlines()[:-1]


# --- the mapping constructor ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("x: !!map [a]\n", "1:4", "YAML tag '!!map' needs a mapping, but found a list"),
        ("!!map x\n", "1:1", "YAML tag '!!map' needs a mapping, but found a single value"),
        ("x: !!set [a]\n", "1:4", "YAML tag '!!set' needs a mapping, but found a list"),
        ("x: !!set x\n", "1:4", "YAML tag '!!set' needs a mapping, but found a single value"),
        ("x: !!timestamp [a]\n", "1:4", "YAML tag '!!timestamp' needs a date, but found a list"),
    ],
)
def test_a_tag_on_the_wrong_kind_of_node_is_located(text: str, where: str, message: str) -> None:
    line, column = (int(n) for n in where.split(":"))
    data, problems = yamlfile.parse(text, "f.yaml")
    assert data is None
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (line, column, "yaml", message)
    ]


@pytest.mark.parametrize("command", ["check", "status", "hazards", "log"])
def test_map_tag_on_a_list_ends_no_command_in_a_traceback(
    make_repo: MakeRepo, command: str
) -> None:
    repo = make_repo({X: TRAINING + "notes: !!map [a]\n"})
    args = {
        "check": ["check", "--as-of", AS_OF],
        "status": ["status", "--as-of", AS_OF],
        "hazards": ["hazards", "--as-of", AS_OF],
        "log": ["log", "training", "--date", "2026-03-02", "--topic", "t", "--dry-run"],
    }[command]
    result = run_cli("--repo", str(repo), *args)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if command != "log":  # log checks only its own record against a loadable repo
        assert (
            f"{X}:4:8: error: YAML tag '!!map' needs a mapping, but found a list" in result.stderr
            or f"{X}:4:8: error: YAML tag '!!map' needs a mapping" in result.stdout
        ), result.output


def test_set_tag_in_people_yaml_is_located(make_repo: MakeRepo) -> None:
    repo = make_repo({"data/people.yaml": "people: !!set [a]\n"})
    assert check(repo) == (
        1,
        ["data/people.yaml:1:9: error: YAML tag '!!set' needs a mapping, but found a list"],
    )
    result = run_cli("--repo", str(repo), "status", "--as-of", AS_OF)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_binary_is_refused_not_decoded(make_repo: MakeRepo) -> None:
    repo = make_repo({X: TRAINING + "notes: !!binary 5raI6Ziy\n"})
    assert check(repo) == (
        1,
        [f"{X}:4:8: error: YAML tag '!!binary' is not allowed; records hold text"],
    )


# --- id patterns anchored at the very end --------------------------------------------------


def test_a_file_name_ending_in_a_newline_is_no_record_id(make_repo: MakeRepo) -> None:
    repo = make_repo({"records/2026/evil\n.yaml": TRAINING})
    code, lines = check(repo)
    assert code == 1
    assert lines == [
        "records/2026/evil\\n.yaml:1:1: error: record id 'evil\\n' (the file name) must be "
        "ASCII letters, digits, '.', '_' or '-'; rename the file"
    ]


def test_an_id_option_ending_in_a_newline_is_refused(make_repo: MakeRepo) -> None:
    assert id_problem("evil\n") is not None
    repo = make_repo()
    result = run_cli(
        "--repo", str(repo), "log", "training", "--date", "2026-03-02", "--topic", "t",
        "--id", "evil\n", "--yes",
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "is not a record id" in result.stderr
    assert not list((repo / "records").rglob("*.yaml"))


def test_a_person_id_ending_in_a_newline_is_refused(make_repo: MakeRepo) -> None:
    people = 'people:\n  - id: "zhang-wei\\n"\n    name: 张伟\n    posts: []\n'
    repo = make_repo(people=people)
    code, lines = check(repo)
    assert code == 1 and any(line.startswith("data/people.yaml:2:") for line in lines), lines


# --- the walk ------------------------------------------------------------------------------


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a folder unreadable to os.walk (the tests run as root, whom chmod does not stop)."""
    refused: set[str] = set()
    scandir = os.scandir

    def guarded(path: Any = ".") -> Iterator[os.DirEntry[str]]:
        if os.fspath(path) in refused:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    return lambda folder: refused.add(os.fspath(folder))


def test_an_unreadable_records_folder_is_an_error(
    make_repo: MakeRepo, unreadable: Callable[[Path], None]
) -> None:
    repo = make_repo({"records/2026/ok.yaml": TRAINING, "records/2025/hidden.yaml": TRAINING})
    unreadable(repo / "records" / "2025")
    assert check(repo) == (
        1,
        [
            "records/2025:1:1: error: cannot read folder: permission denied; its records are "
            "not checked and no new record can be logged until it can be read"
        ],
    )


def test_log_refuses_while_a_records_folder_is_unreadable(
    make_repo: MakeRepo, unreadable: Callable[[Path], None]
) -> None:
    """Was: `log` chose an id without seeing the folder, and could reuse one that is in it."""
    repo = make_repo({"records/2026/2026-03-02-training-t.yaml": TRAINING})
    unreadable(repo / "records" / "2026")
    assert "2026-03-02-training-t" not in existing_ids(repo)
    result = run_cli(
        "--repo", str(repo), "log", "training", "--date", "2026-03-02", "--topic", "t", "--yes"
    )
    assert result.exit_code == 1, result.output
    assert "records/2026:1:1: error: cannot read folder: permission denied" in result.stderr
    assert sorted(p.name for p in (repo / "records" / "2026").iterdir()) == [
        "2026-03-02-training-t.yaml"
    ]


@pytest.mark.parametrize("name", ["x.YAML", "x.Yaml"])
def test_a_yaml_extension_in_capitals_is_a_record(make_repo: MakeRepo, name: str) -> None:
    repo = make_repo({f"records/2026/{name}": TRAINING + "attendees_count: 三十\n"})
    assert check(repo) == (
        1,
        [f"records/2026/{name}:4:18: error: attendees_count: expected a whole number, got '三十'"],
    )
    assert existing_ids(repo) == {"x": f"records/2026/{name}"}


@pytest.mark.parametrize("name", ["x.yml", "x.YML"])
def test_a_yml_extension_in_any_case_is_flagged(make_repo: MakeRepo, name: str) -> None:
    repo = make_repo({f"records/2026/{name}": TRAINING})
    assert check(repo) == (
        1,
        [
            f"records/2026/{name}:1:1: error: record files end in .yaml; "
            "rename it so that it is read"
        ],
    )


def test_the_same_id_in_two_cases_is_a_duplicate(make_repo: MakeRepo) -> None:
    repo = make_repo({"records/2026/x.yaml": TRAINING, "records/2025/x.YAML": TRAINING})
    code, lines = check(repo)
    assert code == 1 and len(lines) == 1 and "duplicate record id 'x'" in lines[0], lines


def test_a_record_linked_from_outside_the_repo_is_refused(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(TRAINING, encoding="utf-8")
    repo = make_repo({"records/2026/ok.yaml": TRAINING})
    (repo / X).symlink_to(outside)
    assert check(repo) == (
        1,
        [
            f"{X}:1:1: error: record is a link to a place outside the repo; records must be "
            "files inside it: copy the file in instead of linking it"
        ],
    )
    loaded, _ = load_repo(repo)
    assert "x" not in loaded.records


def test_a_record_linked_from_inside_the_repo_is_read(make_repo: MakeRepo) -> None:
    repo = make_repo({"evidence/kept.yaml": TRAINING})
    (repo / "records" / "2026").mkdir()
    (repo / X).symlink_to(repo / "evidence" / "kept.yaml")
    assert check(repo) == (0, [])


def test_a_folder_linked_from_outside_is_refused(make_repo: MakeRepo, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "y.yaml").write_text(TRAINING, encoding="utf-8")
    repo = make_repo()
    (repo / "records" / "2025").symlink_to(tmp_path / "elsewhere")
    assert check(repo) == (
        1,
        [
            "records/2025:1:1: error: folder is a link to a place outside the repo; records "
            "must be files inside it: copy the folder in instead of linking it"
        ],
    )


def test_a_folder_linked_from_inside_is_not_walked_twice(make_repo: MakeRepo) -> None:
    repo = make_repo({"records/2026/ok.yaml": TRAINING})
    (repo / "records" / "again").symlink_to(repo / "records" / "2026")
    assert check(repo) == (
        0,
        [
            "records/again:1:1: warning: linked folder is not read (its records are read where "
            "they are in the repo)"
        ],
    )


# --- size cap ------------------------------------------------------------------------------


def test_a_file_over_the_size_cap_is_refused_located(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(yamlfile.MAX_FILE_BYTES_VAR, "1000")
    repo = make_repo({X: TRAINING + "notes: " + "长" * 400 + "\n"})
    assert check(repo) == (
        1,
        [
            f"{X}:1:1: error: file is too large (1,260 bytes; at most 1,000 are read); split it, "
            "or raise the limit with SAFETYDUTY_MAX_FILE_BYTES"
        ],
    )


def test_the_default_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(yamlfile.MAX_FILE_BYTES_VAR, raising=False)
    assert yamlfile.max_file_bytes() == 1024 * 1024
    for nonsense in ("", "0", "-5", "lots"):
        monkeypatch.setenv(yamlfile.MAX_FILE_BYTES_VAR, nonsense)
        assert yamlfile.max_file_bytes() == yamlfile.MAX_FILE_BYTES


# --- stale temporary files -----------------------------------------------------------------


def test_a_stale_temp_file_is_never_read_as_a_record(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            "records/2026/ok.yaml": TRAINING,
            "records/2026/.2026-03-01-training.yaml.ab_c1234.tmp": "kind: trai",
        }
    )
    assert check(repo) == (0, [])
    assert existing_ids(repo) == {"ok": "records/2026/ok.yaml"}
