"""The shipped schemas: where they live, which API versions exist, and the offline registry over them.

Schemas are package data (``validator/schemas`` in the wheel), read with ``importlib.resources`` so that an
installed package works from any working directory. The registry knows exactly the shipped resources: a
``$ref`` to anything else raises ``SchemaReferenceError`` instead of reaching the network.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from validator.exceptions import UnknownApiVersionError, UnknownKindError

if TYPE_CHECKING:
    from importlib.abc import Traversable

    import referencing

# The retired Text Analytics v3.x API (.../text/analytics/{v}/analyze/jobs/{jobId}) and its successor, the
# Language API (.../language/analyze-text/jobs/{jobId}?api-version={v}): two families of one response.
V3_VERSIONS: tuple[str, ...] = ("v3.1", "v3.2-preview.1", "v3.2-preview.2")
SUCCESSOR_VERSIONS: tuple[str, ...] = ("2022-05-01", "2022-10-01-preview", "2023-04-01")
API_VERSIONS: tuple[str, ...] = V3_VERSIONS + SUCCESSOR_VERSIONS
DEFAULT_API_VERSION = "v3.2-preview.2"
V3_FAMILY, SUCCESSOR_FAMILY = "v3", "language"
# Each v3.x task array and the kind of the tasks.items[] entries that replace it.
ARRAY_KINDS = {
    "entityRecognitionTasks": "EntityRecognitionLROResults",
    "entityRecognitionPiiTasks": "PiiEntityRecognitionLROResults",
    "keyPhraseExtractionTasks": "KeyPhraseExtractionLROResults",
    "entityLinkingTasks": "EntityLinkingLROResults",
    "sentimentAnalysisTasks": "SentimentAnalysisLROResults",
    "extractiveSummarizationTasks": "ExtractiveSummarizationLROResults",
    "customEntityRecognitionTasks": "CustomEntityRecognitionLROResults",
    "customSingleClassificationTasks": "CustomSingleLabelClassificationLROResults",
    "customMultiClassificationTasks": "CustomMultiLabelClassificationLROResults",
}
SCHEMA_BASE_URI = "https://schemas.textanalytics-contract.invalid"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# The two documents a client can receive from the job-status endpoint, by component file and definition.
JOB_STATE_DEFINITION = ("job-state.json", "AnalyzeJobState")
ERROR_RESPONSE_DEFINITION = ("errors.json", "ErrorResponse")

# The analyze request (POST .../analyze), which the request cross-checks read: one self-contained file per
# version, in a folder of its own, so that it is neither a response component nor in the response bundles.
REQUEST_DEFINITION = "AnalyzeBatchInput"
SCHEMA_KINDS = ("job-state", "error", "request")

# Keywords whose presence means an object already says what it does with unlisted properties.
_OPENNESS_KEYWORDS = ("additionalProperties", "unevaluatedProperties", "patternProperties")


def check_api_version(api_version: str) -> str:
    """Returns ``api_version`` if a schema ships for it, else raises ``UnknownApiVersionError``."""
    if api_version not in API_VERSIONS:
        raise UnknownApiVersionError(api_version, API_VERSIONS)
    return api_version


def family_of(api_version: str) -> str:
    """``"v3"`` for a Text Analytics v3.x version, ``"language"`` for a Language API version."""
    return SUCCESSOR_FAMILY if check_api_version(api_version) in SUCCESSOR_VERSIONS else V3_FAMILY


def schema_root() -> Traversable:
    """The folder of shipped schemas inside the installed package."""
    return resources.files("validator") / "schemas"


def component_uri(api_version: str, file_name: str) -> str:
    return f"{SCHEMA_BASE_URI}/{api_version}/{file_name}"


def definition_uri(api_version: str, definition: tuple[str, str]) -> str:
    file_name, name = definition
    return f"{component_uri(api_version, file_name)}#/$defs/{name}"


@cache
def _load_components(api_version: str) -> Mapping[str, Mapping[str, Any]]:
    folder = schema_root() / api_version
    components = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".json"):
            components[entry.name] = json.loads(entry.read_text(encoding="utf-8"))
    return components


def iter_components(api_version: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yields ``(file name, schema)`` for each component file of a version, as fresh copies."""
    for name, contents in _load_components(check_api_version(api_version)).items():
        yield name, copy.deepcopy(dict(contents))


