"""Chinese in a Rich table cell wraps between characters, never cropped, punctuation kept."""

from __future__ import annotations

import io

import pytest
from rich import _wrap
from rich.console import Console
from rich.table import Table
from rich.text import Text

from safetyduty.reports.render import cjkwrap

SENTENCE = (
    "记录仓库（默认：$SAFETYDUTY_REPO；未设置时，向上查找最近的含有 data/people.yaml 或 "
    "records/ 的文件夹）。"
)


def _cell_lines(text: str, width: int) -> list[str]:
    out = io.StringIO()
    table = Table(show_header=False, box=None, padding=0)
    table.add_column()
    table.add_column()
    table.add_row("--repo ", Text(text))
    Console(file=out, width=width, color_system=None).print(table)
    return [line[len("--repo ") :].rstrip() for line in out.getvalue().splitlines()]


@pytest.mark.parametrize(
    "text",
    [
        "hello world  foo\tbar ",
        "  lead",
        "one",
        "",
        "   ",
        "a, b.",
        "https://x/a%20b",
        "foo…bar a·b",
        "He said “hello”, a“b",
        "100% (a) [b]",
    ],
)
def test_text_without_chinese_is_split_as_rich_splits_it(text: str) -> None:
    rich_words = _wrap.re_word
    assert list(cjkwrap.words(text)) == [
        (m.start(), m.end(), m.group(0)) for m in rich_words.finditer(text)
    ]


def test_every_character_is_kept_and_closing_punctuation_stays_behind() -> None:
    pieces = [word for _, _, word in cjkwrap.words(SENTENCE)]
    assert "".join(pieces) == SENTENCE
    assert [w for _, _, w in cjkwrap.words("𠮷野家 a")] == ["𠮷", "野", "家 ", "a"]
    assert "库（" not in pieces and "（默" in pieces and "认：" in pieces
    assert "$SAFETYDUTY_REPO；" in pieces and "夹）。" in pieces


def test_a_chinese_cell_wraps_without_losing_a_character(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_wrap, "words", cjkwrap.words)
    lines = _cell_lines(SENTENCE, 40)
    assert "…" not in "".join(lines)
    assert "".join(lines).replace(" ", "") == SENTENCE.replace(" ", "")
    # filled to the width, not broken at the spaces only: no line is less than half full
    assert all(len(line) * 2 >= 16 for line in lines[:-1]), lines
    assert not any(line.startswith(("，", "。", "）", "；", "：")) for line in lines), lines
