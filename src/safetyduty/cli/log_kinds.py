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
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from safetyduty.cli.common import aside, ask, confirm, die, load, print_problems, settings
from safetyduty.exitcodes import ExitCode
from safetyduty.i18n import _, os_reason, tn
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
_OWN_OPTIONS = ("record_id", "attach", "dry_run", "commit", "yes")

_METAVARS = {"date": "YYYY-MM-DD", "moment": "DATE-TIME", "int": "N", "float": "NUMBER"}
_EXAMPLES = {"date": "2026-05-03", "moment": "2026-05-03T10:20", "int": "0", "float": "0"}
_NAMED_EXAMPLES = {"year": "2026"}


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
            "attach",
            keyword,
            default=None,
            annotation=Annotated[
                list[Path] | None,
                typer.Option(
                    "--attach",
                    metavar="FILE",
                    help="A photo, a scan or any file to keep with the record: copied into "
                    "evidence/YYYY/<id>/ and listed in its evidence; repeat for several.",
                    exists=True,
                    dir_okay=False,
                    readable=True,
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
        else _NAMED_EXAMPLES.get(spec.name)
        or _EXAMPLES.get(spec.value)
        or (spec.target or "text").upper()
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
        attach: list[Path] | None = None,
        dry_run: bool = False,
        commit: bool = False,
        yes: bool = False,
        **values: Any,
    ) -> None:
        log_record(
            ctx,
            kind,
            values,
            record_id=record_id,
            attach=attach or [],
            dry_run=dry_run,
            commit=commit,
            yes=yes,
        )

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
    attach: list[Path],
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
            die(
                _(
                    "--commit: {reason}; nothing was written (run `git init`, or leave out "
                    "--commit)",
                    reason=exc,
                )
            )
    interactive = _is_terminal()
    values = recordlog.resolve_names(repo, kind, values)
    data = recordlog.record_data(kind, values)
    missing = recordlog.missing_fields(kind, data)
    if missing and not interactive:
        named = ", ".join(f"{spec.option} ({_field_label(spec, lang)})" for spec in missing)
        die(
            tn(
                "log {kind}: missing {fields}; pass it, or run on a terminal to be asked",
                "log {kind}: missing {fields}; pass them, or run on a terminal to be asked",
                len(missing),
                kind=kind,
                fields=named,
            )
        )
    if interactive:
        values = _ask_all(kind, values, repo, lang)
        data = recordlog.record_data(kind, values)
    data = recordlog.with_derived_fields(kind, data)
    day = recordlog.record_day(data)
    taken = recordlog.existing_ids(repo.root)
    if record_id is not None and record_id in taken:
        die(_taken_message(record_id, taken[record_id]))
    first = record_id or recordlog.base_id(kind, data)
    chosen = recordlog.free_id(first, taken)
    copies = _plan_copies(repo.root, day, chosen, data, attach)
    text = recordlog.render_yaml(data)
    display = recordlog.record_display(chosen, day)
    pending = frozenset(target for _source, target in copies)
    problems = recordlog.check_record(repo, loaded, chosen, display, text, today(), pending)
    print_problems(problems)
    if has_errors(problems):
        raise typer.Exit(int(ExitCode.PROBLEMS))
    outcome = _satisfies(repo, kind, chosen, display, text, lang)
    if dry_run:
        typer.echo(text, nl=False)
        _print_outcome(outcome, err=True)  # stdout stays the YAML alone
        return
    if interactive and not yes:
        typer.echo(t("lg_preview", lang, path=display))
        typer.echo(terminal_safe(text))
        _print_outcome(outcome)
        if not confirm(t("lg_confirm", lang), default=True):
            typer.echo(t("lg_cancelled", lang), err=True)
            raise typer.Exit(int(ExitCode.PROBLEMS))
        outcome = ([], [])  # shown already
    _write(repo.root, kind, data, text, day, first, record_id, chosen, copies, commit, outcome)


def _write(
    root: Path,
    kind: str,
    data: dict[str, Any],
    text: str,
    day: dt.date,
    first: str,
    record_id: str | None,
    chosen: str,
    copies: list[tuple[Path, str]],
    commit: bool,
    outcome: tuple[list[str], list[str]],
) -> None:
    display = recordlog.record_display(chosen, day)
    try:
        copied = recordlog.copy_evidence(root, copies)
    except OSError as exc:
        die(
            _("cannot write {path}: {reason}; nothing was written", path=display, reason=exc),
            ExitCode.PROBLEMS,
        )
    try:
        written_id, written = recordlog.write_record(
            root, text, day, first, generated=record_id is None and not copies
        )
    except IdTaken as exc:
        recordlog.remove_copies(copied)
        die(_taken_message(exc.record_id, exc.path))
    except OSError as exc:
        recordlog.remove_copies(copied)
        die(
            _(
                "cannot write {path}: {reason}; nothing was written",
                path=display,
                reason=os_reason(exc),
            ),
            ExitCode.PROBLEMS,
        )
    typer.echo(f"{written_id} {written}")
    _print_outcome(outcome)
    if commit:
        paths = [written, *(target for _source, target in copies)]
        try:
            recordlog.git_commit(root, paths, recordlog.commit_message(kind, data, written_id))
        except GitError as exc:
            die(
                _("{path} is written but not committed: {reason}", path=written, reason=exc),
                ExitCode.PROBLEMS,
            )


def _plan_copies(
    root: Path, day: dt.date, record_id: str, data: dict[str, Any], attach: list[Path]
) -> list[tuple[Path, str]]:
    """Where --attach files and outside minutes/notices go; `data` gets their new paths."""
    outside = recordlog.outside_files(root, data)
    sources = [*(path.resolve() for path in attach), *outside.values()]
    planned = recordlog.evidence_targets(root, day, record_id, sources)
    targets = dict(zip(sources, (target for _source, target in planned), strict=True))
    for key, path in outside.items():
        data[key] = targets[path]
    attached = [targets[path.resolve()] for path in attach]
    if attached:
        evidence = [e for e in data.get("evidence", []) if e not in attached]
        data["evidence"] = [*evidence, *attached]
        # evidence stays in its place among the fields: after the kind's own, before notes
        data.update({key: data.pop(key) for key in ("notes",) if key in data})
    return planned


def _satisfies(
    repo: Repo, kind: str, record_id: str, display: str, text: str, lang: str
) -> tuple[list[str], list[str]]:
    """The `satisfies` lines of the record, or the warnings that say why there are none."""
    import yaml

    from safetyduty.load.validate import resolve_people
    from safetyduty.write import satisfies

    data = yaml.safe_load(text)
    record = resolve_people(repo, RECORD_TYPES[kind].model_validate({**data, "id": record_id}))
    with_record = satisfies.with_record(repo, record, display)
    found = satisfies.satisfied(with_record, record, today())
    if found:
        return [satisfies.satisfies_line(with_record, o, lang) for o in found], []
    reasons = satisfies.why_none(with_record, record, lang)
    warnings = [
        f"{display}:1:1: warning: {_('counts for no duty: {reason}', reason=reason)}"
        for reason in reasons
    ]
    return [], warnings


def _print_outcome(outcome: tuple[list[str], list[str]], *, err: bool = False) -> None:
    lines, warnings = outcome
    for line in lines:
        typer.echo(line, err=err)
    for line in warnings:
        typer.echo(line, err=True)


def _taken_message(record_id: str, path: str) -> str:
    return _(
        "--id: record id '{id}' is taken ({path}); record ids are file names and must be unique "
        "in the repo: choose another, or leave out --id",
        id=record_id,
        path=path,
    )


# --- asking at a terminal -----------------------------------------------------------------------


def _field_label(spec: FieldSpec, lang: str) -> str:
    from safetyduty.i18n import t

    key = f"lg_f_{spec.key}"
    name = t(key, lang)
    # in English the model's own description says more than the short label
    return spec.description if name == key or lang == "en" else name


def _label(spec: FieldSpec, lang: str) -> str:
    return f"{_field_label(spec, lang)} [{spec.key}]"


def _ask_all(kind: str, values: dict[str, Any], repo: Repo, lang: str) -> dict[str, Any]:
    """Every missing required field, then the title and the optional fields that decide
    whether the record counts (recordlog.deciding_fields); the date first, so that a date
    compared with it (a `rectify_by`) can be judged at its own prompt."""
    values = dict(values)
    asked: set[str] = set()
    while True:
        data = recordlog.record_data(kind, values)
        missing = recordlog.missing_fields(kind, data)
        missing.sort(key=lambda spec: spec.key != "date")
        pending = [s for s in missing if s.name not in asked] or [
            s for s in recordlog.deciding_fields(kind, data) if s.name not in asked
        ]
        if not pending:
            if missing:  # asked, but a value the model still refuses: ask again
                asked -= {spec.name for spec in missing}
                continue
            return values
        spec = pending[0]
        asked.add(spec.name)
        values[spec.name] = _ask(kind, spec, values, repo, lang)


def _ask(kind: str, spec: FieldSpec, values: dict[str, Any], repo: Repo, lang: str) -> Any:
    """One field's value, asked for until it is acceptable: parsed, and judged as `check`
    would judge it with the answers given so far (which are kept when it is asked again)."""
    from safetyduty.i18n import t

    label = _label(spec, lang)
    optional = not spec.required

    def judged(parse: Callable[[str], Any]) -> Callable[[str], Any]:
        def convert(text: str) -> Any:
            if optional and not text.strip():
                return None
            value = parse(text)
            trial = recordlog.record_data(kind, {**values, spec.name: value})
            problem = recordlog.answer_problem(repo, kind, trial, spec)
            if problem:
                raise typer.BadParameter(problem)
            return value

        return convert

    hint = aside(t("lg_optional", lang)) if optional else ""
    if spec.value == "bool":
        return confirm(label, default=None)
    choices = recordlog.choices_for(repo, spec, lang)
    if choices:
        for number, choice in enumerate(choices, 1):
            typer.echo(terminal_safe(f"  {number:>3}  {choice.label} ({choice.value})"))
        pick = t("lg_pick_many" if spec.many else "lg_pick", lang)
        return ask(
            f"{label}{aside(pick)}{hint}",
            default="" if optional else None,
            show_default=False,
            convert=judged(_picker(choices, spec.many, lang)),
        )
    if spec.value == "date":
        default = today().isoformat() if spec.key == "date" else ("" if optional else None)
        return ask(
            f"{label}{hint}",
            default=default,
            show_default=bool(default),
            convert=judged(_parser(parse_day)),
        )
    parse: Callable[[str], Any]
    if spec.value == "moment":
        label += aside("2026-05-03T10:20")
        parse = _parser(parse_moment)
    elif spec.value == "int":
        parse = _parser(_number(int))
    elif spec.value == "float":
        parse = _parser(_number(float))
    elif spec.many:
        label += aside(t("lg_several", lang))
        parse = _split
    else:
        parse = _text
    return ask(
        f"{label}{hint}",
        default="" if optional else None,
        show_default=False,
        convert=judged(parse),
    )


def _number(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            return kind(text.strip())
        except ValueError:
            if kind is int:
                raise ValueError(_("'{value}' is not a whole number", value=text)) from None
            raise ValueError(_("'{value}' is not a number", value=text)) from None

    return parse


def _text(text: str) -> str:
    if not text.strip():
        raise typer.BadParameter(_("give a value"))
    return text.strip()


def _tokens(text: str) -> list[str]:
    return [token for token in re.split(r"[\s,，、;；]+", text.strip()) if token]


def _split(text: str) -> list[str]:
    items = [item.strip() for item in re.split(r"[,，、;；]", text) if item.strip()]
    if not items:
        raise typer.BadParameter(_("give at least one"))
    return items


def _picker(choices: list[Choice], many: bool, lang: str) -> Callable[[str], str | list[str]]:
    """A number, an id or the words of a choice (a person's name, 一般), or several."""
    from safetyduty.load.problems import did_you_mean

    values = [choice.value for choice in choices]
    by_label: dict[str, list[str]] = {}
    for choice in choices:
        by_label.setdefault(choice.label, []).append(choice.value)

    def pick(text: str) -> str | list[str]:
        tokens = _tokens(text)
        if not tokens:
            raise typer.BadParameter(_("give a number, a name or an id"))
        if not many and len(tokens) > 1 and text.strip() not in by_label:
            raise typer.BadParameter(_("give one number or id"))
        if text.strip() in by_label:
            tokens = [text.strip()]
        picked: list[str] = []
        for token in tokens:
            if token.isdigit() and 1 <= int(token) <= len(values):
                picked.append(values[int(token) - 1])
            elif token in values:
                picked.append(token)
            elif len(by_label.get(token, ())) == 1:
                picked.append(by_label[token][0])
            elif token in by_label:
                raise typer.BadParameter(
                    _(
                        "'{value}' is the name of {n} people ({ids}); write the id of the one "
                        "meant",
                        value=token,
                        n=len(by_label[token]),
                        ids=", ".join(by_label[token]),
                    )
                )
            else:
                hint = did_you_mean(token, [*values, *by_label])
                raise typer.BadParameter(
                    _("'{value}' is not one of the choices{hint}", value=token, hint=hint)
                )
        return picked if many else picked[0]

    return pick
