"""`safetyduty summary` and `safetyduty hazards`: the printable summary, and the hazard ledger.

Both are thin: parse the options, load, evaluate, hand the core's structure to one renderer.
The engine, the holiday calendar and Jinja2 are imported only when a command runs.
"""

from __future__ import annotations

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
    print_report,
    settings,
    write_binary,
    write_output,
)


class SummaryFormat(StrEnum):
    table = "table"
    md = "md"
    html = "html"
    json = "json"
    docx = "docx"
    xlsx = "xlsx"


class HazardsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class GradeName(StrEnum):
    general = "general"
    major = "major"


AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="As of this date (YYYY-MM-DD; default today)."),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (whole, atomically) instead of standard output.",
        dir_okay=False,
    ),
]


def summary(
    ctx: typer.Context,
    period: Annotated[
        str,
        typer.Argument(
            metavar="PERIOD", help="A quarter (2026Q1), a half-year (2026H1) or a year (2026)."
        ),
    ],
    as_of: AsOf = None,
    fmt: Annotated[
        SummaryFormat,
        typer.Option(
            "--format",
            help="table (terminal), md (Markdown), html (one file, prints on A4), json, "
            "docx (a 公文 in the GB/T 9704 layout) or xlsx (one sheet per table); "
            "docx and xlsx need --output.",
        ),
    ] = SummaryFormat.table,
    output: Output = None,
) -> None:
    """Print the summary of a quarter, half-year or year, to report upward and sign off.

    Obligations met and missed per holder, compliance rate, activities, hazards and accidents.

    Example: safetyduty summary 2026Q3 --as-of 2026-10-08 --format html -o 2026Q3.html
    """
    from safetyduty.reports import summary as core
    from safetyduty.reports.render import summary as view
    from safetyduty.rules.engine import evaluate

    lang = settings(ctx).lang
    if fmt in (SummaryFormat.docx, SummaryFormat.xlsx):
        output = need_output(fmt.value, output, lang)
    day = parse_date(as_of)
    try:
        span = core.summary_period(period, day)
    except core.SummaryError as exc:
        die(str(exc))
    repo, problems = load(ctx, day)
    evaluation = evaluate(repo, day)
    print_problems(evaluation.problems)
    report = core.build_summary(repo, evaluation, span, day, lang)

    def docx() -> bytes:
        from safetyduty.reports.render.docx import docx_bytes
        from safetyduty.reports.render.summary_office import summary_document

        return docx_bytes(summary_document(report))

    def xlsx() -> bytes:
        from safetyduty.reports.render.summary_office import summary_tables
        from safetyduty.reports.render.xlsx import xlsx_bytes

        return xlsx_bytes(summary_tables(report), lang)

    print_report(
        fmt,
        output,
        blocks=lambda: view.rich_blocks(report),
        text={
            "table": lambda: view.to_text(report),
            "md": lambda: view.to_markdown(report),
            "html": lambda: view.to_html(report),
            "json": lambda: view.to_json(report),
        },
        binary={"docx": docx, "xlsx": xlsx},
    )
    exit_for(problems)


def hazards(
    ctx: typer.Context,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only hazards not rectified yet (open or overdue).")
    ] = False,
    section: Annotated[
        str | None,
        typer.Option(
            "--section", help="Only this section's hazards (a section id, or commission)."
        ),
    ] = None,
    grade: Annotated[
        GradeName | None, typer.Option("--grade", help="Only this grade: general or major.")
    ] = None,
    as_of: AsOf = None,
    fmt: Annotated[
        HazardsFormat,
        typer.Option(
            "--format",
            help="table, json, csv (UTF-8 with BOM, for Excel) or xlsx (needs --output).",
        ),
    ] = HazardsFormat.table,
    output: Output = None,
) -> None:
    """List the hazard ledger (隐患台账): one row per hazard, most urgent first.

    Overdue hazards first, then open ones by deadline, then those rectified late, then the rest.

    Example: safetyduty hazards --open --section chemical-pharma --format csv -o hazards.csv
    """
    from safetyduty.i18n import t
    from safetyduty.reports import hazards as hazardlog
    from safetyduty.reports.render import hazards as hazard_view
    from safetyduty.reports.render.formats import plain_text

    lang = settings(ctx).lang
    if fmt is HazardsFormat.xlsx:
        output = need_output(fmt.value, output, lang)
    day = parse_date(as_of)
    repo, problems = load(ctx, day)
    if section is not None:
        try:
            hazardlog.check_section(repo, section)
        except LookupError as exc:
            die(str(exc))
    rows = hazardlog.select_rows(
        hazardlog.ledger(repo, day, lang),
        open_only=open_only,
        section=section,
        grade=grade.value if grade else None,
    )
    if fmt is HazardsFormat.json:
        write_output(hazard_view.ledger_json(rows, day), output)
    elif fmt is HazardsFormat.csv:
        from safetyduty.reports.render.formats import table_csv
        from safetyduty.reports.render.office import hazard_sheet

        write_output(table_csv(hazard_sheet(repo, rows, lang), lang), output)
    elif fmt is HazardsFormat.xlsx and output is not None:
        from safetyduty.reports.render.office import hazard_sheet
        from safetyduty.reports.render.xlsx import xlsx_bytes

        write_binary(xlsx_bytes([hazard_sheet(repo, rows, lang)], lang), output)
    else:
        from safetyduty.reports.render.formats import console

        commission = repo.commission.name_en if lang == "en" else repo.commission.name
        title = f"{commission} · {t('hz_title', lang)}"
        table = hazard_view.ledger_table(rows, day, title, lang)
        if output is None:
            console().print(table)
        else:
            write_output(plain_text([table]), output)
    exit_for(problems)
