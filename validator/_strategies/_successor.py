"""Valid Language API data: v3.x data drawn by construction, then carried into the successor's shape.

The Language API answers the same job in another shape (``tasks.items[]`` with a ``kind`` instead of one array
per kind, ``status`` for ``state``, ``lastUpdatedDateTime``, ``nextLink``), so a job is drawn exactly as for
v3.2-preview.2 (the *carrier*, whose task kinds all exist in the successor) and then translated, request and
response together. Where the successor behaves differently the translation follows the recordings: a cancelled
job lists its unfinished tasks as ``cancelled`` items with empty results and counts them nowhere, a lifecycle
that ends cancelled passes through ``cancelling``, and statistics appear only inside each task's results.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from validator._schemas import ARRAY_KINDS, SUCCESSOR_VERSIONS, schema_for
from validator._strategies._jobs import Shape, job_parts, lifecycle_parts
from validator._strategies._render import render
from validator._strategies._vocabulary import JOB_STATUSES

CARRIER = "v3.2-preview.2"
_SUFFIX = "LROResults"


def is_successor(api_version: object) -> bool:
    return api_version in SUCCESSOR_VERSIONS


def carrier_version(api_version: object) -> object:
    """The version data is drawn in: the carrier for a Language API version, else the version itself."""
    return CARRIER if is_successor(api_version) else api_version


def carrier_statuses(api_version: object, status: object, known: Sequence[str] = JOB_STATUSES) -> object:
    """The statuses to draw the carrier job with: as asked, or for a Language API version by default all the
    ``known`` ones (its service cancels jobs on request, unlike v3.x, whose default leaves cancelling out)."""
    return tuple(known) if status is None and is_successor(api_version) else status


def item_kinds(api_version: str) -> frozenset[str]:
    return frozenset(schema_for(api_version)["$defs"]["TaskKind"]["enum"])


def drawable_kinds(api_version: str) -> tuple[str, ...]:
    """The carrier's task kinds (``entityRecognition``) whose items the Language API version has."""
    return tuple(
        array.removesuffix("Tasks") for array, kind in ARRAY_KINDS.items() if kind in item_kinds(api_version)
    )


def carrier_task_kinds(api_version: object, task_kinds: object) -> object:
    """``task_kinds`` in the carrier's names (``entityRecognition``) for a Language API version.

    Under a Language API version a kind may be named as in v3.x, by its item kind
    (``EntityRecognitionLROResults``) or by its request kind (``EntityRecognition``). Names that match
    nothing pass through, so that the usual check rejects them with the list of known names.
    """
    if not is_successor(api_version):
        return task_kinds
    available = {array.removesuffix("Tasks"): kind for array, kind in ARRAY_KINDS.items()}
    if task_kinds is None:
        return drawable_kinds(str(api_version))
    if isinstance(task_kinds, str) or not isinstance(task_kinds, (list, tuple, set, frozenset)):
        return task_kinds
    by_item_kind = {kind: name for name, kind in available.items()}
    by_request_kind = {kind.removesuffix(_SUFFIX): name for name, kind in available.items()}
    chosen = tuple(by_item_kind.get(name, by_request_kind.get(name, name)) for name in task_kinds)
    drawable = drawable_kinds(str(api_version))
    for name, carried in zip(task_kinds, chosen, strict=True):
        if carried in available and carried not in drawable:
            raise InvalidArgument(
                f"task_kinds: {name!r} is not a task kind of {api_version} (known: {', '.join(drawable)})"
            )
    return chosen


def successor_request(request: Mapping[str, Any]) -> dict[str, Any]:
    """A v3.x ``AnalyzeBatchInput`` as the Language API's ``AnalyzeTextJobsInput``."""
    translated = {key: copy.deepcopy(value) for key, value in request.items() if key != "tasks"}
    tasks = []
    for array, requested in _requested(request):
        task: dict[str, Any] = {"kind": ARRAY_KINDS[array].removesuffix(_SUFFIX)}
        if "taskName" in requested:
            task["taskName"] = requested["taskName"]
        parameters = requested.get("parameters")
        if isinstance(parameters, Mapping):
            task["parameters"] = {_camel(name): value for name, value in parameters.items()}
        tasks.append(task)
    translated["tasks"] = tasks
    return translated


