"""Pydantic's validation errors as located problems, worded for the person who wrote the file.

This module owns "what does a wrong field look like to a user?": each error is turned into a
`Problem` at the line and column of the offending key or value, with the field's name and what
was expected.
"""

from __future__ import annotations

import datetime as dt
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from safetyduty.i18n import N_, _, t, tn
from safetyduty.load import yamlfile
from safetyduty.load.models import RECORD_TYPES
from safetyduty.load.problems import Problem, did_you_mean, error, shown


def pydantic_problems(
    exc: ValidationError,
    display: str,
    text: str,
    kind: str | None = None,
    model: type[BaseModel] | None = None,
    prefix: tuple[str | int, ...] = (),
) -> list[Problem]:
    """One located problem per Pydantic error, worded for a person.

    `kind` names the record kind in messages; `model` (the model of the whole file) lets an
    unknown field anywhere in the file get a "did you mean" among the fields allowed there.
    `prefix` is where in the file the validated value stands, when it is not the whole file.
    """
    if model is None and kind in RECORD_TYPES:
        model = RECORD_TYPES[kind]
    problems = []
    for err in exc.errors(include_url=False):
        full = (*prefix, *err["loc"])
        parent, loc = _walk(model, full) if model else (None, full)
        name = ".".join(str(part) for part in loc) or _("file")
        fields = (parent.model_fields if parent else {}).items()
        allowed = [info.alias or field for field, info in fields if not info.exclude]
        optional = any(
            loc and loc[-1] in (field, info.alias) and not info.is_required()
            for field, info in fields
        )
        etype = err["type"]
        if etype == "missing":
            line, column = yamlfile.locate(text, loc[:-1])
        else:
            line, column = yamlfile.locate(text, loc, key=etype == "extra_forbidden")
        if etype == "missing":
            code = "missing-field"
            if kind:
                message = _(
                    "missing required field '{field}' of a {kind}", field=loc[-1], kind=_(kind)
                )
            else:
                message = _("missing required field '{field}'", field=loc[-1])
        elif etype == "extra_forbidden":
            code = "unknown-field"
            message = _(
                "unknown field {field}{hint}",
                field=shown(loc[-1]),
                hint=did_you_mean(str(loc[-1]), allowed),
            )
            if allowed and kind and len(loc) == 1:
                message += _(" (a {kind} has: {fields})", kind=_(kind), fields=", ".join(allowed))
            elif allowed:
                message += _(" (allowed here: {fields})", fields=", ".join(allowed))
        elif etype == "value_error":
            code, message = "value", f"{name}: {err['ctx']['error']}"
        elif etype == "literal_error":
            got = err.get("input")
            expected = err["ctx"]["expected"]
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            code = "value"
            hint = did_you_mean(got, options) if isinstance(got, str) else ""
            message = _(
                "{field}: {value} is not one of {expected}{hint}",
                field=name,
                value=shown(got),
                expected=expected.replace(" or ", _(" or ")),
                hint=hint,
            )
        else:
            got = err.get("input")
            limit = _limit_message(etype, err.get("ctx") or {}, got)
            code = "type"
            if limit is not None:
                message = _("{field}: {rule}", field=name, rule=limit)
            else:
                message = f"{name}: {_type_message(etype, err['msg'], got, optional)}"
        problems.append(error(display, line, column, code, message))
    return problems


#: What a person is asked for, by Pydantic error type.
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list ([a, b], or one '- item' per line)",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    # Pydantic's own wording for these is used when the catalogue has it (see _type_message).
}


#: Pydantic's limits on a number, by error type: the bound's key in the error's context and how
#: the rule reads.
_LIMITS = {
    "greater_than_equal": ("ge", N_("must be {limit} or more")),
    "greater_than": ("gt", N_("must be more than {limit}")),
    "less_than_equal": ("le", N_("must be {limit} or less")),
    "less_than": ("lt", N_("must be less than {limit}")),
    "finite_number": ("", N_("must be a finite number")),
}
_LENGTHS = ("too_short", "too_long", "string_too_short", "string_too_long")


