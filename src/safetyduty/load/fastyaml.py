"""A fast reader for the small YAML subset record files are written in; PyYAML for the rest.

This module owns the question "is this text simple enough to read without PyYAML, and what
does it say?". Records are lines of `key: scalar`, `key: [a, b]` and `key:` followed by
`  - item` lines. `parse` reads exactly those and returns None for anything else, so that the
caller hands the text to PyYAML, which then says what it holds or where it is wrong: a
comment after a value, an anchor, a tag, a quote with escapes, a multi-line scalar, a tab, a
carriage return, a duplicate key, any character that is not printable (NUL, control
characters, U+3000, a BOM), a number other than a plain whole number, a date other than
YYYY-MM-DD, a date-time.

What it returns is what PyYAML's safe loader would: scalars are resolved with PyYAML's own
implicit-resolver table (so `yes` is True, `null` is None and `2026-03-01` a date, exactly as
there). tests/load/test_fastyaml.py holds it to that, against PyYAML, on generated texts
full of the characters that matter.
"""

from __future__ import annotations

import datetime as dt
import re
from sys import intern
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

_KEY_LINE = re.compile(r"([a-z_][a-z0-9_]*):(?: (.*))?\Z")
_ITEM_LINE = re.compile(r"( *)- (.*)\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_INT = re.compile(r"(?:0|[1-9][0-9]{0,17})\Z")
_SINGLE = re.compile(r"'([^']*)'\Z")
_DOUBLE = re.compile(r'"([^"\\]*)"\Z')

#: Characters a plain scalar of the subset never starts with (YAML's indicators, and '-' and
#: '.' which begin numbers and document markers) ...
_BAD_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`.+=<~ ")
#: ... and never holds: ':' and '#' end or comment it somewhere, the brackets nest.
_BAD_INSIDE = re.compile(r"[:#\[\]{}]")
#: A plain scalar of the subset, whole (surrounding spaces already stripped).
_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`.+=<~ ][^:#\[\]{}]*\Z")

_RESOLVERS = Resolver.yaml_implicit_resolvers
_BOOL_VALUES = SafeConstructor.bool_values

#: Keys seen to be text (not `yes`, `on` or `null`), so that each is resolved once.
_TEXT_KEYS: set[str] = set()

#: Each date read so far, shared: a year of records holds a few hundred distinct days.
_DAYS: dict[str, dt.date] = {}

#: Returned by `_scalar` for a scalar outside the subset.
_NO: Any = object()


def parse(text: str) -> dict[str, Any] | None:
    """The mapping `text` holds when it is in the subset, else None (read it with PyYAML)."""
    if "\t" in text or "\r" in text or not text.replace("\n", "").isprintable():
        return None
    result: dict[str, Any] = {}
    open_list: list[Any] | None = None  # the items of a `key:` line being read
    indent = -1
    last_key = ""
    key_line = _KEY_LINE.match
    plain = _PLAIN.match
    resolvers = _RESOLVERS
    for line in text.split("\n"):
        found = key_line(line)
        if found is None:
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue
            item = _ITEM_LINE.match(line) if open_list is not None else None
            if item is None:
                return None
            if indent < 0:
                indent = len(item.group(1))
            elif len(item.group(1)) != indent:
                return None
            value = _value(item.group(2))
            if value is _NO or isinstance(value, list):
                return None
            open_list.append(value)  # type: ignore[union-attr]
            continue
        key, raw = found.groups()
        if key in result:
            return None
        if key not in _TEXT_KEYS:
            if key[0] in resolvers and not isinstance(_resolve(key), str):
                return None  # `yes:`, `null:`: a key that is not text
            if len(_TEXT_KEYS) < 512:
                _TEXT_KEYS.add(key)
        if open_list is not None and not open_list:
            result[last_key] = None
        last_key = key
        if raw is None or not (raw := raw.strip(" ")):
            open_list, indent = [], -1
            result[key] = open_list
            continue
        open_list = None
        if plain(raw) and raw[0] not in resolvers:
            # The common case: text that no resolver claims. Ids and kinds repeat across
            # thousands of records: one shared copy each (titles and the like are not kept).
            result[key] = intern(raw) if len(raw) <= 40 and raw.isascii() else raw
            continue
        day = _DAYS.get(raw)
        if day is not None:  # a date seen before: the same answer, without resolving
            result[key] = day
            continue
        value = _value(raw)
        if value is _NO:
            return None
        result[key] = value
    if open_list is not None and not open_list:
        result[last_key] = None
    return result or None


def _value(raw: str) -> Any:
    """A block value of the subset (a flow list, a quoted or a plain scalar), or _NO."""
    raw = raw.strip(" ")
    if raw.startswith("[") and raw.endswith("]"):
        inner = raw[1:-1]
        if any(c in inner for c in "[]{}'\""):
            return _NO
        if not inner.strip(" "):
            return []
        items = [_scalar(part.strip(" ")) for part in inner.split(",")]
        return _NO if any(item is _NO for item in items) else items
    if quoted := (_SINGLE.match(raw) or _DOUBLE.match(raw)):
        return quoted.group(1)
    return _scalar(raw)


def _scalar(raw: str) -> Any:
    """A plain scalar's value as PyYAML resolves it, or _NO outside the subset."""
    if not raw or raw[0] in _BAD_FIRST or raw[-1] == " " or _BAD_INSIDE.search(raw):
        return _NO
    if raw[0] not in _RESOLVERS:
        return intern(raw) if len(raw) <= 40 and raw.isascii() else raw
    return _resolve(raw)


def _resolve(raw: str) -> Any:
    for tag, pattern in _RESOLVERS.get(raw[0], ()):  # noqa: B007 - `tag` is used below
        if pattern.match(raw):
            break
    else:
        return intern(raw) if len(raw) <= 40 and raw.isascii() else raw
    if tag.endswith(":bool"):
        return _BOOL_VALUES[raw.lower()]
    if tag.endswith(":null"):
        return None
    if tag.endswith(":int") and _INT.match(raw):
        return int(raw)
    if tag.endswith(":timestamp") and _DATE.match(raw):
        day = _DAYS.get(raw)
        if day is None:
            try:
                day = dt.date(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
            except ValueError:
                return _NO  # PyYAML's own error says where and why
            if len(_DAYS) < 100_000:
                _DAYS[raw] = day
        return day
    return _NO
