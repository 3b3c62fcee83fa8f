"""A whole analyze job drawn once: the request, every task's outcome and results, and when each finished.

A ``JobPlan`` is what the service knows about a job. ``_render`` turns it into the response a client sees at
one moment (how many tasks have finished, at what time), so a single response, an exchange and every poll of
a lifecycle all come from the same plan and agree with each other by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from validator._strategies._document_texts import DocumentText, document_texts
from validator._strategies._results import document_result
from validator._strategies._values import creation_instants, fractions_of_second, job_ids
from validator._strategies._vocabulary import (
    CUSTOM_KINDS,
    SERVER_NAMING_VERSIONS,
    SERVER_TASK_NAMES,
    SPAN_KINDS,
    max_tasks_per_kind,
)
from validator._string_units import DEFAULT_STRING_INDEX_TYPE, STRING_INDEX_TYPES, StringIndexType


@dataclass(frozen=True)
class PlanOptions:
    """Checked options of the public strategies, plus the shapes that mutations need their base to have."""

    api_version: str
    kinds: tuple[str, ...]
    min_tasks: int = 1
    max_tasks: int = 3
    min_documents: int = 1
    max_documents: int = 3
    document_errors: bool | None = None
    warnings: bool | None = False
    show_stats: bool | None = None
    paging: bool | None = None
    string_index_type: str | None = None
    task_names: bool | None = None
    opinion_mining: bool | None = None
    strict: bool = False
    exchange: bool = False  # the request is shown: names are echoed, never made up, and nothing is paged
    force_spans: bool = False  # every finished entity-like task reports at least one span per document


@dataclass(frozen=True)
class RequestDocument:
    id: str
    text: str
    language: str | None  # None: the request omits it (English by default)
    error: dict[str, Any] | None  # the document error every task reports for it, if it is erroneous
    content: DocumentText | None


@dataclass(frozen=True)
class PlannedTask:
    kind: str
    position: int  # index among the request's tasks of this kind, and so in the response's array
    request: dict[str, Any]
    response_name: str | None
    succeeds: bool
    fraction: tuple[int, int]  # (ticks, digits) of its lastUpdateDateTime
    documents: tuple[dict[str, Any] | None, ...] = ()  # per request document; None for an erroneous one
    result_names: dict[str, str] = field(default_factory=dict)  # modelVersion or projectName/deploymentName


@dataclass(frozen=True)
class JobPlan:
    api_version: str
    job_id: str
    created: datetime
    display_name: str | None
    documents: tuple[RequestDocument, ...]
    tasks: tuple[PlannedTask, ...]  # in request order: by kind, then position
    finish_order: tuple[int, ...]  # indices into ``tasks``; tasks of one kind finish in request order
    show_stats: bool
    job_statistics: bool
    page: tuple[int, int] | None  # ($skip, $top) of the page shown, when results are paged
    endpoint: str
    unknown_properties: bool
    request: dict[str, Any]


_MODEL_VERSIONS = {
    "entityRecognition": "2021-06-01",
    "entityRecognitionPii": "2021-01-15",
    "keyPhraseExtraction": "2021-06-01",
    "entityLinking": "2021-06-01",
    "sentimentAnalysis": "2020-04-01",
    "extractiveSummarization": "2021-08-01",
}
_TASK_TYPES = {
    "entityRecognition": "NamedEntityRecognition",
    "entityRecognitionPii": "PersonallyIdentifiableInformation",
    "keyPhraseExtraction": "KeyPhraseExtraction",
    "entityLinking": "EntityLinking",
    "sentimentAnalysis": "SentimentAnalysis",
    "extractiveSummarization": "ExtractiveSummarization",
    "customEntityRecognition": "CustomEntityRecognition",
    "customSingleClassification": "CustomSingleClassification",
    "customMultiClassification": "CustomMultiClassification",
}
_CLIENT_TASK_NAMES = {
    "entityRecognition": "entities",
    "entityRecognitionPii": "pii-redaction",
    "keyPhraseExtraction": "key-phrases",
    "entityLinking": "linking",
    "sentimentAnalysis": "sentiment",
    "extractiveSummarization": "summary",
    "customEntityRecognition": "restaurant-ner",
    "customSingleClassification": "review-class",
    "customMultiClassification": "review-tags",
}
_PROJECTS = {
    "customEntityRecognition": ("restaurant-entities", "MyRestaurantNER"),
    "customSingleClassification": ("review-classifier", "ReviewTypes"),
    "customMultiClassification": ("review-tagger", "ReviewTags"),
}
UNSUPPORTED_MODEL_VERSION = "2019-01-01"
MISSING_DEPLOYMENT = "retired-deployment"
LANGUAGE_ERROR = {
    "code": "InvalidArgument",
    "message": "Invalid Language Code.",
    "innererror": {
        "code": "UnsupportedLanguageCode",
        "message": "Invalid language code. Supported languages: de,en,es,fr,it,ja,ko,nl,pt-BR,pt-PT,zh-Hans.",
    },
}
EMPTY_ERROR = {
    "code": "InvalidArgument",
    "message": "Invalid document in request.",
    "innererror": {"code": "InvalidDocument", "message": "Document text is empty."},
}
_ENDPOINTS = (
    "https://contoso-language.cognitiveservices.azure.com",
    "https://westus2.api.cognitive.microsoft.com",
)


def task_failure(task: PlannedTask) -> dict[str, Any]:
    """The job-level error the service reports for a failed task (its target is added by the renderer)."""
    if task.kind in CUSTOM_KINDS:
        project = task.request["parameters"]["project-name"]
        message = f"Deployment {MISSING_DEPLOYMENT} not found for project {project}."
    else:
        message = (
            f"Job task parameter value "
            f"{task.request['parameters'].get('model-version', UNSUPPORTED_MODEL_VERSION)}"
            " is not supported for model-version "
            f"parameter for job task type {_TASK_TYPES[task.kind]}. "
            f"Supported values latest,{_MODEL_VERSIONS[task.kind]}."
        )
    return {"code": "InvalidRequest", "message": message}


def result_names(kind: str, parameters: dict[str, Any]) -> dict[str, str]:
    """What a succeeded task's results name: its model version, or its custom project and deployment."""
    if kind in CUSTOM_KINDS:
        return {"projectName": parameters["project-name"], "deploymentName": parameters["deployment-name"]}
    version = parameters.get("model-version", "latest")
    return {"modelVersion": _MODEL_VERSIONS[kind] if version == "latest" else version}


