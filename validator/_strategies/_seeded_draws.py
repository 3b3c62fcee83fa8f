"""Drawing values from a strategy outside a test, the same values for the same seed.

``ta-contract generate`` and the fake service both need examples with no test around them: Hypothesis draws
inside a ``@given`` function with an explicit seed, no example database and only the generate phase.
"""

from __future__ import annotations

from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st

T = TypeVar("T")


def seeded_examples(strategy: st.SearchStrategy[T], count: int, seed_value: int) -> list[T]:
    """Up to ``count`` values of ``strategy``, fixed by ``seed_value`` (the first is the simplest)."""
    drawn: list[Any] = []

    @settings(
        database=None,
        max_examples=count,
        phases=[Phase.generate],
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    @seed(seed_value)
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    return drawn
