"""`safetyduty check`: validate every data and record file and every reference."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from safetyduty.cli.common import load, parse_date, settings
from safetyduty.exitcodes import ExitCode


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class FailOn(StrEnum):
    overdue = "overdue"


def check(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Evaluate as of this date (YYYY-MM-DD; default today)."),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Also exit 1 when any obligation is overdue."),
    ] = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", help="text (gcc style), json or github annotations.")
    ] = CheckFormat.text,
) -> None:
    """Validate every data and record file and every reference; report every problem.

    Example: safetyduty check --format github --fail-on overdue
    """
    from safetyduty.i18n import t, tn
    from safetyduty.load.problems import Severity, has_errors
    from safetyduty.load.repo import SHIPPED_PREFIX
    from safetyduty.reports.render.formats import dumps_json

    day = parse_date(as_of)
    repo, problems = load(ctx, day, report=False)
    data_files = set(repo.data_paths.values())
    overdue = 0
    if not has_errors(p for p in problems if p.path in data_files):
        from safetyduty.reports.select import overdue_problems
        from safetyduty.rules.engine import evaluate

        evaluation = evaluate(repo, day)
        problems += evaluation.problems
        if fail_on is FailOn.overdue:
            found = overdue_problems(repo, evaluation.obligations, settings(ctx).lang)
            overdue = len(found)
            problems += found
        problems.sort()
    if fmt is CheckFormat.json:
        typer.echo(dumps_json({"problems": [p.as_dict() for p in problems]}), nl=False)
    elif fmt is CheckFormat.github:
        for problem in problems:
            if problem.path.startswith(SHIPPED_PREFIX):
                # GitHub annotates files of the repository only: a shipped file's problem is
                # an annotation of the run, naming where it is.
                where = f"{problem.path}:{problem.line}:{problem.column}"
                typer.echo(f"::{problem.severity}::{_escape(f'{where}: {problem.message}')}")
                continue
            typer.echo(
                f"::{problem.severity} file={_escape_property(problem.path)},"
                f"line={problem.line},col={problem.column}::{_escape(problem.message)}"
            )
    else:
        for problem in problems:
            typer.echo(problem.gcc())
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        files = len(repo.record_files) + len(repo.data_paths)
        summary = t(
            "{errors}, {warnings} in {files} files",
            errors=tn("{n} error", "{n} errors", errors),
            warnings=tn("{n} warning", "{n} warnings", warnings),
            files=files,
        )
        if fail_on is FailOn.overdue:
            summary += t(
                " ({overdue})",
                overdue=tn("{n} overdue obligation", "{n} overdue obligations", overdue),
            )
        typer.echo(summary)
    if has_errors(problems):
        raise typer.Exit(int(ExitCode.PROBLEMS))


def _escape(message: str) -> str:
    # GitHub workflow commands need these escaped in the message part; a terminal escape in a
    # file name or a value would be obeyed by the log viewer, so controls are shown (one_line).
    from safetyduty.load.problems import one_line

    text = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return one_line(text)


def _escape_property(value: str) -> str:
    # ... and these too in a property value (a file name may hold ',' or ':').
    return _escape(value).replace(":", "%3A").replace(",", "%2C")
