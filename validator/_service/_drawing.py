"""Drawing one value from a strategy outside a test, the same for the same seed.

The first example Hypothesis draws is always the simplest, so the second is kept when there is one.
Hypothesis keeps per-thread state, and the server answers from several threads: one lock serialises the draws.
"""

from __future__ import annotations

import threading
from typing import TypeVar

from hypothesis import strategies as st

from validator._strategies._seeded_draws import seeded_examples

T = TypeVar("T")
_LOCK = threading.Lock()


def draw_one(strategy: st.SearchStrategy[T], seed_value: int) -> T:
    """A value of ``strategy``, fixed by ``seed_value``."""
    with _LOCK:
        drawn = seeded_examples(strategy, 2, seed_value)
    return drawn[-1]
