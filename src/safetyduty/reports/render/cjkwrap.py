"""Chinese text wrapped as Chinese is: a line may break between any two characters.

Rich wraps a cell's text at spaces only, so a sentence of Chinese is one "word" to it: cropped
with "…" in a table cell, or moved whole to the next line, leaving half a line empty. `install`
teaches Rich's word splitter (`rich._wrap.words`) that each Chinese character is a word of its
own, keeping the line-breaking rules of Chinese typesetting (禁则): closing punctuation
(，。、；：）” …) stays with the character before it, opening punctuation (（“《 …) with the one
after. Text without Chinese is split exactly as Rich splits it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPENING = "（“‘「『《〈【〔"
_CLOSING = "，。、；：！？）”’」』》〉】〕…·%"
_WORD = re.compile(
    rf"\s*(?:"
    rf"[{_OPENING}]*[{_HAN}][{_CLOSING}]*"  # one character, with the punctuation it keeps
    rf"|[{_OPENING}]*[^\s{_HAN}{_OPENING}{_CLOSING}]+[{_CLOSING}]*"  # a run of other letters
    rf"|[{_OPENING}{_CLOSING}]+"  # punctuation on its own
    rf")\s*"
)


def words(text: str) -> Iterable[tuple[int, int, str]]:
    """`rich._wrap.words`, with Chinese characters as words: (start, end, word) from left."""
    position = 0
    match = _WORD.match(text, position)
    while match is not None and match.end() > position:
        start, end = match.span()
        yield start, end, match.group(0)
        position = end
        match = _WORD.match(text, position)
    if text[position:].strip():  # nothing but trailing spaces is left out, as Rich does
        yield position, len(text), text[position:]


def install() -> None:
    """Make every Rich wrap in this process break Chinese between characters."""
    from rich import _wrap

    _wrap.words = words
