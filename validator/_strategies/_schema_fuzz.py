"""``from_schema``: schema-faithful but otherwise arbitrary documents, from hypothesis-jsonschema.

Two things stand between the bundled schema and hypothesis-jsonschema 0.23.1 (its newest release):

- it cannot generate from recursive references, and two definitions recurse (an error's ``details`` holds
  errors; an inner error holds an ``innererror``). ``generation_schema`` inlines every reference and cuts
  each cycle where it closes, so nested details and inner errors are never generated (both are optional);
- it drives collections through ``hypothesis.internal.conjecture.utils.many(...).more()``, a private
  interface that Hypothesis 6.170.10 replaced by a ``with many(...) as elements: for _ in elements:``
  protocol, so every object schema fails with ``AttributeError: 'many' object has no attribute 'more'``.
  ``ensure_compatible`` gives hypothesis-jsonschema (and only it) a ``many`` with the old interface, built
  on the new one, when the installed Hypothesis lacks it. Nothing changes with older Hypothesis releases.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Iterator
from functools import cache
from typing import Any

from hypothesis import strategies as st
from hypothesis.internal.conjecture import utils as conjecture_utils

from validator._schemas import schema_for

INSTALL_HINT = (
    "from_schema needs hypothesis-jsonschema; install the generators extra: "
    "pip install 'textanalytics-contract[generators]'"
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


class _ManyWithMore:
    """The ``many(...).more()`` / ``reject()`` interface of Hypothesis < 6.170.10, over the newer protocol."""

    def __init__(
        self, data: Any, min_size: int, max_size: float, average_size: float, **options: Any
    ) -> None:
        self._many = _CURRENT_MANY(
            data, min_size=min_size, max_size=max_size, average_size=average_size, **options
        )
        self._many.__enter__()
        self._steps: Iterator[None] = iter(self._many)

    def more(self) -> bool:
        try:
            next(self._steps)
        except StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)

    @property
    def count(self) -> int:
        return int(self._many.count)


_CURRENT_MANY: Any = conjecture_utils.many


def needs_adapter() -> bool:
    """True when the installed Hypothesis no longer offers the ``many.more()`` hypothesis-jsonschema calls."""
    return not hasattr(conjecture_utils.many, "more")


def ensure_compatible(module: types.ModuleType) -> None:
    """Gives hypothesis-jsonschema's generator module a ``many`` it can drive, if it needs one."""
    if not needs_adapter() or getattr(module, "cu", None) is not conjecture_utils:
        return  # an older Hypothesis, already adapted, or a hypothesis-jsonschema that changed its imports
    adapted = types.ModuleType(conjecture_utils.__name__)
    adapted.__dict__.update(vars(conjecture_utils))
    adapted.__dict__["many"] = _ManyWithMore
    module.__dict__["cu"] = adapted


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
