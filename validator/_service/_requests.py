"""Reading an analyze request body as the service does: its documents and tasks, or the 400 error it answers.

Only what the fake needs to answer is checked; each refusal is the error body the service sends for it
(``InvalidRequest`` with an ``innererror`` code), so a client's error handling meets the real shapes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from validator._strategies._vocabulary import CUSTOM_KINDS, max_tasks_per_kind, task_kinds
from validator._string_units import DEFAULT_STRING_INDEX_TYPE, STRING_INDEX_TYPES

# The analyze operation takes at most 25 documents per request (the service limits page, asynchronous
# features); a request with more is refused as a whole.
MAX_DOCUMENTS = 25


@dataclass(frozen=True)
class RequestedDocument:
    id: str
    text: str
    language: str  # "en" when the request omits it, as the service assumes


@dataclass(frozen=True)
class RequestedTask:
    kind: str
    position: int  # its index among the request's tasks of its kind
    parameters: dict[str, Any]
    name: str | None


@dataclass(frozen=True)
class AnalyzeRequest:
    body: dict[str, Any]
    display_name: str | None
    documents: tuple[RequestedDocument, ...]
    tasks: tuple[RequestedTask, ...]  # by kind in the version's order, then position


class RefusedRequest(ValueError):
    """A request the service answers with 400; ``body`` is the error response."""

    def __init__(self, inner_code: str, message: str, outer_message: str = "Invalid Request.") -> None:
        super().__init__(message)
        self.body = {
            "error": {
                "code": "InvalidRequest",
                "message": outer_message,
                "innererror": {"code": inner_code, "message": message},
            }
        }


def read_request(api_version: str, raw: bytes) -> AnalyzeRequest:
    """The request in ``raw``, or ``RefusedRequest`` with the service's reason."""
    return read_parsed_request(api_version, parse_body(raw))


def parse_body(raw: bytes) -> dict[str, Any]:
    """The JSON object of a request body, or ``RefusedRequest``."""
    if not raw.strip():
        raise RefusedRequest("EmptyRequest", "Request body must be present.")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise RefusedRequest("InvalidRequestBodyFormat", "Request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise RefusedRequest("InvalidRequestBodyFormat", "Request body must be a JSON object.")
    return body


def read_parsed_request(api_version: str, body: dict[str, Any]) -> AnalyzeRequest:
    """The request ``body`` (a v3.x ``AnalyzeBatchInput``), or ``RefusedRequest``."""
    documents = read_documents(body.get("analysisInput"))
    tasks = _tasks(api_version, body.get("tasks"))
    display_name = body.get("displayName")
    if display_name is not None and not isinstance(display_name, str):
        raise RefusedRequest("InvalidParameterValue", "displayName must be a string.")
    return AnalyzeRequest(body, display_name, documents, tasks)


def read_documents(analysis_input: Any) -> tuple[RequestedDocument, ...]:
    entries = analysis_input.get("documents") if isinstance(analysis_input, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RefusedRequest("MissingInputRecords", "Missing input documents.")
    if len(entries) > MAX_DOCUMENTS:
        raise RefusedRequest(
            "InvalidDocumentBatch",
            f"Batch request contains too many records. Max {MAX_DOCUMENTS} records are permitted.",
        )
    documents = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
            raise RefusedRequest("InvalidDocument", "Every document needs a non-empty string id.")
        text, language = entry.get("text"), entry.get("language", "en")
        if not isinstance(text, str) or not isinstance(language, str):
            raise RefusedRequest(
                "InvalidDocument", f"Document {entry['id']} needs a string text and language."
            )
        documents.append(RequestedDocument(entry["id"], text, language or "en"))
    if len({document.id for document in documents}) < len(documents):
        raise RefusedRequest(
            "InvalidDocument", "Request contains duplicated Ids. Make sure each document has a unique Id."
        )
    return tuple(documents)


def _tasks(api_version: str, tasks: Any) -> tuple[RequestedTask, ...]:
    if not isinstance(tasks, dict):
        raise RefusedRequest("InvalidParameterValue", "The request has no tasks object.")
    kinds = task_kinds(api_version)
    unknown = sorted(
        name for name in tasks if name.removesuffix("Tasks") not in kinds or not name.endswith("Tasks")
    )
    if unknown:
        raise RefusedRequest("InvalidParameterValue", f"Unknown task types: {', '.join(unknown)}.")
    found = []
    for kind in kinds:
        entries = tasks.get(f"{kind}Tasks", [])
        if not isinstance(entries, list):
            raise RefusedRequest("InvalidParameterValue", f"{kind}Tasks must be an array.")
        for position, entry in enumerate(entries):
            parameters = entry.get("parameters", {}) if isinstance(entry, dict) else None
            name = entry.get("taskName") if isinstance(entry, dict) else None
            if not isinstance(parameters, dict) or not isinstance(name, (str, type(None))):
                raise RefusedRequest("InvalidParameterValue", f"{kind}Tasks/{position} is not a task.")
            check_parameters(kind, f"{kind}Tasks/{position}", parameters)
            found.append(RequestedTask(kind, position, parameters, name))
    if not found:
        raise RefusedRequest("InvalidParameterValue", "The request asks for no task.")
    cap = max_tasks_per_kind(api_version)
    crowded = sorted({task.kind for task in found if task.position >= cap})
    if crowded:
        raise RefusedRequest(
            "InvalidParameterValue",
            f"At most {cap} task(s) of each type per job in {api_version}; too many: "
            + ", ".join(f"{kind}Tasks" for kind in crowded)
            + ".",
        )
    return tuple(found)


def check_parameters(kind: str, where: str, parameters: dict[str, Any]) -> None:
    """Refuses the parameters (v3.x names) of the task of ``kind`` at ``where`` that the service refuses."""
    if kind in CUSTOM_KINDS and not all(
        isinstance(parameters.get(name), str) for name in ("project-name", "deployment-name")
    ):
        raise RefusedRequest("InvalidParameterValue", f"{where} needs a project name and a deployment name.")
    unit = parameters.get("stringIndexType", DEFAULT_STRING_INDEX_TYPE)
    if unit not in STRING_INDEX_TYPES:
        raise RefusedRequest("InvalidParameterValue", f"{where}: stringIndexType {unit!r} is not supported.")
    count = parameters.get("sentenceCount", 3)
    if kind == "extractiveSummarization" and (
        not isinstance(count, int) or isinstance(count, bool) or count < 1
    ):
        raise RefusedRequest("InvalidParameterValue", f"{where}: sentenceCount must be a positive integer.")
    if not isinstance(parameters.get("model-version", "latest"), str):
        raise RefusedRequest("InvalidParameterValue", f"{where}: model-version must be a string.")
