"""The shipped schemas: valid 2020-12, resolvable offline, consistent across versions, bundles current."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

import validator
from validator._bundling import build_bundle
from validator._schemas import SCHEMA_BASE_URI, iter_components, registry

from .helpers import REPO, run_process

# What each version adds to the task arrays, from the version history of the OpenAPI documents.
TASK_ARRAYS = {
    "v3.1": [
        "entityRecognitionTasks",
        "entityRecognitionPiiTasks",
        "keyPhraseExtractionTasks",
        "entityLinkingTasks",
        "sentimentAnalysisTasks",
    ],
}
TASK_ARRAYS["v3.2-preview.1"] = [*TASK_ARRAYS["v3.1"], "extractiveSummarizationTasks"]
TASK_ARRAYS["v3.2-preview.2"] = [
    *TASK_ARRAYS["v3.2-preview.1"],
    "customEntityRecognitionTasks",
    "customSingleClassificationTasks",
    "customMultiClassificationTasks",
]

# The Language API replaced the arrays with one list of items, each naming its kind (its OpenAPI documents'
# AnalyzeTextLROResultsKind): 9 kinds in 2022-05-01, 11 with the two summarizations from 2022-10-01-preview.
for _successor in validator.SUCCESSOR_VERSIONS:
    TASK_ARRAYS[_successor] = ["items"]
ITEM_KINDS_2022_05_01 = [
    "SentimentAnalysisLROResults",
    "EntityRecognitionLROResults",
    "PiiEntityRecognitionLROResults",
    "KeyPhraseExtractionLROResults",
    "EntityLinkingLROResults",
    "HealthcareLROResults",
    "CustomEntityRecognitionLROResults",
    "CustomSingleLabelClassificationLROResults",
    "CustomMultiLabelClassificationLROResults",
]
SUMMARIZATION_KINDS = ["ExtractiveSummarizationLROResults", "AbstractiveSummarizationLROResults"]
ITEM_KINDS = {
    "2022-05-01": set(ITEM_KINDS_2022_05_01),
    "2022-10-01-preview": set(ITEM_KINDS_2022_05_01 + SUMMARIZATION_KINDS),
    "2023-04-01": set(ITEM_KINDS_2022_05_01 + SUMMARIZATION_KINDS),
}


def all_schemas() -> list[tuple[str, dict[str, Any]]]:
    shipped = [
        (f"{version}/{name}", schema)
        for version in validator.API_VERSIONS
        for name, schema in iter_components(version)
    ]
    for version in validator.API_VERSIONS:
        shipped.append((f"bundled/{version}", validator.schema_for(version)))
        shipped.append((f"bundled/{version}.strict", validator.schema_for(version, strict=True)))
    return shipped


def refs_in(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        found = [schema["$ref"]] if isinstance(schema.get("$ref"), str) else []
        return found + [ref for value in schema.values() for ref in refs_in(value)]
    if isinstance(schema, list):
        return [ref for item in schema for ref in refs_in(item)]
    return []


@pytest.mark.parametrize(("name", "schema"), all_schemas(), ids=[name for name, _ in all_schemas()])
def test_every_schema_is_valid_against_the_2020_12_metaschema(name: str, schema: dict[str, Any]) -> None:
    """Each component file and bundle is a valid JSON Schema 2020-12 document."""
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("api_version", validator.API_VERSIONS)
def test_every_reference_resolves_against_the_shipped_schemas_only(api_version: str) -> None:
    """Every $ref of every component resolves in the offline registry, and nothing else does."""
    schemas = registry(api_version)
    for file_name, schema in iter_components(api_version):
        resolver = schemas.resolver(base_uri=schema["$id"])
        for ref in refs_in(schema):
            assert resolver.lookup(ref).contents is not None, f"{file_name}: {ref}"
    with pytest.raises(Unresolvable):
        schemas.resolver().lookup("https://json-schema.org/draft/2020-12/schema#/$defs/anything")


@pytest.mark.parametrize("api_version", validator.API_VERSIONS)
def test_ids_name_the_api_version(api_version: str) -> None:
    """Each component's $id is stable and names its API version and file."""
    for file_name, schema in iter_components(api_version):
        assert f"{SCHEMA_BASE_URI}/{api_version}/{file_name}" == schema["$id"]


@pytest.mark.parametrize("api_version", validator.API_VERSIONS)
@pytest.mark.parametrize("strict", [False, True], ids=["open", "strict"])
def test_shipped_bundle_is_up_to_date(api_version: str, strict: bool) -> None:
    """The shipped bundle equals one built now from the components (run scripts/build_bundles.py if not)."""
    assert build_bundle(api_version, strict=strict) == validator.schema_for(api_version, strict=strict)


def test_bundles_have_only_local_references() -> None:
    """A bundle never refers outside itself, so single-file tools can use it."""
    for version in validator.API_VERSIONS:
        for ref in refs_in(validator.schema_for(version)):
            assert ref.startswith("#/$defs/"), ref


def test_shared_components_are_identical_across_versions() -> None:
    """A component file present in several versions differs between them only in its $id."""
    by_name: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for version in validator.API_VERSIONS:
        for name, schema in iter_components(version):
            if name != "job-state.json":
                schema.pop("$id")
                by_name.setdefault(name, []).append((version, schema))
    for name, versions in by_name.items():
        first_version, first = versions[0]
        for version, schema in versions[1:]:
            assert first == schema, f"{name} differs between {first_version} and {version}"


@pytest.mark.parametrize("api_version", validator.API_VERSIONS)
def test_each_version_has_exactly_its_task_arrays(api_version: str) -> None:
    """The task arrays of each version are those its OpenAPI document lists, in order."""
    tasks = validator.schema_for(api_version)["$defs"]["TasksState"]["properties"]
    arrays = [name for name, schema in tasks.items() if schema.get("type") == "array"]
    assert TASK_ARRAYS[api_version] == arrays


