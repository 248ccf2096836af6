"""Reading YAML files: bytes → text → plain data, every failure a located Problem.

This module owns the questions "is this file readable YAML?" and "where in the file is this
value?". Parsing uses libyaml's C loader when present and only ever the safe constructors, so a
file can hold plain data but never build objects. PyYAML quietly keeps the last of two equal
keys, lets bare ValueErrors (and KeyErrors, IndexErrors) out for impossible dates, numbers too
long to convert and scalars like `0x_` or `!!bool maybe`, and reports a control character
without its place; all of these are caught here and located.

Positions are not built for every node on the fast path: `locate()` re-composes the text of a
file only when a problem in it needs a line and column.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from safetyduty.i18n import N_, _, os_reason
from safetyduty.load import fastyaml
from safetyduty.load.problems import Problem, error, shown

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CONFLICT = re.compile(r"^(<{7}|>{7})(?: |$)", re.MULTILINE)

#: The longest whole number a file may hold. Python will not print one of more than 4,300 digits
#: (sys.get_int_max_str_digits), and no count, year or hour in a ledger needs more than a few.
MAX_INT_DIGITS = 100

#: What a YAML tag or a typed value needs, as named in problems (translated when one is made).
_WHOLE_NUMBER = N_("a whole number")
_NUMBER = N_("a number")
_TRUE_OR_FALSE = N_("true or false")
_A_DATE = N_("a date")
_A_MAPPING = N_("a mapping")


@dataclass(frozen=True, slots=True)
class _DuplicateKey:
    key: str
    line: int
    column: int
    first_line: int


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, strict about duplicate keys, impossible dates and numbers too long.

    Duplicate keys are collected in `duplicates` (all of them, not the first) while loading
    goes on; the caller turns them into problems.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[_DuplicateKey] = []
        self.bad_scalars: list[_BadScalar] = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A scalar that is no date or number it claims to be is collected, and read as the
        # text it is, so that the rest of the file is still checked (SPEC §7: every problem).
        try:
            return super().construct_object(node, deep=deep)
        except _BadScalar as exc:
            if not isinstance(node, yaml.ScalarNode):  # `!!timestamp [a]`: no text to keep
                raise
            self.bad_scalars.append(exc)
            self.recursive_objects.pop(node, None)
            self.constructed_objects[node] = node.value
            return node.value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # `!!map [a]`, `!!map x` and `!!set [a]` reach here with a sequence or a scalar node;
        # PyYAML would iterate it as (key, value) pairs and fail with a bare TypeError.
        _expect(node, yaml.MappingNode, _A_MAPPING)
        seen: dict[str, int] = {}
        for key_node, _value in node.value:
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

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        # A long run of digits is refused before int() sees it: Python will not convert more
        # than 4,300 (and takes quadratic time on the way there).
        if len(node.value) <= 4 * MAX_INT_DIGITS:
            value = _scalar(super().construct_yaml_int, node, _WHOLE_NUMBER)
            if abs(value) < 10**MAX_INT_DIGITS:
                return value
        raise _BadScalar(
            "number", _("number too long (more than {n} digits)", n=MAX_INT_DIGITS), node
        )

    def construct_yaml_binary(self, node: yaml.Node) -> Any:
        # Bytes are no field's value: decoded silently, `!!binary` would hide what a field says.
        raise _BadScalar(
            "yaml-tag", _("YAML tag '!!binary' is not allowed; records hold text"), node
        )

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        return _scalar(super().construct_yaml_float, node, _NUMBER)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> Any:
        return _scalar(super().construct_yaml_bool, node, _TRUE_OR_FALSE)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        _expect(node, yaml.ScalarNode, _A_DATE)
        if self.timestamp_regexp.match(node.value) is None:  # `!!timestamp` on something else
            raise _BadScalar("date", _("{value} is not a date", value=shown(node.value)), node)
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise _BadScalar(
                "date",
                _("impossible date '{value}' ({reason})", value=node.value, reason=_(str(exc))),
                node,
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:binary", _Loader.construct_yaml_binary)


class _BadScalar(yaml.constructor.ConstructorError):
    """A scalar YAML reads as a number, a boolean or a date but that is none: `0x_`,
    `!!bool maybe`, `2026-02-30`. `code` is the problem's code."""

    def __init__(self, code: str, message: str, node: yaml.Node) -> None:
        super().__init__(None, None, message, node.start_mark)
        self.code = code


def _expect(node: yaml.Node, kind: type[yaml.Node], what: str) -> None:
    """A located error unless `node` is of `kind` (a tag like `!!map` on a list)."""
    if not isinstance(node, kind):
        if isinstance(node, yaml.ScalarNode):
            found = _("a single value")
        elif isinstance(node, yaml.SequenceNode):
            found = _("a list")
        else:
            found = _(_A_MAPPING)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        message = _(
            "YAML tag '{tag}' needs {what}, but found {found}", tag=tag, what=_(what), found=found
        )
        raise _BadScalar("yaml", message, node)


