"""The documentation sample: raw it is not JSON; with its missing brace added it still breaks the contract."""

from __future__ import annotations

import re

import validator

from .conftest import REFERENCE, REPO, require_shared

SAMPLE = REPO / "examples" / "docs-sample"
RAW = SAMPLE / "get-results.raw.json"
CORRECTED = SAMPLE / "get-results.corrected.json"


def test_shipped_raw_sample_is_the_documentation_page_block() -> None:
    """The shipped raw sample is exactly the JSON block of the seed documentation page."""
    require_shared()
    page = (REFERENCE / "seed" / "get-results.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", page, re.DOTALL)
    assert block is not None
    assert block.group(1) == RAW.read_text(encoding="utf-8")


def test_raw_sample_is_invalid_json_at_the_end_of_the_document() -> None:
    """The raw sample yields one invalid-json finding where the unclosed root object runs out of text."""
    text = RAW.read_text(encoding="utf-8")
    assert text.count("{") == text.count("}") + 1
    findings = list(validator.iter_findings(text))
    end_line = text.count("\n") + 1
    end_column = len(text.rsplit("\n", 1)[-1]) + 1
    assert [("invalid-json", "", end_line, end_column)] == [
        (f.rule, f.pointer, f.line, f.column) for f in findings
    ]


def test_corrected_sample_adds_exactly_one_closing_brace() -> None:
    """The corrected sample is the raw one plus the root object's closing brace."""
    assert RAW.read_text(encoding="utf-8") + "}\n" == CORRECTED.read_text(encoding="utf-8")


def test_corrected_sample_breaks_the_contract() -> None:
    """With the brace added the sample parses but fails: its job status "completed" is in no enumeration."""
    findings = list(validator.iter_findings(CORRECTED.read_bytes()))
    assert not validator.is_valid(CORRECTED.read_bytes())
    by_place = {(f.rule, f.pointer, f.severity.value) for f in findings}
    assert ("enum", "/status", "error") in by_place
    assert ("additionalProperties", "/tasks/tasks", "warning") in by_place
    assert ("additionalProperties", "/tasks/details", "warning") in by_place
    strict = {
        (f.rule, f.pointer)
        for f in validator.iter_findings(CORRECTED.read_bytes(), strict=True)
        if f.is_error
    }
    assert {
        ("enum", "/status"),
        ("additionalProperties", "/tasks/tasks"),
        ("additionalProperties", "/tasks/details"),
    } == strict


def test_example_captures_shipped_for_the_readme_are_valid() -> None:
    """Every real response shipped under examples/captures validates, as the README's first command shows."""
    paths = sorted((REPO / "examples" / "captures").glob("*.json"))
    assert len(paths) >= 5
    for path in paths:
        assert list(validator.iter_findings(path.read_bytes())) == [], path.name
