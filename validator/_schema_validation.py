"""Schema validation: runs jsonschema on the closed bundle and turns its errors into findings.

Each finding names the keyword that failed as its rule, sits at the deepest pointer that explains it, and
says what was found and what was expected. Unknown properties and unknown values of open enumerations are
warnings unless the caller asked for strict validation.

python-jsonschema is the reference engine: it validates against the version's strict single-file bundle,
whose ``$ref``s all point into its own ``$defs``. The compiled engine (``validator._compiled_errors``) turns
jsonschema-rs's errors into the same ``KeywordFailure`` values, so both give the very same findings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from validator._findings import Problem, Severity, clip, echo
from validator._pointers import escape_token, join
from validator._schemas import (
    ERROR_RESPONSE_DEFINITION,
    JOB_STATE_DEFINITION,
    definition_uri,
    load_bundle,
)
from validator.exceptions import SchemaReferenceError

if TYPE_CHECKING:  # python-jsonschema loads on first use of the reference engine, not at import
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator

# The custom keyword that lists the known values of an open enumeration (modelAsString: true).
KNOWN_VALUES_KEYWORD = "x-known-values"
OPEN_ENUM_RULE = "open-enum"
UNKNOWN_PROPERTY_RULE = "additionalProperties"

_DEFINITIONS = {"job-state": JOB_STATE_DEFINITION, "error": ERROR_RESPONSE_DEFINITION}
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


def _known_values(
    validator: Validator, known: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    from jsonschema import ValidationError

    if isinstance(instance, str) and isinstance(known, list) and instance not in known:
        yield ValidationError(f"{instance!r} is not a known value")


@dataclass(frozen=True)
class KeywordFailure:
    """One failing keyword, as either engine reports it: where, which keyword, its value and its schema.

    ``message`` is the engine's own wording, used only for keywords this module does not describe itself
    (the compiled engine has none to offer and leaves such keywords to the reference engine).
    """

    keyword: str
    path: Sequence[str | int]
    expected: Any  # the keyword's value in the schema
    instance: Any
    schema: Any  # the (sub)schema holding the keyword
    message: str = ""
    plain: bool = False  # the instance is known to be plain JSON (so it can be shown without a full dump)


def local_fragment(schema_uri: str) -> str:
    """The bundle's fragment for a component URI: definitions keep their names when bundled.

    ``.../v3.1/job-state.json#/$defs/TaskState`` becomes ``#/$defs/TaskState``.
    """
    return "#" + schema_uri.partition("#")[2]


@cache
def _validator(fragment: str, api_version: str) -> Validator:
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    # jsonschema's extend() is untyped; it returns a Draft 2020-12 validator class with one more keyword.
    contract_validator = extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, validators={KNOWN_VALUES_KEYWORD: _known_values}
    )
    # The whole strict bundle is the root resource, so every $ref is a lookup inside one document.
    schema = {**load_bundle(api_version, strict=True), "$ref": fragment}
    validator: Validator = contract_validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator


def iter_schema_problems(instance: Any, *, api_version: str, kind: str, strict: bool) -> Iterator[Problem]:
    """Validates ``instance`` as a ``kind`` document ("job-state" or "error") of ``api_version``."""
    root_uri = definition_uri(api_version, _DEFINITIONS[kind])
    return iter_problems_against(instance, root_uri, api_version=api_version, strict=strict)


def iter_problems_against(
    instance: Any, schema_uri: str, *, api_version: str, strict: bool, prefix: str = ""
) -> Iterator[Problem]:
    """Validates ``instance`` against the shipped schema at ``schema_uri``; pointers start with ``prefix``.

    This is how misplaced structures (a task array nested one level too deep) are still checked inside.
    """
    from referencing.exceptions import Unresolvable

    validator = _validator(local_fragment(schema_uri), api_version)
    required_reported: set[str] = set()
    try:
        for error in validator.iter_errors(instance):
            error = _deepest(error)
            if error.validator == "required":
                # jsonschema yields one error per missing property, naming it only in its message; the first
                # one reports every missing property by name, and the rest are dropped.
                where = pointer_from(error.absolute_path)
                if where in required_reported:
                    continue
                required_reported.add(where)
            for problem in problems_from(_failure(error), strict=strict):
                yield replace(problem, pointer=prefix + problem.pointer) if prefix else problem
    except Unresolvable as unresolvable:
        raise SchemaReferenceError(str(getattr(unresolvable, "ref", unresolvable))) from unresolvable
    except RecursionError:
        # The caller bounds nesting depth first; this only guards a stack already deep in the caller's code.
        yield Problem("nesting-depth", prefix, Severity.ERROR, "the document nests too deep to be validated")


def _deepest(error: ValidationError) -> ValidationError:
    """For ``anyOf``/``oneOf`` failures, the one sub-error that best explains the problem."""
    from jsonschema.exceptions import best_match

    while error.validator in ("anyOf", "oneOf") and error.context:
        error = best_match(error.context)
    return error


def pointer_from(path: Any) -> str:
    return join(list(path))


def _failure(error: ValidationError) -> KeywordFailure:
    return KeywordFailure(
        str(error.validator),
        list(error.absolute_path),
        error.validator_value,
        error.instance,
        error.schema,
        error.message,
    )


# The keywords whose findings problems_from words itself, whatever engine found them.
DESCRIBED_KEYWORDS = frozenset(
    {"additionalProperties", "required", KNOWN_VALUES_KEYWORD, "type", "enum", "format"}
    | {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "minLength"}
)


def problems_from(error: KeywordFailure, *, strict: bool) -> Iterator[Problem]:
    """The problems one failing keyword stands for (one per missing property or unknown member)."""
    keyword = error.keyword
    pointer = pointer_from(error.path)
    if keyword == "additionalProperties" and error.expected is False:
        yield from _unknown_properties(error, pointer, strict=strict)
        return
    if keyword == KNOWN_VALUES_KEYWORD:
        yield Problem(OPEN_ENUM_RULE, pointer, Severity.WARNING, _open_enum_message(error))
        return
    if keyword == "required":
        listed = ", ".join(_expected(error))
        for missing in (name for name in _expected(error) if name not in _found(error)):
            message = f"missing required property {json.dumps(missing)} (required here: {listed})"
            yield Problem(keyword, pointer, Severity.ERROR, message)
        return
    describe = _MESSAGES.get(keyword)
    # A keyword worded by python-jsonschema alone quotes the whole instance: only its start is kept.
    message = describe(error) if describe else clip(error.message)
    yield Problem(keyword, pointer, Severity.ERROR, message)


def _unknown_properties(error: KeywordFailure, pointer: str, *, strict: bool) -> Iterator[Problem]:
    known = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
    severity = Severity.ERROR if strict else Severity.WARNING
    consequence = "not allowed in strict mode" if strict else "tolerated, as the service may add properties"
    for name in _found(error):
        if name not in known:
            yield Problem(
                UNKNOWN_PROPERTY_RULE,
                pointer + "/" + escape_token(name),
                severity,
                f"unknown property {echo(name)} ({consequence}); known properties here: {', '.join(known)}",
                at_key=True,
            )


def _expected(error: KeywordFailure) -> Any:
    return error.expected


def _found(error: KeywordFailure) -> Any:
    return error.instance


def show(value: Any, limit: int = 60, *, plain: bool = False) -> str:
    """A short JSON rendering of a value for messages, safe for values too big to print in full.

    With ``plain`` (the value is known to be plain JSON) only the start of a long value is rendered.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"  # not worth printing
    if plain and isinstance(value, (dict, list)):
        text = _bounded_dump(value, limit)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, TypeError):  # a huge integer (over 4300 digits), or a parsed value that is not JSON
        return f"a {json_type(value)}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(error: KeywordFailure) -> str:
    return show(error.instance, plain=error.plain)


