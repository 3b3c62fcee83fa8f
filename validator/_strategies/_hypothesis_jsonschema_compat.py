"""Lets hypothesis-jsonschema 0.23.1 run on Hypothesis 6.170.10 and later.

hypothesis-jsonschema drives collections through ``hypothesis.internal.conjecture.utils.many(...).more()``,
a private interface that Hypothesis 6.170.10 replaced by a ``with many(...) as elements: for _ in elements:``
protocol, so every object schema fails with ``AttributeError: 'many' object has no attribute 'more'``.
``ensure_compatible`` gives hypothesis-jsonschema (and only it) a ``many`` with the old interface, built on
the new one, when the installed Hypothesis lacks it; nothing changes with older Hypothesis releases.

This module can go once a hypothesis-jsonschema release drives ``many`` through the new protocol (or
through a public interface); the ``generators`` extra caps hypothesis-jsonschema below 0.24 until then, so
that a release that changes its imports is tried deliberately (``tests/test_strategies_from_schema.py``
fails naming the versions when the adapter no longer fits).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

from hypothesis.internal.conjecture import utils as conjecture_utils


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
