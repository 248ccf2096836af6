"""`safetyduty status`: which obligations are met, due and overdue, for whom."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from safetyduty.cli.common import die, exit_for, load, parse_date, print_problems, settings


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class StateName(StrEnum):
    met = "met"
    late = "late"
    overdue = "overdue"
    due = "due"
    upcoming = "upcoming"
    waived = "waived"


def status(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Evaluate as of this date (default today).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Only this period: 2026Q1, 2026H1 or 2026 (obligations due within it), "
            "or an exact key like 2026-national-day.",
        ),
    ] = None,
    holder: Annotated[
        str | None,
        typer.Option(
            "--holder", help="Only this holder: a person, section or role id, or commission."
        ),
    ] = None,
    duty: Annotated[str | None, typer.Option("--duty", help="Only this duty id.")] = None,
    state: Annotated[
        list[StateName] | None,
        typer.Option("--state", help="Only obligations in this state (repeatable)."),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Every obligation from tracking start to the end of the year."),
    ] = False,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", help="table, json or csv (UTF-8 with BOM).")
    ] = StatusFormat.table,
) -> None:
    """Show which obligations are met, due or overdue, and for whom.

    By default: the current period's obligations and every overdue one since tracking start.

    Example: safetyduty status --as-of 2026-10-08 --state overdue
    """
    from safetyduty.reports.select import Filters, check_filters, select
    from safetyduty.rules.engine import evaluate

    lang = settings(ctx).lang
    day = parse_date(as_of)
    repo, problems = load(ctx, day, evaluating=True)
    evaluation = evaluate(repo, day)
    print_problems(evaluation.problems)
    filters = Filters(
        period=period,
        holder=holder,
        duty=duty,
        states=tuple(s.value for s in state or ()),
        show_all=show_all,
    )
    try:
        check_filters(repo, filters, evaluation.obligations)
    except LookupError as exc:
        die(str(exc))
    chosen = select(repo, evaluation.obligations, day, filters)
    if fmt is StatusFormat.json:
        from safetyduty.reports.render.formats import dumps_json

        payload = {"as_of": day.isoformat(), "obligations": [o.as_dict() for o in chosen]}
        typer.echo(dumps_json(payload), nl=False)
    elif fmt is StatusFormat.csv:
        from safetyduty.reports.render.status import csv_text

        typer.echo(csv_text(repo, chosen, day, lang), nl=False)
    else:
        from safetyduty.reports.render.formats import console
        from safetyduty.reports.render.status import status_table

        console().print(status_table(repo, chosen, day, lang))
    exit_for(problems)
