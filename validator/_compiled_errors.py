"""Schema findings from the compiled engine: jsonschema-rs's errors turned into the reference engine's.

jsonschema-rs reports each failing keyword with the instance path, the keyword's absolute place in the
schema and an evaluation path. That is all ``problems_from`` needs: the keyword's value and the subschema
holding it are looked up in the very bundle the engine compiled, the failing value in the caller's own
document. The findings, messages and hints are then the reference engine's, word for word.

Two things the reference engine does differently are reproduced here, or the case is handed back to it:

- order: python-jsonschema walks each subschema's keywords in their written order; the errors here are
  sorted by the same walk (the position of every step of the evaluation path in its schema), so findings at
  one pointer come out in the same order;
- ``anyOf``/``oneOf`` (and any keyword ``problems_from`` does not word itself): the reference engine picks
  the best sub-error with its own heuristics and words unknown keywords with its own messages, which cannot
  be reproduced from the compiled errors; ``compiled_problems`` returns None and the caller uses the
  reference engine for the whole document. The shipped schemas use no such keyword today.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from validator._fast_path import compile_schema, format_functions
from validator._findings import Problem
from validator._pointers import tokens
from validator._schema_validation import (
    DESCRIBED_KEYWORDS,
    KNOWN_VALUES_KEYWORD,
    KeywordFailure,
    problems_from,
)
from validator._schemas import schema_for


class _UnknownValue(ValueError):
    """Raised by the open-enumeration keyword: the string is not one of the known values."""


class _KnownValues:
    """The ``x-known-values`` keyword for jsonschema-rs: a string outside the list fails it (a warning)."""

    def __init__(self, parent_schema: Any, value: Any, schema_path: Any) -> None:
        self.known = frozenset(value) if isinstance(value, list) else frozenset()

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and instance not in self.known:
            raise _UnknownValue(instance)


class _Compiled:
    """The engine's validator of one strict bundle, and the bundle itself for looking keywords up."""

    def __init__(self, schema: dict[str, Any], validator: Any) -> None:
        self.schema = schema
        self.validator = validator


@cache
def _compiled(api_version: str, kind: str) -> _Compiled | None:
    schema = schema_for(api_version, kind=kind, strict=True)
    validator = compile_schema(
        schema, formats=format_functions(schema), keywords={KNOWN_VALUES_KEYWORD: _KnownValues}
    )
    return None if validator is None else _Compiled(schema, validator)


def compiled_problems(value: Any, *, api_version: str, kind: str, strict: bool) -> Iterator[Problem] | None:
    """The schema problems of ``value``, as the reference engine words them; None when only it can say.

    ``value`` must be plain JSON nesting at most ``MAX_DEPTH`` levels (the caller screens it).
    """
    compiled = _compiled(api_version, kind)
    if compiled is None:
        return None
    failures: list[tuple[tuple[int, ...], KeywordFailure]] = []
    try:
        errors = list(compiled.validator.iter_errors(value))
    except Exception:  # the engine refused this document: the reference engine says what it finds
        return None
    # Order matters only between findings at one place (the caller sorts the rest by document order).
    shared_places = len({tuple(error.instance_path) for error in errors}) < len(errors)
    for error in errors:
        failure = _failure(compiled.schema, value, error)
        if failure is None:
            return None
        order = _walk_order(compiled.schema, error.evaluation_path) if shared_places else ()
        failures.append((order, failure))
    failures.sort(key=lambda pair: pair[0])
    del errors  # the engine's error objects are the largest part; only the failures are needed from here
    return _problems_of(failures, strict=strict)


def _problems_of(
    failures: list[tuple[tuple[int, ...], KeywordFailure]], *, strict: bool
) -> Iterator[Problem]:
    """The failures' problems, built one at a time so that a capped caller keeps only what it reports."""
    required_reported: set[tuple[str | int, ...]] = set()
    for _order, failure in failures:
        if failure.keyword == "required":
            # One finding per missing property comes from the first such error at a place (see
            # validator._schema_validation.iter_problems_against).
            where = tuple(failure.path)
            if where in required_reported:
                continue
            required_reported.add(where)
        yield from problems_from(failure, strict=strict)


def _failure(schema: dict[str, Any], document: Any, error: Any) -> KeywordFailure | None:
    location = list(error.schema_path)
    if not location or not isinstance(location[-1], str):
        return None
    keyword = location[-1]
    holder = _at(schema, location[:-1])
    if keyword not in DESCRIBED_KEYWORDS or not isinstance(holder, dict) or keyword not in holder:
        return None
    path = list(error.instance_path)
    instance = _at(document, path)
    if instance is _MISSING:
        return None
    return KeywordFailure(keyword, path, holder[keyword], instance, holder, plain=True)


_MISSING = object()


def _at(node: Any, path: list[Any]) -> Any:
    for step in path:
        in_object = isinstance(node, dict) and isinstance(step, str) and step in node
        if not in_object and not (isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)):
            return _MISSING
        node = node[step]
    return node


def _walk_order(schema: dict[str, Any], evaluation_path: Any) -> tuple[int, ...]:
    """The place of each step of an evaluation path among its siblings, as the reference engine walks."""
    return tuple(_steps(schema, list(evaluation_path)))


def _steps(schema: dict[str, Any], evaluation_path: list[Any]) -> Iterator[int]:
    node: Any = schema
    for step in evaluation_path:
        if isinstance(node, dict):
            keys = list(node)
            yield keys.index(step) if step in node else len(keys)
            if step == "$ref" and isinstance(node.get("$ref"), str):
                node = _at(schema, _fragment_path(node["$ref"]))
            else:
                node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int):
            yield step
            node = node[step] if 0 <= step < len(node) else None
        else:
            yield 0


def _fragment_path(reference: str) -> list[str]:
    return list(tokens(reference.partition("#")[2]))
