"""Rules on the Language API's task list (``tasks.items[]``), where the v3.x task-array rules do not hold.

The evidence that sets them apart (captures/successor/2022-05-01, a job cancelled after one of four tasks had
finished): cancelled tasks are counted in no counter, yet stay in ``items`` with status ``cancelled`` and
results holding no documents.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from validator._findings import echo
from validator._rule_registry import Violation, contract_rule
from validator._rules.context import JobContext, TaskItem
from validator._schemas import SUCCESSOR_VERSIONS

ITEM_STATES = ("succeeded", "failed", "cancelled")
COUNTERS = ("completed", "failed", "inProgress", "total")
_JOB_PATH = re.compile(r"/language/analyze-text/jobs/(?P<job>[^/]+)/?")


def _cancelled(context: JobContext) -> list[TaskItem]:
    return [task for task in context.task_items() if task.state == "cancelled"]


@contract_rule(
    "item-counters-sum",
    example='"tasks": {"completed": 1, "failed": 0, "inProgress": 0, "total": 4} with one cancelled item',
    versions=SUCCESSOR_VERSIONS,
)
def item_counters_sum(context: JobContext) -> Iterator[Violation]:
    """The counters add up with cancelled items: completed + failed + inProgress + cancelled == total."""
    completed, failed, in_progress, total = (context.counter(name) for name in COUNTERS)
    if completed is None or failed is None or in_progress is None or total is None:
        return
    if not context.accepted("/tasks/items"):
        return  # cancelled items cannot be counted fairly in a list the schema rejected
    cancelled = len(_cancelled(context))
    if completed + failed + in_progress + cancelled != total:
        yield Violation(
            "/tasks/total",
            f"total is {total}, but completed + failed + inProgress + cancelled items = "
            f"{completed} + {failed} + {in_progress} + {cancelled} = "
            f"{completed + failed + in_progress + cancelled}",
        )


@contract_rule(
    "items-match-counters",
    example='"completed": 2 with one succeeded item in "items"',
    versions=SUCCESSOR_VERSIONS,
)
def items_match_counters(context: JobContext) -> Iterator[Violation]:
    """tasks.items holds one item per finished task; succeeded ones count as completed, failed as failed."""
    items = context.task_items()
    if not all(context.accepted(task.pointer) for task in items):
        return  # an item the schema rejected (no status, say) cannot be counted fairly
    for task in items:
        if not isinstance(task.state, str) or task.state not in ITEM_STATES:
            yield Violation(
                f"{task.pointer}/status",
                "tasks.items holds only finished tasks (succeeded, failed or cancelled); "
                f"found {echo(task.state)}",
            )
    states = Counter(task.state for task in items if isinstance(task.state, str))
    for counter, state in (("completed", "succeeded"), ("failed", "failed")):
        expected = context.counter(counter)
        if expected is not None and states[state] != expected:
            yield Violation(
                f"/tasks/{counter}",
                f"{counter} is {expected}, "
                f"but tasks.items holds {states[state]} item(s) with status {state!r}",
            )


@contract_rule(
    "item-results-presence",
    example='{"kind": "EntityRecognitionLROResults", "status": "succeeded"} without "results"',
    versions=SUCCESSOR_VERSIONS,
)
def item_results_presence(context: JobContext) -> Iterator[Violation]:
    """A succeeded item carries results; a cancelled one results without documents; a failed one none."""
    for task in context.task_items():
        if not context.accepted(task.pointer):
            continue
        has_results = "results" in task.item
        if task.state == "succeeded" and not has_results:
            yield Violation(task.pointer, "a succeeded task carries its results; found none")
        elif task.state == "cancelled" and task.results is not None:
            documents = task.results.get("documents")
            if isinstance(documents, list) and documents:
                yield Violation(
                    f"{task.pointer}/results/documents",
                    f"a cancelled task answers no document; found {len(documents)}",
                )
        elif task.state not in ("succeeded", "cancelled") and has_results:  # a tuple: any value compares
            yield Violation(
                f"{task.pointer}/results", f"a task with status {echo(task.state)} carries no results"
            )


@contract_rule(
    "item-status-consistency",
    example='"status": "cancelled" with "inProgress": 2',
    versions=SUCCESSOR_VERSIONS,
)
def item_status_consistency(context: JobContext) -> Iterator[Violation]:
    """The job status agrees with the task counters and items (a cancelled job has nothing in progress)."""
    status = context.document.get("status")
    if not context.accepted("/status") or not isinstance(status, str):
        return
    completed, failed, in_progress = (context.counter(name) for name in COUNTERS[:3])
    if status in ("succeeded", "cancelled", "failed", "partiallyCompleted") and in_progress not in (None, 0):
        yield Violation("/tasks/inProgress", f"a {status} job has no task in progress; found {in_progress}")
    if status == "succeeded" and failed not in (None, 0):
        yield Violation("/tasks/failed", f"a succeeded job has no failed task; found {failed}")
    elif status in ("notStarted", "running") and in_progress == 0:
        yield Violation("/tasks/inProgress", f"a {status} job has a task in progress; found 0")
    elif status == "failed" and completed not in (None, 0):
        yield Violation("/status", f"a failed job has no succeeded task; found {completed} completed")
    elif status == "partiallyCompleted" and (completed == 0 or failed == 0):
        yield Violation(
            "/status",
            "a partiallyCompleted job has succeeded and failed tasks; "
            f"found completed {completed}, failed {failed}",
        )
    elif status == "succeeded" and context.accepted("/tasks/items"):
        for task in _cancelled(context):
            yield Violation(f"{task.pointer}/status", "a succeeded job has no cancelled task")


@contract_rule(
    "analyze-text-next-link",
    example='"nextLink": "https://host/language/analyze-text/jobs/other-job?api-version=2023-04-01"',
    versions=SUCCESSOR_VERSIONS,
)
def analyze_text_next_link(context: JobContext) -> Iterator[Violation]:
    """nextLink is an absolute URL of this same job, with this api-version, $skip and $top."""
    link = context.document.get("nextLink")
    if not isinstance(link, str) or not context.accepted("/nextLink"):
        return
    parts = urlsplit(link)
    query = parse_qs(parts.query, keep_blank_values=True)
    match = _JOB_PATH.search(parts.path)
    job_id = context.document.get("jobId")
    problem = None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problem = "is not an absolute http(s) URL"
    elif match is None or not parts.path.endswith(match.group(0)):
        problem = "is not a URL of .../language/analyze-text/jobs/{jobId}"
    elif isinstance(job_id, str) and match.group("job").lower() != job_id.lower():
        problem = f"points at job {match.group('job')}, not at this job {job_id}"
    elif query.get("api-version", [None])[0] != context.api_version:
        problem = f"does not name api-version={context.api_version}"
    else:
        for name, smallest in (("$skip", 0), ("$top", 1)):
            values = query.get(name)
            if not values or not values[0].isdigit() or int(values[0]) < smallest:
                problem = f"has no valid {name} (an integer of at least {smallest})"
                break
    if problem:
        yield Violation("/nextLink", f"{json.dumps(link)} {problem}")
