"""`safetyduty import FILE`: an existing Excel or CSV ledger (台账) in, one record per row.

Thin: read the file (`load.ledger`), plan every row (`write.ledger_import`, which checks each
as `log` does), print the problems located at their cells, then print (`--dry-run`) or write
every record — or, when any row is wrong, none.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from safetyduty.cli.common import confirm, die, load, settings
from safetyduty.exitcodes import ExitCode


def import_ledger(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The ledger: an .xlsx workbook or a .csv file."),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="The kind of record each row is (hazard, meeting, …); default: told by the "
            "sheet's name or its header.",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The sheet to read (default: the first).")
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=field",
            help="Read this column (its header, or its letter) as this field; repeatable.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the records as YAML; write nothing.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Write without asking for confirmation.")
    ] = False,
) -> None:
    """Import a ledger (台账) from Excel or CSV: one record per row, all rows or none.

    Columns are matched to fields by name, by the headers the xlsx exports use, or by --map;
    each row is checked as `log` checks a record before anything is written.

    Example: safetyduty import 隐患台账.xlsx --kind hazard --map 整改时限=rectify_by --dry-run
    """
    from safetyduty.i18n import os_reason, t, tn
    from safetyduty.load.ledger import LedgerError, read_ledger
    from safetyduty.write import ledger_import as core

    lang = settings(ctx).lang
    try:
        ledger = read_ledger(file, sheet, lang, shown=str(file))
    except LedgerError as exc:
        die(str(exc))
    repo, loaded = load(ctx, report=False)
    try:
        plan = core.plan_import(repo, loaded, ledger, kind=kind, maps=maps or [], lang=lang)
    except core.ImportError_ as exc:
        die(str(exc))
    typer.echo(
        tn(
            "{file}: {sheet}, {kind}, {n} row",
            "{file}: {sheet}, {kind}, {n} rows",
            len(plan.rows),
            lang,
            file=file,
            sheet=ledger.name,
            kind=plan.kind,
        ),
        err=True,
    )
    if plan.ignored:
        shown = ", ".join(f"{header} ({letter}){why}" for header, letter, why in plan.ignored)
        typer.echo(t("im_ignored", lang, columns=shown), err=True)
    for problem in plan.problems:
        typer.echo(problem.text(), err=True)
    if plan.errors:
        typer.echo(t("im_nothing_written", lang, n=len(plan.errors)), err=True)
        raise typer.Exit(int(ExitCode.PROBLEMS))
    if dry_run:
        typer.echo(core.dry_run_text(plan), nl=False)
        return
    if sys.stdin.isatty() and sys.stdout.isatty() and not yes:
        if not confirm(
            tn("Write {n} record?", "Write {n} records?", len(plan.rows), lang), default=True
        ):
            typer.echo(t("lg_cancelled", lang), err=True)
            raise typer.Exit(int(ExitCode.PROBLEMS))
    try:
        written = core.write_plan(repo.root, plan)
    except OSError as exc:
        die(
            t("im_write_failed", lang, path=exc.filename or repo.root, reason=os_reason(exc, lang)),
            ExitCode.PROBLEMS,
        )
    for record_id, display in written:
        typer.echo(f"{record_id} {display}")
    typer.echo(tn("{n} record written", "{n} records written", len(written), lang), err=True)
