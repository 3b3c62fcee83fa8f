"""Real responses recorded from the service validate under their API version, with no finding at all."""

from __future__ import annotations

from pathlib import Path

import pytest

import validator

from .helpers import SHARED_MISSING_REASON, capture_api_version, capture_files, capture_id

SUPPORTED = [path for path in capture_files() if capture_api_version(path) in validator.API_VERSIONS]
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
    """The captures exercise all three supported API versions."""
    assert set(validator.API_VERSIONS) == {capture_api_version(path) for path in SUPPORTED}
