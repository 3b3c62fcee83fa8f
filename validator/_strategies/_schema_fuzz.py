"""``from_schema``: schema-faithful but otherwise arbitrary documents, from hypothesis-jsonschema.

Two things stand between the bundled schema and hypothesis-jsonschema 0.23.1 (its newest release):

- it cannot generate from recursive references, and two definitions recurse (an error's ``details`` holds
  errors; an inner error holds an ``innererror``). ``generation_schema`` inlines every reference and cuts
  each cycle where it closes, so nested details and inner errors are never generated (both are optional);
- it drives collections through a private Hypothesis interface that Hypothesis 6.170.10 replaced;
  ``_hypothesis_jsonschema_compat`` adapts it.
"""

from __future__ import annotations

import importlib
import types
from functools import cache
from typing import Any

from hypothesis import strategies as st

from validator._schemas import schema_for
from validator._strategies._hypothesis_jsonschema_compat import ensure_compatible

INSTALL_HINT = (
    "from_schema needs hypothesis-jsonschema, which the generators extra installs "
    "(in a checkout of this package: pip install '.[generators]')"
)
# Keywords that only document a schema; hypothesis-jsonschema has no use for them.
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "x-known-values"})


def generation_schema(api_version: str, *, strict: bool = False) -> dict[str, Any]:
    """The bundled job-state schema of ``api_version`` with every reference inlined and cycles cut."""
    bundle = schema_for(api_version, strict=strict)
    definitions: dict[str, Any] = bundle["$defs"]

    def inline(node: Any, open_definitions: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [inline(item, open_definitions) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/$defs/")
            # A reference back into a definition being inlined closes a cycle: allow nothing there.
            return False if name in open_definitions else inline(definitions[name], open_definitions | {name})
        inlined: dict[str, Any] = {}
        for keyword, value in node.items():
            if keyword in _ANNOTATIONS:
                continue
            if keyword == "properties":
                inlined[keyword] = {name: inline(item, open_definitions) for name, item in value.items()}
            else:
                inlined[keyword] = inline(value, open_definitions)
        return inlined

    schema: dict[str, Any] = inline({"$ref": bundle["$ref"]}, frozenset())
    return schema


@cache
def _hypothesis_jsonschema() -> tuple[Any, types.ModuleType]:
    try:
        package = importlib.import_module("hypothesis_jsonschema")
        generator_module = importlib.import_module("hypothesis_jsonschema._from_schema")
    except ImportError as missing:
        raise ImportError(INSTALL_HINT) from missing
    ensure_compatible(generator_module)
    return package.from_schema, generator_module


def schema_documents(api_version: str, *, strict: bool = False) -> st.SearchStrategy[Any]:
    """hypothesis-jsonschema's strategy for the bundled schema, with UUIDs for ``format: uuid``."""
    generate, _module = _hypothesis_jsonschema()
    strategy: st.SearchStrategy[Any] = generate(
        generation_schema(api_version, strict=strict), custom_formats={"uuid": st.uuids().map(str)}
    )
    return strategy
