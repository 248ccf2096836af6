"""Reading YAML files: bytes → text → plain data, every failure a located Problem.

This module owns the questions "is this file readable YAML?" and "where in the file is this
value?". Parsing uses libyaml's C loader when present and only ever the safe constructors, so a
file can hold plain data but never build objects. PyYAML quietly keeps the last of two equal
keys and raises bare ValueErrors for impossible dates; both are caught here and located.

Positions are not built for every node on the fast path: `locate()` re-composes the text of a
file only when a problem in it needs a line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from safetyduty.problems import Problem, error

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CONFLICT = re.compile(r"^(<{7}|>{7})(?: |$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _DuplicateKey:
    key: str
    line: int
    column: int
    first_line: int


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, strict about duplicate keys and impossible dates.

    Duplicate keys are collected in `duplicates` (all of them, not the first) while loading
    goes on; the caller turns them into problems.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[_DuplicateKey] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            mark = key_node.start_mark
            if key_node.value in seen:
                self.duplicates.append(
                    _DuplicateKey(key_node.value, mark.line, mark.column, seen[key_node.value])
                )
            else:
                seen[key_node.value] = mark.line
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"impossible date '{node.value}' ({exc})", node.start_mark
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """A parsed file: its plain data and the text it came from (kept for `locate`)."""

    data: Any
    text: str


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Text of a file that must be UTF-8 (a BOM is accepted), or a located problem."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error(display, 1, 1, "encoding", "file is UTF-16; re-save it as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        # A column counts characters, not bytes: the line may hold Chinese before the bad byte.
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        try:
            raw.decode("gbk")
            hint = "file is not UTF-8 (saved as GBK?); re-save it as UTF-8"
        except UnicodeDecodeError:
            hint = f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); re-save it as UTF-8"
        return None, [error(display, line, column, "encoding", hint)]


def parse(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Plain data of a YAML text, or the problems that stop it being read."""
    conflicts = [m.start() for m in _CONFLICT.finditer(text)]
    if conflicts:
        return None, [
            error(
                display,
                text.count("\n", 0, start) + 1,
                1,
                "merge-conflict",
                f"git merge conflict marker '{text[start : start + 7]}'; "
                "resolve the conflict and remove the markers",
            )
            for start in conflicts
        ]
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_error(exc, text, display)]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know is marked
        return None, [error(display, 1, 1, "yaml", f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    if loader.duplicates:
        return None, [
            error(
                display,
                dup.line + 1,
                dup.column + 1,
                "duplicate-key",
                f"duplicate key '{dup.key}' (first at line {dup.first_line + 1}); "
                "YAML would silently keep only the last one: merge them or delete one",
            )
            for dup in loader.duplicates
        ]
    return data, []


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    if line < len(lines) and column < len(lines[line]) and lines[line][column] == "\t":
        return error(
            display, line + 1, column + 1, "tab", "tab character in indentation; use spaces"
        )
    if "could not determine a constructor for the tag" in problem:
        tag = problem.split("tag", 1)[1].strip(" '")
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return error(
            display,
            line + 1,
            column + 1,
            "yaml-tag",
            f"YAML tag '{tag}' is not allowed; records hold plain data only",
        )
    if problem.startswith("impossible date"):
        return error(display, line + 1, column + 1, "date", problem)
    message = f"invalid YAML: {problem}"
    if exc.context:
        context = exc.context
        start = exc.context_mark
        # "while scanning a quoted scalar" is only useful with where that scalar starts.
        if start and (start.line, start.column) != (line, column):
            context += f" that starts at line {start.line + 1}, column {start.column + 1}"
        message += f" ({context})"
    return error(display, line + 1, column + 1, "yaml", message)


def read(path: Path, display: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse one file; `None` with problems when it cannot be used."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(display, 1, 1, "io", f"cannot read file: {exc.strerror}")]
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    data, problems = parse(text, display)
    if problems:
        return None, problems
    if data is None:
        return None, [error(display, 1, 1, "empty", "file is empty")]
    return YamlDoc(data, text), []


def locate(text: str, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the value at `loc` (or of its key, with `key=True`).

    Walks as far down `loc` as the file goes: a missing field is reported at the mapping
    that should hold it.
    """
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return 1, 1
    if node is None:
        return 1, 1
    mark = node.start_mark
    for depth, step in enumerate(loc):
        last = depth == len(loc) - 1
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    child = key_node if (last and key) else value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                child = node.value[step]
        if child is None:
            break
        node, mark = child, child.start_mark
    return mark.line + 1, mark.column + 1
