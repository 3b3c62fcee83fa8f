"""Rules on successive polls of one job (``iter_sequence_findings``); pointers start with the poll's index."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from validator._rule_registry import Scope, Violation, contract_rule
from validator._rules.context import FINISHED_TASK_STATES, JobContext
from validator._rules.timestamps import instant

# How far along a job is; a later poll never goes back, and a terminal status never changes.
_STAGE = {
    "notStarted": 0,
    "running": 1,
    "cancelling": 2,
    "succeeded": 3,
    "partiallyCompleted": 3,
    "failed": 3,
    "cancelled": 3,
}
TERMINAL_STATUSES = ("succeeded", "partiallyCompleted", "failed", "cancelled")


@dataclass(frozen=True)
class SequenceContext:
    """The polls of one job in the order they were received, each with what its own checks found."""

    polls: Sequence[JobContext]

    def accepted_value(self, index: int, pointer: str) -> Any:
        poll = self.polls[index]
        return poll.value(pointer) if poll.accepted(pointer) else None

    def pairs(self) -> Iterator[tuple[int, int]]:
        """``(previous, current)`` indexes of consecutive polls."""
        return ((index - 1, index) for index in range(1, len(self.polls)))


@contract_rule(
    "sequence-job-identity",
    scope=Scope.SEQUENCE,
    example="poll 2 has another jobId than poll 1",
)
def sequence_job_identity(context: SequenceContext) -> Iterator[Violation]:
    """Every poll is of the same job: the same jobId and createdDateTime as the first."""
    for name in ("jobId", "createdDateTime"):
        first = context.accepted_value(0, f"/{name}") if context.polls else None
        for index in range(1, len(context.polls)):
            value = context.accepted_value(index, f"/{name}")
            if first is not None and value is not None and value != first:
                yield Violation(
                    f"/{index}/{name}",
                    f"{name} is {json.dumps(value)}; the first poll had {json.dumps(first)}",
                )


@contract_rule(
    "sequence-status-transition",
    scope=Scope.SEQUENCE,
    example='poll 1 "succeeded", poll 2 "running"',
)
def sequence_status_transition(context: SequenceContext) -> Iterator[Violation]:
    """The job status only moves forward (notStarted, running, then a terminal status) and stays terminal."""
    for previous, current in context.pairs():
        before, after = (
            context.accepted_value(previous, "/status"),
            context.accepted_value(current, "/status"),
        )
        if before not in _STAGE or after not in _STAGE:
            continue
        if before in TERMINAL_STATUSES and after != before:
            yield Violation(
                f"/{current}/status", f"the job left the terminal status {before!r} for {after!r}"
            )
        elif _STAGE[after] < _STAGE[before]:
            yield Violation(f"/{current}/status", f"the job went back from {before!r} to {after!r}")


@contract_rule(
    "sequence-counters-monotonic",
    scope=Scope.SEQUENCE,
    example='poll 1 "completed": 2, poll 2 "completed": 1',
)
def sequence_counters_monotonic(context: SequenceContext) -> Iterator[Violation]:
    """Task counters never go backwards: completed and failed never fall, inProgress never rises."""
    for previous, current in context.pairs():
        for name in ("completed", "failed", "inProgress", "total"):
            before, after = context.polls[previous].counter(name), context.polls[current].counter(name)
            if before is None or after is None:
                continue
            if (name in ("completed", "failed") and after < before) or (
                name == "inProgress" and after > before
            ):
                yield Violation(f"/{current}/tasks/{name}", f"{name} went from {before} to {after}")
            elif name == "total" and after != before:
                yield Violation(f"/{current}/tasks/{name}", f"total changed from {before} to {after}")


@contract_rule(
    "sequence-finished-task-stable",
    scope=Scope.SEQUENCE,
    example="a task succeeded in poll 1 and is missing, or has other results, in poll 2",
)
def sequence_finished_task_stable(context: SequenceContext) -> Iterator[Violation]:
    """A finished task stays finished, with identical results, in every later poll."""
    # Items are matched by content within their kind: the service inserts a newly finished task at its
    # request position, so a finished task's index in the array can change between polls.
    for previous, current in context.pairs():
        later = [_fingerprint(task.kind, task.item) for task in context.polls[current].task_items()]
        for task in context.polls[previous].task_items():
            if task.state not in FINISHED_TASK_STATES or not context.polls[previous].accepted(task.pointer):
                continue
            fingerprint = _fingerprint(task.kind, task.item)
            if fingerprint in later:
                later.remove(fingerprint)
            else:
                array = "items" if task.state_name == "status" else task.kind
                yield Violation(
                    f"/{current}/tasks/{array}",
                    f"the {task.kind} task that had {task.state} in poll {previous} ({task.pointer}) "
                    "is missing or "
                    "changed here",
                )


def _fingerprint(kind: str, item: Mapping[str, Any]) -> str:
    stable = {key: value for key, value in item.items() if key in ("state", "status", "results", "taskName")}
    return kind + json.dumps(stable, sort_keys=True)


@contract_rule(
    "sequence-last-update-monotonic",
    scope=Scope.SEQUENCE,
    example='poll 1 "lastUpdateDateTime": "…:05Z", poll 2 "…:04Z"',
)
def sequence_last_update_monotonic(context: SequenceContext) -> Iterator[Violation]:
    """The job's lastUpdateDateTime never decreases from one poll to the next."""
    for previous, current in context.pairs():
        pointer = context.polls[current].job_updated_pointer
        before = instant(context.accepted_value(previous, context.polls[previous].job_updated_pointer))
        after = instant(context.accepted_value(current, pointer))
        if before is not None and after is not None and after < before:
            yield Violation(f"/{current}{pointer}", f"{pointer[1:]} went back from poll {previous}")
