"""What every command shares: global settings, option parsing, loading the repo, exiting.

Commands call `load()` and hand its result to the core; the core never prints or exits.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from safetyduty.exitcodes import ExitCode
from safetyduty.i18n import _, os_reason

if TYPE_CHECKING:
    from safetyduty.load.problems import Problem
    from safetyduty.load.repo import Repo


class Lang(StrEnum):
    zh = "zh"
    en = "en"


@dataclass(frozen=True)
class Settings:
    repo: Path | None
    lang: str


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings(repo=None, lang="zh")


def aside(text: str) -> str:
    """A remark after a prompt's words, punctuated as the run's language is: `（可不填）`,
    ` (optional)`."""
    from safetyduty.i18n import language

    return f" ({text})" if language() == "en" else f"（{text}）"


def ask(
    text: str,
    *,
    convert: Callable[[str], Any] = str,
    suffix: str | None = None,
    **options: Any,
) -> Any:
    """`typer.prompt`, ending in the run's language's colon (`：` in Chinese), asked again
    until `convert` accepts the answer (it raises typer.BadParameter); the refusal is said in
    the run's language (Click's own prompt would prefix it with an English "Error:")."""
    from safetyduty.i18n import _

    while True:
        answer = typer.prompt(text, prompt_suffix=suffix or _prompt_suffix(), **options)
        try:
            return convert(answer)
        except typer.BadParameter as exc:
            typer.echo(_("error: {message}", message=exc.message), err=True)


#: Answers to a yes/no question, in either language.
_YES = frozenset({"y", "yes", "是", "好", "确定", "对"})
_NO = frozenset({"n", "no", "否", "不", "不是", "取消"})


def confirm(text: str, *, default: bool | None = None) -> bool:
    """A yes/no question, asked again until answered (Click's own says "Error: invalid input"
    in English): y/yes/是 or n/no/否, Enter for the default. It ends in the run's colon, or in
    Chinese in a space after a question (`写入此记录？ [Y/n] `, not `？ [Y/n]：`)."""
    from safetyduty.i18n import _

    def yes_or_no(answer: str) -> bool:
        word = answer.strip().lower()
        if not word and default is not None:
            return default
        if word in _YES or word in _NO:
            return word in _YES
        raise typer.BadParameter(_("answer y (yes) or n (no)"))

    suffix = " " if text.endswith("？") else _prompt_suffix()
    choices = {True: "[Y/n]", False: "[y/N]", None: "[y/n]"}[default]
    answer: bool = ask(
        f"{text} {choices}", convert=yes_or_no, suffix=suffix, default="", show_default=False
    )
    return answer


def _prompt_suffix() -> str:
    from safetyduty.i18n import language

    return ": " if language() == "en" else "："


def die(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    """One line on stderr, then exit: for usage errors and the like, never a traceback."""
    from safetyduty.load.problems import one_line

    # A value from a file or an option may hold a line break or a terminal escape.
    typer.echo(f"safetyduty: {_('error')}: {one_line(message)}", err=True)
    raise typer.Exit(int(code))


def parse_date(value: str | None, option: str = "--as-of") -> dt.date:
    """A YYYY-MM-DD option value (default today); a usage error names the option."""
    if value is None:
        from safetyduty.load.periods import today

        return today()
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        die(
            _(
                "{option}: '{value}' is not a date; write YYYY-MM-DD, e.g. 2026-04-05",
                option=option,
                value=value,
            )
        )
    # The holiday calendar and the periods make sense for this century only; a year like
    # 9999 is a typo, not a question.
    if not 2000 <= day.year <= 2099:
        die(
            _(
                "{option}: {day} is out of range; dates from 2000 to 2099 are supported",
                option=option,
                day=day,
            )
        )
    return day


def load(
    ctx: typer.Context,
    as_of: dt.date | None = None,
    *,
    report: bool = True,
    evaluating: bool = False,
) -> tuple[Repo, list[Problem]]:
    """Find and load the repo. With `report`, errors go to stderr (the caller decides the exit).

    With `evaluating`, a repo whose data files (the matrix or the people) have errors stops
    here with exit 1: obligations worked out from half a matrix would mislead.
    """
    from safetyduty.load.loader import load_repo
    from safetyduty.load.repo import RepoNotFound, find_repo

    try:
        root = find_repo(settings(ctx).repo)
    except RepoNotFound as exc:
        die(
            _(
                "{reason}; run `safetyduty init DIR` to create a records repo, or pass "
                "--repo PATH (or set SAFETYDUTY_REPO)",
                reason=exc,
            )
        )
    repo, problems = load_repo(root, as_of)
    if report:
        print_problems(problems)
    if evaluating:
        data_files = set(repo.data_paths.values())
        broken = sorted(
            {p.path for p in problems if p.severity == "error" and p.path in data_files}
        )
        if broken:
            die(
                _(
                    "cannot work out obligations until the errors in {files} are fixed",
                    files=", ".join(broken),
                ),
                ExitCode.PROBLEMS,
            )
    return repo, problems


def print_problems(problems: list[Problem]) -> None:
    """Errors (and warnings) on stderr, gcc style."""
    for problem in problems:
        typer.echo(problem.gcc(), err=True)


def exit_for(problems: list[Problem]) -> None:
    from safetyduty.load.problems import has_errors

    if has_errors(problems):
        raise typer.Exit(int(ExitCode.PROBLEMS))


def write_output(text: str, output: Path | None) -> None:
    """Text to a file (UTF-8, written whole, never half) or to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    write_binary(text.encode("utf-8"), output)


def need_output(fmt: str, output: Path | None, lang: str) -> Path:
    """The file a binary format (xlsx, docx) goes to; a usage error without one, since a
    terminal or a pipe never gets binary from safetyduty."""
    if output is None:
        from safetyduty.i18n import t

        die(t("xl_needs_output", lang, fmt=fmt))
    return output


def write_binary(data: bytes, output: Path) -> None:
    """Bytes to a file, written whole (never half), then the file's name on stderr."""
    from safetyduty.write.atomic import write_atomic

    try:
        write_atomic(output, data, overwrite=True)
    except OSError as exc:
        die(
            _("cannot write {path}: {reason}", path=output, reason=os_reason(exc)),
            ExitCode.PROBLEMS,
        )
    typer.echo(str(output), err=True)


def print_report(
    fmt: str,
    output: Path | None,
    *,
    blocks: Callable[[], Iterable[Any]],
    text: Mapping[str, Callable[[], str]],
    binary: Mapping[str, Callable[[], bytes]],
) -> None:
    """How a report reaches its reader, for every report command: the default table on a
    terminal as Rich blocks; a binary format (`need_output` has made sure of a file) to
    `--output`; every text format to stdout or `--output`. The renderers are called lazily, so
    only the asked format's modules are imported."""
    if fmt == "table" and output is None:
        from safetyduty.reports.render.formats import console

        out = console()
        for renderable in blocks():
            out.print(renderable)
    elif fmt in binary and output is not None:
        write_binary(binary[fmt](), output)
    else:
        write_output(text[fmt](), output)
