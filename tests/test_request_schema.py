"""The analyze request schemas (AnalyzeBatchInput): shipped per version, offline, derived from the OpenAPI
documents, and what validate --request checks a request against."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import validator
from validator._schemas import SCHEMA_BASE_URI, request_schema_path, schema_root

from .helpers import DATA, REFERENCE, REPO, VALID, require_shared, run, run_process

REQUEST = json.loads((DATA / "exchanges" / "custom-entities.request.json").read_text(encoding="utf-8"))


def refs_in(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        found = [schema["$ref"]] if isinstance(schema.get("$ref"), str) else []
        return found + [ref for value in schema.values() for ref in refs_in(value)]
    if isinstance(schema, list):
        return [ref for item in schema for ref in refs_in(item)]
    return []


@pytest.mark.parametrize("api_version", validator.V3_VERSIONS)
@pytest.mark.parametrize("strict", [False, True])
def test_request_schema_is_valid_self_contained_and_named_for_its_version(
    api_version: str, strict: bool
) -> None:
    """Each request schema passes the 2020-12 metaschema, has a versioned $id and only local references."""
    schema = validator.schema_for(api_version, kind="request", strict=strict)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert f"{SCHEMA_BASE_URI}/{api_version}/request/analyze-batch-input.json" == schema["$id"]
    refs = refs_in(schema)
    assert refs
    assert all(ref.startswith("#/$defs/") for ref in refs), refs


@pytest.mark.parametrize("api_version", validator.V3_VERSIONS)
def test_request_schema_accepts_a_request_and_refuses_a_response(api_version: str) -> None:
    """A recorded request passes; a job-status response fails for want of analysisInput."""
    checker = jsonschema.Draft202012Validator(validator.schema_for(api_version, kind="request"))
    assert [] == [error.message for error in checker.iter_errors(REQUEST)]
    response = json.loads(VALID.read_text(encoding="utf-8"))
    assert ["required"] == [error.validator for error in checker.iter_errors(response)]


def test_strict_request_schema_refuses_unknown_properties() -> None:
    """With strict, a request with a member the OpenAPI document does not list fails; without, it passes."""
    request = {**REQUEST, "unexpected": True}
    version = "v3.2-preview.2"  # the recorded request runs a custom task, which only this version lists
    open_checker = jsonschema.Draft202012Validator(validator.schema_for(version, kind="request"))
    strict_checker = jsonschema.Draft202012Validator(
        validator.schema_for(version, kind="request", strict=True)
    )
    assert strict_checker.is_valid(REQUEST)
    assert open_checker.is_valid(request)
    assert ["additionalProperties"] == [error.validator for error in strict_checker.iter_errors(request)]


def test_request_schemas_are_not_response_components() -> None:
    """The request schema is in a folder of its own: the response registry and bundles do not hold it."""
    for api_version in validator.V3_VERSIONS:
        assert (schema_root() / request_schema_path(api_version)).is_file()
        bundle_text = json.dumps(validator.schema_for(api_version))
        assert "AnalyzeBatchInput" not in bundle_text


@pytest.mark.skipif(sys.platform == "win32", reason="runs the build script with a POSIX temporary copy")
def test_request_schemas_are_up_to_date_with_the_openapi_documents(tmp_path: Path) -> None:
    """scripts/build_request_schemas.py writes exactly the shipped files from the OpenAPI documents."""
    require_shared()
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_request_schemas
    finally:
        sys.path.remove(str(REPO / "scripts"))
    for api_version in validator.V3_VERSIONS:
        built = build_request_schemas.render(build_request_schemas.build(api_version, REFERENCE / "openapi"))
        shipped = (REPO / "schemas" / request_schema_path(api_version)).read_text(encoding="utf-8")
        assert shipped == built, f"run python scripts/build_request_schemas.py ({api_version})"


def test_schema_command_prints_the_request_schema() -> None:
    """ta-contract schema --kind request prints the request schema of the chosen version."""
    result = run("schema", "--api-version", "v3.1", "--kind", "request")
    assert 0 == result.returncode
    assert validator.schema_for("v3.1", kind="request") == json.loads(result.stdout)


def test_unknown_schema_kind_names_the_request_kind() -> None:
    """An unknown kind lists request among the known ones."""
    with pytest.raises(validator.UnknownKindError, match="request"):
        validator.schema_for("v3.1", kind="bogus")


def test_request_schema_ships_in_the_installed_package(tmp_path: Path) -> None:
    """The request schema is read through importlib.resources, from any working directory."""
    code = "import validator; print(validator.schema_for('v3.1', kind='request')['$id'])"
    result = run_process([sys.executable, "-c", code], cwd=tmp_path)
    assert 0 == result.returncode, result.stderr
    assert result.stdout.strip().endswith("/v3.1/request/analyze-batch-input.json")


def test_language_api_versions_ship_no_request_schema_yet() -> None:
    """schema_for(..., kind="request") under a Language API version is an UnknownKindError, not a crash."""
    with pytest.raises(validator.UnknownKindError):
        validator.schema_for("2023-04-01", kind="request")


def test_language_api_request_is_checked_for_the_parts_the_cross_checks_read(tmp_path: Path) -> None:
    """--request under a Language API version accepts an AnalyzeTextJobsInput shape and refuses a response."""
    good = tmp_path / "request.json"
    good.write_text(
        json.dumps(
            {
                "analysisInput": {"documents": [{"id": "1", "text": "Hello", "language": "en"}]},
                "tasks": [{"kind": "EntityRecognition", "taskName": "a"}],
            }
        ),
        encoding="utf-8",
    )
    response = tmp_path / "response.json"
    response.write_text(json.dumps({"jobId": "x", "status": "running", "tasks": {}}), encoding="utf-8")
    poll = tmp_path / "poll.json"
    poll.write_text("{}", encoding="utf-8")
    accepted = run("validate", "--api-version", "2023-04-01", "--request", str(good), str(poll))
    assert 2 != accepted.returncode, accepted.stderr
    refused = run("validate", "--api-version", "2023-04-01", "--request", str(response), str(poll))
    assert 2 == refused.returncode
    assert "/analysisInput/documents" in refused.stderr
