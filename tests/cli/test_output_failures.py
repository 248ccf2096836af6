"""A standard output that fails (a full device, a closed pipe) and a file that cannot be written
end in one clean line and exit 1, never in a traceback (issue 11).

These run the real program in a subprocess: the failure is the operating system's, at the
moment Python flushes its buffer, which an in-process runner cannot reproduce.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MakeRepo, run_cli

AS_OF = "2026-06-30"
HAZARD = (
    "kind: hazard\ndate: 2026-03-02\ntitle: 线路老化\nsection: power\ndescription: 线路老化\n"
    "grade: general\nrectify_by: 2026-03-20\n"
)

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


def _run(repo: Path, args: list[str], stdout: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "safetyduty", "--repo", str(repo), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
    )


@pytest.mark.parametrize(
    ("args", "lang_line"),
    [
        (
            ["check", "--as-of", AS_OF],
            "safetyduty: 错误: 无法写入标准输出：磁盘空间已满",
        ),
        (["status", "--all", "--as-of", AS_OF], None),
        (
            ["--lang", "en", "hazards", "--as-of", AS_OF],
            "safetyduty: error: cannot write to standard output: no space left on the disk",
        ),
    ],
)
def test_stdout_on_a_full_device(
    make_repo: MakeRepo, args: list[str], lang_line: str | None
) -> None:
    repo = make_repo({"records/2026/h.yaml": HAZARD})
    with open("/dev/full", "wb") as full:
        process = _run(repo, args, full.fileno())
        _, err = process.communicate(timeout=60)
    stderr = err.decode()
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = stderr.splitlines()
    assert lines[-1].startswith(("safetyduty: 错误: ", "safetyduty: error: ")), stderr
    if lang_line:
        assert lines[-1] == lang_line


def test_stdout_a_pipe_closed_by_its_reader(make_repo: MakeRepo) -> None:
    """`safetyduty status | head -1`: the reader went away; exit 1, quietly, no traceback."""
    repo = make_repo({"records/2026/h.yaml": HAZARD})
    read_end, write_end = os.pipe()
    os.close(read_end)  # before the program writes anything
    try:
        process = _run(repo, ["status", "--all", "--as-of", AS_OF], write_end)
    finally:
        os.close(write_end)
    _, err = process.communicate(timeout=60)
    stderr = err.decode()
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert "standard output" not in stderr  # nothing to say: the reader closed it


@pytest.mark.usefixtures("english")
def test_calendar_ics_on_a_full_disk_exits_1(make_repo: MakeRepo) -> None:
    """Was: exit 2, as if the command line were wrong."""
    repo = make_repo({"records/2026/h.yaml": HAZARD})
    result = run_cli("--repo", str(repo), "calendar", "--from", "2026-03-01", "--ics", "/dev/full")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == (
        "safetyduty: error: cannot write /dev/full: no space left on the disk"
    )


@pytest.mark.usefixtures("english")
def test_summary_output_to_a_full_disk_exits_1(make_repo: MakeRepo) -> None:
    repo = make_repo({"records/2026/h.yaml": HAZARD})
    args = ("summary", "2026Q1", "--as-of", AS_OF, "--format", "md", "-o", "/dev/full")
    result = run_cli("--repo", str(repo), *args)
    assert result.exit_code == 1, result.output
    assert "cannot write /dev/full: no space left on the disk" in result.stderr
