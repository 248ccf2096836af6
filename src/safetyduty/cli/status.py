"""`safetyduty status`: which obligations are met, due and overdue, for whom."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from safetyduty.cli.common import (
    die,
    exit_for,
    load,
    need_output,
    parse_date,
    print_problems,
    settings,
    write_binary,
    write_output,
)
from safetyduty.i18n import _


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


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
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only obligations whose state changed between this date and --as-of "
            "(JSON adds previous_state).",
        ),
    ] = None,
    fmt: Annotated[
        StatusFormat,
        typer.Option(
            "--format", help="table, json, csv (UTF-8 with BOM) or xlsx (needs --output)."
        ),
    ] = StatusFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file (whole, atomically); needed for xlsx.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Show which obligations are met, due or overdue, and for whom.

    By default: the current period's obligations and every overdue one since tracking start.

    Example: safetyduty status --as-of 2026-10-08 --state overdue --since 2026-10-01
    """
    from safetyduty.reports.select import Filters, check_filters, select
    from safetyduty.rules.engine import evaluate

    lang = settings(ctx).lang
    if fmt is StatusFormat.xlsx:
        output = need_output(fmt.value, output, lang)
    day = parse_date(as_of)
    earlier = parse_date(since, "--since") if since is not None else None
    if earlier is not None and earlier > day:
        die(_("--since {since} is after --as-of {day}", since=earlier, day=day))
    repo, problems = load(ctx, day, evaluating=True)
    evaluation = evaluate(repo, day)
    print_problems(evaluation.problems)
    filters = Filters(
        period=period,
        holder=holder,
        duty=duty,
        states=tuple(s.value for s in state or ()),
        # what changed is looked for among every obligation, not only the current period's
        show_all=show_all or earlier is not None,
    )
    try:
        filters = check_filters(repo, filters, evaluation.obligations)
    except LookupError as exc:
        die(str(exc))
    chosen = select(repo, evaluation.obligations, day, filters)
    found = None
    previous = None
    if earlier is not None:
        from safetyduty.reports.changes import changes

        before = evaluate(repo, earlier, until=dt.date(day.year, 12, 31))
        found = changes(before.obligations, chosen)
        chosen = [c.obligation for c in found]
        previous = {c.key: c.previous_state for c in found}
    if fmt is StatusFormat.json:
        from safetyduty.reports.render.formats import dumps_json

        payload: dict[str, object] = {"as_of": day.isoformat()}
        if found is not None and earlier is not None:
            payload["since"] = earlier.isoformat()
            payload["obligations"] = [c.as_dict() for c in found]
        else:
            payload["obligations"] = [o.as_dict() for o in chosen]
        write_output(dumps_json(payload), output)
    elif fmt is StatusFormat.csv:
        from safetyduty.reports.render.formats import table_csv
        from safetyduty.reports.render.office import status_sheet

        sheet = status_sheet(repo, chosen, day, lang, previous=previous)
        write_output(table_csv(sheet, lang), output)
    elif fmt is StatusFormat.xlsx and output is not None:
        from safetyduty.reports.render.office import status_sheet
        from safetyduty.reports.render.xlsx import xlsx_bytes

        sheet = status_sheet(repo, chosen, day, lang, previous=previous)
        write_binary(xlsx_bytes([sheet], lang), output)
    else:
        from safetyduty.reports.render.formats import console, plain_text
        from safetyduty.reports.render.status import status_table

        if output is None:
            screen = console()
            screen.print(status_table(repo, chosen, day, lang, previous, width=screen.width))
        else:
            table = status_table(repo, chosen, day, lang, previous=previous)
            write_output(plain_text([table]), output)
    exit_for(problems)
