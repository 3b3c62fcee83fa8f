"""Reading a contract for the diff: loading and checking it, and finding the schema that applies where.

A contract here is one JSON Schema 2020-12 document whose every ``$ref`` is local (``#/$defs/...``), as the
shipped bundles are. The diff compares the *effective* schema at each response location: a ``$ref`` and its
sibling keywords are merged into one ``Node``, so that moving a type into a definition (or out of one) is no
change at all, while each keyword still remembers where in the file it was written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jsonschema.exceptions import SchemaError
from jsonschema.validators import Draft202012Validator

from validator._pointers import escape_token, unescape_token
from validator._schemas import API_VERSIONS, schema_for
from validator.exceptions import InvalidContractError

# Keywords whose values are data, never schemas: a "$ref" key inside them is not a reference.
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default", "x-known-values"})
# Keywords whose values hold subschemas, by shape; the fingerprint needs to know which keys are names.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "dependentSchemas"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_VALUES = frozenset(
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"}
    | {"unevaluatedItems", "unevaluatedProperties"}
)
# Keywords whose keys are names chosen by the author, which may collide with keyword names.
_NAME_MAPS = _SCHEMA_MAPS | {"$defs", "definitions"}
# Keywords that document a schema without changing which responses it admits.
DOCUMENTATION_KEYWORDS = ("title", "description", "$comment", "examples", "deprecated")
# Keywords that organise the file rather than constrain a response.
ORGANISING_KEYWORDS = frozenset({"$schema", "$id", "$defs", "definitions", "$anchor", "$dynamicAnchor"})
_MESSAGE_LIMIT = 200
_LOOKS_LIKE_VERSION = re.compile(
    r"v\d+(?:\.\d+)*(?:-[a-z]+(?:\.\d+)?)?|\d{4}-\d{2}-\d{2}(?:-[a-z]+(?:\.\d+)?)?", re.IGNORECASE
)


@dataclass(frozen=True)
class Node:
    """The schema that applies at one response location, with its ``$ref`` chain followed and merged.

    ``origins`` maps each keyword (and ``$ref``, when one was followed) to the pointer of the schema object it
    is written in; ``location`` is the innermost object of the chain, which identifies the node for the
    recursion guard; ``ref_target`` is that object's pointer when a ``$ref`` led there.
    """

    keywords: Mapping[str, Any]
    origins: Mapping[str, str]
    location: str
    ref_target: str | None

    def where(self, keyword: str) -> str:
        """The pointer, in this node's schema file, of ``keyword`` (or of the node when it has none)."""
        return f"{self.origins.get(keyword, self.location)}/{escape_token(keyword)}"


def ref_pointer(ref: str) -> str:
    """The JSON pointer a local ``$ref`` (``#/...``, possibly percent-encoded) names."""
    return unquote(ref[1:])


def lookup(root: Any, pointer: str) -> Any:
    """The value at ``pointer`` in ``root``; raises ``LookupError`` when there is none."""
    value = root
    for token in pointer.split("/")[1:] if pointer else []:
        name = unescape_token(token)
        if isinstance(value, Mapping) and name in value:
            value = value[name]
        elif isinstance(value, list) and name.isdigit() and int(name) < len(value):
            value = value[int(name)]
        else:
            raise LookupError(f"points to nothing ({pointer} does not exist)")
    return value


def _as_object(schema: Any) -> Mapping[str, Any]:
    """Boolean schemas as the objects they mean: ``true`` admits anything, ``false`` nothing."""
    if schema is True:
        return {}
    if schema is False:
        return {"not": {}}
    return schema if isinstance(schema, Mapping) else {}


def resolve(root: Mapping[str, Any], schema: Any, location: str) -> Node:
    """The effective schema of ``schema`` (found at ``location`` in ``root``), its ``$ref`` chain merged.

    As in 2020-12, keywords beside a ``$ref`` apply together with the target's; where both write the same
    keyword the one nearer the response location wins, which is exact for documentation and a close enough
    reading for the constraints the contracts use.
    """
    layers = [(_as_object(schema), location)]
    while isinstance(layers[-1][0].get("$ref"), str):
        target = ref_pointer(layers[-1][0]["$ref"])
        if any(target == seen for _, seen in layers[1:]):
            raise LookupError(f"loops back to {target} without reaching a schema")
        layers.append((_as_object(lookup(root, target)), target))
    keywords: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for layer, where in reversed(layers):
        for keyword, value in layer.items():
            keywords[keyword] = value
            origins[keyword] = where
    keywords.pop("$ref", None)
    if len(layers) > 1:
        origins["$ref"] = location
    innermost = layers[-1][1]
    return Node(keywords, origins, innermost, innermost if len(layers) > 1 else None)


