"""The response a client sees for a ``JobPlan`` at one moment: status, counters, finished tasks and errors.

Rendering draws nothing: the same plan and moment always give the same document, which is what lets the
successive polls of a lifecycle agree on every task that has finished.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from validator._strategies._plan import JobPlan, PlannedTask, task_failure
from validator._strategies._results import place_document, statistics_of
from validator._strategies._values import EXPIRY, job_timestamp, task_timestamp


@dataclass(frozen=True)
class Moment:
    """When a response is sent: its status, how many tasks have finished, and the times involved."""

    status: str
    finished: int  # the first ``finished`` tasks of the plan's finish order are done
    last_update: datetime
    task_seconds: tuple[datetime, ...]  # per finisher, the whole second its lastUpdateDateTime falls in


# What lenient examples add, as a newer service might: fields of the successor API versions.
_UNKNOWN_ENTITY_FIELD = "resolutions"
_UNKNOWN_DOCUMENT_FIELD = "detectedLanguage"
_DETECTED_ENGLISH = {"name": "English", "iso6391Name": "en", "confidenceScore": 1.0}


def render(plan: JobPlan, moment: Moment) -> dict[str, Any]:
    """The job-state response body of ``plan`` at ``moment``, keys in wire order."""
    done = plan.finish_order[: moment.finished]
    finished_at = {task: moment.task_seconds[rank] for rank, task in enumerate(done)}
    arrays: dict[str, list[Any]] = {}
    errors = []
    for index, task in enumerate(plan.tasks):
        if index not in finished_at:
            continue
        array = f"{task.kind}Tasks"
        if not task.succeeds:
            # A task's place in its array is its position among the request's tasks of its kind, because
            # tasks of one kind finish in request order.
            errors.append({**task_failure(task), "target": f"#/tasks/{array}/{task.position}"})
        arrays.setdefault(array, []).append(_task_item(plan, task, finished_at[index]))
    succeeded = sum(1 for index in done if plan.tasks[index].succeeds)
    body: dict[str, Any] = {
        "jobId": plan.job_id,
        "lastUpdateDateTime": job_timestamp(moment.last_update),
        "createdDateTime": job_timestamp(plan.created),
        "expirationDateTime": job_timestamp(plan.created + EXPIRY),
        "status": moment.status,
        "errors": errors,
    }
    if plan.display_name is not None:
        body["displayName"] = plan.display_name
    if plan.job_statistics:
        body["statistics"] = _job_statistics(plan)
    body["tasks"] = {
        "completed": succeeded,
        "failed": len(done) - succeeded,
        "inProgress": len(plan.tasks) - len(done),
        "total": len(plan.tasks),
        **arrays,
    }
    if plan.page is not None:
        skip, top = plan.page
        body["@nextLink"] = next_link(plan, skip + top, top)
    return body


def next_link(plan: JobPlan, skip: int, top: int) -> str:
    show = "True" if plan.show_stats else "False"
    path = f"/text/analytics/{plan.api_version}/analyze/jobs/{plan.job_id}"
    return f"{plan.endpoint}{path}?$skip={skip}&$top={top}&showStats={show}"


def _task_item(plan: JobPlan, task: PlannedTask, second: datetime) -> dict[str, Any]:
    ticks, digits = task.fraction
    item: dict[str, Any] = {"lastUpdateDateTime": task_timestamp(second, ticks, digits)}
    if task.response_name is not None:
        item["taskName"] = task.response_name
    item["state"] = "succeeded" if task.succeeds else "failed"
    if task.succeeds:
        item["results"] = _results(plan, task)
    return item


def _results(plan: JobPlan, task: PlannedTask) -> dict[str, Any]:
    shown = range(len(plan.documents))
    if plan.page is not None:
        skip, top = plan.page
        shown = range(skip, min(skip + top, len(plan.documents)))
    documents: list[Any] = []
    errors: list[Any] = []
    for index in shown:
        result = task.documents[index]
        if result is None:
            error = copy.deepcopy(plan.documents[index].error)
            errors.append({"id": plan.documents[index].id, "error": error})
        else:
            documents.append(_lenient(plan, place_document(result, len(documents))))
    results: dict[str, Any] = {}
    if plan.show_stats:
        # Statistics count the task's documents on every page, not only the ones this page lists.
        valid = [result for result in task.documents if result is not None]
        results["statistics"] = {
            "documentsCount": len(task.documents),
            "validDocumentsCount": len(valid),
            "erroneousDocumentsCount": len(task.documents) - len(valid),
            "transactionsCount": sum(result["statistics"]["transactionsCount"] for result in valid),
        }
    return {**results, "documents": documents, "errors": errors, **task.result_names}


def _lenient(plan: JobPlan, document: dict[str, Any]) -> dict[str, Any]:
    if not plan.unknown_properties:
        return document
    document = {**document, _UNKNOWN_DOCUMENT_FIELD: dict(_DETECTED_ENGLISH)}
    for entity in document.get("entities", []):
        if "category" in entity:
            entity[_UNKNOWN_ENTITY_FIELD] = []
    return document


def _job_statistics(plan: JobPlan) -> dict[str, int]:
    valid = [document for document in plan.documents if document.error is None]
    transactions = sum(statistics_of(document.text)["transactionsCount"] for document in valid)
    return {
        "documentsCount": len(plan.documents),
        "validDocumentsCount": len(valid),
        "erroneousDocumentsCount": len(plan.documents) - len(valid),
        "transactionsCount": transactions,
    }


def seconds_after(instant: datetime, seconds: int) -> datetime:
    return instant + timedelta(seconds=seconds)
