"""`safetyduty init DIR`: start a new records repo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from safetyduty.cli.common import die
from safetyduty.exitcodes import ExitCode


def init(
    folder: Annotated[Path, typer.Argument(help="The folder to create the records repo in.")],
) -> None:
    """Create a new records repo that passes `check`, with a CI workflow and a pre-commit hook.

    Example: safetyduty init ~/安全生产台账
    """
    from safetyduty.load.periods import today
    from safetyduty.write.init import GitInitError, InitError, init_repo

    try:
        written = init_repo(folder, today())
    except InitError as exc:
        die(str(exc))
    except GitInitError as exc:
        die(
            f"the repo's files are written in {folder}, but it is not a git repository: {exc}; "
            f"fix or remove {folder / '.git'}, then run `git init` there (the pre-commit hook "
            "is not installed)",
            ExitCode.PROBLEMS,
        )
    except OSError as exc:
        die(f"cannot create the repo in {folder}: {exc.strerror or exc}", ExitCode.PROBLEMS)
    for path in written:
        typer.echo(f"created {path}")
    typer.echo(
        f"next: list your leaders in {folder / 'data' / 'people.yaml'}, then "
        f"`safetyduty --repo {folder} check`"
    )
