"""Small realistic values: job ids, RFC 3339 timestamps as the service writes them, and scores.

The service writes job-level timestamps with whole seconds and task-level ones with 7 fractional digits
(.NET ticks), sometimes 6 when the last digit is a zero it trims; scores have two decimals.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

TICKS_PER_SECOND = 10_000_000
EXPIRY = timedelta(hours=24)

# Job creation instants span the lifetime of these API versions, whole seconds in UTC.
_EARLIEST = datetime(2021, 3, 1, tzinfo=timezone.utc)
_LATEST = datetime(2023, 10, 31, tzinfo=timezone.utc)


def job_ids() -> st.SearchStrategy[str]:
    """Version-4 UUIDs in lower case, as the service sends them."""
    return st.uuids(version=4).map(str)


def creation_instants() -> st.SearchStrategy[datetime]:
    span = int((_LATEST - _EARLIEST).total_seconds())
    return st.integers(0, span).map(lambda seconds: _EARLIEST + timedelta(seconds=seconds))


def job_timestamp(instant: datetime) -> str:
    """A job-level timestamp: whole seconds, ``Z``."""
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def task_timestamp(instant: datetime, ticks: int, digits: int) -> str:
    """A task-level timestamp: ``instant`` plus ``ticks`` (100 ns units) shown with 0, 6 or 7 digits."""
    whole = instant.strftime("%Y-%m-%dT%H:%M:%S")
    if digits == 0:
        return whole + "Z"
    fraction = f"{ticks:07d}"[:digits]
    return f"{whole}.{fraction}Z"


def fractions_of_second() -> st.SearchStrategy[tuple[int, int]]:
    """``(ticks, digits)``: where in the second a task finished and how many fractional digits show it."""
    return st.tuples(st.integers(0, TICKS_PER_SECOND - 1), st.sampled_from((7, 6, 0)))


def hundredths(low: int = 0, high: int = 100) -> st.SearchStrategy[float]:
    """A score with two decimals between ``low`` and ``high`` hundredths."""
    return st.integers(low, high).map(lambda value: value / 100)


def score_split(total: int, parts: int) -> st.SearchStrategy[list[int]]:
    """``parts`` non-negative integers summing to ``total`` (hundredths), by drawing cut points."""
    return st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1).map(
        lambda cuts: _differences(sorted(cuts), total)
    )


def _differences(cuts: list[int], total: int) -> list[int]:
    bounds = [0, *cuts, total]
    return [upper - lower for lower, upper in itertools.pairwise(bounds)]
