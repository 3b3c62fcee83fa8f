"""Hand-made positive and negative documents: each yields exactly the findings its .expect.json names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import validator

from .helpers import DATA, load_json


def documents(folder: str) -> list[Path]:
    return sorted(path for path in (DATA / folder).glob("*.json") if not path.name.endswith(".expect.json"))


def expectation(path: Path) -> dict[str, Any]:
    expect = path.with_name(path.stem + ".expect.json")
    return load_json(expect) if expect.exists() else {"findings": []}


def observed(path: Path, expect: dict[str, Any]) -> list[dict[str, Any]]:
    findings = validator.iter_findings(
        path.read_bytes(),
        api_version=expect.get("api_version", validator.DEFAULT_API_VERSION),
        strict=expect.get("strict", False),
    )
    return [
        {
            "rule": f.rule,
            "pointer": f.pointer,
            "severity": f.severity.value,
            "line": f.line,
            "column": f.column,
        }
        for f in findings
    ]


@pytest.mark.parametrize("path", documents("valid"), ids=lambda path: path.stem)
def test_valid_document_has_exactly_the_expected_warnings(path: Path) -> None:
    """A valid example has no error and exactly the warnings its expectation lists, where it lists them."""
    expect = expectation(path)
    assert expect["findings"] == observed(path, expect)
    assert validator.is_valid(path.read_bytes(), strict=expect.get("strict", False))


@pytest.mark.parametrize("path", documents("invalid"), ids=lambda path: path.stem)
def test_invalid_document_has_exactly_the_expected_findings(path: Path) -> None:
    """A negative example yields exactly its expected rules, at its expected pointers and positions."""
    expect = expectation(path)
    assert expect["findings"], f"{path.name} needs an .expect.json"
    assert expect["findings"] == observed(path, expect)
    assert not validator.is_valid(path.read_bytes(), strict=expect.get("strict", False))


def test_every_schema_keyword_used_by_the_schemas_has_a_negative_example() -> None:
    """Each assertion keyword the schemas use is broken by at least one negative example."""
    asserting = {"required", "type", "enum", "format", "minimum", "maximum", "minItems", "minLength"}
    used: set[str] = set()

    def collect(schema: Any) -> None:
        if isinstance(schema, dict):
            used.update(key for key in schema if key in asserting)
            for value in schema.values():
                collect(value)
        elif isinstance(schema, list):
            for item in schema:
                collect(item)

    collect(validator.schema_for("v3.2-preview.2"))
    covered = {finding["rule"] for path in documents("invalid") for finding in expectation(path)["findings"]}
    assert set() == used - covered
