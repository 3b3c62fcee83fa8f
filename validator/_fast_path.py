"""The fast path: a compiled validator decides that a document has no schema finding at all.

Most documents are valid, and for them the detailed path (python-jsonschema, pointers, messages) does work
whose result is empty. Here jsonschema-rs, when installed (the ``fast`` extra), answers one question: would
the detailed path find nothing, not even a warning? It validates against a variant of the strict bundle
that is at least as strict as the detailed path in every respect:

- every object is closed (unknown properties are findings, warnings included);
- the known values of an open enumeration (``x-known-values``) become a closed ``enum``;
- formats are checked by the very functions python-jsonschema uses, so both agree on every string;
- recursive definitions (error ``details``, ``innererror``) are unrolled to a fixed number of levels, chosen
  so that no accepted document nests deeper than ``MAX_DEPTH``, which is what the detailed path screens for;
- no ``$ref`` is ever retrieved: the retriever refuses every URI.

It says "valid" only for plain JSON it represents exactly (exact ``dict``/``list``/``str``/``int``/``float``
/``bool``/``None``, 64-bit integers, finite floats, strings without lone surrogates), and raw text is parsed
here only when it holds nothing that the strict parser would report or treat specially. Anything else, and
every document the compiled validator rejects, goes through the detailed path, so the findings are the same
either way: ``tests/test_fast_path.py`` compares both paths on every test document, capture and generated
payload.
"""

from __future__ import annotations

import importlib
import math
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from validator._limits import MAX_DEPTH
from validator._schema_validation import KNOWN_VALUES_KEYWORD
from validator._schemas import schema_for

# TA_CONTRACT_NO_FAST_PATH=1 sends every document through the detailed path, for comparisons and to rule the
# fast path out when a result looks wrong; tests flip ``enabled`` directly.
enabled: bool = os.environ.get("TA_CONTRACT_NO_FAST_PATH", "") in ("", "0")

ENGINE_MODULE = "jsonschema_rs"
# Recursive definitions are unrolled at most this many levels; real errors nest one or two levels deep.
_MAX_UNROLLED_LEVELS = 32
_TOO_DEEP = "NestedTooDeepForTheFastPath"
_DEFS_PREFIX = "#/$defs/"

# Keywords that constrain an instance without reaching into it; any other keyword makes the depth unbounded.
_LEAF_KEYWORDS = frozenset(
    {
        "$comment",
        "$id",
        "$schema",
        "$defs",
        "default",
        "deprecated",
        "description",
        "examples",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "format",
        "maxItems",
        "maxLength",
        "maximum",
        "minItems",
        "minLength",
        "minimum",
        "multipleOf",
        "pattern",
        "readOnly",
        "required",
        "title",
        "type",
        "uniqueItems",
        "writeOnly",
        KNOWN_VALUES_KEYWORD,
    }
)
_REACHING_KEYWORDS = frozenset({"$ref", "enum", "const", "properties", "additionalProperties", "items"})


@dataclass(frozen=True)
class CompiledSchema:
    """A compiled fast-path validator, and whether accepting a document also bounds its nesting depth."""

    is_valid: Callable[[Any], bool]
    bounds_depth: bool


def engine_available() -> bool:
    """True when jsonschema-rs can be imported."""
    return _engine() is not None


def reset() -> None:
    """Forgets the imported engine and the compiled validators (tests simulate a missing engine with it)."""
    _engine.cache_clear()
    compiled.cache_clear()
    compiled_verdict.cache_clear()


@cache
def _engine() -> Any | None:
    try:
        return importlib.import_module(ENGINE_MODULE)
    except ImportError:  # the fast extra is not installed: everything runs on the detailed path
        return None


@cache
def compiled(api_version: str, kind: str) -> CompiledSchema | None:
    """The fast validator of ``kind`` documents of ``api_version``; None without jsonschema-rs."""
    schema, bounds_depth = fast_schema(api_version, kind)
    validator = compile_schema(schema, formats=format_functions(schema))
    if validator is None:
        return None
    is_valid: Callable[[Any], bool] = validator.is_valid
    return CompiledSchema(is_valid, bounds_depth)


@cache
def compiled_verdict(api_version: str, kind: str, strict: bool) -> Callable[[Any], bool] | None:
    """A compiled test that is False exactly when the detailed path finds a schema error (not a warning).

    Its schema is the bundle the detailed path validates with, minus what only gives warnings: objects stay
    open unless ``strict``, and open enumerations stay open (the engine ignores ``x-known-values``). It does
    not bound depth: it is asked only about values already screened.
    """
    schema = schema_for(api_version, kind=kind, strict=strict)
    validator = compile_schema(schema, formats=format_functions(schema))
    if validator is None:
        return None
    is_valid: Callable[[Any], bool] = validator.is_valid
    return is_valid


