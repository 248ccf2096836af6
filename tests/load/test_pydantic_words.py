"""Pydantic's limit errors are worded by us, from the error's bound, in both languages: no
'input should be greater than or equal to 0' inside a Chinese line, no '1 items'."""

from __future__ import annotations

import pytest
import yaml
from pydantic import BaseModel, Field, ValidationError

from safetyduty.i18n import set_language
from safetyduty.load.pydantic_errors import pydantic_problems


class Limited(BaseModel):
    count: int = Field(0, ge=0)
    hours: float = Field(1.0, gt=0, le=8784.0)
    pair: list[int] = Field(default_factory=lambda: [1, 2], min_length=2, max_length=3)
    names: list[str] = Field(default_factory=lambda: ["a"], min_length=1)
    code: str = Field("ab", min_length=1, max_length=3)


CASES = [
    ("count: -5\n", "count: must be 0 or more (got -5)", "count：须不小于 0（实际是 -5）"),
    (
        "hours: 8784.5\n",
        "hours: must be 8784 or less (got 8784.5)",
        "hours：须不大于 8784（实际是 8784.5）",
    ),
    ("hours: 0\n", "hours: must be more than 0 (got 0)", "hours：须大于 0（实际是 0）"),
    (
        "hours: .inf\n",
        "hours: must be 8784 or less (got inf)",
        "hours：须不大于 8784（实际是 inf）",
    ),
    ("pair: [1]\n", "pair: needs at least 2 items (has 1)", "pair：至少需要 2 项（实际 1）"),
    ("pair: [1, 2, 3, 4]\n", "pair: takes at most 3 items (has 4)", "pair：最多 3 项（实际 4）"),
    ("names: []\n", "names: must not be empty", "names：不能为空"),
    ("code: ''\n", "code: must not be empty", "code：不能为空"),
    ("code: abcd\n", "code: takes at most 3 characters", "code：最多 3 个字符"),
]


@pytest.mark.parametrize(("text", "en", "zh"), CASES, ids=[c[0].strip() for c in CASES])
def test_a_broken_limit_reads_as_a_rule(text: str, en: str, zh: str) -> None:
    for lang, expected in (("en", en), ("zh", zh)):
        set_language(lang)
        try:
            Limited.model_validate(yaml.safe_load(text))
        except ValidationError as exc:
            problems = pydantic_problems(exc, "x.yaml", text, model=Limited)
        else:
            raise AssertionError("the value should have been refused")
        assert [p.message for p in problems] == [expected]
