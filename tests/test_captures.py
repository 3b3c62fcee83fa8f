"""Real responses recorded from the service validate under their API version, with no finding at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import validator

from .helpers import (
    SHARED_MISSING_REASON,
    capture_api_version,
    capture_files,
    capture_id,
    successor_capture_files,
    successor_capture_kind,
    successor_capture_version,
)

SUPPORTED = [path for path in capture_files() if capture_api_version(path) in validator.API_VERSIONS]
SUCCESSOR = successor_capture_files()
SUCCESSOR_JOB_STATES = [path for path in SUCCESSOR if successor_capture_kind(path) == "job-state"]
# Error bodies ({"error": {...}}) have one shape in both families, so only job states tell the families apart.
V3_JOB_STATES = [path for path in SUPPORTED if "errors" not in path.parts]
needs_successor_captures = pytest.mark.skipif(not SUCCESSOR, reason=SHARED_MISSING_REASON)
PREVIEWS = [path for path in capture_files() if capture_api_version(path) not in validator.API_VERSIONS]
needs_captures = pytest.mark.skipif(not capture_files(), reason=SHARED_MISSING_REASON)

# Pre-release v3.1 previews have no schema of their own; checked under v3.1 they show exactly the
# preview-era shapes that the released API dropped (see docs/contract-notes.md).
DETAILS = ("additionalProperties", "/tasks/details", "warning")
PREVIEW_FINDINGS = {
    "v3.1-preview.3/aad.recording_operation_metadata.js__1.json": [("format", "/jobId", "error"), DETAILS],
    "v3.1-preview.4/aad.recording_action_failures_are_returned.js__1.json": [DETAILS],
    "v3.1-preview.4/aad.recording_action_failures_are_returned.js__2.json": [
        ("enum", "/status", "error"),
        DETAILS,
    ],
    "v3.1-preview.4/aad.recording_statistics.js__1.json": [DETAILS],
    "v3.1-preview.4/nock.action_failures_are_returned__1.json": [DETAILS],
    "v3.1-preview.5/aad.recording_whole_batch_with_no_language_hint.js__1.json": [DETAILS],
    "v3.1-preview.5/aad.recording_whole_batch_with_no_language_hint.js__2.json": [
        DETAILS,
        ("additionalProperties", "/tasks/entityRecognitionPiiTasks/0/name", "warning"),
        ("additionalProperties", "/tasks/keyPhraseExtractionTasks/0/name", "warning"),
    ],
    "v3.1-preview.5/aad.recording_whole_batch_with_no_language_hint.js__3.json": [
        DETAILS,
        ("additionalProperties", "/tasks/entityRecognitionPiiTasks/0/name", "warning"),
        ("additionalProperties", "/tasks/keyPhraseExtractionTasks/0/name", "warning"),
    ],
    "v3.1-preview.5/aad.recording_whole_batch_with_no_language_hint.js__4.json": [
        DETAILS,
        ("additionalProperties", "/tasks/entityRecognitionTasks/0/name", "warning"),
        ("additionalProperties", "/tasks/entityRecognitionPiiTasks/0/name", "warning"),
        ("additionalProperties", "/tasks/keyPhraseExtractionTasks/0/name", "warning"),
    ],
    "v3.1-preview.5/errors/aad.recording_action_failures_are_returned.js__1.json": [],
    "v3.1-preview.5/errors/aad.recording_bad_model.js__1.json": [],
}


@needs_captures
@pytest.mark.parametrize("path", SUPPORTED, ids=capture_id)
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_capture_of_a_supported_version_has_no_finding(path: Path, strict: bool) -> None:
    """Every capture of v3.1, v3.2-preview.1 and v3.2-preview.2 passes, even in strict mode."""
    findings = list(
        validator.iter_findings(path.read_bytes(), api_version=capture_api_version(path), strict=strict)
    )
    assert findings == []


@needs_captures
@pytest.mark.parametrize("path", PREVIEWS, ids=capture_id)
def test_preview_capture_shows_only_its_known_preview_shapes(path: Path) -> None:
    """A v3.1 preview capture checked under v3.1 yields exactly the preview-era deviations listed above."""
    findings = validator.iter_findings(path.read_bytes(), api_version="v3.1")
    assert PREVIEW_FINDINGS[capture_id(path)] == [(f.rule, f.pointer, f.severity.value) for f in findings]


@needs_captures
def test_every_preview_capture_is_accounted_for() -> None:
    """The table of preview findings names every preview capture and nothing else."""
    assert sorted(PREVIEW_FINDINGS) == sorted(capture_id(path) for path in PREVIEWS)


@needs_captures
def test_captures_cover_every_supported_version() -> None:
    """The captures exercise every supported API version of both families."""
    assert set(validator.V3_VERSIONS) == {capture_api_version(path) for path in SUPPORTED}
    assert set(validator.SUCCESSOR_VERSIONS) == {successor_capture_version(path) for path in SUCCESSOR}


@needs_successor_captures
@pytest.mark.parametrize("path", SUCCESSOR, ids=capture_id)
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_successor_capture_has_no_finding_under_its_version(path: Path, strict: bool) -> None:
    """Every Language API capture passes under its own api-version, even in strict mode."""
    findings = validator.iter_findings(
        path.read_bytes(),
        api_version=successor_capture_version(path),
        strict=strict,
        kind=successor_capture_kind(path),
    )
    assert [] == list(findings)


@needs_successor_captures
@pytest.mark.parametrize("path", SUCCESSOR_JOB_STATES, ids=capture_id)
@pytest.mark.parametrize("api_version", validator.V3_VERSIONS)
def test_successor_capture_is_rejected_under_v3_with_the_hint(path: Path, api_version: str) -> None:
    """A Language API job state checked as a v3.x one fails, and a finding says which API it is."""
    findings = list(validator.iter_findings(path.read_bytes(), api_version=api_version))
    assert any(finding.severity is validator.Severity.ERROR for finding in findings)
    assert any("successor Language API" in (finding.hint or "") for finding in findings)


@needs_captures
@pytest.mark.parametrize("path", V3_JOB_STATES, ids=capture_id)
@pytest.mark.parametrize("api_version", validator.SUCCESSOR_VERSIONS)
def test_v3_capture_is_rejected_under_a_successor_version_with_the_hint(path: Path, api_version: str) -> None:
    """A v3.x job state checked as a Language API one fails, and a finding says it is a v3.x response."""
    findings = list(validator.iter_findings(path.read_bytes(), api_version=api_version))
    assert any(finding.severity is validator.Severity.ERROR for finding in findings)
    assert any("Text Analytics v3.x response" in (finding.hint or "") for finding in findings)


@needs_successor_captures
def test_recorded_cancel_shows_the_successor_departures() -> None:
    """The recorded cancel: counters that leave out cancelled tasks, yet four items, and still valid."""
    cancelled = next(path for path in SUCCESSOR if "05_cancelled" in path.name)
    document = json.loads(cancelled.read_bytes())
    tasks = document["tasks"]
    assert (1, 0, 0, 4) == (tasks["completed"], tasks["failed"], tasks["inProgress"], tasks["total"])
    assert ["succeeded", "cancelled", "cancelled", "cancelled"] == [item["status"] for item in tasks["items"]]
    assert validator.is_valid(cancelled.read_bytes(), api_version="2022-05-01", strict=True)
    broken = {**document, "tasks": {**tasks, "completed": 2}}
    rules = {finding.rule for finding in validator.iter_findings(broken, api_version="2022-05-01")}
    assert {"item-counters-sum", "items-match-counters"} == rules
