"""`safetyduty assess YEAR`: the yearly performance assessment (履职考核, SPEC §10).

Thin: parse the options, load, evaluate, run the assessment rules, hand the core's structure to
one renderer. The engine and Jinja2 are imported only when the command runs.
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
)


class AssessFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    html = "html"
    docx = "docx"
    xlsx = "xlsx"


def assess(
    ctx: typer.Context,
    year: Annotated[str, typer.Argument(metavar="YEAR", help="The year to assess (2026).")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="As of this date (YYYY-MM-DD; default today)."),
    ] = None,
    fmt: Annotated[
        AssessFormat,
        typer.Option(
            "--format",
            help="table (terminal), json, md (Markdown), html (one file, prints on A4), "
            "docx (a 公文 in the GB/T 9704 layout) or xlsx (one sheet per table); "
            "docx and xlsx need --output.",
        ),
    ] = AssessFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (whole, atomically) instead of standard output.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Score every leader and section for a year (履职考核): deductions, grade, veto, bar.

    Each missed or late obligation costs points (data/assessment.yaml); a serious 责任事故
    vetoes the year (一票否决); people primarily responsible for an accident are barred from
    promotion.

    Example: safetyduty assess 2026 --as-of 2026-12-31 --format html -o 2026-assessment.html
    """
    from safetyduty.reports import assess as core
    from safetyduty.reports.render import assess as view
    from safetyduty.rules.engine import evaluate, findings

    lang = settings(ctx).lang
    if fmt in (AssessFormat.docx, AssessFormat.xlsx):
        output = need_output(fmt.value, output, lang)
    day = parse_date(as_of)
    try:
        span = core.assessment_year(year, day)
    except core.AssessError as exc:
        die(str(exc))
    repo, problems = load(ctx, day, evaluating=True)
    # Only the year: assessing 2026 in January 2027 owes nothing to 2027's holiday calendar.
    evaluation = evaluate(repo, day, through=span.end)
    found, rule_problems = findings(repo, int(span.key), day)
    print_problems(sorted({*evaluation.problems, *rule_problems}))
    try:
        report = core.build_assessment(repo, evaluation, found, span, day, lang)
    except core.AssessError as exc:
        die(str(exc))

    def docx() -> bytes:
        from safetyduty.reports.render.assess_office import assess_document
        from safetyduty.reports.render.docx import docx_bytes

        return docx_bytes(assess_document(report))

    def xlsx() -> bytes:
        from safetyduty.reports.render.assess_office import assess_tables
        from safetyduty.reports.render.xlsx import xlsx_bytes

        return xlsx_bytes(assess_tables(report), lang)

    print_report(
        fmt,
        output,
        blocks=lambda: view.rich_blocks(report),
        text={
            "table": lambda: view.to_text(report),
            "json": lambda: view.to_json(report),
            "md": lambda: view.to_markdown(report),
            "html": lambda: view.to_html(report),
        },
        binary={"docx": docx, "xlsx": xlsx},
    )
    exit_for(problems)
