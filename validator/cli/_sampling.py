"""Drawing a fixed number of examples outside a test, reproducibly: what ``ta-contract generate`` runs.

Hypothesis draws inside a ``@given`` function with an explicit seed, no example database and only the
generate phase, so the same seed gives the same examples. Its first example is always the simplest one, so
repeats are dropped and, if needed, further seeds derived from the first fill the count.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from validator._strategies._seeded_draws import seeded_examples
from validator.strategies import analyze_exchanges, invalid_job_states, job_lifecycles, job_states

Example = tuple[Any, dict[str, Any]]  # (what the file holds, what the manifest says about it)
_ROUNDS = 20


def _valid(payload: Any) -> Example:
    return payload, {"status": payload["status"]}


def _invalid(case: Any) -> Example:
    details = {
        "rule": case.rule,
        "pointer": case.pointer,
        "severity": case.severity,
        "description": case.description,
        "mutation": case.mutation,
        "also": [{"rule": rule, "pointer": pointer} for rule, pointer in case.also],
    }
    return case.payload, details


def _exchange(pair: Any) -> Example:
    request, response = pair
    return {"request": request, "response": response}, {"status": response["status"]}


def _lifecycle(polls: Any) -> Example:
    return polls, {"polls": len(polls), "final_status": polls[-1]["status"]}


def _strategy(
    kind: str, api_version: str, strict: bool
) -> tuple[st.SearchStrategy[Any], Callable[[Any], Example]]:
    if kind == "valid":
        return job_states(api_version, strict=strict), _valid
    if kind == "invalid":
        return invalid_job_states(api_version, strict=strict), _invalid
    if kind == "exchange":
        return analyze_exchanges(api_version, strict=strict), _exchange
    return job_lifecycles(api_version, strict=strict), _lifecycle


def draw_examples(kind: str, api_version: str, *, strict: bool, count: int, seed: int) -> list[Example]:
    """``count`` distinct examples of ``kind`` (valid, invalid, exchange, lifecycle); the same for a seed."""
    strategy, describe = _strategy(kind, api_version, strict)
    examples: list[Example] = []
    seen: set[str] = set()
    for round_number in range(_ROUNDS):
        # A round's first example is always the simplest one, a repeat after round one: ask for one more.
        for value in seeded_examples(strategy, count - len(examples) + 1, seed * _ROUNDS + round_number):
            example = describe(value)
            key = json.dumps(example, sort_keys=True, default=str)
            if key not in seen:
                seen.add(key)
                examples.append(example)
        if len(examples) >= count:
            break
    return examples[:count]
