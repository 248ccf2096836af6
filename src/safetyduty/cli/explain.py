"""`safetyduty explain`: why each obligation of one duty is in its state (SPEC §9)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from safetyduty.cli.common import die, exit_for, load, parse_date, print_problems, settings


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


def explain(
    ctx: typer.Context,
    duty: Annotated[str, typer.Argument(help="The duty id, e.g. quarterly-prevention-meeting.")],
    holder: Annotated[
        str | None,
        typer.Option(
            "--holder", help="Only this holder: a person, section or role id, or commission."
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Only this period: 2026Q4, 2026H2, 2026, or an exact key."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Evaluate as of this date (default today).")
    ] = None,
    fmt: Annotated[ExplainFormat, typer.Option("--format", help="text or json.")] = (
        ExplainFormat.text
    ),
) -> None:
    """Explain why each obligation of a duty is met, due or overdue: the rule in words and
    every record it weighed, with why it counts or not.

    Example: safetyduty explain quarterly-prevention-meeting --period 2026Q4 --as-of 2026-11-29
    """
    from safetyduty.i18n import t
    from safetyduty.load.problems import did_you_mean
    from safetyduty.reports.explain import as_json, as_text
    from safetyduty.reports.explain import explain as explain_duty
    from safetyduty.reports.select import Filters, check_filters, select
    from safetyduty.rules.engine import evaluate

    lang = settings(ctx).lang
    day = parse_date(as_of)
    repo, problems = load(ctx, day, evaluating=True)
    found = repo.duties.get(duty)
    if found is None:
        die(t("ex_unknown_duty", lang, duty=duty, hint=did_you_mean(duty, repo.duties)))
    if found.rule is None:
        die(t("ex_no_rule", lang, duty=duty))
    evaluation = evaluate(repo, day, explain=True, only=duty)
    print_problems(evaluation.problems)
    filters = Filters(period=period, holder=holder, duty=duty, show_all=True)
    try:
        check_filters(repo, filters, evaluation.obligations)
    except LookupError as exc:
        die(str(exc))
    chosen = select(repo, evaluation.obligations, day, filters)
    items = explain_duty(repo, found, chosen, lang)
    if fmt is ExplainFormat.json:
        from safetyduty.reports.render.formats import dumps_json

        typer.echo(dumps_json(as_json(day, items)), nl=False)
    else:
        typer.echo(as_text(repo, found, items, day, lang), nl=False)
    exit_for(problems)
