"""Writes the analyze request schemas (AnalyzeBatchInput) under schemas/<version>/request/ from the OpenAPI
documents of each version.

    python scripts/build_request_schemas.py [--reference ../shared/reference/openapi]

The request of ``POST .../text/analytics/{version}/analyze`` is the OpenAPI document's ``AnalyzeBatchInput``
and every definition it reaches, carried over to JSON Schema 2020-12: ``#/definitions/X`` becomes
``#/$defs/X``, the ``x-ms-*`` extensions are dropped, and the ``allOf`` of its three parts (job descriptor,
analysis input, job manifest) is merged into one object. The response schemas follow the service where it
disagrees with the OpenAPI documents; for the request no disagreement has been recorded, so the request
schema is the OpenAPI document's. A test fails while a shipped file differs from what this writes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from validator._schemas import (  # noqa: E402  (import after making the checkout importable)
    API_VERSIONS,
    DIALECT,
    REQUEST_DEFINITION,
    request_schema_path,
    request_schema_uri,
)

OPENAPI = REPO.parent / "shared" / "reference" / "openapi"
_DROPPED = ("example", "x-")


def _converted(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_converted(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {}
    for key, value in schema.items():
        if key.startswith(_DROPPED):
            continue
        if key == "$ref" and isinstance(value, str):
            result[key] = value.replace("#/definitions/", "#/$defs/")
        else:
            result[key] = _converted(value)
    return result


def _reached(definitions: dict[str, Any], root: str) -> list[str]:
    """The definitions ``root`` reaches through ``$ref``, itself first, then in the order first met."""
    order: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                name = ref.rsplit("/", 1)[1]
                if name not in order:
                    order.append(name)
                    visit(definitions[name])
            for key, item in value.items():
                if key != "$ref":
                    visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit({"$ref": f"#/definitions/{root}"})
    return order


def _flattened(definitions: dict[str, Any], name: str) -> dict[str, Any]:
    """``name`` with an ``allOf`` of object definitions merged into one object, so that ``strict`` can close
    it (an ``allOf`` of closed objects would admit nothing)."""
    schema = dict(definitions[name])
    parts = [definitions[part["$ref"].rsplit("/", 1)[1]] for part in schema.pop("allOf", [])]
    merged: dict[str, Any] = {"type": "object"}
    for part in parts:
        merged.setdefault("properties", {}).update(part.get("properties", {}))
        merged["required"] = [*merged.get("required", []), *part.get("required", [])]
    return {**merged, **schema}


def build(api_version: str, openapi: Path) -> dict[str, Any]:
    document = json.loads((openapi / api_version / "TextAnalytics.json").read_text(encoding="utf-8"))
    name = REQUEST_DEFINITION
    definitions = {**document["definitions"], name: _flattened(document["definitions"], name)}
    return {
        "$schema": DIALECT,
        "$id": request_schema_uri(api_version),
        "title": f"Text Analytics {api_version} analyze request ({name})",
        "description": (
            f"The body of POST .../text/analytics/{api_version}/analyze: the documents and the tasks to run "
            "on them. Objects admit unlisted properties."
        ),
        "$comment": (
            f"Generated from the {api_version} OpenAPI document (TextAnalytics.json, definitions/{name} and "
            "what it references) by scripts/build_request_schemas.py; do not edit by hand."
        ),
        "$ref": f"#/$defs/{name}",
        "$defs": {each: _converted(definitions[each]) for each in _reached(definitions, name)},
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reference", type=Path, default=OPENAPI, help="the folder of OpenAPI documents")
    args = parser.parse_args()
    for api_version in API_VERSIONS:
        path = REPO / "schemas" / request_schema_path(api_version)
        path.parent.mkdir(exist_ok=True)
        path.write_text(render(build(api_version, args.reference)), encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