def _limit_message(etype: str, ctx: dict[str, Any], got: Any) -> str | None:
    """The rule a value broke, worded from the error's bound (`must be 0 or more (got -5)`,
    `must not be empty`, `needs at least 2 items (has 1)`), for Pydantic's limit errors."""
    if etype in _LENGTHS:
        return _length_message(etype, ctx)
    if etype not in _LIMITS:
        return None
    key, rule = _LIMITS[etype]
    if key and key not in ctx:
        return None
    bound = ctx.get(key, "")
    if isinstance(bound, float) and bound.is_integer():
        bound = int(bound)  # 8784, as the file writes it, not 8784.0
    return _("{rule} (got {value})", rule=_(rule, limit=bound), value=shown(got))


def _length_message(etype: str, ctx: dict[str, Any]) -> str | None:
    actual = ctx.get("actual_length")
    if etype in ("too_short", "string_too_short"):
        least = ctx.get("min_length")
        if least is None:
            return None
        if least == 1:
            return _("must not be empty")
        if etype == "too_short":
            rule = tn("needs at least {n} item", "needs at least {n} items", least)
        else:
            rule = tn("needs at least {n} character", "needs at least {n} characters", least)
    else:
        most = ctx.get("max_length")
        if most is None:
            return None
        if etype == "too_long":
            rule = tn("takes at most {n} item", "takes at most {n} items", most)
        else:
            rule = tn("takes at most {n} character", "takes at most {n} characters", most)
    return rule if actual is None else _("{rule} (has {actual})", rule=rule, actual=actual)


def _type_message(etype: str, msg: str, got: Any, optional: bool) -> str:
    english = _EXPECTED.get(etype)
    # "text" is also a table header's id (内容); what a field expects has its own
    expected = (t("expected_text") if english == "text" else _(english)) if english else None
    if got is None and expected:
        if optional:
            return _(
                "no value given; write {expected} after the colon, or leave the field out",
                expected=expected,
            )
        return _("no value given; write {expected} after the colon", expected=expected)
    if expected is None:
        text = _(f"{msg[0].lower()}{msg[1:]}")
        if got is None or isinstance(got, dict | list):
            return text
        return _("{message} (got {value})", message=text, value=shown(got))
    if etype == "string_type" and isinstance(got, bool):
        # YAML 1.1 reads yes/no/on/off as booleans; people mean the words.
        return _(
            "expected {expected}, but YAML read the value as {value} "
            "(yes, no, on, off, true and false are booleans); put it in quotes",
            expected=expected,
            value=str(got).lower(),
        )
    if etype == "string_type" and isinstance(got, int | float | dt.date):
        if isinstance(got, dt.date):
            return _(
                "expected {expected}, but YAML read {value} as a date; put it in quotes",
                expected=expected,
                value=got,
            )
        return _(
            "expected {expected}, but YAML read {value} as a number; put it in quotes",
            expected=expected,
            value=got,
        )
    return _("expected {expected}, got {value}", expected=expected, value=shown(got))


def _walk(
    model: type[BaseModel], loc: tuple[Any, ...]
) -> tuple[type[BaseModel] | None, tuple[Any, ...]]:
    """The model at `loc[:-1]` inside `model` (None when that is not one model), and `loc`
    without the tags Pydantic inserts for a discriminated union (`rule.periodic.period` is
    `rule.period` in the file)."""
    current: Any = model
    kept: list[Any] = []
    for step in loc[:-1]:
        options = unwrap(current)
        if len(options) > 1 and isinstance(step, str):
            tagged = [m for m in options if _is_model(m) and step in _tags(m)]
            if tagged:
                current = tagged[0]
                continue
        kept.append(step)
        current = _step(options[0] if len(options) == 1 else None, step)
    kept.extend(loc[-1:])
    options = unwrap(current)
    parent = options[0] if len(options) == 1 and _is_model(options[0]) else None
    return parent, tuple(kept)


def unwrap(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, without Annotated[...] and None."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        return [a for arg in get_args(annotation) for a in unwrap(arg) if a is not type(None)]
    return [annotation]


def _step(annotation: Any, step: Any) -> Any:
    if _is_model(annotation) and isinstance(step, str):
        for name, info in annotation.model_fields.items():
            if step in (name, info.alias):
                return info.annotation
        return None
    if get_origin(annotation) is list and isinstance(step, int):
        return get_args(annotation)[0]
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _tags(model: type[BaseModel]) -> set[str]:
    """The literal values of a union member's discriminator field (`type` or `kind`)."""
    tags: set[str] = set()
    for name in ("type", "kind"):
        info = model.model_fields.get(name)
        if info is not None and get_origin(info.annotation) is Literal:
            tags.update(str(a) for a in get_args(info.annotation))
    return tags
