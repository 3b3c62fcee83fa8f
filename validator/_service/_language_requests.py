"""Reading a Language API analyze-text request as that service does, into the carrier request the fake runs.

The fake runs a Language API job as the generators draw one: as a v3.2-preview.2 job (the carrier) whose polls
are translated into the successor's shape. So ``{"tasks": [{"kind": "EntityRecognition", "parameters":
{"modelVersion": "latest"}}]}`` is checked as the Language API checks it, with its error shapes, then read
as the carrier's ``AnalyzeRequest`` (``entityRecognitionTasks`` with ``model-version``). Unlike v3.x, the
Language API refuses an unsupported model version at submit (HTTP 400, recorded on 2023-04-01) instead of
failing the task.
"""

from __future__ import annotations

import copy
from typing import Any

from validator._schemas import ARRAY_KINDS
from validator._service._requests import (
    AnalyzeRequest,
    RefusedRequest,
    check_parameters,
    parse_body,
    read_documents,
    read_parsed_request,
)
from validator._strategies._plan import current_model_version, supported_parameters
from validator._strategies._successor import CARRIER, drawable_kinds
from validator._strategies._vocabulary import CUSTOM_KINDS, max_tasks_per_kind

# A request's task kind (EntityRecognition) and the carrier's (entityRecognition), for every kind the
# generators draw; the Language API's other kinds (Healthcare, AbstractiveSummarization) are not run.
_CARRIER_KINDS = {
    kind.removesuffix("LROResults"): array.removesuffix("Tasks") for array, kind in ARRAY_KINDS.items()
}
# Parameters the Language API spells in camelCase where v3.x used hyphens.
_V3_PARAMETER_NAMES = {
    "modelVersion": "model-version",
    "projectName": "project-name",
    "deploymentName": "deployment-name",
}
# The recorded answer to an unsupported model version names this outer message.
_INVALID_PARAMETER = "Invalid parameter in request"


def request_kinds(api_version: str) -> tuple[str, ...]:
    """The task kinds (as a request names them) that the fake runs under ``api_version``."""
    drawable = drawable_kinds(api_version)
    return tuple(kind for kind, carried in _CARRIER_KINDS.items() if carried in drawable)


def read_language_request(api_version: str, raw: bytes) -> AnalyzeRequest:
    """The ``AnalyzeTextJobsInput`` in ``raw`` as the carrier's request, or ``RefusedRequest``."""
    body = parse_body(raw)
    read_documents(body.get("analysisInput"))  # refused here with the Language API's own task numbering
    tasks = body.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        raise RefusedRequest("InvalidParameterValue", "The request asks for no task: tasks is an empty list.")
    known = request_kinds(api_version)
    arrays: dict[str, list[dict[str, Any]]] = {}
    for index, task in enumerate(tasks):
        kind = task.get("kind") if isinstance(task, dict) else None
        if kind not in known:
            raise RefusedRequest(
                "InvalidParameterValue",
                f"tasks/{index}: kind {kind!r} is not a task kind the fake runs under {api_version} "
                f"(it runs {', '.join(known)}).",
            )
        assert isinstance(task, dict)  # a kind was read from it
        arrays.setdefault(f"{_CARRIER_KINDS[kind]}Tasks", []).append(_carrier_task(api_version, index, task))
    cap = max_tasks_per_kind(CARRIER)
    crowded = sorted(array.removesuffix("Tasks") for array, listed in arrays.items() if len(listed) > cap)
    if crowded:
        too_many = ", ".join(crowded)
        raise RefusedRequest(
            "InvalidParameterValue", f"At most {cap} tasks of one kind per job; too many: {too_many}."
        )
    carrier = {key: copy.deepcopy(value) for key, value in body.items() if key != "tasks"}
    carrier["tasks"] = arrays
    return read_parsed_request(CARRIER, carrier)


def _carrier_task(api_version: str, index: int, task: dict[str, Any]) -> dict[str, Any]:
    """One task of the request, as a task of the carrier's request, after the Language API's checks."""
    where = f"tasks/{index}"
    kind = _CARRIER_KINDS[task["kind"]]
    given = task.get("parameters", {})
    name = task.get("taskName")
    if not isinstance(given, dict) or not isinstance(name, (str, type(None))):
        raise RefusedRequest("InvalidParameterValue", f"{where} is not a task.")
    parameters = {_V3_PARAMETER_NAMES.get(str(key), str(key)): value for key, value in given.items()}
    check_parameters(kind, where, parameters)
    if kind not in CUSTOM_KINDS and not supported_parameters(kind, parameters):
        version = parameters["model-version"]
        raise RefusedRequest(
            "InvalidParameterValue",
            f"Job task parameter value '{version}' is not supported for model-version parameter for job task "
            f"type {task['kind']}. Supported values latest, {current_model_version(kind)}.",
            _INVALID_PARAMETER,
        )
    carried: dict[str, Any] = {"parameters": parameters}
    if name is not None:
        carried["taskName"] = name
    return carried
