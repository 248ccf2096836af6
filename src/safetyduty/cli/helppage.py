"""How `--help` reads: in the run's language, each value named by what to write, not by its type.

The help texts are written in English beside the options (Typer reads them from the function
signatures); their Chinese is in the gettext catalogue `locale/zh_CN/LC_MESSAGES/help.po`, looked
up when a help page is drawn (`prepare`), so a help text and its translation are one entry to keep
together (tools/update_catalogue.py adds a new text, tests/cli/test_help.py fails on one left
untranslated). Typer would show a value's Python type (`<str>`, `<bool>`, `<list[...]>`); here a
flag shows nothing, a choice its values, and any other value a word for what it is
(`YYYY-MM-DD`, `责任主体`, `文件`), from `VALUE_WORDS` below or the option's own metavar.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from safetyduty.i18n import click_gettext, help_gettext

#: The word shown for an option's or an argument's value, by its option string or its name, when
#: its declaration names none (a `metavar`). Words are catalogue ids (help.po translates them).
VALUE_WORDS = {
    "--as-of": "YYYY-MM-DD",
    "--since": "YYYY-MM-DD",
    "--from": "YYYY-MM-DD",
    "--to": "YYYY-MM-DD",
    "--period": "PERIOD",
    "--holder": "HOLDER",
    "--duty": "DUTY",
    "--industry": "INDUSTRY",
    "--section": "SECTION",
    "--kind": "KIND",
    "--sheet": "SHEET",
    "--name": "NAME",
    "--wecom": "URL",
    "--dingtalk": "URL",
    "--feishu": "URL",
    "--secret": "SECRET",
    "--within": "DAYS",
    "--escalate-after": "DAYS",
    "--remind": "DAYS",
    "--timeout": "SECONDS",
    "--repo": "DIR",
    "--output": "FILE",
    "--ics": "FILE",
    "duty": "DUTY",
    "industry": "INDUSTRY",
    "folder": "DIR",
}

#: Typer's help-page words, looked up through gettext when Typer is imported (before the run's
#: language is known), set again when a page is drawn.
_TYPER_WORDS = (
    ("ARGUMENTS_PANEL_TITLE", "Arguments"),
    ("OPTIONS_PANEL_TITLE", "Options"),
    ("COMMANDS_PANEL_TITLE", "Commands"),
    ("REQUIRED_LONG_STRING", "[required]"),
    ("DEFAULT_STRING", "[default: {}]"),
    ("ENVVAR_STRING", "[env var: {}]"),
)

_prepared: list[bool] = []


def value_word(param: Any) -> str | None:
    """What a parameter's value is called in help, in English (a catalogue id); None for a flag."""
    if param.metavar:
        return str(param.metavar)
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    for name in (*param.opts, param.name or ""):
        if name in VALUE_WORDS:
            return VALUE_WORDS[name]
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:
        return "TEXT"
    if descriptor.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
    if descriptor.is_path:
        return "DIR" if getattr(param.type, "file_okay", True) is False else "FILE"
    return "TEXT"


def _shown_type(param: Any, ctx: Any) -> str | None:
    """Typer's `display_type_rich`, replaced: the value's word in the run's language."""
    if param.param_type_name == "argument":
        return None  # an argument's word is its name, in the name column and the usage line
    word = value_word(param)
    return None if word is None else help_gettext(word)


@contextlib.contextmanager
def _worded(command: Any, ctx: Any) -> Iterator[None]:
    """`command`'s help, its parameters' and its sub-commands' in the run's language, while its
    page is drawn; the English is put back after (a test runner draws pages in both)."""
    saved: list[tuple[Any, str, Any, bool]] = []

    def swap(obj: Any, attribute: str, value: Any) -> None:
        saved.append((obj, attribute, getattr(obj, attribute), attribute in vars(obj)))
        setattr(obj, attribute, value)

    def usage(ctx: Any, formatter: Any) -> None:
        pieces = " ".join(command.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix=help_gettext("Usage: "))

    swap(command, "format_usage", usage)
    swap(command, "options_metavar", help_gettext(command.options_metavar or "[OPTIONS]"))
    if getattr(command, "subcommand_metavar", None):
        swap(command, "subcommand_metavar", help_gettext(command.subcommand_metavar))

    for obj in (command, *_sub_commands(command, ctx)):
        for attribute in ("help", "short_help"):
            text = getattr(obj, attribute, None)
            if text:
                swap(obj, attribute, help_gettext(text))
    for param in command.get_params(ctx):
        if getattr(param, "help", None):
            swap(param, "help", help_gettext(param.help))
        if param.param_type_name == "argument":
            word = value_word(param) or param.name.upper()
            swap(param, "metavar", help_gettext(word))
    try:
        yield
    finally:
        for obj, attribute, value, own in reversed(saved):
            if own:
                setattr(obj, attribute, value)
            else:
                delattr(obj, attribute)


