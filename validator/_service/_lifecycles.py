"""One job of the fake service: the plan drawn for a client's request, and the responses of its polls.

The plan comes from the generators' own pieces (``document_result``, ``render``), so every poll the fake
serves is a valid job state that answers the request: its documents, its tasks in request order, the names the
client gave them echoed. A task fails when the service would fail it (an unsupported ``model-version``, a
missing custom deployment); a document is erroneous when its language is not supported or its text is empty.
The job ends ``succeeded``, ``partiallyCompleted`` or ``failed`` accordingly, unless a Language API client
cancels it (``cancelled_after``): v3.x has no cancel operation, so a v3.x job always runs to its end.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from hypothesis import strategies as st

from validator._service._requests import AnalyzeRequest, RequestedDocument, RequestedTask
from validator._service._texts import reading
from validator._strategies._plan import (
    EMPTY_ERROR,
    LANGUAGE_ERROR,
    JobPlan,
    PlannedTask,
    RequestDocument,
    interleave,
    result_names,
    supported_parameters,
)
from validator._strategies._render import Moment, render
from validator._strategies._results import document_result
from validator._strategies._values import creation_instants, fractions_of_second, job_ids
from validator._strategies._vocabulary import SERVER_NAMING_VERSIONS, SERVER_TASK_NAMES
from validator._string_units import DEFAULT_STRING_INDEX_TYPE, StringIndexType

# The languages the 2021 service analyses (its own error message lists them); others are document errors.
SUPPORTED_LANGUAGES = frozenset(
    language.lower()
    for language in ("de", "en", "es", "fr", "it", "ja", "ko", "nl", "pt-BR", "pt-PT", "zh-Hans")
)
# The service pages task results by 20 documents unless the client asks for another $top (at most 50).
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


@dataclass(frozen=True)
class Lifecycle:
    """How the fake runs each job: how many polls it takes, and the page size of its results."""

    min_polls: int = 2
    max_polls: int = 5
    page_size: int = DEFAULT_PAGE_SIZE
    unknown_properties: bool = False  # add fields of later API versions, which clients must ignore


@dataclass(frozen=True)
class JobRun:
    """A drawn job: its plan (with statistics in every document result) and the moment of each poll."""

    plan: JobPlan
    moments: tuple[Moment, ...]

    def response(
        self, poll: int, *, skip: int, top: int | None, show_stats: bool, page_size: int
    ) -> dict[str, Any]:
        """The body of poll ``poll`` (0-based; polls past the last repeat it) for these query options."""
        moment = self.moments[min(poll, len(self.moments) - 1)]
        plan = self.plan if show_stats else _without_statistics(self.plan)
        plan = replace(plan, show_stats=show_stats, job_statistics=show_stats)
        count = len(plan.documents)
        size = top if top is not None else page_size
        if skip == 0 and size >= count:
            return render(plan, moment)
        body = render(replace(plan, page=(skip, size)), moment)
        if skip + size >= count or not _any_results(body):
            body.pop("@nextLink", None)
        return body

    @property
    def job_id(self) -> str:
        return self.plan.job_id

    def cancelled_after(self, shown: int) -> JobRun:
        """This job cancelled after its first ``shown`` polls: one poll cancelling, then cancelled, with the
        tasks finished by then (the recorded Language API cancel: counters unchanged while cancelling)."""
        kept = self.moments[:shown]
        last = kept[-1]
        cancelling = replace(last, status="cancelling", last_update=last.last_update + timedelta(seconds=1))
        cancelled = replace(last, status="cancelled", last_update=last.last_update + timedelta(seconds=2))
        return replace(self, moments=(*kept, cancelling, cancelled))


def _any_results(body: dict[str, Any]) -> bool:
    return any(
        isinstance(items, list) and items for name, items in body["tasks"].items() if name.endswith("Tasks")
    )


def _without_statistics(plan: JobPlan) -> JobPlan:
    def strip(result: dict[str, Any] | None) -> dict[str, Any] | None:
        if result is None:
            return None
        return {key: value for key, value in result.items() if key != "statistics"}

    tasks = tuple(
        replace(task, documents=tuple(strip(result) for result in task.documents)) for task in plan.tasks
    )
    return replace(plan, tasks=tasks)


def _planned_document(document: RequestedDocument) -> RequestDocument:
    if not document.text.strip():
        return RequestDocument(
            document.id, document.text, document.language, copy.deepcopy(EMPTY_ERROR), None
        )
    if document.language.lower() not in SUPPORTED_LANGUAGES:
        return RequestDocument(
            document.id, document.text, document.language, copy.deepcopy(LANGUAGE_ERROR), None
        )
    return RequestDocument(
        document.id, document.text, document.language, None, reading(document.text, document.language)
    )


def _response_name(api_version: str, task: RequestedTask) -> str | None:
    if task.name is not None:
        return task.name
    if api_version in SERVER_NAMING_VERSIONS:
        return SERVER_TASK_NAMES.get(task.kind)
    return None


@st.composite
def _planned_task(
    draw: st.DrawFn, api_version: str, task: RequestedTask, documents: tuple[RequestDocument, ...]
) -> PlannedTask:
    succeeds = supported_parameters(task.kind, task.parameters)
    request: dict[str, Any] = {"parameters": task.parameters}
    if task.name is not None:
        request["taskName"] = task.name
    unit: StringIndexType = task.parameters.get("stringIndexType", DEFAULT_STRING_INDEX_TYPE)
    fraction = draw(fractions_of_second())
    name = _response_name(api_version, task)
    if not succeeds:
        return PlannedTask(task.kind, task.position, request, name, False, fraction)
    results = tuple(
        None
        if document.content is None
        else draw(
            document_result(
                task.kind,
                document.id,
                document.content,
                unit,
                task.parameters,
                show_stats=True,
                warnings=False,
                force_spans=False,
            )
        )
        for document in documents
    )
    names = result_names(task.kind, task.parameters)
    return PlannedTask(task.kind, task.position, request, name, True, fraction, results, names)


@st.composite
def job_runs(
    draw: st.DrawFn, api_version: str, request: AnalyzeRequest, endpoint: str, lifecycle: Lifecycle
) -> JobRun:
    """A job answering ``request`` and the moments of its polls: notStarted, running, then final."""
    documents = tuple(_planned_document(document) for document in request.documents)
    tasks = tuple(draw(_planned_task(api_version, task, documents)) for task in request.tasks)
    slots = [(task.kind, task.position) for task in tasks]
    # Tasks of one kind finish in request order (the service runs them so); kinds interleave freely.
    shuffled = draw(st.permutations([kind for kind, _ in slots]))
    plan = JobPlan(
        api_version=api_version,
        job_id=draw(job_ids()),
        created=draw(creation_instants()),
        display_name=request.display_name,
        documents=documents,
        tasks=tasks,
        finish_order=interleave(list(shuffled), slots),
        show_stats=True,
        job_statistics=True,
        page=None,
        endpoint=endpoint,
        unknown_properties=lifecycle.unknown_properties,
        request=request.body,
    )
    return JobRun(plan, tuple(draw(_moments(plan, lifecycle))))


@st.composite
def _moments(draw: st.DrawFn, plan: JobPlan, lifecycle: Lifecycle) -> list[Moment]:
    count = len(plan.tasks)
    outcomes = [plan.tasks[index].succeeds for index in plan.finish_order]
    final = "succeeded" if all(outcomes) else "failed" if not any(outcomes) else "partiallyCompleted"
    total = draw(st.integers(lifecycle.min_polls, lifecycle.max_polls))
    waiting = draw(st.integers(1, max(1, total - 1)))
    running = max(0, total - waiting - 1)
    progress = sorted(draw(st.lists(st.integers(0, count - 1), min_size=running, max_size=running)))
    statuses = ["notStarted"] * waiting + ["running"] * running + [final]
    finished = [0] * waiting + progress + [count]
    moments, seconds = [], [plan.created] * count
    now = plan.created + timedelta(seconds=draw(st.integers(0, 1)))
    for poll, (status, done) in enumerate(zip(statuses, finished, strict=True)):
        if poll:
            now += timedelta(seconds=draw(st.integers(1, 5)))
        for rank in range(finished[poll - 1] if poll else 0, done):
            # A task that finished since the last poll did so within the second before this poll.
            seconds[rank] = max(plan.created, now - timedelta(seconds=1))
        moments.append(Moment(status, done, now, tuple(seconds)))
    return moments


def fault_random(seed: int) -> random.Random:
    """The random source that decides which polls get a fault: separate from the drawing of jobs."""
    return random.Random(f"faults:{seed}")
