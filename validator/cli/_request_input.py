"""The analyze request of ``validate --request``: read strictly, checked against its schema, or refused.

The request cross-checks read the request the responses answer. A file that is not such a request (a
response given by mistake, a request of another API) would make every response look wrong, so it is a usage
error that says what is wrong with it, not findings against the responses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, BinaryIO

import jsonschema

from validator._findings import display_pointer
from validator._parsing import parse_json
from validator._pointers import escape_token
from validator._schemas import API_VERSIONS, SUCCESSOR_VERSIONS, V3_VERSIONS, schema_for
from validator.cli._command import UsageError
from validator.cli._document import TooLargeError
from validator.cli._inputs import STDIN_PATH, read_limited

_SHOWN_PROBLEMS = 3
# Members only a job-status response has: a file with them is a response given as the request.
_RESPONSE_MEMBERS = ("jobId", "createdDateTime", "lastUpdateDateTime", "expirationDateTime")


def read_request(name: str, stdin: BinaryIO, max_size: int, api_version: str) -> dict[str, Any]:
    """The analyze request in ``name`` (``-``: standard input), or a ``UsageError`` saying what is wrong."""
    prefix = f"ta-contract validate: --request {name}"
    try:
        if name == STDIN_PATH:
            raw = read_limited(stdin, max_size)
        else:
            with open(name, "rb") as stream:
                raw = read_limited(stream, max_size)
    except OSError as error:
        raise UsageError(f"{prefix} cannot be read: {error.strerror or error}") from error
    except TooLargeError as error:
        raise UsageError(f"{prefix} is larger than --max-document-size") from error
    parsed = parse_json(raw)
    if parsed.problems:
        problem = parsed.problems[0]
        where = (
            f" (line {problem.position.line}, column {problem.position.column})" if problem.position else ""
        )
        kind = "strict JSON" if parsed.parsed else "JSON"
        raise UsageError(f"{prefix} is not {kind}{where}: {problem.message}")
    request = parsed.value
    if not isinstance(request, dict):
        raise UsageError(f"{prefix} is not a JSON object, so not an analyze request (AnalyzeBatchInput)")
    problems = request_problems(request, api_version)
    if problems:
        shown = "; ".join(problems[:_SHOWN_PROBLEMS])
        more = f" and {len(problems) - _SHOWN_PROBLEMS} more" if len(problems) > _SHOWN_PROBLEMS else ""
        raise UsageError(
            f"{prefix} is not an analyze request (AnalyzeBatchInput{_hint(request)}): {shown}{more}"
        )
    return request


def request_problems(request: Mapping[str, Any], api_version: str) -> list[str]:
    """What keeps ``request`` from being an analyze request of ``api_version`` (of any, for ``auto``)."""
    if api_version in SUCCESSOR_VERSIONS:
        return _language_request_problems(request)
    versions = V3_VERSIONS if api_version not in API_VERSIONS else (api_version,)
    found: list[str] = []
    for version in versions:  # with auto, a request any shipped version accepts will do
        validator = jsonschema.Draft202012Validator(schema_for(version, kind="request"))
        errors = sorted(validator.iter_errors(request), key=lambda error: list(error.absolute_path))
        if not errors:
            return []
        if not found:
            found = [_described(error) for error in errors]
    return found


def _language_request_problems(request: Mapping[str, Any]) -> list[str]:
    """What keeps ``request`` from having the shape of a Language API request (``AnalyzeTextJobsInput``).

    No schema of that request ships yet, so only the parts the cross-checks read are checked: the documents
    under ``analysisInput`` and the task list, each task with a ``kind``.
    """
    analysis = request.get("analysisInput")
    documents = analysis.get("documents") if isinstance(analysis, Mapping) else None
    tasks = request.get("tasks")
    problems = []
    if not isinstance(documents, list) or not all(isinstance(document, Mapping) for document in documents):
        problems.append("/analysisInput/documents is not an array of documents")
    if not isinstance(tasks, list) or not all(
        isinstance(task, Mapping) and isinstance(task.get("kind"), str) for task in tasks
    ):
        problems.append("/tasks is not an array of tasks, each with a kind")
    return problems


def _described(error: jsonschema.ValidationError) -> str:
    pointer = "".join(f"/{escape_token(str(part))}" for part in error.absolute_path)
    return f"{display_pointer(pointer)} {error.message}"


def _hint(request: Mapping[str, Any]) -> str:
    if any(member in request for member in _RESPONSE_MEMBERS):
        return "; this looks like an analyze-job status response, which goes after the options, not here"
    return ""
