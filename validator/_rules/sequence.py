"""Rules on successive polls of one job (``iter_sequence_findings``).

Pointers start with the poll's 0-based index, as if the polls formed one JSON array; messages count polls from
1, as people do (the poll at ``/1`` is "poll 2").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from validator._findings import echo
from validator._pointers import escape_token
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
                    f"{name} is {echo(value)} in poll {index + 1}, but {echo(first)} in poll 1: "
                    "every poll is of the same job",
                )


def _stage(status: Any) -> int | None:
    return _STAGE.get(status) if isinstance(status, str) else None


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
        before_stage, after_stage = _stage(before), _stage(after)
        if before_stage is None or after_stage is None:
            continue
        if before in TERMINAL_STATUSES and after != before:
            yield Violation(
                f"/{current}/status",
                f"the status is {echo(after)} in poll {current + 1}, but was already the terminal "
                f"{echo(before)} in poll {previous + 1}: a finished job keeps its status",
            )
        elif after_stage < before_stage:
            yield Violation(
                f"/{current}/status",
                f"the status went back from {echo(before)} in poll {previous + 1} to {echo(after)} in poll "
                f"{current + 1}",
            )


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
            went = f"{name} went from {before} in poll {previous + 1} to {after} in poll {current + 1}"
            if name in ("completed", "failed") and after < before:
                yield Violation(f"/{current}/tasks/{name}", f"{went}: finished tasks never become unfinished")
            elif name == "inProgress" and after > before:
                yield Violation(f"/{current}/tasks/{name}", f"{went}: no task starts again once finished")
            elif name == "total" and after != before:
                yield Violation(f"/{current}/tasks/{name}", f"{went}: a job keeps the tasks it was given")


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
        later = Counter(_fingerprint(task.kind, task.item) for task in context.polls[current].task_items())
        for task in context.polls[previous].task_items():
            if task.state not in FINISHED_TASK_STATES or not context.polls[previous].accepted(task.pointer):
                continue
            fingerprint = _fingerprint(task.kind, task.item)
            if later[fingerprint] > 0:
                later[fingerprint] -= 1
            else:
                array = "items" if task.state_name == "status" else task.kind
                yield Violation(
                    f"/{current}/tasks/{escape_token(array)}",
                    f"the {task.kind} task that had {echo(task.state)} in poll {previous + 1} "
                    f"({task.pointer}) is missing or changed in poll {current + 1}: a finished task stays as "
                    "it was",
                )


# What a finished task keeps from poll to poll (v3.x says state, the Language API status).
_STABLE_KEYS = ("state", "status", "results", "taskName")


def _fingerprint(kind: str, item: Mapping[str, Any]) -> Hashable:
    """What must not change about a finished task, as a value compared by content whatever it holds."""
    return (
        kind,
        _frozen(
            {key: value for key, value in item.items() if key in ("state", "status", "results", "taskName")}
        ),
    )


def _frozen(value: Any) -> Hashable:
    # Values are screened before rules see them, so nesting is bounded; keys of a mapping are hashable.
    if isinstance(value, Mapping):
        return ("object", frozenset((key, _frozen(child)) for key, child in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_frozen(child) for child in value))
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    try:
        hash(value)
    except TypeError:  # not JSON: something a Python caller put there, equal only to itself
        return ("other", id(value))
    # Integers and floats compare as numbers in JSON (1 and 1.0 are the same value), strings as themselves.
    return ("number" if isinstance(value, (int, float)) else type(value).__name__, value)


@contract_rule(
    "sequence-last-update-monotonic",
    scope=Scope.SEQUENCE,
    example='poll 1 "lastUpdateDateTime": "…:05Z", poll 2 "…:04Z"',
)
def sequence_last_update_monotonic(context: SequenceContext) -> Iterator[Violation]:
    """The job's lastUpdateDateTime never decreases from one poll to the next."""
    for previous, current in context.pairs():
        pointer = context.polls[current].job_updated_pointer
        before_text = context.accepted_value(previous, context.polls[previous].job_updated_pointer)
        after_text = context.accepted_value(current, pointer)
        before, after = instant(before_text), instant(after_text)
        if before is not None and after is not None and after < before:
            yield Violation(
                f"/{current}{pointer}",
                f"{pointer[1:]} went back from {echo(before_text)} in poll {previous + 1} to "
                f"{echo(after_text)} in poll {current + 1}",
            )
