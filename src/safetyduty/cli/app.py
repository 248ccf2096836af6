"""The `safetyduty` command: global options and the list of commands.

Only typer and this package's light modules are imported here, so that `safetyduty --help` starts
fast; each command imports the engine, the holiday calendar or the HTML renderer when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from safetyduty import __version__
from safetyduty.cli import (
    assess,
    calendar,
    check,
    explain,
    import_,
    init,
    log,
    matrix,
    notify,
    report,
    status,
)
from safetyduty.cli.common import Lang, Settings
from safetyduty.cli.group import RootGroup
from safetyduty.i18n import language_from_env, set_language

app = typer.Typer(
    name="safetyduty",
    help=(
        "Track safety-production duties (安全生产“党政同责、一岗双责”) "
        "kept as YAML records in git.\n\n"
        "Example: safetyduty status --as-of 2026-04-05"
    ),
    no_args_is_help=True,
    cls=RootGroup,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"safetyduty {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            help="The records repo (default: $SAFETYDUTY_REPO, else the nearest folder above "
            "holding data/people.yaml or records/).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Language of every message, label and duty text: zh (Chinese) or en (English); "
            "default: $SAFETYDUTY_LANG, else zh.",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Work everything out afresh: neither read nor write the output cache "
            "(also: SAFETYDUTY_NO_CACHE=1).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Track safety-production duties kept as YAML records in git."""
    chosen = lang.value if lang else language_from_env()
    set_language(chosen)
    ctx.obj = Settings(repo=repo, lang=chosen)


app.command("status")(status.status)
app.command("explain")(explain.explain)
app.command("check")(check.check)
app.command("duties")(matrix.duties)
app.command("who")(matrix.who)
app.add_typer(log.app, name="log")
app.command("summary")(report.summary)
app.command("hazards")(report.hazards)
app.command("assess")(assess.assess)
app.command("calendar")(calendar.calendar)
app.command("init")(init.init)
app.command("notify")(notify.notify)
app.command("import")(import_.import_ledger)


def main() -> None:
    """Run the app without the output cache (the console script is `safetyduty.cli.entry`),
    with a clean end when standard output fails (`cli.output`)."""
    from safetyduty.cli.output import output_guard

    with output_guard():
        app()
