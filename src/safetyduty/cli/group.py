"""The command groups' manners: the run's language, options after the command, usage errors.

`RootGroup` is the `safetyduty` command itself. Before Click parses anything it picks the run's
language (`--lang` wherever it stands, else `SAFETYDUTY_LANG`, else Chinese), so that even an
error in the first option is worded in it, and it moves `--lang` and `--repo` written after the
command name to the front, where the global options are parsed (SPEC §7). Click's own
messages are looked up through gettext (`click.po`); a usage error is printed as one line, like
`die()`'s, in the run's language, with the valid values or a "did you mean" where there is one.
`SuggestingGroup` gives a mistyped sub-command (`log inspecton`) its "did you mean".
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import typer
from typer import core as typer_core
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

from safetyduty.cli import helppage
from safetyduty.i18n import (
    LANGS,
    _,
    click_gettext,
    language_from_env,
    set_language,
)

#: Global options that may also be written after the command name.
_MOVABLE = ("--lang", "--repo")

# Typer words its own messages ("Missing command.", "Aborted!") through gettext.
typer_core._ = click_gettext  # type: ignore[attr-defined]


def _language_in(args: Sequence[str]) -> str | None:
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return value
    return None


def hoist_global_options(args: Sequence[str], commands: Sequence[str]) -> list[str]:
    """`args` with each `--lang X` / `--repo X` that follows the command name moved before it
    (a value after `--` is left where it is: it belongs to the command)."""
    words = list(args)
    start = next((i for i, word in enumerate(words) if word in commands), None)
    if start is None:
        return words
    moved: list[str] = []
    kept = words[: start + 1]
    index = start + 1
    while index < len(words):
        word = words[index]
        if word == "--":
            kept += words[index:]
            break
        if word in _MOVABLE and index + 1 < len(words):
            moved += words[index : index + 2]
            index += 2
            continue
        if word.split("=", 1)[0] in _MOVABLE and "=" in word:
            moved.append(word)
        else:
            kept.append(word)
        index += 1
    return kept[:start] + moved + kept[start:]


def _shows_help(words: Sequence[str], commands: Mapping[str, Any]) -> bool:
    """Whether these words draw a help page: asked for, or a group named with nothing after."""
    if not words or "--help" in words or "-h" in words:
        return True
    return hasattr(commands.get(words[-1]), "list_commands")


def _did_you_mean(value: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return _("; did you mean '{choice}'?", choice=close[0]) if close else ""


def _param_hint(exc: click_exceptions.BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)
    if exc.param is not None:
        return str(exc.param.get_error_hint())
    return ""


def _choices(exc: click_exceptions.BadParameter) -> list[str]:
    descriptor = getattr(exc.param, "type_descriptor", None)
    if descriptor is None or not getattr(descriptor, "is_choice", False):
        return []
    return [str(getattr(c, "value", c)) for c in descriptor.choices or ()]


_NOT_ONE_OF = re.compile(r"^(?:Value error, )?'(?P<value>.*)' is not one of .*$", re.DOTALL)


def usage_message(exc: click_exceptions.ClickException) -> str:
    """A usage error as one sentence in the run's language."""
    if isinstance(exc, click_exceptions.NoSuchOption):
        message = _("no such option {option}", option=exc.option_name)
        possible = sorted(exc.possibilities or ())
        if possible:
            message += _("; did you mean '{choice}'?", choice=possible[0])
        return message
    if isinstance(exc, click_exceptions.MissingParameter):
        hint = _param_hint(exc)
        if (exc.param_type or getattr(exc.param, "param_type_name", "")) == "argument":
            return _("missing argument {name}", name=hint)
        return _("missing option {name}", name=hint)
    if isinstance(exc, click_exceptions.BadParameter):
        hint = _param_hint(exc)
        detail = exc.message.removeprefix("Value error, ")
        choices = _choices(exc)
        matched = _NOT_ONE_OF.match(exc.message)
        if choices and matched:
            value = matched["value"]
            detail = _(
                "'{value}' is not one of {choices}{hint}",
                value=value,
                choices=", ".join(choices),
                hint=_did_you_mean(value, choices),
            )
        return _("invalid value for {name}: {detail}", name=hint, detail=detail)
    if isinstance(exc, click_exceptions.BadOptionUsage):
        requires = re.match(r"^Option '(.+)' requires (an argument|\d+ arguments)\.$", exc.message)
        if requires:
            return _("option '{option}' needs a value", option=requires[1])
        no_value = re.match(r"^Option '(.+)' does not take a value\.$", exc.message)
        if no_value:
            return _("option '{option}' takes no value", option=no_value[1])
    extra = re.match(r"^Got unexpected extra arguments? \((.*)\)$", exc.message)
    if extra:
        return _("unexpected extra argument(s): {args}", args=extra[1])
    return exc.format_message()


def _help_hint(exc: click_exceptions.ClickException) -> str:
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return ""
    return _("run '{command} --help' to see how it is used", command=ctx.command_path)


class SuggestingGroup(TyperGroup):
    """A group whose unknown sub-command gets a "did you mean" and the list of commands."""

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-"):
            commands = self.list_commands(ctx)
            message = _(
                "no such command '{name}'{hint} (commands: {commands})",
                name=name,
                hint=_did_you_mean(name, commands),
                commands=", ".join(commands),
            )
            raise click_exceptions.UsageError(message, ctx)
        return super().resolve_command(ctx, args)


class RootGroup(SuggestingGroup):
    """The `safetyduty` command: language first, global options anywhere, errors in words."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        words = list(sys.argv[1:] if args is None else args)
        set_language(_language_in(words) or language_from_env())
        words = hoist_global_options(words, list(self.commands))
        if _shows_help(words, self.commands):
            helppage.prepare()
        try:
            result = super().main(
                words,
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except click_exceptions.ClickException as exc:
            if not standalone_mode:
                raise
            if isinstance(exc, click_exceptions.NoArgsIsHelpError):
                exc.show()
                sys.exit(exc.exit_code)
            typer.echo(f"safetyduty: {_('error')}: {usage_message(exc)}", err=True)
            hint = _help_hint(exc)
            if hint:
                typer.echo(hint, err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result
