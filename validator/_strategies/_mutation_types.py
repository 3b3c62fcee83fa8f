"""What a mutation is, and the bases mutations start from.

A mutation takes a valid document drawn from a base shape chosen so that the place it breaks exists (an
entity, a sentiment sentence, statistics, a paged link), changes one thing, and says which rule that breaks
at which pointer. Bases are built by construction, never by filtering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st

from validator._strategies._jobs import Shape, check_options
from validator._strategies._vocabulary import task_kinds


@dataclass(frozen=True)
class Change:
    """What a mutation did: the resulting payload, the rule it breaks, where, and in words."""

    payload: Any
    pointer: str
    description: str
    # Further findings the change cannot avoid, as (rule, pointer), such as the unknown-property error that
    # comes with a misplaced array in strict mode.
    also: tuple[tuple[str, str], ...] = ()


Apply = Callable[[st.DrawFn, Any], Change]


@dataclass(frozen=True)
class Mutation:
    """One way to break ``rule``: the base shape to start from and the change to make."""

    rule: str
    name: str
    base: Callable[[str, bool], Shape]
    apply: Apply
    strict_only: bool = False  # unknown properties are errors only in strict mode
    # Every pointer the change can be reported at, as pointer patterns (``*``, ``**`` and ``{tasks}``, see
    # ``_aim``); ``pointers=`` is checked against them before drawing. Empty: not declared, anywhere.
    places: tuple[str, ...] = ()


def base(
    *kinds: str,
    status: str | tuple[str, ...] = "succeeded",
    force_spans: bool = False,
    exchange: bool = False,
    **options: Any,
) -> Callable[[str, bool], Shape]:
    """A base shape: the given task kinds (those the version has; all when none is given), valid documents,
    no statistics, no paging, unless ``options`` say otherwise."""

    def shape(api_version: str, strict: bool) -> Shape:
        known = task_kinds(api_version)
        chosen = tuple(kind for kind in kinds if kind in known) or known
        settings: dict[str, Any] = {
            "status": status,
            "task_kinds_": chosen,
            "min_tasks": 1,
            "max_tasks": 2,
            "min_documents": 1,
            "max_documents": 2,
            "failed_tasks": None,
            "document_errors": False,
            "warnings": False,
            "show_stats": False,
            "paging": False,
            "string_index_type": None,
            "task_names": None,
            "opinion_mining": None,
            "strict": strict,
        }
        settings.update(options)
        checked = check_options(api_version, exchange=exchange, **settings)
        return replace(checked, plan=replace(checked.plan, force_spans=force_spans))

    return shape
