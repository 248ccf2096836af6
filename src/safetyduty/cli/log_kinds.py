"""`safetyduty log KIND`: record an activity in seconds, from a terminal or from a script.

One sub-command per record kind, built from the record models by
`safetyduty.write.record.field_specs`: each field is a kebab-case option (a list field's option
repeats, a choice field takes one of its values, dates are checked), with the model's description
as its help. A new record kind gets its
`log` command by being added to `safetyduty.load.models.RECORD_TYPES`; nothing here names a kind.

The command only collects values, asks for what is missing and maps outcomes to exit codes; what
the file looks like, its id, its check and its write belong to `safetyduty.write.record`.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from safetyduty.cli.common import die, load, print_problems, settings
from safetyduty.exitcodes import ExitCode
from safetyduty.load.models import RECORD_TYPES
from safetyduty.load.periods import today
from safetyduty.reports.render.safe import terminal_safe
from safetyduty.write import record as recordlog
from safetyduty.write.record import (
    Choice,
    FieldSpec,
    GitError,
    IdTaken,
    field_specs,
    parse_day,
    parse_moment,
)

if TYPE_CHECKING:
    from safetyduty.load.repo import Repo

app = typer.Typer(name="log", no_args_is_help=True)

#: Options every kind has; no record field may be named like them.
_OWN_OPTIONS = ("record_id", "dry_run", "commit", "yes")

_METAVARS = {"date": "YYYY-MM-DD", "moment": "DATE-TIME", "int": "N", "float": "NUMBER"}
_EXAMPLES = {"date": "2026-05-03", "moment": "2026-05-03T10:20", "int": "0", "float": "0"}


def _parser(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return convert


def _python_type(spec: FieldSpec) -> Any:
    leaf: Any
    if spec.value == "choice":
        leaf = Literal.__getitem__(spec.choices)
    else:
        leaf = {
            "text": str,
            "date": dt.date,
            "moment": dt.datetime,
            "int": int,
            "float": float,
            "bool": bool,
        }[spec.value]
    return list[leaf] if spec.many else leaf


def _option(spec: FieldSpec, required: bool) -> inspect.Parameter:
    help_text = spec.description
    if spec.many:
        help_text += "; repeat the option for several"
    if required:
        help_text += " (required)"
    extra: dict[str, Any] = {}
    if spec.value == "date":
        extra["parser"] = _parser(parse_day)
    elif spec.value == "moment":
        extra["parser"] = _parser(parse_moment)
    metavar = _METAVARS.get(spec.value) or (
        spec.target.upper() if spec.target else "TEXT" if spec.value == "text" else None
    )
    if metavar:
        extra["metavar"] = metavar
    decls = [spec.option]
    if spec.value == "bool":
        decls = [f"{spec.option}/--no-{spec.option[2:]}"]
    option = typer.Option(*decls, help=help_text, show_default=False, **extra)
    return inspect.Parameter(
        spec.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[_python_type(spec) | None, option],
    )


def _common_options() -> list[inspect.Parameter]:
    keyword = inspect.Parameter.KEYWORD_ONLY
    return [
        inspect.Parameter("ctx", keyword, annotation=typer.Context),
        inspect.Parameter(
            "record_id",
            keyword,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    "--id",
                    metavar="ID",
                    help="The record id (its file name); default: date, kind and a short slug.",
                ),
            ],
        ),
        inspect.Parameter(
            "dry_run",
            keyword,
            default=False,
            annotation=Annotated[
                bool, typer.Option("--dry-run", help="Print the YAML; write nothing.")
            ],
        ),
        inspect.Parameter(
            "commit",
            keyword,
            default=False,
            annotation=Annotated[
                bool,
                typer.Option("--commit", help="Also stage and commit just this file with git."),
            ],
        ),
        inspect.Parameter(
            "yes",
            keyword,
            default=False,
            annotation=Annotated[
                bool, typer.Option("--yes", "-y", help="Write without asking for confirmation.")
            ],
        ),
    ]


def _example_values(kind: str) -> dict[str, str]:
    """A placeholder for each required field of `kind` (none for flags)."""
    return {
        spec.name: spec.choices[0]
        if spec.value == "choice"
        else _EXAMPLES.get(spec.value) or (spec.target or "text").upper()
        for spec in field_specs(kind)
        if spec.required and spec.value != "bool"
    }


@functools.cache
def _derived(kind: str) -> frozenset[str]:
    """Required fields that the model derives from the others (an accident's `date`)."""
    examples = _example_values(kind)
    derived = set()
    for spec in field_specs(kind):
        if spec.name in examples:
            others = {n: v for n, v in examples.items() if n != spec.name}
            data = recordlog.record_data(kind, _typed(kind, others))
            if spec not in recordlog.missing_fields(kind, data):
                derived.add(spec.name)
    return frozenset(derived)


def _typed(kind: str, values: dict[str, str]) -> dict[str, Any]:
    parsers: dict[str, Callable[[str], Any]] = {
        "date": parse_day,
        "moment": parse_moment,
        "int": int,
        "float": float,
    }
    specs = {spec.name: spec for spec in field_specs(kind)}
    return {n: parsers.get(specs[n].value, str)(v) for n, v in values.items()}


def _example(kind: str) -> str:
    """A command line with every option `log KIND` cannot do without."""
    examples = _example_values(kind)
    words = ["safetyduty", "log", kind]
    for spec in field_specs(kind):
        if spec.required and spec.value == "bool":
            words.append(spec.option)
        elif spec.name in examples and spec.name not in _derived(kind):
            words += [spec.option, examples[spec.name]]
    return " ".join(words)


def _kind_help(kind: str) -> str:
    doc = inspect.cleandoc(RECORD_TYPES[kind].__doc__ or kind)
    return f"{doc}\n\nExample: {_example(kind)}"


def kind_command(kind: str) -> Callable[..., None]:
    """The `log KIND` command function, with one option per field of the kind's model."""
    specs = field_specs(kind)
    clashes = [spec.name for spec in specs if spec.name in (*_OWN_OPTIONS, "ctx")]
    if clashes:
        raise TypeError(f"record kind '{kind}' has fields named like log's options: {clashes}")

    def command(
        ctx: typer.Context,
        record_id: str | None = None,
        dry_run: bool = False,
        commit: bool = False,
        yes: bool = False,
        **values: Any,
    ) -> None:
        log_record(ctx, kind, values, record_id=record_id, dry_run=dry_run, commit=commit, yes=yes)

    params = _common_options()
    params[1:1] = [
        _option(spec, spec.required and spec.name not in _derived(kind)) for spec in specs
    ]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__name__ = command.__qualname__ = f"log_{kind}"
    return command


for _kind in RECORD_TYPES:
    app.command(_kind, help=_kind_help(_kind))(kind_command(_kind))


# --- the run ------------------------------------------------------------------------------------


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def log_record(
    ctx: typer.Context,
    kind: str,
    values: dict[str, Any],
    *,
    record_id: str | None,
    dry_run: bool,
    commit: bool,
    yes: bool,
) -> None:
    """Collect, ask, check, then print or write (and commit) one record of `kind`."""
    from safetyduty.i18n import t
    from safetyduty.load.problems import has_errors

    lang = settings(ctx).lang
    if record_id is not None and (why := recordlog.id_problem(record_id)):
        die(f"--id: {why}")
    repo, loaded = load(ctx, report=False)
    if commit:
        try:
            recordlog.git_root(repo.root)
        except GitError as exc:
            die(f"--commit: {exc}; nothing was written (run `git init`, or leave out --commit)")
    interactive = _is_terminal()
    data = recordlog.record_data(kind, values)
    missing = recordlog.missing_fields(kind, data)
    if missing and not interactive:
        named = ", ".join(f"{spec.option} ({spec.description})" for spec in missing)
        them = "it" if len(missing) == 1 else "them"
        die(f"log {kind}: missing {named}; pass {them}, or run on a terminal to be asked")
    while missing:
        for spec in missing:
            values[spec.name] = _ask(spec, repo, lang)
        data = recordlog.record_data(kind, values)
        missing = recordlog.missing_fields(kind, data)
    data = recordlog.with_derived_fields(kind, data)
    text = recordlog.render_yaml(data)
    day = recordlog.record_day(data)
    taken = recordlog.existing_ids(repo.root)
    if record_id is not None and record_id in taken:
        die(_taken_message(record_id, taken[record_id]))
    first = record_id or recordlog.base_id(kind, data)
    chosen = recordlog.free_id(first, taken)
    display = recordlog.record_display(chosen, day)
    problems = recordlog.check_record(repo, loaded, chosen, display, text, today())
    print_problems(problems)
    if has_errors(problems):
        raise typer.Exit(int(ExitCode.PROBLEMS))
    if dry_run:
        typer.echo(text, nl=False)
        return
    if interactive and not yes:
        typer.echo(t("lg_preview", lang, path=display))
        typer.echo(terminal_safe(text))
        if not typer.confirm(t("lg_confirm", lang), default=True):
            typer.echo(t("lg_cancelled", lang), err=True)
            raise typer.Exit(int(ExitCode.PROBLEMS))
    try:
        written_id, written = recordlog.write_record(
            repo.root, text, day, first, generated=record_id is None
        )
    except IdTaken as exc:
        die(_taken_message(exc.record_id, exc.path))
    except OSError as exc:
        die(
            f"cannot write {display}: {exc.strerror or exc}; nothing was written",
            ExitCode.PROBLEMS,
        )
    typer.echo(f"{written_id} {written}")
    if commit:
        try:
            recordlog.git_commit(
                repo.root, written, recordlog.commit_message(kind, data, written_id)
            )
        except GitError as exc:
            die(f"{written} is written but not committed: {exc}", ExitCode.PROBLEMS)


def _taken_message(record_id: str, path: str) -> str:
    return (
        f"--id: record id '{record_id}' is taken ({path}); record ids are file names and must "
        "be unique in the repo: choose another, or leave out --id"
    )


# --- asking at a terminal -----------------------------------------------------------------------


def _label(spec: FieldSpec, lang: str) -> str:
    from safetyduty.i18n import LABELS, t

    key = f"lg_f_{spec.key}"
    name = t(key, lang) if lang != "en" and key in LABELS else spec.description
    return f"{name} [{spec.key}]"


def _ask(spec: FieldSpec, repo: Repo, lang: str) -> Any:
    """One field's value, asked for until it is acceptable."""
    from safetyduty.i18n import t

    label = _label(spec, lang)
    if spec.value == "bool":
        return typer.confirm(label, default=None)
    choices = recordlog.choices_for(repo, spec, lang)
    if choices:
        width = max(len(choice.value) for choice in choices)
        for number, choice in enumerate(choices, 1):
            line = f"  {number:>3}  {choice.value:<{width}}  {choice.label}"
            typer.echo(terminal_safe(line))
        hint = t("lg_pick_many" if spec.many else "lg_pick", lang)
        return typer.prompt(f"{label} ({hint})", value_proc=_picker(choices, spec.many))
    if spec.value == "date":
        return typer.prompt(label, default=today().isoformat(), value_proc=_parser(parse_day))
    if spec.value == "moment":
        return typer.prompt(f"{label} (2026-05-03T10:20)", value_proc=_parser(parse_moment))
    if spec.value == "int":
        return typer.prompt(label, type=int)
    if spec.value == "float":
        return typer.prompt(label, type=float)
    if spec.many:
        return typer.prompt(f"{label} ({t('lg_several', lang)})", value_proc=_split)
    return typer.prompt(label)


def _tokens(text: str) -> list[str]:
    return [token for token in re.split(r"[\s,，、;；]+", text.strip()) if token]


def _split(text: str) -> list[str]:
    items = [item.strip() for item in re.split(r"[,，、;；]", text) if item.strip()]
    if not items:
        raise typer.BadParameter("give at least one")
    return items


def _picker(choices: list[Choice], many: bool) -> Callable[[str], str | list[str]]:
    from safetyduty.load.problems import did_you_mean

    values = [choice.value for choice in choices]

    def pick(text: str) -> str | list[str]:
        tokens = _tokens(text)
        if not tokens:
            raise typer.BadParameter("give a number or an id")
        if not many and len(tokens) > 1:
            raise typer.BadParameter("give one number or id")
        picked: list[str] = []
        for token in tokens:
            if token.isdigit() and 1 <= int(token) <= len(values):
                picked.append(values[int(token) - 1])
            elif token in values:
                picked.append(token)
            else:
                raise typer.BadParameter(
                    f"'{token}' is not one of the choices{did_you_mean(token, values)}"
                )
        return picked if many else picked[0]

    return pick
