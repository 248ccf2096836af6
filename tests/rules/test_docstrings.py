"""Every rule type's documentation is a test: its worked example runs, so it cannot drift.

Each module of `safetyduty.rules` that the registry names carries, in its docstring, an
`Example::` block in YAML: the `records` of a small repo (file name → record), the `as_of` date,
and the `states` that follow (`DUTY HOLDER PERIOD: state`). The people are those of
`tests/conftest.py` (张伟 `zhang-wei` director; 李娜 `li-na` safety lead; 王强 `wang-qiang`
industry lead until 2026-06-30, then 赵敏 `zhao-min`) unless the example gives its own `people`.
Evidence files the records name are created empty. The example must load without an error, and
the engine must give each listed obligation exactly the listed state.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from conftest import write_repo
from safetyduty.load.loader import load_repo
from safetyduty.load.problems import has_errors
from safetyduty.rules.engine import evaluate, findings
from safetyduty.rules.registry import ASSESSMENT_MODULES, MODULES

#: Fields whose values are repo paths the example's records point to.
_PATH_FIELDS = ("minutes", "notice", "pre_evaluation_report", "path", "evidence")


def example_of(module: ModuleType) -> dict[str, Any]:
    """The YAML of the `Example::` literal block in a module's docstring."""
    doc = inspect.getdoc(module) or ""
    found = re.search(r"^Example::\n\n((?:[ \t]+.*\n|\n)+)", doc + "\n", re.M)
    assert found, f"{module.__name__}: its docstring has no 'Example::' block"
    data = yaml.safe_load(textwrap.dedent(found.group(1)))
    assert isinstance(data, dict) and {"as_of", "records"} <= set(data), data
    # obligation rules list the states that follow; assessment rules, their findings
    assert ("states" in data) != ("findings" in data), data
    return data


def _example_repo(example: dict[str, Any], tmp_path: Path) -> tuple[Any, dt.date]:
    files: dict[str, str] = {}
    for record_id, record in example["records"].items():
        files[f"records/2026/{record_id}.yaml"] = yaml.safe_dump(
            record, allow_unicode=True, sort_keys=False
        )
        for path in _evidence(record):
            files[path] = ""
    if "people" in example:
        files["data/people.yaml"] = yaml.safe_dump(
            {"people": example["people"]}, allow_unicode=True, sort_keys=False
        )
    root = write_repo(tmp_path, files)
    as_of = example["as_of"]
    assert isinstance(as_of, dt.date)
    repo, problems = load_repo(root, as_of)
    assert not has_errors(problems), problems
    return repo, as_of


@pytest.mark.parametrize("module", ASSESSMENT_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_assessment_docstring_example_runs(module: ModuleType, tmp_path: Path) -> None:
    """An assessment rule's example lists every finding it makes (`KIND HOLDER ACCIDENT`)."""
    example = example_of(module)
    repo, as_of = _example_repo(example, tmp_path)
    found, problems = findings(repo, as_of.year, as_of)
    assert problems == []
    duties = {d.id for d in repo.duties.values() if d.rule and d.rule.type == module.NAME}
    made = {f"{f.kind} {f.holder} {f.accident}" for f in found if f.duty in duties}
    assert example["findings"], f"{module.__name__}: the example lists no findings"
    assert made == set(example["findings"])


def _evidence(record: dict[str, Any]) -> list[str]:
    paths: list[str] = []
    for name in _PATH_FIELDS:
        value = record.get(name)
        paths.extend([value] if isinstance(value, str) else value or [])
    return paths


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_docstring_example_runs(module: ModuleType, tmp_path: Path) -> None:
    example = example_of(module)
    files: dict[str, str] = {}
    for record_id, record in example["records"].items():
        files[f"records/2026/{record_id}.yaml"] = yaml.safe_dump(
            record, allow_unicode=True, sort_keys=False
        )
        for path in _evidence(record):
            files[path] = ""
    if "people" in example:
        files["data/people.yaml"] = yaml.safe_dump(
            {"people": example["people"]}, allow_unicode=True, sort_keys=False
        )
    root = write_repo(tmp_path, files)
    as_of = example["as_of"]
    assert isinstance(as_of, dt.date)
    repo, problems = load_repo(root, as_of)
    assert not has_errors(problems), problems

    states = {f"{o.duty} {o.holder} {o.period}": o.state for o in evaluate(repo, as_of).obligations}
    expected = example["states"]
    assert expected, f"{module.__name__}: the example lists no states"
    assert {key: states.get(key) for key in expected} == expected


def test_every_rule_type_has_a_module_with_an_example() -> None:
    """The registry names every rule type the models allow, each documented by its module."""
    from typing import get_args

    from safetyduty.load.models import Duty

    (annotated,) = (
        a for a in get_args(Duty.model_fields["rule"].annotation) if a is not type(None)
    )
    (union, *_) = get_args(annotated)
    names = {get_args(m.model_fields["type"].annotation)[0] for m in get_args(union)}
    assert len(names) >= 8, names
    documented = {m.NAME for m in (*MODULES, *ASSESSMENT_MODULES)}
    assert names <= documented, names - documented
    for module in (*MODULES, *ASSESSMENT_MODULES):
        assert "Enforces" in (module.__doc__ or ""), module.__name__
        example_of(module)