def _bounded_dump(value: Any, limit: int) -> str:
    """The start of ``json.dumps(value, ensure_ascii=False)`` for plain JSON, a little over ``limit`` long:
    a value of many megabytes is described without rendering it all."""
    chunks: list[str] = []
    length = 0
    for chunk in _json_chunks(value):
        chunks.append(chunk)
        length += len(chunk)
        if length > limit:
            break
    return "".join(chunks)


def _json_chunks(node: Any) -> Iterator[str]:
    """``json.dumps(node, ensure_ascii=False)`` piece by piece (plain JSON nests at most MAX_DEPTH deep)."""
    if isinstance(node, dict):
        yield "{"
        for index, (key, child) in enumerate(node.items()):
            yield (", " if index else "") + json.dumps(key, ensure_ascii=False) + ": "
            yield from _json_chunks(child)
        yield "}"
    elif isinstance(node, list):
        yield "["
        for index, child in enumerate(node):
            if index:
                yield ", "
            yield from _json_chunks(child)
        yield "]"
    else:
        yield json.dumps(node, ensure_ascii=False)


def json_type(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return _JSON_TYPES[type(value)]
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _open_enum_message(error: KeywordFailure) -> str:
    known = ", ".join(_expected(error))
    return (
        f"unknown value {_shown(error)}; known values: {known}. "
        "The enumeration is open, so clients must accept it"
    )


def _type_message(error: KeywordFailure) -> str:
    expected = error.expected
    expected_text = " or ".join(expected) if isinstance(expected, list) else str(expected)
    return f"expected {expected_text}, found {json_type(error.instance)} {_shown(error)}"


def _enum_message(error: KeywordFailure) -> str:
    allowed = ", ".join(str(value) for value in _expected(error))
    return f"{_shown(error)} is not allowed here; expected one of: {allowed}"


_FORMAT_NAMES = {"date-time": "RFC 3339 date-time", "uuid": "UUID", "uri": "absolute URI (RFC 3986)"}


def _format_message(error: KeywordFailure) -> str:
    name = _FORMAT_NAMES.get(str(error.expected), str(error.expected))
    return f"{_shown(error)} is not a valid {name}"


def _bound_message(relation: str) -> Callable[[KeywordFailure], str]:
    def describe(error: KeywordFailure) -> str:
        return f"{_shown(error)} is {relation} {error.expected}"

    return describe


def _min_items_message(error: KeywordFailure) -> str:
    return f"array has {len(_found(error))} item(s); expected at least {error.expected}"


def _min_length_message(error: KeywordFailure) -> str:
    return f"string {_shown(error)} is shorter than {error.expected} character(s)"


def _one_of_message(error: KeywordFailure) -> str:
    # Reached only when more than one alternative holds: with none, the best sub-error is reported instead.
    return f"{_shown(error)} is valid under more than one of {show(error.expected, 200)}; oneOf allows one"


_MESSAGES: dict[str, Callable[[KeywordFailure], str]] = {
    "oneOf": _one_of_message,
    "type": _type_message,
    "enum": _enum_message,
    "format": _format_message,
    "minimum": _bound_message("below the minimum"),
    "maximum": _bound_message("above the maximum"),
    "exclusiveMinimum": _bound_message("not above the exclusive minimum"),
    "exclusiveMaximum": _bound_message("not below the exclusive maximum"),
    "minItems": _min_items_message,
    "minLength": _min_length_message,
}
