"""`--help` follows the language (SPEC §8) and names values by what to write, not by type.

Every help text is written in English beside its option; help.po holds its Chinese. These tests
walk the whole command tree: a text without a translation, a translation no command shows any
more, a page with a Python type placeholder or an English sentence in Chinese all fail here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polib
import pytest
import typer.main

from conftest import ascii_only_sentences, run_cli
from safetyduty.cli.app import app
from safetyduty.cli.helppage import texts
from safetyduty.i18n import catalogue_path

HELP_PO = catalogue_path("zh", "help")
PLACEHOLDER = re.compile(r"<(str|bool|int|float|path|file|date|datetime|list\[[^>]*\])>")


def _command_paths() -> Iterator[tuple[str, ...]]:
    root = typer.main.get_command(app)
    ctx = typer.Context(root, info_name="safetyduty")

    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                yield from walk(command.get_command(ctx, name), (*path, name))

    yield from walk(root, ())


COMMANDS = list(_command_paths())


def test_every_help_text_has_its_chinese_and_help_po_holds_no_other() -> None:
    shown = list(texts(typer.main.get_command(app)))
    entries = {e.msgid: e.msgstr for e in polib.pofile(str(HELP_PO)) if not e.obsolete}
    missing = [text for text in shown if not entries.get(text)]
    assert missing == [], "run tools/update_catalogue.py and translate help.po"
    assert set(entries) - set(shown) == set(), "run tools/update_catalogue.py"


def test_a_translation_keeps_every_option_command_and_variable_of_its_text() -> None:
    kept = re.compile(r"--[a-z][\w-]*|`[^`]+`|\$[A-Z_]+|\{\}")
    for entry in polib.pofile(str(HELP_PO)):
        if entry.obsolete:
            continue
        lost = set(kept.findall(entry.msgid)) - set(kept.findall(entry.msgstr))
        assert not lost, (entry.msgid, lost)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "safetyduty")
def test_help_page_is_chinese_without_type_placeholders(path: tuple[str, ...]) -> None:
    result = run_cli(*path, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert PLACEHOLDER.search(page) is None, page
    assert "…" not in page, "Rich cropped a cell (reports/render/cjkwrap.py)"
    assert "用法：" in page and "[选项]" in page
    assert "Options" not in page and "Usage:" not in page
    assert ascii_only_sentences(page) == [], page


@pytest.mark.parametrize("path", [("status",), ("log", "inspection"), ("notify",)])
def test_english_help_after_chinese_is_english_again(path: tuple[str, ...]) -> None:
    chinese = run_cli(*path, "--help", env={"COLUMNS": "100"}).stdout
    english = run_cli("--lang", "en", *path, "--help", env={"COLUMNS": "100"}).stdout
    assert "用法：" in chinese
    assert english.lstrip().startswith("Usage: safetyduty")
    assert "Options" in english and PLACEHOLDER.search(english) is None, english
    assert "选项" not in english


def test_values_are_named_by_what_to_write() -> None:
    zh = run_cli("status", "--help", env={"COLUMNS": "120"}).stdout
    en = run_cli("--lang", "en", "status", "--help", env={"COLUMNS": "120"}).stdout
    assert re.search(r"--as-of\s+YYYY-MM-DD\s", zh) and re.search(r"--holder\s+责任主体\s", zh)
    assert re.search(r"--holder\s+HOLDER\s", en) and re.search(r"--output\s+-o\s+FILE\s", en)
    assert re.search(r"--format\s+table\|json\|csv\|xlsx\s", zh)
    assert re.search(r"--all\s+[\u4e00-\u9fff]", zh)  # a flag: no word, its help at once
    explain = run_cli("explain", "--help", env={"COLUMNS": "120"}).stdout
    assert "{职责}" in explain


def test_a_group_without_its_command_shows_its_page_in_chinese() -> None:
    result = run_cli("log", env={"COLUMNS": "100"})
    assert "用法：" in result.output and "命令" in result.output
    assert PLACEHOLDER.search(result.output) is None, result.output