def fingerprint(root: Mapping[str, Any], schema: Any) -> str:
    """A text equal for two schemas exactly when they admit the same shapes, documentation aside.

    Every ``$ref`` is inlined, so definitions with different names but equal content match; a recursive
    reference becomes its depth, which does not depend on names either.
    """
    return json.dumps(_inline(root, schema, ()), sort_keys=True)


def _inline(root: Mapping[str, Any], schema: Any, followed: tuple[str, ...]) -> Any:
    node = dict(_as_object(schema))
    ref = node.pop("$ref", None)
    if isinstance(ref, str):
        target = ref_pointer(ref)
        if target in followed:
            return {"$recursive": len(followed) - followed.index(target)}
        node = {**_inline(root, lookup(root, target), (*followed, target)), **node}
    inlined: dict[str, Any] = {}
    for keyword, value in node.items():
        if keyword in DOCUMENTATION_KEYWORDS or keyword in ORGANISING_KEYWORDS:
            continue
        if keyword in _SCHEMA_MAPS and isinstance(value, Mapping):
            inlined[keyword] = {name: _inline(root, sub, followed) for name, sub in value.items()}
        elif keyword in _SCHEMA_LISTS and isinstance(value, list):
            inlined[keyword] = [_inline(root, sub, followed) for sub in value]
        elif keyword in _SCHEMA_VALUES:
            inlined[keyword] = _inline(root, value, followed)
        else:
            inlined[keyword] = value
    return inlined


def load_contract(spec: str) -> dict[str, Any]:
    """The contract named by ``spec``: a shipped API version (its bundle) or a JSON Schema file.

    Raises ``InvalidContractError`` (a ``ValueError``) naming ``spec`` and the problem: an unknown version
    (listing the known ones), a file that cannot be read, is not JSON, is not a valid JSON Schema 2020-12, or
    has a ``$ref`` that is not local or points to nothing.
    """
    if spec in API_VERSIONS:
        return schema_for(spec)
    path = Path(spec)
    known = ", ".join(API_VERSIONS)
    if not path.exists():
        if _LOOKS_LIKE_VERSION.fullmatch(spec):
            raise InvalidContractError(spec, f"unknown API version; known versions: {known}")
        raise InvalidContractError(spec, f"no such file, and not an API version ({known})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidContractError(spec, f"not UTF-8 text (byte {error.start})") from error
    except OSError as error:
        raise InvalidContractError(spec, f"cannot read: {error.strerror or error}") from error
    contract = _parse(text, spec)
    check_contract(contract, spec)
    return dict(contract)


def _parse(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise InvalidContractError(
            source, f"not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from error
    except ValueError as error:  # from the hooks below
        raise InvalidContractError(source, f"not JSON: {error}") from error


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A repeated key makes a schema ambiguous: JSON tools disagree about which value wins.
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key!r} is repeated in one object")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def check_contract(schema: Any, source: str) -> None:
    """Raises ``InvalidContractError`` unless ``schema`` is a valid, self-contained JSON Schema 2020-12."""
    if not isinstance(schema, Mapping):
        raise InvalidContractError(source, f"not a JSON Schema object (the document is {_json_kind(schema)})")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        where = "/".join(escape_token(str(part)) for part in error.path)
        raise InvalidContractError(
            source, f"not a valid JSON Schema 2020-12 at /{where}: {_one_line(error.message)}"
        ) from error
    for location, ref in _references(schema, ""):
        if not ref.startswith("#"):
            raise InvalidContractError(
                source, f"$ref {ref!r} at {location} is not local; a contract must be self-contained (#/...)"
            )
        try:
            resolve(schema, {"$ref": ref}, location)
        except LookupError as error:
            raise InvalidContractError(source, f"$ref {ref!r} at {location} {error}") from error


def _references(value: Any, location: str) -> Iterator[tuple[str, str]]:
    """Every ``$ref`` in a schema document with the pointer of the object that holds it."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _references(item, f"{location}/{index}")
    elif isinstance(value, Mapping):
        if isinstance(value.get("$ref"), str):
            yield location or '""', value["$ref"]
        for keyword, item in value.items():
            if keyword in _NAME_MAPS and isinstance(item, Mapping):
                for name, subschema in item.items():
                    yield from _references(
                        subschema, f"{location}/{escape_token(keyword)}/{escape_token(name)}"
                    )
            elif keyword not in _DATA_KEYWORDS:
                yield from _references(item, f"{location}/{escape_token(keyword)}")


def show(value: Any, limit: int = 60) -> str:
    """A short JSON rendering of a value for a message."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MESSAGE_LIMIT else flat[: _MESSAGE_LIMIT - 1] + "…"


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "a number"
