"""The public Python API: names, finding values, wrappers, and errors for misuse."""

from __future__ import annotations

import dataclasses
import json
from types import ModuleType
from typing import Any

import pytest

import validator
from validator import Finding, Severity

from .helpers import DATA, load_json

NOT_STARTED = DATA / "valid" / "not-started.json"


def not_started() -> dict[str, Any]:
    document: dict[str, Any] = load_json(NOT_STARTED)
    return document


def test_all_names_exactly_the_public_api() -> None:
    """__all__ lists every public name the package exports, and each one exists."""
    # Names load on first use, so each is looked up before the package's namespace is read.
    for name in validator.__all__:
        assert hasattr(validator, name)
    # Submodules appear as attributes once imported (cli, strategies, pytest_plugin, ...); they are not names
    # the package exports.
    public = {
        name
        for name, value in vars(validator).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert sorted(public | {"__version__"}) == sorted(validator.__all__)
    assert sorted(validator.__all__) == sorted(name for name in dir(validator) if name in validator.__all__)


def test_api_versions_are_the_v3_family_then_the_successor_family() -> None:
    """API_VERSIONS names every shipped schema version, each family oldest first; the default stays v3."""
    assert validator.V3_VERSIONS == ("v3.1", "v3.2-preview.1", "v3.2-preview.2")
    assert validator.SUCCESSOR_VERSIONS == ("2022-05-01", "2022-10-01-preview", "2023-04-01")
    assert validator.API_VERSIONS == validator.V3_VERSIONS + validator.SUCCESSOR_VERSIONS
    assert validator.DEFAULT_API_VERSION == "v3.2-preview.2"


def test_findings_are_frozen_values() -> None:
    """Two findings with the same fields are equal and hashable, and cannot be changed."""
    first = Finding("enum", "/status", Severity.ERROR, "bad", 6, 13)
    second = Finding("enum", "/status", Severity.ERROR, "bad", 6, 13)
    assert first == second
    assert len({first, second}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.rule = "type"  # type: ignore[misc]


def test_severity_is_a_string_enum() -> None:
    """Severity values compare equal to their plain strings."""
    assert Severity.ERROR == "error"
    assert Severity.WARNING == "warning"


def test_parsed_payload_findings_have_no_position() -> None:
    """Findings on an already parsed value carry the pointer but no line or column."""
    document = {**not_started(), "status": "finished"}
    findings = list(validator.iter_findings(document))
    assert [Finding("enum", "/status", Severity.ERROR, findings[0].message, None, None)] == findings


def test_str_and_bytes_payloads_give_the_same_findings() -> None:
    """Raw text as str or as UTF-8 bytes is parsed the same way and located the same way."""
    text = json.dumps({**not_started(), "status": "completed"}, indent=2)
    assert list(validator.iter_findings(text)) == list(validator.iter_findings(text.encode("utf-8")))
    finding = next(iter(validator.iter_findings(text)))
    assert (finding.line, finding.column) == (6, 13)


def test_messages_say_what_was_found_and_what_was_expected() -> None:
    """An enum finding names the value found and the allowed values."""
    finding = next(iter(validator.iter_findings({**not_started(), "status": "completed"})))
    assert '"completed"' in finding.message
    assert "succeeded" in finding.message


def test_is_valid_ignores_warnings() -> None:
    """A document whose only findings are warnings is valid; the same in strict mode is not."""
    document = {**not_started(), "newField": 1}
    assert validator.is_valid(document)
    assert not validator.is_valid(document, strict=True)


def test_validate_raises_contract_error_with_every_finding() -> None:
    """validate raises ContractError carrying errors and warnings alike; it returns None when valid."""
    assert validator.validate(not_started()) is None
    document = {**not_started(), "status": "completed", "newField": 1}
    with pytest.raises(validator.ContractError) as raised:
        validator.validate(document)
    assert isinstance(raised.value, ValueError)
    assert [(finding.rule, finding.pointer) for finding in raised.value.findings] == [
        ("enum", "/status"),
        ("additionalProperties", "/newField"),
    ]
    assert "/status" in str(raised.value)


def test_kind_auto_recognises_an_error_response() -> None:
    """An object whose only key is error is checked as an error response, otherwise as a job state."""
    error_body = {"error": {"code": "InvalidRequest", "message": "Invalid request"}}
    assert validator.is_valid(error_body)
    assert not validator.is_valid(error_body, kind="job-state")
    assert not validator.is_valid(not_started(), kind="error")


def test_every_api_version_accepts_a_minimal_response() -> None:
    """The not-started example is valid under v3.x, and its Language API form under every successor."""
    for api_version in validator.V3_VERSIONS:
        assert validator.is_valid(not_started(), api_version=api_version)
    document = not_started()
    document["lastUpdatedDateTime"] = document.pop("lastUpdateDateTime")
    document["tasks"]["items"] = []
    for api_version in validator.SUCCESSOR_VERSIONS:
        assert validator.is_valid(document, api_version=api_version, strict=True)
        assert not validator.is_valid(not_started(), api_version=api_version)


def test_a_task_kind_newer_than_the_api_version_is_unknown() -> None:
    """customEntityRecognitionTasks is an unknown property under v3.1, which predates it."""
    document = {**not_started(), "tasks": {**not_started()["tasks"], "customEntityRecognitionTasks": []}}
    rules = [(f.rule, f.pointer) for f in validator.iter_findings(document, api_version="v3.1", strict=True)]
    assert rules == [("additionalProperties", "/tasks/customEntityRecognitionTasks")]


@pytest.mark.parametrize("api_version", ["v3.0", "3.2-preview.2", "v3.2-preview.3", ""])
def test_unknown_api_version_raises_before_reading_the_payload(api_version: str) -> None:
    """Every entry point refuses an unknown API version with the list of known ones."""
    for call in (validator.iter_findings, validator.is_valid, validator.validate):
        with pytest.raises(validator.UnknownApiVersionError) as raised:
            call(b"not even json", api_version=api_version)
        assert "v3.2-preview.2" in str(raised.value)


def test_unknown_kind_raises() -> None:
    """A kind other than job-state, error or auto raises UnknownKindError, a ValueError."""
    with pytest.raises(validator.UnknownKindError) as raised:
        validator.iter_findings({}, kind="healthcare")  # type: ignore[arg-type]
    assert isinstance(raised.value, ValueError)
    assert "job-state" in str(raised.value)


def test_invalid_json_is_a_finding_not_an_exception() -> None:
    """Raw text that is not JSON yields one invalid-json error with its position."""
    findings = list(validator.iter_findings('{"jobId": }'))
    assert [(f.rule, f.line, f.column) for f in findings] == [("invalid-json", 1, 11)]
    assert not validator.is_valid('{"jobId": }')


def test_non_object_payloads_get_a_type_finding() -> None:
    """A JSON array or scalar is reported as the wrong type at the root."""
    for payload in ([], True, 3, None):
        findings = list(validator.iter_findings(payload))
        assert [(f.rule, f.pointer) for f in findings] == [("type", "")]
