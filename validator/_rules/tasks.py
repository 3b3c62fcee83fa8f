"""Rules on the task counters, the task items and the job status that summarises them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from validator._rule_registry import Violation, contract_rule
from validator._rules.context import FINISHED_TASK_STATES, JobContext
from validator._schemas import V3_VERSIONS

COUNTERS = ("completed", "failed", "inProgress", "total")


@contract_rule(
    "task-counters-sum",
    example='"tasks": {"completed": 1, "failed": 0, "inProgress": 0, "total": 2}',
    versions=V3_VERSIONS,
)
def task_counters_sum(context: JobContext) -> Iterator[Violation]:
    """The task counters add up: completed + failed + inProgress == total."""
    completed, failed, in_progress, total = (context.counter(name) for name in COUNTERS)
    if completed is None or failed is None or in_progress is None or total is None:
        return
    if completed + failed + in_progress != total:
        yield Violation(
            "/tasks/total",
            f"total is {total}, but completed + failed + inProgress = {completed} + {failed} + {in_progress} "
            f"= {completed + failed + in_progress}",
        )


@contract_rule(
    "task-items-match-counters",
    example='"completed": 2 with one item in "entityRecognitionTasks"',
    versions=V3_VERSIONS,
)
def task_items_match_counters(context: JobContext) -> Iterator[Violation]:
    """The task arrays hold one finished item per completed or failed task, with matching states."""
    items = context.task_items()
    if not all(context.accepted(task.pointer) for task in items):
        return  # an item the schema rejected (no state, say) cannot be counted fairly
    for task in items:
        if task.state not in FINISHED_TASK_STATES:
            yield Violation(
                f"{task.pointer}/state",
                f"a task array holds only finished tasks (succeeded or failed); found state {task.state!r}",
            )
    states = Counter(task.state for task in items)
    for counter, state in (("completed", "succeeded"), ("failed", "failed")):
        expected = context.counter(counter)
        if expected is not None and states[state] != expected:
            yield Violation(
                f"/tasks/{counter}",
                f"{counter} is {expected}, "
                f"but the task arrays hold {states[state]} task(s) with state {state!r}",
            )


@contract_rule(
    "task-results-presence", example='{"state": "succeeded"} without "results"', versions=V3_VERSIONS
)
def task_results_presence(context: JobContext) -> Iterator[Violation]:
    """A succeeded task carries its results; a failed or unfinished task carries none."""
    for task in context.task_items():
        if not context.accepted(task.pointer):
            continue
        has_results = "results" in task.item
        if task.state == "succeeded" and not has_results:
            yield Violation(task.pointer, "a succeeded task carries its results; found none")
        elif task.state != "succeeded" and has_results:
            yield Violation(f"{task.pointer}/results", f"a task in state {task.state!r} carries no results")


@contract_rule(
    "job-status-consistency", example='"status": "succeeded" with "inProgress": 1', versions=V3_VERSIONS
)
def job_status_consistency(context: JobContext) -> Iterator[Violation]:
    """The job status agrees with the task counters, and every failed task has a job-level error."""
    status = context.document.get("status")
    if not context.accepted("/status") or not isinstance(status, str):
        return
    completed, failed, in_progress = (context.counter(name) for name in COUNTERS[:3])
    if status == "succeeded":
        if in_progress not in (None, 0):
            yield Violation(
                "/tasks/inProgress", f"a succeeded job has no task in progress; found {in_progress}"
            )
        if failed not in (None, 0):
            yield Violation("/tasks/failed", f"a succeeded job has no failed task; found {failed}")
    elif status in ("notStarted", "running"):
        if in_progress == 0:
            yield Violation("/tasks/inProgress", f"a {status} job has a task in progress; found 0")
    elif status == "failed":
        if completed not in (None, 0):
            yield Violation("/status", f"a failed job has no succeeded task; found {completed} completed")
    elif status == "partiallyCompleted" and (completed == 0 or failed == 0):
        yield Violation(
            "/status",
            "a partiallyCompleted job has succeeded and failed tasks; "
            f"found completed {completed}, failed {failed}",
        )
    yield from _failed_tasks_have_errors(context)


def _failed_tasks_have_errors(context: JobContext) -> Iterator[Violation]:
    # Targets name the task's index in the request (#/tasks/<kind>/<i>), which need not be its index in the
    # response array, so failed tasks and errors are matched by count per task kind.
    errors = context.document.get("errors")
    if not isinstance(errors, list) or not context.accepted("/errors"):
        return
    targeted = Counter(
        error["target"].split("/")[2]
        for error in errors
        if isinstance(error, dict)
        and isinstance(error.get("target"), str)
        and error["target"].startswith("#/tasks/")
        and error["target"].count("/") >= 3
    )
    failed = Counter(task.kind for task in context.task_items() if task.state == "failed")
    for kind, count in failed.items():
        if targeted[kind] < count:
            yield Violation(
                "/errors",
                f"{count} {kind} task(s) failed, "
                f"but {targeted[kind]} job-level error(s) target #/tasks/{kind}/…",
            )
