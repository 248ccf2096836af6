"""`safetyduty init`: a new records repo that passes `check`, with CI and a pre-commit hook.

Nothing that exists is overwritten: every file is created exclusively, and an existing records
repo is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
import stat
import subprocess
import sys
from importlib import resources
from pathlib import Path

from safetyduty import __version__
from safetyduty.i18n import _
from safetyduty.load.periods import containing
from safetyduty.load.repo import shipped_path
from safetyduty.write.atomic import write_atomic


class InitError(Exception):
    """The folder cannot become a new records repo; the message says why."""


class GitInitError(Exception):
    """The repo's files are written, but git would not make the folder a repository (a broken
    `.git` there, say); the message says what git said."""


def _skeleton(name: str) -> bytes:
    return (resources.files("safetyduty.write") / "skeleton" / name).read_bytes()


def init_repo(
    folder: Path,
    today: dt.date,
    *,
    name: str | None = None,
    tracking_start: dt.date | None = None,
    package: str | None = None,
    command: str | None = None,
) -> list[Path]:
    """Create a records repo in `folder` and return the files written.

    Obligations are tracked from `tracking_start`, by default the first day of the current
    quarter (in the repo's own data/sections.yaml), so a new repo does not start with a year of
    overdue duties it never knew about. `name` is the commission's name there. The CI
    workflows install `package` (default: this version of safetyduty); the git hook runs
    `command` (default: the safetyduty that is running, by its absolute path).
    """
    if (folder / "data" / "people.yaml").exists() or (folder / "records").exists():
        raise InitError(_("{folder} is a records repo already; nothing was written", folder=folder))
    if folder.exists() and not folder.is_dir():
        raise InitError(_("{folder} exists and is not a folder", folder=folder))
    start = tracking_start or containing("quarter", today).start
    sections = shipped_path("sections.yaml").read_text(encoding="utf-8")
    sections = _set_line(sections, "  tracking_start: ", start.isoformat())
    if name:
        sections = _set_line(sections, "  name: ", json.dumps(name, ensure_ascii=False))
    requirement = (package or f"safetyduty=={__version__}").encode("utf-8")
    files = {
        "data/people.yaml": _skeleton("people.yaml"),
        "data/sections.yaml": sections.encode("utf-8"),
        "records/.gitkeep": b"",
        "evidence/.gitkeep": b"",
        "README.md": _skeleton("README.md"),
        ".github/workflows/safetyduty.yml": _skeleton("workflow.yml").replace(
            b"@PACKAGE@", requirement
        ),
        ".gitlab-ci.yml": _skeleton("gitlab-ci.yml").replace(b"@PACKAGE@", requirement),
        ".pre-commit-config.yaml": _skeleton("pre-commit-config.yaml"),
        ".gitignore": _skeleton("gitignore"),
    }
    written = []
    for name, data in files.items():
        path = folder / name
        if path.exists():
            continue  # an existing README or workflow is the user's; keep it
        write_atomic(path, data)
        written.append(path)
    written += _git_init(folder, command or running_command())
    return written


def _set_line(text: str, marker: str, value: str) -> str:
    """`text` with its first line starting with `marker` ending in `value` instead."""
    line = next(line for line in text.splitlines() if line.startswith(marker))
    return text.replace(line, f"{marker}{value}", 1)


def running_command() -> str:
    """The running safetyduty as a shell command with absolute paths: its console script when
    that is what runs, else this Python running the package (`python -m safetyduty`)."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "safetyduty" and script.is_file():
        return shlex.quote(str(script.resolve()))
    return f"{shlex.quote(sys.executable)} -m safetyduty"


def _git_init(folder: Path, command: str) -> list[Path]:
    """Make the folder a git repository of its own (if git is there and it is not the top of
    one already) with the pre-commit hook installed.

    A folder inside another repository becomes a nested repository: the records repo's CI
    workflow and hook only work at the top of a repository, and the enclosing repository's
    `.git/hooks` is not ours to change (a hook there would run `safetyduty check` on every
    commit of that project, and fail it)."""
    git = shutil.which("git")
    if git is None:
        return []
    top = subprocess.run(
        [git, "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, text=True
    )
    if top.returncode != 0 or not _same_folder(Path(top.stdout.strip()), folder):
        _git(git, "init", "-q", str(folder))
    git_dir = _git(git, "-C", str(folder), "rev-parse", "--absolute-git-dir").strip()
    hook = Path(git_dir) / "hooks" / "pre-commit"
    if hook.exists():
        return []
    write_atomic(hook, _skeleton("pre-commit").replace(b"@SAFETYDUTY@", command.encode("utf-8")))
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return [hook]


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _git(git: str, *args: str) -> str:
    """What git prints; GitInitError with git's last words when it fails."""
    done = subprocess.run([git, *args], capture_output=True, text=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise GitInitError(_("git refused: {said}", said=said[-1] if said else done.returncode))
    return done.stdout