def _scalar(construct: Callable[[yaml.ScalarNode], Any], node: yaml.ScalarNode, what: str) -> Any:
    """One of PyYAML's scalar constructors, its bare errors (ValueError for `0x_`, KeyError for
    `!!bool maybe`, IndexError for `!!int ''`) turned into a located one."""
    try:
        return construct(node)
    except (ValueError, KeyError, IndexError) as exc:
        message = _(
            "{value} is not {what}; put it in quotes if it is text",
            value=shown(node.value),
            what=_(what),
        )
        raise _BadScalar("value", message, node) from exc


#: The codes of problems with one value (a bad date or number), which leave the rest readable.
_SCALAR_CODES = frozenset({"date", "number", "value"})


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """A parsed file: its plain data and the text it came from (kept for `locate`)."""

    data: Any
    text: str


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Text of a file that must be UTF-8 (a BOM is accepted), or a located problem."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error(display, 1, 1, "encoding", _("file is UTF-16; re-save it as UTF-8"))]
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
            hint = _("file is not UTF-8 (saved as GBK?); re-save it as UTF-8")
        except UnicodeDecodeError:
            hint = _(
                "file is not UTF-8 (byte 0x{byte}); re-save it as UTF-8",
                byte=f"{raw[exc.start]:02x}",
            )
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
                _(
                    "git merge conflict marker '{marker}'; resolve the conflict and remove "
                    "the markers",
                    marker=text[start : start + 7],
                ),
            )
            for start in conflicts
        ]
    fast = fastyaml.parse(text)
    if fast is not None:
        return fast, []
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except _BadScalar as exc:  # raised where PyYAML fills a mapping or a list after the fact
        return None, [_scalar_problem(exc, display)]
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_error(exc, text, display)]
    except yaml.reader.ReaderError:
        return None, [_character_error(text, display)]
    except yaml.YAMLError as exc:  # pragma: no cover - every other PyYAML error we know is marked
        return None, [error(display, 1, 1, "yaml", _("invalid YAML: {problem}", problem=str(exc)))]
    finally:
        loader.dispose()
    if loader.duplicates:
        return None, [
            error(
                display,
                dup.line + 1,
                dup.column + 1,
                "duplicate-key",
                _(
                    "duplicate key '{key}' (first at line {line}); YAML would silently keep "
                    "only the last one: merge them or delete one",
                    key=dup.key,
                    line=dup.first_line + 1,
                ),
            )
            for dup in loader.duplicates
        ]
    if loader.bad_scalars:
        return data, [_scalar_problem(exc, display) for exc in loader.bad_scalars]
    return data, []


def _scalar_problem(exc: _BadScalar, display: str) -> Problem:
    mark = exc.problem_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return error(display, line, column, exc.code, str(exc.problem))


