"""The documentation sample: raw it is not JSON; with its missing brace added it still breaks the contract."""

from __future__ import annotations

import re

import validator

from .helpers import DATA, REFERENCE, REPO, load_json, require_shared

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


ARRAY = "/tasks/tasks/customEntityRecognitionTasks"

# Each deviation that DISAGREEMENTS.md lists for the docs sample, as the rule and pointer that must report it.
DEVIATIONS = {
    ("enum", "/status"): 'job status "completed" (the service says succeeded)',
    ("additionalProperties", "/tasks/details"): "tasks.details (v3.1 previews only)",
    ("timestamps-order", "/tasks/details/lastUpdateDateTime"): "details updated two months before creation",
    ("misplaced-task-array", ARRAY): "task arrays nested one level too deep",
    ("required", f"{ARRAY}/0"): "task state key status instead of state",
    ("enum", f"{ARRAY}/0/status"): 'task status "completed"',
    ("additionalProperties", f"{ARRAY}/0/name"): "name instead of taskName",
    ("required", f"{ARRAY}/0/results"): "projectName and deploymentName missing",
    (
        "statistics-consistency",
        f"{ARRAY}/0/results/statistics/validDocumentsCount",
    ): "all counts 0 beside two documents",
    ("document-ids-unique", f"{ARRAY}/0/results/documents/1/id"): "both document ids {DOC-ID}",
    ("timestamps-order", "/expirationDateTime"): "expirationDateTime equal to createdDateTime",
}


def test_corrected_sample_reports_every_known_deviation_at_its_own_pointer() -> None:
    """With the brace added, each deviation DISAGREEMENTS.md lists is reported where it is."""
    findings = list(validator.iter_findings(CORRECTED.read_bytes()))
    reported = {(finding.rule, finding.pointer) for finding in findings}
    assert set() == set(DEVIATIONS) - reported
    assert not validator.is_valid(CORRECTED.read_bytes())
    hinted = {finding.pointer for finding in findings if finding.hint}
    assert {
        "/status",
        "/tasks/details",
        ARRAY,
        f"{ARRAY}/0",
        f"{ARRAY}/0/status",
        f"{ARRAY}/0/name",
    } <= hinted


def test_corrected_sample_report_matches_the_golden_report() -> None:
    """The full report on the corrected sample (rules, pointers, positions, hints) is the golden one."""
    golden = load_json(DATA / "golden" / "docs-sample.report.json")
    findings = validator.iter_findings(
        CORRECTED.read_bytes(), api_version=golden["api_version"], strict=golden["strict"]
    )
    observed = [
        {
            "rule": f.rule,
            "pointer": f.pointer,
            "severity": f.severity.value,
            "line": f.line,
            "column": f.column,
            "hint": f.hint,
        }
        for f in findings
    ]
    assert golden["findings"] == observed


def test_example_captures_shipped_for_the_readme_are_valid() -> None:
    """Every real response shipped under examples/captures validates, as the README's first command shows."""
    paths = sorted((REPO / "examples" / "captures").glob("*.json"))
    assert len(paths) >= 5
    for path in paths:
        assert list(validator.iter_findings(path.read_bytes())) == [], path.name
