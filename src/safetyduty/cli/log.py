"""The `log` command group, built only when `log` is run.

`safetyduty log KIND` has one sub-command per record kind, generated from the record models;
building them imports Pydantic and the models (about 0.1 s). The group below stands in for it,
so that `safetyduty --help` and every other command start without that cost.
"""

from __future__ import annotations

import functools
from typing import Any

import typer

from safetyduty.cli.group import SuggestingGroup

HELP = """Record an activity: a meeting, an inspection, a hazard, … one file per record.

Give the fields as options (`safetyduty log KIND --help` lists them). On a terminal, missing required fields are asked for, with choices for ids, and the YAML is shown for confirmation (skip it with --yes). Without a terminal nothing is asked: a missing field is an error.

The record is checked as `check` would check it before anything is written, then written to records/YYYY/<id>.yaml atomically and never over another file; the command prints its id and its path.

Exit codes: 0 written (or printed, with --dry-run) · 1 `check` would reject the record (its problems are printed as `check` prints them), the disk refused the write, git refused the commit (the file stays written) or the confirmation was declined · 2 usage: a missing field without a terminal, a bad option value, an --id that is malformed or taken, --commit outside a git repository, or no records repo.

Example: safetyduty log training --date 2026-05-03 --topic 安全生产法 --yes"""  # noqa: E501


@functools.cache
def _real_group() -> Any:
    from safetyduty.cli import log_kinds

    return typer.main.get_group(log_kinds.app)


class LazyLogGroup(SuggestingGroup):
    """A command group that asks `safetyduty.cli.log_kinds` for its sub-commands on first use.

    Context types are left as Any: typer has shipped its click both vendored and as a
    dependency, and only these two methods of the group are used.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(_real_group().list_commands(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return _real_group().get_command(ctx, cmd_name)


app = typer.Typer(name="log", help=HELP, no_args_is_help=True, cls=LazyLogGroup)