def _character_error(text: str, display: str) -> Problem:
    """The first character YAML does not allow (a NUL, a control character), located: PyYAML
    gives only its offset, in bytes or in characters depending on the loader."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    start = found.start() if found else 0
    line = text.count("\n", 0, start) + 1
    column = start - text.rfind("\n", 0, start)
    if found and text[start] == "\0":
        message = _(
            "NUL character (U+0000) is not allowed in YAML: is this a binary file, or UTF-16 "
            "without a BOM? Re-save it as UTF-8 text"
        )
    else:
        what = f" U+{ord(text[start]):04X}" if found else ""
        message = _("control character{what} is not allowed in YAML; delete it", what=what)
    return error(display, line, column, "character", message)


#: PyYAML's own words (libyaml's, with the C loader) for a problem and its context, looked up
#: in the catalogue as they come: the common ones are in it already; these are the rarer ones
#: that the hostile corpus and a sweep of broken documents met.
_PYYAML_WORDS = (
    N_("found invalid Unicode character escape code"),
    N_("found unknown escape character"),
    N_("exceeded maximum nesting depth"),
    N_("but found another document"),
    N_("expected a single document in the stream"),
    N_("found unhashable key"),
    N_("mapping keys are not allowed here"),
    N_("sequence entries are not allowed here"),
    N_("while parsing a quoted scalar"),
    N_("while increasing flow level"),
    N_("while scanning a double-quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning for the next token"),
    N_("while parsing a node"),
    N_("while constructing a mapping"),
    N_("mapping values are not allowed in this context"),
    N_("did not find expected <document start>"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"),
    N_("did not find expected hexdecimal number"),
    N_("did not find the expected '>'"),
    N_("found duplicate %YAML directive"),
    N_("found undefined tag handle"),
    N_("found unknown directive name"),
    N_("while parsing a block node"),
    N_("while scanning a directive"),
    N_("while scanning a tag"),
    N_("while scanning an anchor"),
)


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    if line < len(lines) and column < len(lines[line]) and lines[line][column] == "\t":
        return error(
            display, line + 1, column + 1, "tab", _("tab character in indentation; use spaces")
        )
    if "could not determine a constructor for the tag" in problem:
        tag = problem.split("tag", 1)[1].strip(" '")
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return error(
            display,
            line + 1,
            column + 1,
            "yaml-tag",
            _("YAML tag '{tag}' is not allowed; records hold plain data only", tag=tag),
        )
    message = _("invalid YAML: {problem}", problem=_(problem))
    if exc.context:
        context = _(exc.context)
        start = exc.context_mark
        # "while scanning a quoted scalar" is only useful with where that scalar starts.
        if start and (start.line, start.column) != (line, column):
            context += _(
                " that starts at line {line}, column {column}",
                line=start.line + 1,
                column=start.column + 1,
            )
        message += _(" ({context})", context=context)
    return error(display, line + 1, column + 1, "yaml", message)


#: The largest file read, in bytes, unless $SAFETYDUTY_MAX_FILE_BYTES says otherwise. The
#: shipped duty matrix is under 100 KB and a record a few hundred bytes; a file of many MB is
#: a mistake (a log pasted in, a binary renamed) that would cost seconds and GBs to read: at
#: 1 MiB the worst file (a flow list of 340,000 items) takes ~4 s and ~200 MB to report.
MAX_FILE_BYTES = 1024 * 1024
MAX_FILE_BYTES_VAR = "SAFETYDUTY_MAX_FILE_BYTES"


def max_file_bytes() -> int:
    """The size cap in force: $SAFETYDUTY_MAX_FILE_BYTES (a positive whole number of bytes)
    when it is set to one, else MAX_FILE_BYTES."""
    value = os.environ.get(MAX_FILE_BYTES_VAR, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else MAX_FILE_BYTES


def read(
    path: Path | str, display: str, *, capped: bool = True
) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse one file; `None` with problems when it cannot be used. A file of the
    repo is `capped` at `max_file_bytes()`; the package's own matrix files are not."""
    limit = max_file_bytes() if capped else sys.maxsize
    try:
        info = os.stat(path)
        # A pipe would block the read for ever and a device (a link to /dev/zero) never end it.
        if not stat.S_ISREG(info.st_mode):
            return None, [error(display, 1, 1, "io", _("not a regular file (a device or a pipe)"))]
        if info.st_size > limit:
            return None, [_too_large(display, info.st_size, limit)]
        raw = _read_bytes(path)
    except OSError as exc:
        return None, [
            error(display, 1, 1, "io", _("cannot read file: {reason}", reason=os_reason(exc)))
        ]
    if len(raw) > limit:  # it grew after stat()
        return None, [_too_large(display, len(raw), limit)]
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    data, problems = parse(text, display)
    if problems and any(p.code not in _SCALAR_CODES for p in problems):
        return None, problems
    if problems:
        # Only values that are not what they claim to be: the document is still read (each
        # such value as its text), so that its other problems are found as well.
        return YamlDoc(data, text), problems
    if data is None:
        return None, [error(display, 1, 1, "empty", _("file is empty"))]
    return YamlDoc(data, text), []


def _read_bytes(path: Path | str) -> bytes:
    # A plain open() of a string: at 100,000 files, building Path objects costs a tenth of a load.
    with open(path, "rb") as file:
        return file.read()


def _too_large(display: str, size: int, limit: int) -> Problem:
    return error(
        display,
        1,
        1,
        "too-large",
        _(
            "file is too large ({size} bytes; at most {limit} are read); split it, or raise the "
            "limit with {variable}",
            size=f"{size:,}",
            limit=f"{limit:,}",
            variable=MAX_FILE_BYTES_VAR,
        ),
    )


def locate(text: str, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the value at `loc` (or of its key, with `key=True`).

    Walks as far down `loc` as the file goes: a missing field is reported at the mapping
    that should hold it.
    """
    tree = _compose(text)
    if tree is None:
        return 1, 1
    node = tree.root
    mark = node.start_mark
    for depth, step in enumerate(loc):
        last = depth == len(loc) - 1
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            entry = tree.entry(node, str(step))
            if entry is not None:
                child = entry[0] if (last and key) else entry[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                child = node.value[step]
        if child is None:
            break
        node, mark = child, child.start_mark
    return mark.line + 1, mark.column + 1


class _Tree:
    """A composed file, the keys of each of its mappings indexed when first looked up, so that
    locating every one of thousands of problems stays linear in the file."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def entry(self, node: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The first (key, value) of `node` whose key is the text `name`."""
        keys = self._keys.get(id(node))
        if keys is None:
            keys = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    keys.setdefault(key_node.value, (key_node, value_node))
            self._keys[id(node)] = keys
        return keys.get(name)


@functools.lru_cache(maxsize=4)
def _compose(text: str) -> _Tree | None:
    """The node tree of a text, kept for the next `locate` in the same file: a file with
    thousands of problems is composed once, not once a problem."""
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
    return _Tree(root) if root is not None else None