def close_objects(schema: Any) -> Any:
    """A copy of ``schema`` in which every object that lists its properties admits no others.

    The published schemas are open, as the service may add properties; validation always runs on the closed
    copy and then decides, by the ``strict`` option, whether an unknown property is an error or a warning.
    """
    if isinstance(schema, list):
        return [close_objects(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: close_objects(value) for key, value in schema.items()}
    if "properties" in closed and not any(keyword in closed for keyword in _OPENNESS_KEYWORDS):
        closed["additionalProperties"] = False
    return closed


@cache
def registry(api_version: str, *, closed: bool = True) -> referencing.Registry[Any]:
    """The registry of one version's component schemas.

    It has no ``retrieve`` function, so looking up anything not shipped fails instead of being downloaded.
    Validation uses the single-file bundles; ``referencing`` is imported only when a registry is asked for.
    """
    import referencing
    import referencing.jsonschema

    resources_by_uri = []
    for _name, contents in iter_components(api_version):
        schema = close_objects(contents) if closed else contents
        resource = referencing.jsonschema.DRAFT202012.create_resource(schema)
        resources_by_uri.append((schema["$id"], resource))
    empty: referencing.Registry[Any] = referencing.Registry()
    return empty.with_resources(resources_by_uri).crawl()


def load_bundle(api_version: str, *, strict: bool = False) -> dict[str, Any]:
    """The shipped self-contained bundle of a version (all ``$ref``s internal), as a fresh dict."""
    check_api_version(api_version)
    suffix = ".strict.json" if strict else ".json"
    text = (schema_root() / "bundled" / f"{api_version}{suffix}").read_text(encoding="utf-8")
    bundle: dict[str, Any] = json.loads(text)
    return bundle


def request_schema_path(api_version: str) -> str:
    """Where the request schema of a version lives, relative to the schema folder."""
    return f"{api_version}/request/analyze-batch-input.json"


def request_schema_uri(api_version: str) -> str:
    return f"{SCHEMA_BASE_URI}/{request_schema_path(api_version)}"


def load_request_schema(api_version: str, *, strict: bool = False) -> dict[str, Any]:
    """The shipped request schema (AnalyzeBatchInput) of a version, self-contained, as a fresh dict."""
    check_api_version(api_version)
    text = (schema_root() / request_schema_path(api_version)).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return close_objects(schema) if strict else schema


def schema_for(api_version: str, *, kind: str = "job-state", strict: bool = False) -> dict[str, Any]:
    """The bundled schema of ``api_version`` as a dict, for use with any JSON Schema 2020-12 tool.

    Its root validates the job-state response; with ``kind="error"`` the root validates the error response
    instead, and with ``kind="request"`` it is the schema of the analyze request (``AnalyzeBatchInput``) the
    responses answer (v3.x versions only: for the Language API's ``AnalyzeTextJobsInput`` none ships yet, and
    ``UnknownKindError`` says so). With ``strict`` every object admits only the properties it lists. Raises
    ``UnknownApiVersionError`` listing the known versions.
    """
    if kind == "request":
        check_api_version(api_version)
        if api_version not in V3_VERSIONS:
            # The Language API's request (AnalyzeTextJobsInput) has no shipped schema yet.
            raise UnknownKindError(kind, tuple(name for name in SCHEMA_KINDS if name != "request"))
        return load_request_schema(api_version, strict=strict)
    bundle = load_bundle(api_version, strict=strict)
    if kind == "error":
        bundle["$ref"] = f"#/$defs/{ERROR_RESPONSE_DEFINITION[1]}"
        bundle["$id"] = bundle["$id"].replace(".json", ".error.json")
    elif kind != "job-state":
        raise UnknownKindError(kind, SCHEMA_KINDS)
    return bundle
