"""Rules on the task counters, the task items and the job status that summarises them.

Two rules read the counters, and each defect belongs to one of them: ``task-items-match-counters`` owns
``completed`` and ``failed`` wherever the task arrays can be counted, since the items are the evidence, and
``task-counters-sum`` owns a sum that no single such counter explains (a wrong ``total`` or ``inProgress``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from validator._findings import clip, echo
from validator._findings import repr_of_integer as shown
from validator._rule_registry import Violation, contract_rule
from validator._rules.context import FINISHED_TASK_STATES, JobContext
from validator._schemas import V3_VERSIONS

COUNTERS = ("completed", "failed", "inProgress", "total")
_COUNTED_STATES = (("completed", "succeeded"), ("failed", "failed"))


def _finished_counts(context: JobContext) -> Counter[str] | None:
    """How many task items are in each finished state, or None when an item the schema rejected (no state,
    say) keeps the arrays from being counted fairly."""
    items = context.task_items()
    if not all(context.accepted(task.pointer) for task in items):
        return None
    # Only strings are states: a state that is an object or an array counts as no state at all.
    return Counter(task.state for task in items if isinstance(task.state, str))


@contract_rule(
    "task-counters-sum",
    example='"tasks": {"completed": 1, "failed": 0, "inProgress": 0, "total": 2}',
    versions=V3_VERSIONS,
)
def task_counters_sum(context: JobContext) -> Iterator[Violation]:
    """The task counters add up: completed + failed + inProgress == total.

    Silent when completed or failed disagrees with the task arrays and the arrays' counts make the sum hold:
    that one wrong counter is task-items-match-counters' finding alone. So this rule blames total or
    inProgress, which no task item records.
    """
    completed, failed, in_progress, total = (context.counter(name) for name in COUNTERS)
    if completed is None or failed is None or in_progress is None or total is None:
        return
    if completed + failed + in_progress == total:
        return
    counts = _finished_counts(context)
    if counts is not None and counts["succeeded"] + counts["failed"] + in_progress == total:
        return
    yield Violation(
        "/tasks/total",
        f"total is {shown(total)}, but completed + failed + inProgress is {shown(completed)} + "
        f"{shown(failed)} + {shown(in_progress)} = {shown(completed + failed + in_progress)}",
    )


@contract_rule(
    "task-items-match-counters",
    example='"completed": 2 with one item in "entityRecognitionTasks"',
    versions=V3_VERSIONS,
)
def task_items_match_counters(context: JobContext) -> Iterator[Violation]:
    """The task arrays hold one finished item per completed or failed task, with matching states.

    This rule owns the completed and failed counters wherever the arrays can be counted: a counter that
    disagrees with them is reported here, and task-counters-sum stays silent about the sum it breaks.
    """
    counts = _finished_counts(context)
    if counts is None:
        return
    for task in context.task_items():
        if task.state not in FINISHED_TASK_STATES:
            yield Violation(
                f"{task.pointer}/state",
                f"a task array holds only finished tasks (succeeded or failed), but this task's state is "
                f"{echo(task.state)}",
            )
    for counter, state in _COUNTED_STATES:
        expected = context.counter(counter)
        if expected is not None and counts[state] != expected:
            yield Violation(
                f"/tasks/{counter}",
                f"{counter} is {shown(expected)}, "
                f'but the task arrays hold {counts[state]} task(s) with state "{state}"',
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
            yield Violation(task.pointer, 'the task succeeded but carries no "results"')
        elif task.state != "succeeded" and has_results:
            yield Violation(
                f"{task.pointer}/results",
                f'the task carries results although its state is {echo(task.state)}, not "succeeded"',
            )


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
                "/tasks/inProgress",
                f"inProgress is {shown(in_progress)}, "
                'but the job status is "succeeded", which leaves none in progress',
            )
        if failed not in (None, 0):
            yield Violation(
                "/tasks/failed",
                f'failed is {shown(failed)}, but the job status is "succeeded", which allows none',
            )
    elif status in ("notStarted", "running"):
        if in_progress == 0:
            yield Violation(
                "/tasks/inProgress",
                f'inProgress is 0, but a "{status}" job has at least one task in progress',
            )
    elif status == "failed":
        if completed not in (None, 0):
            yield Violation(
                "/status",
                f'the job status is "failed", but completed is {shown(completed)}: a failed job has none',
            )
    elif status == "partiallyCompleted" and (completed == 0 or failed == 0):
        yield Violation(
            "/status",
            'the job status is "partiallyCompleted", which needs succeeded and failed tasks, '
            f"but completed is {completed} and failed is {failed}",
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
                f"{count} {clip(kind)} task(s) failed, but only {targeted[kind]} job-level error(s) target "
                f"#/tasks/{clip(kind)}/…",
            )
