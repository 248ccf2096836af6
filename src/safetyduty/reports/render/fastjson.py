"""Indented JSON at the speed of the C string encoder.

This module owns one function, `dumps_indented`, that prints exactly what
`json.dumps(value, ensure_ascii=False, indent=2, default=str)` prints. The standard library
drops to its pure-Python encoder whenever `indent` is set; at 100,000 obligations that is
0.8 s of a `status --format json`. Here strings go through the C encoder
(`json.encoder.encode_basestring`) and only the layout is Python. Anything it does not know
(a key that is not text, a float) is handed to `json.dumps` whole, so the output never
differs; tests/reports/test_fastjson.py holds it to that.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any


class _Unknown(Exception):
    """A value this writer leaves to `json.dumps`."""


def dumps_indented(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2, default=str)`, faster."""
    parts: list[str] = []
    try:
        _write(value, parts, "\n")
    except _Unknown:
        return json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return "".join(parts)


def _scalar(value: Any) -> str | None:
    """The JSON of a scalar the common way, or None for anything else."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    return None


def _write(value: Any, parts: list[str], newline: str) -> None:
    text = _scalar(value)
    if text is not None:
        parts.append(text)
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unknown
            text = _scalar(item)
            if text is None:
                parts.append(separator + encode_basestring(key) + ": ")
                _write(item, parts, inner)
            else:
                parts.append(separator + encode_basestring(key) + ": " + text)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            text = _scalar(item)
            if text is None:
                # Each item joined on its own: a list of 100,000 objects would otherwise
                # hold a million small strings at once.
                pieces = [separator]
                _write(item, pieces, inner)
                parts.append("".join(pieces))
            else:
                parts.append(separator + text)
            separator = "," + inner
        parts.append(newline + "]")
    elif isinstance(value, str):
        parts.append(encode_basestring(value))  # a subclass (StrEnum): json writes its text
    elif isinstance(value, int | float):
        raise _Unknown  # bool and int subclasses, floats (NaN, Infinity): json's own rules
    else:
        _write(str(value), parts, newline)  # default=str: dates and the like