def compile_schema(schema: dict[str, Any], **options: Any) -> Any | None:
    """jsonschema-rs's 2020-12 validator of ``schema`` (formats checked, nothing retrieved); None when the
    engine is not installed or cannot compile the schema."""
    engine = _engine()
    if engine is None:
        return None
    try:
        return engine.Draft202012Validator(
            schema, validate_formats=True, retriever=_refuse_retrieval, **options
        )
    except Exception:  # a schema the engine cannot compile is left to the detailed path, which says why
        return None


def _refuse_retrieval(uri: str) -> Any:
    raise LookupError(f"{uri} is not part of the bundle, and the validator never fetches schemas")


def format_functions(schema: Any) -> dict[str, Callable[[str], bool]]:
    """python-jsonschema's own checkers for every format the schema names, so both paths agree exactly.

    A string that matches a quick pattern (plain date-times and hyphenated UUIDs, which the checkers accept)
    is answered without calling the checker; every other string gets the checker's answer.
    """

    def conforming(name: str) -> Callable[[str], bool]:
        quick = QUICK_FORMATS.get(name)
        if quick is None:
            return lambda instance: _checker().conforms(instance, name)
        return lambda instance: quick(instance) is not None or _checker().conforms(instance, name)

    return {name: conforming(name) for name in sorted(_formats(schema))}