def current_model_version(kind: str) -> str:
    """The model version ``latest`` means for a prebuilt task ``kind``."""
    return _MODEL_VERSIONS[kind]


def supported_parameters(kind: str, parameters: dict[str, Any]) -> bool:
    """Whether the service runs a task with these parameters (a known model version or deployment)."""
    if kind in CUSTOM_KINDS:
        return parameters.get("deployment-name") != MISSING_DEPLOYMENT
    return parameters.get("model-version", "latest") in ("latest", _MODEL_VERSIONS[kind])


def task_unit(task: PlannedTask) -> StringIndexType:
    unit = task.request["parameters"].get("stringIndexType", DEFAULT_STRING_INDEX_TYPE)
    assert unit in STRING_INDEX_TYPES
    return unit  # type: ignore[no-any-return]  # checked just above


@st.composite
def _document_ids(draw: st.DrawFn, count: int) -> list[str]:
    style = draw(st.sampled_from(("index", "prefixed", "uuid")))
    if style == "uuid":
        return [
            str(value)
            for value in draw(st.lists(st.uuids(version=4), min_size=count, max_size=count, unique=True))
        ]
    return [str(index) if style == "index" else f"doc-{index + 1}" for index in range(count)]


@st.composite
def _request_documents(draw: st.DrawFn, options: PlanOptions, count: int) -> tuple[RequestDocument, ...]:
    documents = []
    ids = draw(_document_ids(count))
    # With document_errors=None an error is rare (one value in six) and shrinks away.
    erroneous = [
        (options.document_errors is True and index == 0)
        or (options.document_errors is None and draw(st.integers(0, 5)) == 5)
        for index in range(count)
    ]
    for index, doc_id in enumerate(ids):
        if erroneous[index]:
            empty = draw(st.booleans())
            text = "" if empty else draw(document_texts()).text
            wrong: str = "en" if empty else draw(st.sampled_from(("xx", "english", "klingon")))
            documents.append(
                RequestDocument(doc_id, text, wrong, EMPTY_ERROR if empty else LANGUAGE_ERROR, None)
            )
            continue
        opinion = options.force_spans and index == erroneous.index(False)
        content = draw(document_texts(opinion=opinion))
        language = None if content.language == "en" and draw(st.booleans()) else content.language
        documents.append(RequestDocument(doc_id, content.text, language, None, content))
    return tuple(documents)


