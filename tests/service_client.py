"""A small HTTP client for the fake service's tests: urllib, a timeout on every call, bounded poll loops."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.helpers import run
from validator.service import ServedExchange

TIMEOUT = 30
MAX_POLLS = 60


def call(
    method: str, url: str, body: Any = None, raw: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request; HTTP errors are answers too."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers.items()), error.read()


def analyze_request(documents: int = 2, *, names: bool = True, failing: bool = False) -> dict[str, Any]:
    """An analyze request body with ``documents`` documents and three tasks."""
    texts = ["We had dinner at Noodle Bar in Seattle.", "Call John Smith at 425-555-0100. It was great!"]
    body: dict[str, Any] = {
        "displayName": "Restaurant reviews",
        "analysisInput": {
            "documents": [
                {"id": str(index), "text": texts[index % 2], "language": "en"} for index in range(documents)
            ]
        },
        "tasks": {
            "entityRecognitionTasks": [{"parameters": {"model-version": "latest"}}],
            "keyPhraseExtractionTasks": [
                {"parameters": {"model-version": "2019-01-01" if failing else "latest"}}
            ],
            "sentimentAnalysisTasks": [{"parameters": {}}],
        },
    }
    if names:
        for kind, tasks in body["tasks"].items():
            for position, task in enumerate(tasks):
                task["taskName"] = f"{kind}-{position}"
    return body


def language_request(documents: int = 2, *, model_version: str = "latest") -> dict[str, Any]:
    """A Language API ``AnalyzeTextJobsInput`` with ``documents`` documents and three named tasks."""
    texts = ["We had dinner at Noodle Bar in Seattle.", "Call John Smith at 425-555-0100. It was great!"]
    return {
        "displayName": "Restaurant reviews",
        "analysisInput": {
            "documents": [
                {"id": str(index), "text": texts[index % 2], "language": "en"} for index in range(documents)
            ]
        },
        "tasks": [
            {"kind": "EntityRecognition", "taskName": "entities", "parameters": {"modelVersion": "latest"}},
            {
                "kind": "KeyPhraseExtraction",
                "taskName": "phrases",
                "parameters": {"modelVersion": model_version},
            },
            {"kind": "SentimentAnalysis", "taskName": "sentiment"},
        ],
    }


def start_language_job(endpoint: str, body: Any, api_version: str) -> str:
    """Posts a Language API job and returns its Operation-Location."""
    status, headers, answer = call(
        "POST", f"{endpoint}/language/analyze-text/jobs?api-version={api_version}", body
    )
    assert 202 == status, answer
    return headers["Operation-Location"]


def cancel_url(location: str) -> str:
    """The cancel URL of the Language API job at ``location`` (``.../jobs/{jobId}:cancel?api-version=``)."""
    path, _, query = location.partition("?")
    return f"{path}:cancel?{query}"


def start_job(endpoint: str, body: Any, api_version: str = "v3.1") -> str:
    """Posts a job and returns its Operation-Location."""
    status, headers, _ = call("POST", f"{endpoint}/text/analytics/{api_version}/analyze", body)
    assert 202 == status
    return headers["Operation-Location"]


def poll_to_end(location: str, query: str = "") -> list[dict[str, Any]]:
    """Every poll of a job until a terminal status (at most MAX_POLLS), as parsed bodies."""
    polls = []
    for _ in range(MAX_POLLS):
        status, _, body = call("GET", location + query)
        try:
            poll = json.loads(body) if status == 200 else None
        except ValueError:
            continue  # a poll broken on purpose (invalid JSON): poll again, as a tolerant client would
        if not isinstance(poll, dict):
            continue
        polls.append(poll)
        if poll.get("status") in ("succeeded", "partiallyCompleted", "failed", "cancelled"):
            return polls
    raise AssertionError(f"{location} did not finish within {MAX_POLLS} polls")


def injected_findings(har: Path, exchanges: list[ServedExchange]) -> set[tuple[str, str, str]]:
    """(HAR entry, rule, pointer) of each finding the faults of ``exchanges`` (recorded in ``har``) inject."""
    expected = set()
    for index, exchange in enumerate(exchanges):
        if exchange.fault is not None and exchange.fault.rule is not None:
            entry = f"{har}#entries/{index}"
            expected.add((entry, exchange.fault.rule, exchange.fault.pointer))
            expected |= {(entry, rule, pointer) for rule, pointer in exchange.fault.also}
    return expected


def reported_findings(har: Path) -> set[tuple[str, str, str]]:
    """(HAR entry, rule, pointer) of every finding ``ta-contract validate --api-version auto`` reports."""
    report = json.loads(run("validate", "--api-version", "auto", "--format", "json", str(har)).stdout)
    return {
        (document["path"], finding["rule"], finding["pointer"])
        for document in report["documents"]
        for finding in document["findings"]
    }
