"""The fast record reader agrees with PyYAML or steps aside: a differential fuzz test.

For every text, `fastyaml.parse` either returns None (PyYAML then reads it, as before) or
returns exactly what PyYAML's safe loader returns, types included (True is not 1, a date is
not a string). The generated texts are made of record-like lines spiked with what matters:
NUL and control characters, U+3000 and other non-ASCII spaces, quotes, comments, anchors,
aliases, tags, flow lists (nested, empty, with trailing commas), block lists at odd indents,
numbers and dates PyYAML reads differently, duplicate keys, tabs and carriage returns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from safetyduty.load import fastyaml, yamlfile

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ROOT = Path(__file__).parents[2]


def typed(value: Any) -> Any:
    """`value` with every scalar's type spelled out, so that 1 == True no longer holds."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


def pyyaml(text: str) -> tuple[bool, Any]:
    try:
        return True, yaml.load(text, Loader=LOADER)
    except (yaml.YAMLError, ValueError, KeyError, IndexError, TypeError, OverflowError):
        return False, None


def assert_agrees(text: str) -> None:
    fast = fastyaml.parse(text)
    if fast is None:
        return
    ok, expected = pyyaml(text)
    assert ok, f"PyYAML refuses {text!r}, the fast path read {fast!r}"
    assert typed(fast) == typed(expected), text


TRICKY_CHARS = (
    "\0\x01\x07\x08\x0b\x0c\x1b\x7f\x85\xa0\u2028\u2029\u3000\ufeff\ufffe\ud7ff"
    "\t\r \"'#&*!|>%@`,[]{}:-?~.+=<\\/"
)
WORDS = [
    "a",
    "会议",
    "检查 一",
    "li-na",
    "yes",
    "No",
    "ON",
    "off",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "y",
    "n",
    "0",
    "7",
    "-3",
    "012",
    "0x1F",
    "0o7",
    "1_000",
    "190:20:30",
    "1.5",
    ".5",
    "1e3",
    ".inf",
    ".NaN",
    "2026-03-01",
    "2026-02-30",
    "2026-3-1",
    "2026-03-01 10:00:00",
    "2026-03-01T10:00:00+08:00",
    "99999999999999999999",
    "<<",
    "=",
    "http://x.cn/a",
    "a: b",
    "a #c",
    "a#c",
    "'q'",
    "'it''s'",
    '"q"',
    '"a\\nb"',
    '"a\\"b"',
    "&anchor v",
    "*alias",
    "!!str 1",
    "!!binary aGk=",
    "!tag x",
    "|",
    ">-",
    "[a, b]",
    "[]",
    "[ ]",
    "[a,]",
    "[a, [b]]",
    "[a: b]",
    "[1, yes, 2026-03-01]",
    "['a', \"b\"]",
    "{a: b}",
    "a, b",
    "a ]",
    "全角　空格",
    "---",
    "...",
]
KEYS = ["kind", "date", "title", "led_by", "sections", "yes", "null", "on", "Kind", "a b", "k-1"]


def _word() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WORDS),
        st.text(alphabet=st.sampled_from(TRICKY_CHARS + "ab会0 9"), max_size=6),
        st.builds("".join, st.lists(st.sampled_from(WORDS + list(TRICKY_CHARS)), max_size=3)),
    )


def _line() -> st.SearchStrategy[str]:
    key = st.one_of(st.sampled_from(KEYS), st.text(alphabet="abz_09:- ", min_size=1, max_size=4))
    separator = st.sampled_from([": ", ":", ":  ", " : ", ": \t"])
    item = st.builds(lambda s, w: s + "- " + w, st.sampled_from(["", " ", "  ", "    "]), _word())
    return st.one_of(
        st.builds(lambda k, s, v: k + s + v, key, separator, _word()),
        st.builds(lambda k: k + ":", key),
        item,
        st.sampled_from(["", "# note", "  # note", "---", "...", "%YAML 1.1", "   "]),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line(), max_size=8), st.sampled_from(["\n", "\r\n", ""]))
@example(["kind: meeting", "date: 2026-03-01", "led_by:", "  - li-na", "  - wang"], "\n")
@example(["title: 全角　空格"], "\n")
@example(["title: a\0b"], "\n")
@example(["led_by:", "- a", "  - b"], "\n")
@example(["a:", "b: 1"], "\n")
def test_fast_path_agrees_with_pyyaml_or_falls_back(lines: list[str], end: str) -> None:
    assert_agrees(end.join(lines) + end)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY_CHARS + "ak:\n 1-会"), max_size=40))
def test_fast_path_agrees_on_any_text(text: str) -> None:
    assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "title: a\0b\n",
        "title: a\x07b\n",
        "title: a\u3000b\n",
        "\ufeffkind: x\n",
        "title: a\x85b\n",
        "title: x # comment\n",
        "title: &a x\nnotes: *a\n",
        "title: !!str 1\n",
        "title: !!binary aGk=\n",
        "sections: [a, [b]]\n",
        "sections: ['a']\n",
        "title: 'it''s'\n",
        'title: "a\\tb"\n',
        "title: a\r\n",
        "title:\ta\n",
        "kind: x\nkind: y\n",
        "date: 2026-02-30\n",
        "date: 2026-03-01 10:00\n",
        "count: 012\n",
        "count: 1.5\n",
        "notes: |\n  a\n",
        "title: a\n  b\n",
        "---\nkind: x\n",
        "yes: 1\n",
        "",
        "# only a comment\n",
    ],
)
def test_what_records_do_not_use_falls_back_to_pyyaml(text: str) -> None:
    assert fastyaml.parse(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind: meeting\ndate: 2026-03-01\n", {"kind": "meeting", "date": dt.date(2026, 3, 1)}),
        ("led_by: [li-na, wang]\n", {"led_by": ["li-na", "wang"]}),
        ("led_by: []\n", {"led_by": []}),
        ("led_by:\n  - li-na\n  - wang\n", {"led_by": ["li-na", "wang"]}),
        ("led_by:\n- li-na\n", {"led_by": ["li-na"]}),
        ("notes:\ntitle: x\n", {"notes": None, "title": "x"}),
        ("deaths: 0\nok: yes\nx: null\n", {"deaths": 0, "ok": True, "x": None}),
        ("title: '检查: 一'\n", {"title": "检查: 一"}),
        ('title: "专题会"\n', {"title": "专题会"}),
        ("title: 2026年第一季度会议\n", {"title": "2026年第一季度会议"}),
    ],
)
def test_the_subset_reads_as_pyyaml_does(text: str, expected: dict[str, Any]) -> None:
    assert typed(fastyaml.parse(text)) == typed(expected)
    assert typed(yaml.load(text, Loader=LOADER)) == typed(expected)


def _record_texts() -> list[tuple[str, str]]:
    files = sorted((ROOT / "records").rglob("*.yaml")) + sorted(
        (ROOT / "tests" / "fixtures").rglob("records/**/*.yaml")
    )
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files]


def test_every_shipped_record_reads_the_same_and_most_take_the_fast_path() -> None:
    texts = _record_texts()
    assert len(texts) > 20
    fast = 0
    for display, text in texts:
        assert_agrees(text)
        fast += fastyaml.parse(text) is not None
        data, problems = yamlfile.parse(text, display)
        assert not problems
        assert typed(data) == typed(yaml.load(text, Loader=LOADER)), display
    assert fast >= len(texts) * 0.6, f"only {fast} of {len(texts)} records took the fast path"
