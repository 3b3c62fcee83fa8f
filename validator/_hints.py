"""Known wrong shapes: the documentation sample's, the OpenAPI document's and the successor API's.

Where a document matches one, findings say what the service sends instead, and the validator looks inside
misplaced structures (task arrays under ``tasks.tasks``, task states under ``status``) so that the report is
complete rather than one finding that hides five.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from validator._findings import Problem
from validator._pointers import escape_token, resolve
from validator._schema_validation import iter_problems_against
from validator._schemas import component_uri

_TASK_ITEM = re.compile(r"/tasks/(?:tasks/)?[A-Za-z]+Tasks/\d+")
_STATUS_HINT = 'the service names the task state "state"; "status" is the OpenAPI document\'s name for it'
_COMPLETED_HINT = 'the service says "succeeded" when a job or task has finished'
_REQUEST_HINT = (
    "this looks like an analyze request (AnalyzeBatchInput: analysisInput), not a job-status response; "
    "give it as the request the responses answer (ta-contract validate --request FILE, or request=...)"
)
_LANGUAGE_API_HINT = (
    "this looks like a response of the successor Language API (lastUpdatedDateTime, tasks.items[]), "
    "which is not a Text Analytics v3.x response: check it with its api-version, such as 2023-04-01"
)
_V3_HINT = (
    "this looks like a Text Analytics v3.x response (lastUpdateDateTime, task arrays such as "
    "tasks.entityRecognitionTasks, @nextLink), which is not a Language API response: check it with its "
    "version, such as v3.2-preview.2"
)


def iter_misplaced_problems(document: Any, *, api_version: str, strict: bool) -> Iterator[Problem]:
    """Schema problems inside structures the schema does not reach: misplaced task arrays and states."""
    if not isinstance(document, Mapping) or not isinstance(document.get("tasks"), Mapping):
        return
    tasks = document["tasks"]
    nested = tasks.get("tasks")
    known_kinds = _task_kinds(api_version)
    if isinstance(nested, Mapping):
        for kind, array in nested.items():
            if kind in known_kinds and isinstance(array, list):
                uri = f"{component_uri(api_version, 'job-state.json')}#/$defs/TasksState/properties/{kind}"
                yield from iter_problems_against(
                    array, uri, api_version=api_version, strict=strict, prefix=f"/tasks/tasks/{kind}"
                )
    for pointer, item in _task_items(tasks):
        status = item.get("status")
        if "state" not in item and isinstance(status, str):
            state_uri = f"{component_uri(api_version, 'job-state.json')}#/$defs/TaskState"
            for problem in iter_problems_against(status, state_uri, api_version=api_version, strict=strict):
                yield replace(problem, pointer=f"{pointer}/status")


def annotate(problems: list[Problem], document: Any) -> list[Problem]:
    """Adds hints to problems that match a known wrong shape and drops those another finding explains."""
    annotated = []
    for problem in problems:
        if _explained_elsewhere(problem, document):
            continue
        hint = _hint_for(problem, document)
        annotated.append(replace(problem, hint=hint) if hint and not problem.hint else problem)
    return annotated


@cache
def _task_kinds(api_version: str) -> frozenset[str]:
    from validator._schemas import schema_for  # the bundle lists the task arrays of the version

    properties = schema_for(api_version)["$defs"]["TasksState"]["properties"]
    return frozenset(name for name, schema in properties.items() if schema.get("type") == "array")


def _task_items(tasks: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    places = [("/tasks", tasks)]
    if isinstance(tasks.get("tasks"), Mapping):
        places.append(("/tasks/tasks", tasks["tasks"]))
    for base, container in places:
        for kind, array in container.items():
            if isinstance(kind, str) and kind.endswith("Tasks") and isinstance(array, list):
                for index, item in enumerate(array):
                    if isinstance(item, Mapping):
                        yield f"{base}/{escape_token(kind)}/{index}", item


def _explained_elsewhere(problem: Problem, document: Any) -> bool:
    if problem.rule != "additionalProperties":
        return False
    parent, _, name = problem.pointer.rpartition("/")
    if problem.pointer == "/tasks/tasks":  # misplaced-task-array reports each array inside it
        nested = resolve(document, "/tasks/tasks")
        return isinstance(nested, Mapping) and any(
            isinstance(key, str) and key.endswith("Tasks") for key in nested
        )
    if name == "status" and _TASK_ITEM.fullmatch(parent):  # the missing "state" finding explains it
        item = resolve(document, parent)
        return isinstance(item, Mapping) and "state" not in item
    return False


def _hint_for(problem: Problem, document: Any) -> str | None:
    parent, _, name = problem.pointer.rpartition("/")
    value = resolve(document, problem.pointer)
    if problem.rule == "enum" and value == "completed":
        return _COMPLETED_HINT
    if problem.rule == "required" and _TASK_ITEM.fullmatch(problem.pointer) and "state" in problem.message:
        item = resolve(document, problem.pointer)
        return _STATUS_HINT if isinstance(item, Mapping) and "status" in item else None
    if problem.rule == "required" and problem.pointer.endswith("/results") and "Name" in problem.message:
        return "custom task results carry projectName and deploymentName; the documentation sample omits them"
    if _looks_like_request(document) and problem.pointer in ("", "/analysisInput"):
        return _REQUEST_HINT
    if _looks_like_language_api(document) and (
        problem.pointer in ("", "/lastUpdatedDateTime", "/tasks/items")
    ):
        return _LANGUAGE_API_HINT
    if _looks_like_v3(document) and (
        problem.pointer in ("", "/tasks", "/lastUpdateDateTime", "/@nextLink")
        or (problem.rule == "additionalProperties" and parent == "/tasks" and name.endswith("Tasks"))
    ):
        return _V3_HINT
    if problem.rule != "additionalProperties":
        return None
    if name == "name" and _TASK_ITEM.fullmatch(parent):
        return (
            'the service sends "taskName", and only when the client named the task; '
            '"name" is a pre-release spelling'
        )
    if problem.pointer == "/tasks/details":
        return "only the v3.1 previews sent tasks.details; released versions do not"
    return None


def _looks_like_request(document: Any) -> bool:
    return isinstance(document, Mapping) and isinstance(document.get("analysisInput"), Mapping)


def _looks_like_language_api(document: Any) -> bool:
    tasks = document.get("tasks") if isinstance(document, Mapping) else None
    return isinstance(document, Mapping) and (
        "lastUpdatedDateTime" in document
        or (isinstance(tasks, Mapping) and isinstance(tasks.get("items"), list))
    )


def _looks_like_v3(document: Any) -> bool:
    tasks = document.get("tasks") if isinstance(document, Mapping) else None
    if not isinstance(document, Mapping) or "lastUpdatedDateTime" in document:
        return False
    if "@nextLink" in document:
        return True
    return isinstance(tasks, Mapping) and (
        any(name.endswith("Tasks") for name in tasks)
        or ("items" not in tasks and "lastUpdateDateTime" in document)
    )


def could_be_misplaced(document: Mapping[str, Any]) -> bool:
    """Whether ``iter_misplaced_problems`` could find anything: task arrays under tasks.tasks, or a task
    item with a ``status`` string and no ``state``. It is skipped otherwise, as it costs a schema lookup."""
    tasks = document.get("tasks")
    if not isinstance(tasks, Mapping):
        return False
    if isinstance(tasks.get("tasks"), Mapping):
        return True
    for kind, array in tasks.items():
        if isinstance(kind, str) and kind.endswith("Tasks") and isinstance(array, list):
            for item in array:
                if isinstance(item, Mapping) and "state" not in item and isinstance(item.get("status"), str):
                    return True
    return False