@cache
def _checker() -> Any:
    """python-jsonschema's format checker, imported when a string first needs it (not at start-up)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator.FORMAT_CHECKER


# Patterns of strings each format's checker accepts: a date-time with a day of at most 28 in a month of a
# year other than 0000, and a UUID in its hyphenated form. A match proves validity; no match proves nothing.
QUICK_FORMATS: dict[str, Callable[[str], object]] = {
    "date-time": re.compile(
        r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
        r"(?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
    ).fullmatch,
    "uuid": re.compile(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    ).fullmatch,
}


def _formats(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _formats(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "format" and isinstance(value, str):
                yield value
            else:
                yield from _formats(value)


def fast_schema(api_version: str, kind: str) -> tuple[dict[str, Any], bool]:
    """The schema the fast path validates with, and whether it bounds nesting depth by ``MAX_DEPTH``."""
    schema: dict[str, Any] = _close_known_values(schema_for(api_version, kind=kind, strict=True))
    return _unroll_recursion(schema)


def _close_known_values(node: Any) -> Any:
    """Turns each open enumeration into a closed one: an unknown value is a warning, so not fast-valid."""
    if isinstance(node, list):
        return [_close_known_values(item) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {key: _close_known_values(value) for key, value in node.items() if key != KNOWN_VALUES_KEYWORD}
    known = node.get(KNOWN_VALUES_KEYWORD)
    if isinstance(known, list):
        existing = closed.get("enum")
        closed["enum"] = known if not isinstance(existing, list) else [v for v in existing if v in known]
    return closed


# Unrolling recursion: the bundle's definitions form a graph of $refs; definitions on a cycle (an error's
# details are errors) are copied once per level, each level referring to the next, and the last level to a
# definition that accepts nothing. The deepest document the result accepts is then computed, and the most
# levels that keep it within MAX_DEPTH are used. Without that bound the caller checks depth itself.


def _unroll_recursion(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    definitions = schema.get("$defs")
    if not isinstance(definitions, dict):
        return schema, _max_depth(schema, {}) <= MAX_DEPTH
    graph = {name: set(_references(definition)) for name, definition in definitions.items()}
    if any(target is None or target not in definitions for targets in graph.values() for target in targets):
        return schema, False  # a reference this module does not understand: depth stays the caller's job
    component = _cycle_components({name: {t for t in targets if t} for name, targets in graph.items()})
    if not component:
        return schema, _max_depth(schema, definitions) <= MAX_DEPTH
    # More levels never make the deepest accepted document shallower, so the most levels that keep it within
    # MAX_DEPTH are found by bisection (a handful of trial unrollings instead of one per level).
    best: dict[str, Any] | None = None
    low, high = 1, _MAX_UNROLLED_LEVELS
    while low <= high:
        levels = (low + high) // 2
        unrolled = _unrolled(schema, definitions, component, levels)
        if _max_depth(unrolled, unrolled["$defs"]) > MAX_DEPTH:
            high = levels - 1
        else:
            best, low = unrolled, levels + 1
    return (best, True) if best is not None else (schema, False)


def _references(node: Any) -> Iterator[str | None]:
    """The definition names a schema refers to; None for a reference that is not ``#/$defs/<name>``."""
    if isinstance(node, list):
        for item in node:
            yield from _references(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                name = value[len(_DEFS_PREFIX) :] if isinstance(value, str) else ""
                local = isinstance(value, str) and value.startswith(_DEFS_PREFIX) and "/" not in name
                yield name if local else None
            else:
                yield from _references(value)


def _cycle_components(graph: dict[str, set[str]]) -> dict[str, int]:
    """Definition name to the number of its strongly connected component, for definitions on a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(name: str) -> None:  # Tarjan's algorithm; a bundle has a few dozen definitions
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in sorted(graph[name]):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == name:
                    break
            components.append(members)

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return {
        member: number
        for number, members in enumerate(components)
        if len(members) > 1 or members[0] in graph[members[0]]
        for member in members
    }


def _unrolled(
    schema: dict[str, Any], definitions: dict[str, Any], component: dict[str, int], levels: int
) -> dict[str, Any]:
    def level_name(name: str, level: int) -> str:
        return _TOO_DEEP if level >= levels else f"{name}@{level}"

    def rewrite(node: Any, owner: str | None, level: int) -> Any:
        if isinstance(node, list):
            return [rewrite(item, owner, level) for item in node]
        if not isinstance(node, dict):
            return node
        copied = {}
        for key, value in node.items():
            if key == "$defs" and owner is None:
                continue
            if key == "$ref" and isinstance(value, str):
                target = value[len(_DEFS_PREFIX) :]
                if target in component:
                    deeper = owner is not None and component.get(owner) == component[target]
                    value = _DEFS_PREFIX + level_name(target, level + 1 if deeper else 0)
                copied[key] = value
            else:
                copied[key] = rewrite(value, owner, level)
        return copied

    unrolled_definitions: dict[str, Any] = {_TOO_DEEP: False}
    for name, definition in definitions.items():
        if name in component:
            for level in range(levels):
                unrolled_definitions[level_name(name, level)] = rewrite(definition, name, level)
        else:
            unrolled_definitions[name] = rewrite(definition, name, 0)
    unrolled: dict[str, Any] = rewrite(schema, None, 0)
    unrolled["$defs"] = unrolled_definitions
    return unrolled


def _max_depth(schema: Any, definitions: dict[str, Any]) -> float:
    """How deep arrays and objects can nest in a document ``schema`` accepts (math.inf when unbounded)."""
    memo: dict[str, float] = {}
    visiting: set[str] = set()

    def of_reference(reference: Any) -> float:
        name = reference[len(_DEFS_PREFIX) :] if isinstance(reference, str) else None
        if name is None or not reference.startswith(_DEFS_PREFIX) or name not in definitions:
            return math.inf
        if name in visiting:
            return math.inf  # still recursive
        if name not in memo:
            visiting.add(name)
            memo[name] = of_schema(definitions[name])
            visiting.discard(name)
        return memo[name]

    def of_schema(node: Any) -> float:
        if node is False:
            return 0
        if not isinstance(node, dict) or any(
            key not in _LEAF_KEYWORDS and key not in _REACHING_KEYWORDS for key in node
        ):
            return math.inf  # accepts anything, or uses a keyword this bound does not model
        own = of_own_keywords(node)
        return min(own, of_reference(node["$ref"])) if "$ref" in node else own

    def of_own_keywords(node: dict[str, Any]) -> float:
        if "const" in node:
            return _value_depth(node["const"])
        if isinstance(node.get("enum"), list):
            return max((_value_depth(value) for value in node["enum"]), default=0)
        declared = node.get("type")
        types = {declared} if isinstance(declared, str) else set(declared) if declared else None
        deepest: float = 0
        if types is None or "object" in types:
            extra = node.get("additionalProperties", True)
            if extra is True:
                return math.inf
            children = [of_schema(child) for child in node.get("properties", {}).values()]
            children.append(of_schema(extra))
            deepest = max(deepest, 1 + max(children))
        if types is None or "array" in types:
            if "items" not in node:
                return math.inf
            deepest = max(deepest, 1 + of_schema(node["items"]))
        return deepest

    return of_schema(schema)


def _value_depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_value_depth(child) for child in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_value_depth(child) for child in value), default=0)
    return 0