def _camel(name: str) -> str:
    """A v3.x parameter name (``model-version``, ``project-name``) as the Language API spells it."""
    first, *rest = name.split("-")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def _requested(request: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """``(array, task)`` for every task of a v3.x request, in request order."""
    tasks = request.get("tasks")
    return [
        (array, task)
        for array, listed in (tasks.items() if isinstance(tasks, Mapping) else ())
        if array in ARRAY_KINDS and isinstance(listed, list)
        for task in listed
        if isinstance(task, Mapping)
    ]


def successor_response(
    response: Mapping[str, Any], request: Mapping[str, Any], api_version: str
) -> dict[str, Any]:
    """A valid v3.x job state, drawn for ``request``, as the Language API sends it for ``api_version``."""
    document: dict[str, Any] = {}
    for key, value in response.items():
        if key == "lastUpdateDateTime":
            document["lastUpdatedDateTime"] = value
        elif key == "@nextLink":
            document["nextLink"] = _next_link(value, response.get("jobId"), api_version)
        elif key == "statistics":
            continue  # the Language API sends statistics only inside each task's results
        elif key == "tasks":
            document["tasks"] = _tasks(value, request, response)
        else:
            document[key] = copy.deepcopy(value)
    places = item_places(response)
    document["errors"] = [_error(error, places) for error in document.get("errors", [])]
    return document


def _next_link(link: str, job_id: object, api_version: str) -> str:
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    skip, top = query.get("$skip", ["0"])[0], query.get("$top", ["1"])[0]
    return (
        f"{parts.scheme}://{parts.netloc}/language/analyze-text/jobs/{job_id}"
        f"?api-version={api_version}&$skip={skip}&$top={top}"
    )


def _error(error: Any, places: Mapping[str, str]) -> Any:
    """A job-level error whose target names a failed v3.x task item, retargeted to that item's place in
    ``tasks.items`` (``#/tasks/items/<k>``).

    No recording shows a failed Language API task, but both Azure SDKs of the Language API read the target so:
    azure-ai-textanalytics 5.4.0 takes ``tasks.items[<k>]`` for ``#/tasks/items/<k>``, and
    @azure/ai-language-text matches the error to the k-th item of ``tasks.items``.
    """
    if not isinstance(error, Mapping) or not isinstance(error.get("target"), str):
        return copy.deepcopy(error)
    place = places.get(error["target"].removeprefix("#"))
    retargeted = dict(copy.deepcopy(error))
    if place is not None:
        retargeted["target"] = "#" + place
    return retargeted


def _tasks(
    tasks: Mapping[str, Any], request: Mapping[str, Any], response: Mapping[str, Any]
) -> dict[str, Any]:
    translated: dict[str, Any] = {}
    items = []
    answered: dict[str, list[Mapping[str, Any]]] = {}
    for array, listed in tasks.items():
        if array not in ARRAY_KINDS or not isinstance(listed, list):
            translated[array] = copy.deepcopy(listed)  # the counters, and anything else as it is
            continue
        answered[array] = [item for item in listed if isinstance(item, Mapping)]
        items += [_item(ARRAY_KINDS[array], item) for item in answered[array]]
    if response.get("status") == "cancelled":
        cancelled = _cancelled_items(request, answered, response.get("lastUpdateDateTime"))
        items += cancelled
        translated["inProgress"] = 0
    translated["items"] = items
    return translated


def item_places(response: Mapping[str, Any]) -> dict[str, str]:
    """Where each v3.x task item of ``response`` is in its translation: ``/tasks/<array>/<i>`` to
    ``/tasks/items/<k>``, for carrying a pointer into the v3.x document over to the successor's."""
    places, position = {}, 0
    tasks = response.get("tasks")
    for array, listed in tasks.items() if isinstance(tasks, Mapping) else ():
        if array in ARRAY_KINDS and isinstance(listed, list):
            for index, item in enumerate(listed):
                if isinstance(item, Mapping):
                    places[f"/tasks/{array}/{index}"] = f"/tasks/items/{position}"
                    position += 1
    return places


def successor_pointer(pointer: str, places: Mapping[str, str]) -> str:
    """A pointer into a v3.x document, carried over to the same place of its translation."""
    head = "/".join(pointer.split("/")[:4])
    if head in places:
        rest = pointer[len(head) :]
        if rest == "/state" or rest.startswith("/state/"):
            rest = "/status" + rest[len("/state") :]
        rest = rest.replace("/classifications", "/class").replace("/classification", "/class/0")
        return places[head] + rest
    for old, new in (("/lastUpdateDateTime", "/lastUpdatedDateTime"), ("/@nextLink", "/nextLink")):
        if pointer == old or pointer.startswith(old + "/"):
            return new + pointer[len(old) :]
    parts = pointer.split("/")
    if len(parts) == 3 and parts[1] == "tasks" and parts[2] in ARRAY_KINDS:
        return "/tasks/items"
    return pointer


def _item(kind: str, item: Mapping[str, Any]) -> dict[str, Any]:
    translated: dict[str, Any] = {"kind": kind}
    for key, value in item.items():
        if key == "state":
            translated["status"] = value
        elif key == "results":
            translated["results"] = _results(value)
        else:
            translated[key] = copy.deepcopy(value)
    return translated


def _results(results: Any) -> Any:
    """Custom classification documents carry one ``class`` list instead of classification(s)."""
    results = copy.deepcopy(results)
    for document in results.get("documents", []) if isinstance(results, dict) else []:
        if isinstance(document, dict) and "classification" in document:
            document["class"] = [document.pop("classification")]
        elif isinstance(document, dict) and "classifications" in document:
            document["class"] = document.pop("classifications")
    return results


def _cancelled_items(
    request: Mapping[str, Any], answered: Mapping[str, list[Mapping[str, Any]]], when: Any
) -> list[dict[str, Any]]:
    """One ``cancelled`` item with empty results per requested task that had not finished."""
    items = []
    remaining = {array: list(listed) for array, listed in answered.items()}
    for array, task in _requested(request):
        finished = remaining.get(array, [])
        match = next((item for item in finished if item.get("taskName") == task.get("taskName")), None)
        if match is not None:
            finished.remove(match)
            continue
        item: dict[str, Any] = {"kind": ARRAY_KINDS[array]}
        if "taskName" in task:
            item["taskName"] = task["taskName"]
        item.update(lastUpdateDateTime=when, status="cancelled", results=_empty_results(task))
        items.append(item)
    return items


def _empty_results(task: Mapping[str, Any]) -> dict[str, Any]:
    given = task.get("parameters")
    parameters = {_camel(name): value for name, value in given.items()} if isinstance(given, Mapping) else {}
    if "projectName" in parameters:
        return {
            "documents": [],
            "errors": [],
            "projectName": parameters["projectName"],
            "deploymentName": parameters.get("deploymentName", parameters["projectName"]),
        }
    return {"documents": [], "errors": [], "modelVersion": "latest"}


def successor_job_states_from(shape: Shape, api_version: str) -> st.SearchStrategy[dict[str, Any]]:
    return job_parts(shape).map(
        lambda parts: successor_response(render(*parts), parts[0].request, api_version)
    )


def successor_exchanges_from(
    shape: Shape, api_version: str
) -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    return job_parts(shape).map(
        lambda parts: (
            successor_request(parts[0].request),
            successor_response(render(*parts), parts[0].request, api_version),
        )
    )


def successor_lifecycles_from(
    shape: Shape, api_version: str, min_polls: int, max_polls: int
) -> st.SearchStrategy[list[dict[str, Any]]]:
    def translate(parts: Any) -> list[dict[str, Any]]:
        plan, moments = parts
        polls = [successor_response(render(plan, moment), plan.request, api_version) for moment in moments]
        return with_cancelling(polls)

    return lifecycle_parts(shape, min_polls, max_polls).map(translate)


def with_cancelling(polls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A lifecycle that ends cancelled passes through cancelling, as the recorded one does: the last running
    poll before the first cancelled one becomes cancelling (counters and items unchanged), where another
    running poll remains before it."""
    statuses = [poll.get("status") for poll in polls]
    if "cancelled" not in statuses:
        return polls
    first = statuses.index("cancelled")
    if statuses[:first].count("running") >= 2 and statuses[first - 1] == "running":
        polls[first - 1]["status"] = "cancelling"
    return polls