def _sub_commands(command: Any, ctx: Any) -> list[Any]:
    if not hasattr(command, "list_commands"):
        return []
    found = (command.get_command(ctx, name) for name in command.list_commands(ctx))
    return [sub for sub in found if sub is not None]


def _fold_long_words(rich_utils: Any) -> None:
    """Typer's option tables crop what does not fit with "…": on an 80-column terminal a long
    option name (`--serious-injuri…`) or a path in a help text (`evidence/YYYY/<i…`). Their
    columns and help texts fold such a word onto the next line instead. Typer's private names
    are looked up, not assumed: a Typer without them keeps its own layout."""
    from rich.table import Table
    from rich.text import Text

    class FoldingTable(Table):
        def add_row(self, *renderables: Any, **options: Any) -> None:
            while len(self.columns) < len(renderables):
                self.add_column(overflow="fold")
            super().add_row(*renderables, **options)

    parameter_help = getattr(rich_utils, "_get_parameter_help", None)
    if getattr(rich_utils, "Table", None) is not Table or parameter_help is None:
        return

    def folded_parameter_help(*args: Any, **options: Any) -> Any:
        found = parameter_help(*args, **options)
        for item in getattr(found, "renderables", ()):
            if isinstance(item, Text):
                item.overflow = "fold"
        return found

    rich_utils.Table = FoldingTable
    rich_utils._get_parameter_help = folded_parameter_help


def prepare() -> None:
    """Make the help pages about to be drawn read in the run's language, without type names."""
    from typer import core, rich_utils

    from safetyduty.reports.render import cjkwrap

    cjkwrap.install()
    for name, english in _TYPER_WORDS:
        setattr(rich_utils, name, click_gettext(english))
    if _prepared:
        return
    _prepared.append(True)
    draw = rich_utils.rich_format_help

    def rich_format_help(*args: Any, **options: Any) -> Any:
        obj, ctx = options.get("obj"), options.get("ctx")
        if obj is None or ctx is None:  # called in a way this wrapper does not know
            return draw(*args, **options)
        with _worded(obj, ctx):
            return draw(*args, **options)

    rich_utils.rich_format_help = rich_format_help
    _fold_long_words(rich_utils)
    core.TyperOption.display_type_rich = _shown_type  # type: ignore[method-assign,assignment]
    core.TyperArgument.display_type_rich = _shown_type  # type: ignore[method-assign,assignment]


def texts(command: Any) -> Iterator[str]:
    """Every text a help page of `command` or of a command under it can show in English, each
    once: the ids help.po translates (tools/update_catalogue.py, tests/cli/test_help.py)."""
    from typer import Context

    seen: set[str] = set()

    def new(text: str | None) -> Iterator[str]:
        if text and text not in seen:
            seen.add(text)
            yield text

    def walk(cmd: Any, ctx: Any) -> Iterator[str]:
        yield from new(cmd.help)
        yield from new(cmd.short_help)
        yield from new(cmd.options_metavar)
        yield from new(getattr(cmd, "subcommand_metavar", None))
        for param in cmd.get_params(ctx):
            yield from new(getattr(param, "help", None))
            word = value_word(param)
            if param.param_type_name == "argument":
                word = word or param.name.upper()
            descriptor = getattr(param, "type_descriptor", None)
            if word and not (descriptor is not None and descriptor.is_choice):
                yield from new(word)
        for sub in _sub_commands(cmd, ctx):
            yield from walk(sub, Context(sub, info_name=sub.name, parent=ctx))

    yield from new("Usage: ")
    yield from walk(command, Context(command, info_name="safetyduty"))
