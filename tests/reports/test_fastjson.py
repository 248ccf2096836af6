"""The fast JSON writer prints exactly what json.dumps(indent=2) prints."""

from __future__ import annotations

import datetime as dt
import json
from enum import IntEnum, StrEnum
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from safetyduty.reports.render.fastjson import dumps_indented


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


class Colour(StrEnum):
    red = "red"


class Level(IntEnum):
    one = 1


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.dates(),
    st.datetimes(),
    st.sampled_from([Colour.red, Level.one, "\u2028", '\0\x1f\x7f"\\', "会议\u3000"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
        st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none()), inner, max_size=2),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_same_bytes_as_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == reference(value)


def test_a_status_payload() -> None:
    payload = {
        "as_of": "2026-04-05",
        "obligations": [
            {"duty": "d", "holder": "li-na", "due": dt.date(2026, 3, 31), "records": []},
            {"duty": "e", "holder": "张伟", "due": dt.date(2026, 6, 30), "records": ["m1", "m2"]},
        ],
        "empty": {},
    }
    assert dumps_indented(payload) == reference(payload)
