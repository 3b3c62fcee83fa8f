"""Drawing one value from a strategy outside a test, the same for the same seed.

Hypothesis draws inside a ``@given`` function with an explicit seed, no example database and only the generate
phase. Its first example is always the simplest, so the second is kept when there is one. Hypothesis keeps
per-thread state, and the server answers from several threads: one lock serialises the draws.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st

T = TypeVar("T")
_LOCK = threading.Lock()


def draw_one(strategy: st.SearchStrategy[T], seed_value: int) -> T:
    """A value of ``strategy``, fixed by ``seed_value``."""
    drawn: list[Any] = []

    @settings(
        database=None,
        max_examples=2,
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

    with _LOCK:
        collect()
    return drawn[-1]  # type: ignore[no-any-return]  # a value of the strategy