@pytest.mark.parametrize("api_version", validator.SUCCESSOR_VERSIONS)
def test_each_successor_version_has_exactly_its_item_kinds(api_version: str) -> None:
    """tasks.items admits exactly the kinds of the version's OpenAPI document, each with its results."""
    definitions = validator.schema_for(api_version)["$defs"]
    assert ITEM_KINDS[api_version] == set(definitions["TaskKind"]["enum"])
    branches = definitions["TaskItem"]["allOf"]
    assert ITEM_KINDS[api_version] == {branch["if"]["properties"]["kind"]["const"] for branch in branches}
    assert all(
        branch["then"]["$ref"] == f"#/$defs/{branch['if']['properties']['kind']['const']}"
        for branch in branches
    )


@pytest.mark.parametrize("api_version", validator.SUCCESSOR_VERSIONS)
def test_successor_job_state_follows_the_service(api_version: str) -> None:
    """The Language API job says status, nextLink and (mostly) lastUpdatedDateTime; items says status."""
    definitions = validator.schema_for(api_version)["$defs"]
    job, item = definitions["AnalyzeJobState"], definitions["TaskItem"]
    assert {"nextLink", "lastUpdatedDateTime", "status", "tasks"} <= set(job["properties"])
    assert "@nextLink" not in job["properties"]
    assert item["required"] == ["kind", "lastUpdateDateTime", "status"]
    assert "items" in definitions["TasksState"]["required"]
    assert "rejected" not in definitions["TaskState"]["enum"]
    assert "partiallyCompleted" in definitions["JobStatus"]["enum"]
    both_spellings = api_version == "2022-10-01-preview"
    assert both_spellings == ("lastUpdateDateTime" in job["properties"])
    assert both_spellings == ("lastUpdatedDateTime" not in job["required"])


def test_task_items_follow_the_service_not_the_openapi_document() -> None:
    """Task items require state (not status) and leave taskName optional, saying why."""
    definitions = validator.schema_for("v3.2-preview.2")["$defs"]
    item = definitions["CustomEntityRecognitionTask"]
    assert item["required"] == ["lastUpdateDateTime", "state"]
    assert "status" not in item["properties"]
    assert "taskName" in item["properties"]
    assert "Departs from the OpenAPI document" in item["$comment"]
    custom = definitions["CustomEntitiesResult"]
    assert {"projectName", "deploymentName"} <= set(custom["required"])
    assert "modelVersion" not in custom["properties"]


def departures(schema: Any, pointer: str = "") -> list[str]:
    if isinstance(schema, dict):
        found = [pointer] if "Departs from the OpenAPI document" in str(schema.get("$comment", "")) else []
        for key, value in schema.items():
            found += departures(value, f"{pointer}/{key}")
        return found
    return []


def test_every_departure_is_explained_in_the_contract_notes() -> None:
    """Each definition that departs from the OpenAPI document is named in docs/contract-notes.md."""
    notes = (REPO / "docs" / "contract-notes.md").read_text(encoding="utf-8")
    for version in ("v3.2-preview.2", *validator.SUCCESSOR_VERSIONS):
        bundle = validator.schema_for(version)
        names = sorted({re.match(r"/\$defs/([^/]+)", where).group(1) for where in departures(bundle)})  # type: ignore[union-attr]
        assert names, "the schema should record its departures"
        missing = [name for name in names if f"`{name}`" not in notes]
        assert missing == [], version


def test_schema_for_returns_fresh_copies_and_the_error_variant() -> None:
    """schema_for gives a new dict each call; kind="error" roots it at ErrorResponse."""
    first = validator.schema_for("v3.1")
    first["$defs"].clear()
    assert validator.schema_for("v3.1")["$defs"]
    assert validator.schema_for("v3.1", kind="error")["$ref"] == "#/$defs/ErrorResponse"


def test_schema_for_an_unknown_version_lists_the_known_ones() -> None:
    """An unknown API version raises UnknownApiVersionError naming every known version."""
    with pytest.raises(validator.UnknownApiVersionError) as raised:
        validator.schema_for("v3.0")
    assert isinstance(raised.value, ValueError)
    for version in validator.API_VERSIONS:
        assert version in str(raised.value)


def test_stock_jsonschema_accepts_a_capture_with_the_bundle(tmp_path: Path) -> None:
    """The bundle works with plain jsonschema and no registry, as other tools would use it."""
    body = {
        "jobId": "1f0acf98-2fce-4150-9a1e-65ef0ce5cb80",
        "lastUpdateDateTime": "2021-10-23T01:05:59Z",
        "createdDateTime": "2021-10-23T01:05:58Z",
        "expirationDateTime": "2021-10-24T01:05:58Z",
        "status": "notStarted",
        "errors": [],
        "tasks": {"completed": 0, "failed": 0, "inProgress": 1, "total": 1},
    }
    checker = Draft202012Validator(validator.schema_for("v3.2-preview.2"))
    assert list(checker.iter_errors(body)) == []
    assert not Draft202012Validator(validator.schema_for("v3.2-preview.2")).is_valid(
        {**body, "status": "completed"}
    )


def test_installed_package_finds_its_schemas_from_any_directory(tmp_path: Path) -> None:
    """The schemas load as package data, whatever the working directory."""
    script = "import validator; print(len(validator.schema_for('v3.1')['$defs']))"
    result = run_process([sys.executable, "-c", script], cwd=tmp_path, check=True)
    assert int(result.stdout) > 20
    assert json.loads(json.dumps(validator.schema_for("v3.1")))
