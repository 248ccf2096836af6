"""`safetyduty calendar`: upcoming due dates, on screen, as JSON or as an .ics file."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from safetyduty.cli.common import die, exit_for, load, parse_date, print_problems, settings
from safetyduty.exitcodes import ExitCode


class CalendarFormat(StrEnum):
    table = "table"
    json = "json"


def calendar(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD; default the as-of date).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day (YYYY-MM-DD; default 90 days on).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Evaluate as of this date (default --from, else today)."),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write the due dates to this iCalendar file."),
    ] = None,
    remind: Annotated[
        int,
        typer.Option(
            "--remind", help="Each .ics event reminds this many days before its due date."
        ),
    ] = 3,
    fmt: Annotated[
        CalendarFormat, typer.Option("--format", help="table or json.")
    ] = CalendarFormat.table,
) -> None:
    """List the due dates of obligations not yet met, one event per duty and period.

    Example: safetyduty calendar --to 2026-12-31 --ics duties.ics --remind 3
    """
    from safetyduty.i18n import _, os_reason, t
    from safetyduty.reports.calendar import events, rows, to_ics, upcoming
    from safetyduty.reports.render.formats import Column, console, dumps_json, rich_table
    from safetyduty.rules.engine import evaluate

    lang = settings(ctx).lang
    if start is None and as_of is not None:
        day = parse_date(as_of)
        first = day
    else:
        first = parse_date(start, "--from")
        day = parse_date(as_of) if as_of is not None else first
    last = parse_date(end, "--to") if end else first + dt.timedelta(days=90)
    if last < first:
        die(_("--to {last} is before --from {first}", last=last, first=first))
    if not 0 <= remind <= 366:
        die(_("--remind: {days} is not a number of days from 0 to 366", days=remind))
    repo, problems = load(ctx, day, evaluating=True)
    evaluation = evaluate(repo, day, until=last)
    print_problems(evaluation.problems)
    found = events(repo, upcoming(evaluation.obligations, first, last))
    table_rows = rows(repo, found, lang, remind)
    if fmt is CalendarFormat.json:
        payload = {
            "as_of": day.isoformat(),
            "from": first.isoformat(),
            "to": last.isoformat(),
            "remind_days": remind,
            "events": table_rows,
        }
        typer.echo(dumps_json(payload), nl=False)
    else:
        columns = [
            Column("due", t("due_date", lang), no_wrap=True, state_key="state"),
            Column("duty_name", t("duty", lang)),
            Column("holders_label", t("holder", lang)),
            Column("period_name", t("period", lang)),
            Column("window_start", t("window_start", lang), no_wrap=True),
            Column("state_name", t("state", lang), no_wrap=True, state_key="state"),
            Column("remind_on", t("cal_remind_on", lang), no_wrap=True),
        ]
        title = f"{first} — {last}"
        caption = f"{t('total', lang)} {len(found)}" if found else t("no_obligations", lang)
        console().print(rich_table(columns, table_rows, title=title, caption=caption))
    if ics is not None:
        from safetyduty.write.atomic import write_atomic

        try:
            write_atomic(ics, to_ics(repo, found, lang, day, remind), overwrite=True)
        except OSError as exc:
            # Like every other file a command cannot write (common.write_output): not a usage
            # error, the disk refused.
            die(
                _("cannot write {path}: {reason}", path=ics, reason=os_reason(exc)),
                ExitCode.PROBLEMS,
            )
        typer.echo(str(ics), err=True)
    exit_for(problems)
