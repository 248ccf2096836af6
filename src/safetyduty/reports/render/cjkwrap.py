"""Chinese text wrapped as Chinese is: a line may break between any two characters.

Rich wraps a cell's text at spaces only, so a sentence of Chinese is one "word" to it: cropped
with "…" in a table cell, or moved whole to the next line, leaving half a line empty. `install`
teaches Rich's word splitter (`rich._wrap.words`) that each Chinese character is a word of its
own, keeping the line-breaking rules of Chinese typesetting (禁则): closing punctuation
(，。、；：）” …) stays with the character before it, opening punctuation (（“《 …) with the one
after. Only a word (in Rich's sense: between spaces) that holds a Chinese character is split;
every other word is Rich's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_OPENING = "（“‘「『《〈【〔"
_CLOSING = "，。、；：！？）”’」』》〉】〕…·"
#: Rich's own notion of a word: spaces before (at the start only) and after.
_RICH_WORD = re.compile(r"\s*\S+\s*")
_HAS_HAN = re.compile(f"[{_HAN}]")
#: The pieces of a word that holds Chinese: each character with the punctuation it keeps
#: (and the spaces around), or a run of anything else up to where such a character begins.
_PIECE = re.compile(
    rf"\s*[{_OPENING}]*[{_HAN}][{_CLOSING}]*\s*"
    rf"|(?:(?![{_OPENING}]*[{_HAN}]).)+",
    re.DOTALL,
)


def words(text: str) -> Iterable[tuple[int, int, str]]:
    """`rich._wrap.words`, with Chinese characters as words: (start, end, word) from left. A
    word without Chinese is Rich's own word, unchanged."""
    for word in _RICH_WORD.finditer(text):
        start = word.start()
        if _HAS_HAN.search(word.group()) is None:
            yield start, word.end(), word.group()
            continue
        for piece in _PIECE.finditer(word.group()):
            yield start + piece.start(), start + piece.end(), piece.group()


def install() -> None:
    """Make every Rich wrap in this process break Chinese between characters."""
    from rich import _wrap

    _wrap.words = words
