"""Generated valid payloads stay within what the service can send: no cancelled v3.x job unless asked for,
and no more tasks of a kind than the version's service ran."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis.errors import InvalidArgument

from validator.strategies import job_lifecycles, job_states


@given(job_states("v3.2-preview.2"))
def test_default_job_states_are_never_cancelled(payload: dict) -> None:
    """Without a status option no job is cancelled or cancelling (v3.x has no cancel operation)."""
    assert payload["status"] not in {"cancelled", "cancelling"}


@given(job_lifecycles("v3.1"))
def test_default_lifecycles_never_end_cancelled(polls: list) -> None:
    """Without final_status no lifecycle ends cancelled."""
    assert "cancelled" != polls[-1]["status"]


@given(job_states("v3.1", status="cancelled"))
def test_cancelled_jobs_are_still_drawn_when_asked_for(payload: dict) -> None:
    """Asking for status="cancelled" still draws cancelled jobs."""
    assert "cancelled" == payload["status"]


def _items_per_kind(payload: dict) -> list[int]:
    return [len(items) for name, items in payload["tasks"].items() if name.endswith("Tasks")]


@given(job_states("v3.1", min_tasks=3, max_tasks=12))
def test_a_v3_1_job_holds_one_task_per_kind(payload: dict) -> None:
    """The 2021 service ran one task per kind: v3.1 jobs never hold two of one kind."""
    assert all(count <= 1 for count in _items_per_kind(payload))
    assert payload["tasks"]["total"] <= 5


@given(
    job_states(
        "v3.2-preview.2", task_kinds=["entityRecognition"], min_tasks=8, max_tasks=12, failed_tasks=True
    )
)
def test_task_indexes_stay_below_ten(payload: dict) -> None:
    """However many tasks of one kind are asked for, no task index (nor error target) reaches 10."""
    assert all(count <= 10 for count in _items_per_kind(payload))
    assert all(int(error["target"].rsplit("/", 1)[1]) < 10 for error in payload["errors"])


def test_more_tasks_than_the_version_runs_is_refused() -> None:
    """min_tasks beyond one task per kind under v3.1 raises InvalidArgument when drawn."""
    with pytest.raises(InvalidArgument, match="at most 1 task"):
        job_states("v3.1", task_kinds=["entityRecognition"], min_tasks=2, max_tasks=2).validate()
