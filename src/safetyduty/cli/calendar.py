"""`safetyduty calendar`: upcoming due dates, on screen or as an .ics file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from safetyduty.cli.common import die, exit_for, load, parse_date, print_problems, settings


def calendar(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD; default today).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day (YYYY-MM-DD; default 90 days on).")
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write the due dates to this iCalendar file."),
    ] = None,
) -> None:
    """List the due dates of obligations not yet met, from a day to another.

    Example: safetyduty calendar --to 2026-12-31 --ics duties.ics
    """
    from safetyduty.i18n import t
    from safetyduty.reports.calendar import rows, to_ics, upcoming
    from safetyduty.reports.render.formats import Column, console, rich_table
    from safetyduty.rules.engine import evaluate

    lang = settings(ctx).lang
    first = parse_date(start, "--from")
    last = parse_date(end, "--to") if end else first + dt.timedelta(days=90)
    if last < first:
        die(f"--to {last} is before --from {first}")
    repo, problems = load(ctx, first, evaluating=True)
    evaluation = evaluate(repo, first, until=last)
    print_problems(evaluation.problems)
    chosen = upcoming(evaluation.obligations, first, last)
    columns = [
        Column("due", t("due_date", lang), no_wrap=True, state_key="state_key"),
        Column("duty", t("duty", lang)),
        Column("holder", t("holder", lang)),
        Column("period", t("period", lang)),
        Column("window_start", t("window_start", lang), no_wrap=True),
        Column("state", t("state", lang), no_wrap=True, state_key="state_key"),
    ]
    title = f"{first} — {last}"
    caption = f"{t('total', lang)} {len(chosen)}" if chosen else t("no_obligations", lang)
    console().print(rich_table(columns, rows(repo, chosen, lang), title=title, caption=caption))
    if ics is not None:
        from safetyduty.write.atomic import write_atomic

        try:
            write_atomic(ics, to_ics(repo, chosen, lang, first), overwrite=True)
        except OSError as exc:
            die(f"cannot write {ics}: {exc.strerror or exc}")
        typer.echo(str(ics), err=True)
    exit_for(problems)