@st.composite
def _parameters(draw: st.DrawFn, options: PlanOptions, kind: str, succeeds: bool) -> dict[str, Any]:
    # A failing task draws the same choices as a succeeding one and then overrides them, so that shrinking
    # compares outcomes (succeeded first) rather than preferring whichever draws fewer choices.
    parameters: dict[str, Any] = {}
    if kind in CUSTOM_KINDS:
        project, _ = _PROJECTS[kind]
        parameters["project-name"] = project
        deployment = draw(st.sampled_from(("production", "2022-05-01")))
        parameters["deployment-name"] = deployment if succeeds else MISSING_DEPLOYMENT
    else:
        version = draw(st.sampled_from((None, "latest", _MODEL_VERSIONS[kind])))
        if not succeeds:
            parameters["model-version"] = UNSUPPORTED_MODEL_VERSION
        elif version is not None:
            parameters["model-version"] = version
    if kind in SPAN_KINDS:
        unit = options.string_index_type or draw(st.sampled_from((None, *STRING_INDEX_TYPES)))
        if unit is not None and (unit != DEFAULT_STRING_INDEX_TYPE or draw(st.booleans())):
            parameters["stringIndexType"] = unit
    if kind == "sentimentAnalysis":
        mining = options.opinion_mining if options.opinion_mining is not None else draw(st.booleans())
        if mining or options.force_spans or draw(st.booleans()):
            parameters["opinionMining"] = mining or options.force_spans
    if kind == "extractiveSummarization" and draw(st.booleans()):
        parameters["sentenceCount"] = draw(st.integers(1, 4))
    if kind == "entityRecognitionPii" and draw(st.booleans()):
        parameters["domain"] = draw(st.sampled_from(("none", "phi")))
    if draw(st.booleans()):
        parameters["loggingOptOut"] = draw(st.booleans())
    return parameters


@st.composite
def _task_names(
    draw: st.DrawFn, options: PlanOptions, kind: str, position: int
) -> tuple[str | None, str | None]:
    """(name in the request, name in the response)."""
    named = options.task_names if options.task_names is not None else draw(st.booleans())
    if named:
        name = f"{_CLIENT_TASK_NAMES[kind]}-{position + 1}" if position else _CLIENT_TASK_NAMES[kind]
        return name, name
    made_up = options.api_version in SERVER_NAMING_VERSIONS and kind in SERVER_TASK_NAMES
    if made_up and not options.exchange and options.task_names is None and draw(st.booleans()):
        return None, SERVER_TASK_NAMES[kind]
    return None, None


@st.composite
def planned_task(
    draw: st.DrawFn,
    options: PlanOptions,
    kind: str,
    position: int,
    succeeds: bool,
    documents: tuple[RequestDocument, ...],
    show_stats: bool,
) -> PlannedTask:
    parameters = draw(_parameters(options, kind, succeeds))
    request_name, response_name = draw(_task_names(options, kind, position))
    request: dict[str, Any] = {"parameters": parameters}
    if request_name is not None:
        request["taskName"] = request_name
    task = PlannedTask(kind, position, request, response_name, succeeds, draw(fractions_of_second()))
    names = result_names(kind, parameters)
    warnings = options.warnings if options.warnings is not None else draw(st.booleans())
    results = tuple(
        None
        if document.content is None
        else draw(
            document_result(
                kind,
                document.id,
                document.content,
                task_unit(task),
                parameters,
                show_stats=show_stats,
                warnings=warnings,
                force_spans=options.force_spans,
            )
        )
        for document in documents
    )
    if not succeeds:
        return task  # its results were drawn only to keep shrinking fair; a failed task has none
    return PlannedTask(kind, position, request, response_name, succeeds, task.fraction, results, names)


