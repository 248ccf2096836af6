"""`safetyduty duties` and `safetyduty who`: the duty matrix, and who answers for an industry."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from safetyduty.cli.common import die, exit_for, load, parse_date, settings


class MatrixFormat(StrEnum):
    table = "table"
    json = "json"


def duties(
    ctx: typer.Context,
    holder: Annotated[
        str | None,
        typer.Option(
            "--holder",
            help="Only duties of this holder: a role, body, section or person id "
            "(a section also gets the duties of all sections).",
        ),
    ] = None,
    industry: Annotated[
        str | None,
        typer.Option(
            "--industry", help="Only duties of the section that supervises this industry."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="For a person --holder: their posts on this date (default today)."
        ),
    ] = None,
    fmt: Annotated[
        MatrixFormat, typer.Option("--format", help="table or json.")
    ] = MatrixFormat.table,
) -> None:
    """List the duty matrix: every duty of the source document, with its rule if it has one.

    Example: safetyduty duties --holder chemical-pharma
    """
    from safetyduty.reports.duties import duties_for, holders_of
    from safetyduty.reports.render.formats import Column, console, dumps_json, rich_table

    lang = settings(ctx).lang
    day = parse_date(as_of)
    repo, problems = load(ctx, day)
    try:
        wanted = holders_of(repo, holder=holder, industry=industry, day=day)
    except LookupError as exc:
        die(str(exc))
    selected = duties_for(repo, wanted)
    if fmt is MatrixFormat.json:
        payload = {
            "duties": [
                {
                    "id": d.id,
                    "holder": d.holder,
                    "text": d.text,
                    "text_en": d.text_en,
                    "source": d.source,
                    "basis": d.basis,
                    "rule": d.rule.model_dump(mode="json") if d.rule else None,
                }
                for d in selected
            ]
        }
        typer.echo(dumps_json(payload), nl=False)
    else:
        from safetyduty.i18n import t

        rows: list[dict[str, Any]] = [
            {
                "id": d.id,
                "holder": repo.holder_name(d.holder, lang),
                # The source, and the instrument where a regulation sets the duty's terms.
                "source": f"{d.source}\n{d.instrument}" if d.instrument else d.source,
                "text": (d.text_en if lang == "en" else d.text)
                + (
                    f"\n{t('ex_interpretation', lang)}{': ' if lang == 'en' else '：'}"
                    f"{d.interpretation.en if lang == 'en' else d.interpretation.zh}"
                    if d.interpretation
                    else ""
                ),
                "rule": d.rule.type if d.rule else "",
            }
            for d in selected
        ]
        columns = [
            Column("id", t("id", lang), style="bold", no_wrap=True),
            Column("holder", t("holder", lang)),
            Column("source", t("source", lang)),
            Column("text", t("text", lang), max_width=70),
            Column("rule", t("rule", lang)),
        ]
        ruled = sum(1 for d in selected if d.rule)
        caption = (
            f"{len(selected)} duties, {ruled} with a rule"
            if lang == "en"
            else f"共 {len(selected)} 项职责，其中 {ruled} 项可自动检查"
        )
        console().print(rich_table(columns, rows, caption=caption))
    exit_for(problems)


def who(
    ctx: typer.Context,
    industry: Annotated[
        str, typer.Argument(help="An industry id (e.g. chemical) or its name (化工).")
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="On this date (YYYY-MM-DD; default today).")
    ] = None,
    fmt: Annotated[
        MatrixFormat, typer.Option("--format", help="table or json.")
    ] = MatrixFormat.table,
) -> None:
    """Show the section and the leaders responsible for an industry on a date.

    Example: safetyduty who chemical
    """
    from safetyduty.i18n import t
    from safetyduty.reports.duties import responsible_for
    from safetyduty.reports.render.formats import Column, console, dumps_json, rich_table

    lang = settings(ctx).lang
    day = parse_date(as_of)
    repo, problems = load(ctx, day)
    try:
        answer = responsible_for(repo, industry, day)
    except LookupError as exc:
        die(str(exc))
    if fmt is MatrixFormat.json:
        typer.echo(dumps_json(answer), nl=False)
    else:
        en = lang == "en"
        threshold = answer["attends_scene_from"]
        heading = (
            f"{answer['industry_name_en' if en else 'industry_name']} ({answer['industry']}) → "
            f"{answer['section_name_en' if en else 'section_name']} ({answer['section']})"
        )
        rows = [
            {
                "responsibility": leader["responsibility_en" if en else "responsibility"],
                "leader": f"{(en and leader['name_en']) or leader['name']} ({leader['id']})",
                "role": leader["role_name_en" if en else "role_name"],
            }
            for leader in answer["leaders"]
        ]
        columns = [
            Column("responsibility", t("responsibility", lang), style="bold"),
            Column("leader", t("leader", lang)),
            Column("role", t("role", lang)),
        ]
        caption = f"{t('attends_from', lang)}: {t(threshold, lang)}" if threshold else None
        out = console()
        out.print(heading, style="bold")
        out.print(rich_table(columns, rows, title=f"{t('as_of', lang)} {day}", caption=caption))
    exit_for(problems)
