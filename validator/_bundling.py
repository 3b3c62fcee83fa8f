"""Builds the self-contained bundle of a version: every definition under one ``$defs``, every ``$ref`` local.

Some tools cannot follow references between files; the bundle serves them. The component files stay the
source of truth: ``scripts/build_bundles.py`` writes the bundles and a test fails when one is out of date.
"""

from __future__ import annotations

from typing import Any

from validator._schemas import (
    DIALECT,
    JOB_STATE_DEFINITION,
    SCHEMA_BASE_URI,
    SUCCESSOR_FAMILY,
    close_objects,
    family_of,
    iter_components,
)


class BundleConflictError(ValueError):
    """Two component files define the same name, so a flat bundle cannot hold both."""


def _localise(schema: Any) -> Any:
    """Rewrites ``file.json#/$defs/Name`` and ``#/$defs/Name`` references to ``#/$defs/Name``."""
    if isinstance(schema, list):
        return [_localise(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    rewritten = {}
    for key, value in schema.items():
        if key == "$ref" and isinstance(value, str):
            _file, _, fragment = value.partition("#")
            rewritten[key] = f"#{fragment}"
        else:
            rewritten[key] = _localise(value)
    return rewritten


def bundle_uri(api_version: str, *, strict: bool = False) -> str:
    suffix = ".strict.json" if strict else ".json"
    return f"{SCHEMA_BASE_URI}/bundled/{api_version}{suffix}"


def build_bundle(api_version: str, *, strict: bool = False) -> dict[str, Any]:
    """The bundle of ``api_version``; with ``strict`` every object admits only the properties it lists."""
    definitions: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for file_name, component in iter_components(api_version):
        for name, definition in component.get("$defs", {}).items():
            if name in definitions:
                raise BundleConflictError(f"{name} is defined in both {origin[name]} and {file_name}")
            definitions[name] = _localise(definition)
            origin[name] = file_name
    root_name = JOB_STATE_DEFINITION[1]
    openness = (
        "Every object admits only the properties it lists (strict mode)."
        if strict
        else "Objects admit unlisted properties, as the service may add some: clients must ignore them."
    )
    bundle: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": bundle_uri(api_version, strict=strict),
        "title": f"{_api_name(api_version)} {api_version} analyze-job status response (bundled)",
        "description": (
            f"The HTTP 200 body of GET {_job_path(api_version)}. "
            "The error response body is #/$defs/ErrorResponse. " + openness
        ),
        "$comment": "Generated from the component schemas by scripts/build_bundles.py; do not edit by hand.",
        "$ref": f"#/$defs/{root_name}",
        "$defs": definitions,
    }
    return close_objects(bundle) if strict else bundle


def _api_name(api_version: str) -> str:
    return "Language API" if family_of(api_version) == SUCCESSOR_FAMILY else "Text Analytics"


def _job_path(api_version: str) -> str:
    if family_of(api_version) == SUCCESSOR_FAMILY:
        return f".../language/analyze-text/jobs/{{jobId}}?api-version={api_version}"
    return f".../text/analytics/{api_version}/analyze/jobs/{{jobId}}"
