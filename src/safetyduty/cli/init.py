"""`safetyduty init DIR`: start a new records repo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from safetyduty.cli.common import die, parse_date
from safetyduty.exitcodes import ExitCode
from safetyduty.i18n import _, os_reason


def init(
    folder: Annotated[Path, typer.Argument(help="The folder to create the records repo in.")],
    name: Annotated[
        str | None,
        typer.Option("--name", help="The commission's name (default: the shipped one)."),
    ] = None,
    tracking_start: Annotated[
        str | None,
        typer.Option(
            "--tracking-start",
            metavar="YYYY-MM-DD",
            help="Track obligations from this date (default: the current quarter's first day).",
        ),
    ] = None,
    package: Annotated[
        str | None,
        typer.Option(
            "--package",
            metavar="REQUIREMENT",
            help="What CI installs: a pip requirement, URL or path "
            "(default: safetyduty== this version).",
        ),
    ] = None,
) -> None:
    """Create a new records repo that passes `check`, with a CI workflow and a pre-commit hook.

    Example: safetyduty init ~/安全生产台账
    """
    from safetyduty.load.periods import today
    from safetyduty.write.init import GitInitError, InitError, init_repo

    start = parse_date(tracking_start, "--tracking-start") if tracking_start else None
    try:
        written = init_repo(folder, today(), name=name, tracking_start=start, package=package)
    except InitError as exc:
        die(str(exc))
    except GitInitError as exc:
        die(
            _(
                "the repo's files are written in {folder}, but it is not a git repository: "
                "{reason}; fix or remove {git}, then run `git init` there (the pre-commit hook "
                "is not installed)",
                folder=folder,
                reason=exc,
                git=folder / ".git",
            ),
            ExitCode.PROBLEMS,
        )
    except OSError as exc:
        die(
            _(
                "cannot create the repo in {folder}: {reason}",
                folder=folder,
                reason=os_reason(exc),
            ),
            ExitCode.PROBLEMS,
        )
    for path in written:
        typer.echo(_("created {path}", path=path))
    typer.echo(
        _(
            "next: list your leaders in {people}, then `safetyduty --repo {folder} check`",
            people=folder / "data" / "people.yaml",
            folder=folder,
        )
    )