def interleave(kinds_in_finish_order: list[str], tasks: list[tuple[str, int]]) -> tuple[int, ...]:
    """Finish order as task indices, giving the j-th finisher of a kind that kind's j-th task."""
    seen: dict[str, int] = {}
    order = []
    for kind in kinds_in_finish_order:
        position = seen.get(kind, 0)
        seen[kind] = position + 1
        order.append(tasks.index((kind, position)))
    return tuple(order)


@st.composite
def job_plans(draw: st.DrawFn, options: PlanOptions, outcomes: list[bool], task_count: int) -> JobPlan:
    """A job of ``task_count`` tasks whose i-th finisher succeeds when ``outcomes[i]`` is True."""
    cap = max_tasks_per_kind(options.api_version)
    finisher_kinds: list[str] = []
    for _ in range(task_count):
        room = tuple(kind for kind in options.kinds if finisher_kinds.count(kind) < cap)
        finisher_kinds.append(draw(st.sampled_from(room)))
    slots = sorted(
        (
            (kind, sum(1 for earlier in finisher_kinds[:index] if earlier == kind))
            for index, kind in enumerate(finisher_kinds)
        ),
        key=lambda slot: (options.kinds.index(slot[0]), slot[1]),
    )
    finish_order = interleave(finisher_kinds, slots)
    succeeds_by_task = {task: outcomes[rank] for rank, task in enumerate(finish_order)}
    # Paged results are the exception (they need many documents): one job in six, shrinking away.
    drawn_paging = draw(st.integers(0, 5)) == 5 and not options.exchange and options.max_documents >= 2
    paging = options.paging if options.paging is not None else drawn_paging
    min_documents = max(options.min_documents, 2) if paging else options.min_documents
    count = draw(st.integers(min_documents, max(min_documents, options.max_documents)))
    documents = draw(_request_documents(options, count))
    show_stats = options.show_stats if options.show_stats is not None else draw(st.booleans())
    per_kind = dict.fromkeys(options.kinds, options)
    if options.exchange and options.string_index_type is None:
        # Unnamed tasks of one kind cannot be told apart in the response, so in an exchange they share a unit.
        units = {kind: draw(st.sampled_from(STRING_INDEX_TYPES)) for kind in dict.fromkeys(finisher_kinds)}
        per_kind = {kind: replace(options, string_index_type=unit) for kind, unit in units.items()}
    tasks = tuple(
        draw(planned_task(per_kind[kind], kind, position, succeeds_by_task[index], documents, show_stats))
        for index, (kind, position) in enumerate(slots)
    )
    page = None
    if paging:
        # A page other than the last: the last page omits @nextLink.
        top = draw(st.integers(1, count - 1))
        page = (top * draw(st.integers(0, (count - 1) // top - 1)), top)
    display_name = draw(st.sampled_from((None, "NA", "Restaurant reviews", "Analyse des avis clients")))
    request: dict[str, Any] = {}
    if display_name not in (None, "NA"):
        request["displayName"] = display_name
    request["analysisInput"] = {"documents": [_request_document(document) for document in documents]}
    request["tasks"] = {}
    for task in tasks:
        request["tasks"].setdefault(f"{task.kind}Tasks", []).append(task.request)
    return JobPlan(
        api_version=options.api_version,
        job_id=draw(job_ids()),
        created=draw(creation_instants()),
        display_name=display_name if not options.exchange or display_name != "NA" else None,
        documents=documents,
        tasks=tasks,
        finish_order=finish_order,
        show_stats=show_stats,
        job_statistics=show_stats and draw(st.booleans()),
        page=page,
        endpoint=draw(st.sampled_from(_ENDPOINTS)),
        unknown_properties=not options.strict and draw(st.booleans()),
        request=request,
    )


def _request_document(document: RequestDocument) -> dict[str, Any]:
    entry = {"id": document.id, "text": document.text}
    if document.language is not None:
        entry["language"] = document.language
    return entry
