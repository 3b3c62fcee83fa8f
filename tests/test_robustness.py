"""Hostile and broken input never crashes the validator: every input ends in findings, never a traceback."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import validator

from .helpers import run_process
from .hostile_corpus import cases, write_corpus

# The only exceptions iter_findings may raise are those of misuse; none can come from a payload.
DOCUMENTED = (validator.UnknownApiVersionError, validator.UnknownKindError, validator.RequestError)


@pytest.mark.parametrize(("category", "name", "build"), cases(), ids=[f"{c}/{n}" for c, n, _ in cases()])
def test_hostile_input_gets_findings_not_an_exception(category: str, name: str, build: Any) -> None:
    """Each hostile input yields at least one error finding, every one of them with a rule and a message."""
    raw = build()
    started = time.perf_counter()
    findings = list(validator.iter_findings(raw))
    assert time.perf_counter() - started < 20, "time per document must stay linear in its size"
    assert any(finding.is_error for finding in findings), f"{category}/{name} passed"
    for finding in findings:
        assert finding.rule
        assert finding.message


@pytest.mark.parametrize(
    ("name", "expected_rule", "expected_position"),
    [
        ("bom-utf8", "invalid-json", (1, 1)),
        ("utf16", "invalid-json", (1, 1)),
        ("gzip", "invalid-json", (1, 1)),
        ("deep-arrays", "invalid-json", None),
        ("deep-error-details", "nesting-depth", None),
        ("float-overflow", "invalid-json", (1, 25)),
        ("nan", "invalid-json", (1, 11)),
        ("duplicate-nested-keys", "duplicate-key", (1, 24)),
    ],
)
def test_hostile_input_is_named_for_what_it_is(name: str, expected_rule: str, expected_position: Any) -> None:
    """The first finding of a hostile input names its real problem and, where it has one, its position."""
    build = {entry_name: entry_build for _category, entry_name, entry_build in cases()}[name]
    first = next(iter(validator.iter_findings(build())))
    assert expected_rule == first.rule
    if expected_position is not None:
        assert expected_position == (first.line, first.column)


def test_big_integers_are_kept_exact_not_turned_into_infinity() -> None:
    """A 5000-digit counter is parsed exactly and reported as above the int32 maximum, not as infinity."""
    document = json.loads((Path(__file__).parent / "data" / "valid" / "not-started.json").read_text())
    raw = json.dumps(document).replace('"total": 1', '"total": ' + "9" * 5000)
    findings = list(validator.iter_findings(raw))
    assert [("maximum", "/tasks/total")] == [(finding.rule, finding.pointer) for finding in findings]
    assert findings[0].message.startswith("an integer of about 500")  # 5000 digits, estimated from its bits


def test_the_cli_reports_the_whole_corpus_without_a_traceback(tmp_path: Path) -> None:
    """ta-contract validate on the written corpus exits 1, reports every document, and prints no traceback."""
    paths = write_corpus(tmp_path)
    result = run_process([sys.executable, "-m", "validator", "validate", "--format", "json", str(tmp_path)])
    assert 1 == result.returncode, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert len(paths) == report["summary"]["documents"]
    assert 0 == report["summary"]["valid"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    """Any bytes given as a document end in findings (or none), never in an undocumented exception."""
    findings = list(validator.iter_findings(raw))
    assert all(finding.rule and finding.message for finding in findings)


@given(json_values)
def test_arbitrary_json_values_never_raise(value: Any) -> None:
    """Any JSON value, parsed or as text, as a job state or an error response, is judged without raising."""
    for kind in ("auto", "job-state", "error"):
        list(validator.iter_findings(value, kind=kind))  # type: ignore[arg-type]
        list(validator.iter_findings(json.dumps(value), kind=kind))  # type: ignore[arg-type]


@given(
    st.dictionaries(
        st.sampled_from(["jobId", "status", "tasks", "errors", "createdDateTime", "@nextLink"]), json_values
    )
)
def test_arbitrary_job_shaped_values_never_raise(value: dict[str, Any]) -> None:
    """Job-shaped objects with arbitrary values go through every rule, sequences and request checks too."""
    request = {"analysisInput": {"documents": [{"id": "1", "text": "x"}]}, "tasks": value.get("tasks") or {}}
    list(validator.iter_findings(value, request=request))
    list(validator.iter_sequence_findings([value, value]))


@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    """Any text given as a document ends in findings, never an exception."""
    list(validator.iter_findings(text))
