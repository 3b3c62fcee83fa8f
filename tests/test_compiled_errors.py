"""The compiled engine's schema findings are the reference engine's, and ``is_valid`` agrees with both.

Each comparison validates one input with jsonschema-rs's errors (the compiled path) and with
python-jsonschema on the bundle (the reference path) and expects the same findings: rule, pointer,
severity, message, position and hint.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import validator
from validator import _compiled_errors, _document_check, _validator
from validator._fast_path import QUICK_FORMATS, compile_schema
from validator._plain_json import is_plain, nests_within
from validator._schema_validation import show

from .helpers import DATA, SHARED_MISSING_REASON, capture_files, capture_id
from .test_fast_path import DATA_FILES, assert_same, decided_fast, fast_path, parsed_or_none

pytest.importorskip("jsonschema_rs", reason="the compiled engine needs the fast extra (jsonschema-rs)")

VERSIONS = validator.API_VERSIONS
GOLDEN = sorted((DATA / "golden").glob("*.json"))
CAPTURES = capture_files()
# Every rule a single document can break, as the strategies label them.
DOCUMENT_RULES = [
    info.id
    for info in validator.rule_catalogue()
    if info.scope.value in ("parsing", "schema", "document") and info.id != "nesting-depth"
]


def verdict_both_ways(payload: Any, **options: Any) -> tuple[bool, bool]:
    """``is_valid`` with the compiled engine, and without it."""
    with fast_path(True):
        compiled = validator.is_valid(copy.deepcopy(payload), **options)
    with fast_path(False):
        reference = validator.is_valid(copy.deepcopy(payload), **options)
    return compiled, reference


def assert_same_verdict(payload: Any, **options: Any) -> None:
    compiled, reference = verdict_both_ways(payload, **options)
    with fast_path(False):
        findings = list(validator.iter_findings(copy.deepcopy(payload), **options))
    assert reference == compiled
    assert (not any(finding.is_error for finding in findings)) == compiled


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(DATA)))
def test_is_valid_agrees_with_the_findings_on_test_documents(path: Path, strict: bool) -> None:
    """``is_valid`` on every test document, raw and parsed, is True exactly when no finding is an error."""
    raw = path.read_bytes()
    assert_same_verdict(raw, strict=strict)
    value = parsed_or_none(raw)
    if value is not None:
        assert_same_verdict(value, strict=strict)


@pytest.mark.skipif(not CAPTURES, reason=SHARED_MISSING_REASON)
@pytest.mark.parametrize("path", CAPTURES, ids=capture_id)
def test_is_valid_agrees_with_the_findings_on_captures(path: Path) -> None:
    """``is_valid`` on every capture under every version agrees with the reference engine's findings."""
    raw = path.read_bytes()
    for api_version in VERSIONS:
        assert_same_verdict(raw, api_version=api_version)
        assert_same_verdict(json.loads(raw), api_version=api_version, strict=True)


@pytest.mark.parametrize("path", GOLDEN, ids=lambda path: path.name)
def test_golden_reports_give_the_same_findings_both_ways(path: Path) -> None:
    """The documents behind the golden reports (and the reports themselves, as JSON) agree both ways."""
    raw = path.read_bytes()
    assert_same(raw)
    assert_same(raw, strict=True)


def test_schema_findings_of_invalid_test_documents_come_from_the_compiled_engine() -> None:
    """Invalid plain documents are settled by the compiled engine, not handed to the reference engine."""
    settled = [
        path
        for path in DATA_FILES
        if "invalid" in path.parts and parsed_or_none(path.read_bytes()) is not None
    ]
    assert settled
    for path in settled:
        value = parsed_or_none(path.read_bytes())
        if validator.is_valid(value) or not isinstance(value, dict) or not is_plain(value):
            continue  # NaN and the like are the strict parser's to report
        assert decided_fast(value), path.name


RULE_VERSIONS = {info.id: info.versions for info in validator.rule_catalogue()}


def versions_with_a_mutation(rule: str) -> list[str]:
    """The versions whose invalid strategies can break ``rule`` (Language API schemas have no minItems)."""
    from validator._strategies._successor_invalid import successor_job_state_mutations

    return [
        version
        for version in VERSIONS
        if version in RULE_VERSIONS[rule]
        and (
            version in validator.V3_VERSIONS
            or rule in {mutation.rule for mutation in successor_job_state_mutations(version)}
        )
    ]


@pytest.mark.parametrize("rule", DOCUMENT_RULES)
@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_invalid_documents_of_every_rule_agree(rule: str, data: st.DataObject) -> None:
    """Near-miss documents breaking each rule give the same findings and the same verdict both ways."""
    strategies = pytest.importorskip("validator.strategies")
    api_version = data.draw(st.sampled_from(versions_with_a_mutation(rule)))
    strict = data.draw(st.booleans()) if rule != "additionalProperties" else True
    case = data.draw(strategies.invalid_job_states(api_version, rules=[rule], strict=strict))
    findings = assert_same(case.payload, api_version=api_version, strict=strict)
    assert (case.rule, case.pointer) in {(finding.rule, finding.pointer) for finding in findings}
    assert_same_verdict(case.payload, api_version=api_version, strict=strict)
    if not isinstance(case.payload, (str, bytes)):
        raw = json.dumps(case.payload)
        assert_same(raw, api_version=api_version, strict=strict)
        assert_same_verdict(raw, api_version=api_version, strict=strict)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_many_errors_at_once_agree(data: st.DataObject) -> None:
    """Several schema errors and warnings in one document, some at one pointer, agree in kind and order."""
    strategies = pytest.importorskip("validator.strategies")
    api_version = data.draw(st.sampled_from(VERSIONS))
    document = data.draw(strategies.job_states(api_version, max_documents=3))
    mutations = data.draw(
        st.lists(
            st.sampled_from(
                [
                    ("status", "completed"),
                    ("jobId", 5),
                    ("createdDateTime", "yesterday"),
                    ("surprise", {"x": 1}),
                    ("tasks", []),
                    ("errors", "none"),
                    ("displayName", None),
                ]
            ),
            unique_by=lambda pair: pair[0],
        )
    )
    removed = data.draw(st.lists(st.sampled_from(sorted(document)), unique=True, max_size=3))
    for name in removed:
        document.pop(name)
    for name, value in mutations:
        document[name] = value
    strict = data.draw(st.booleans())
    assert_same(document, api_version=api_version, strict=strict)
    assert_same(json.dumps(document, indent=1), api_version=api_version, strict=strict)
    assert_same_verdict(document, api_version=api_version, strict=strict)


def test_a_keyword_without_its_own_wording_goes_to_the_reference_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An ``anyOf`` failure (the reference engine's best match cannot be reproduced) is not worded here."""
    schema = {"$defs": {}, "anyOf": [{"type": "string"}, {"type": "integer", "minimum": 3}]}
    compiled = compile_schema(schema)
    assert compiled is not None
    monkeypatch.setattr(
        _compiled_errors, "_compiled", lambda api_version, kind: _compiled_errors._Compiled(schema, compiled)
    )
    assert _compiled_errors.compiled_problems(1, api_version="v3.1", kind="job-state", strict=False) is None
    problems = _compiled_errors.compiled_problems("ok", api_version="v3.1", kind="job-state", strict=False)
    assert problems is not None
    assert [] == list(problems)


def test_findings_at_one_pointer_keep_the_reference_engine_order() -> None:
    """Two missing properties and a wrong type under one object come out in the schema's written order."""
    document = json.loads((DATA / "valid" / "not-started.json").read_bytes())
    for name in ("jobId", "status", "createdDateTime"):
        document.pop(name, None)
    document["tasks"] = {"total": "x"}
    findings = assert_same(document)
    assert [finding.rule for finding in findings if finding.pointer == ""].count("required") >= 2


def test_is_valid_does_not_build_findings_for_a_schema_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document the compiled engine rejects gets its verdict without any finding or position."""
    document = json.loads((DATA / "valid" / "not-started.json").read_bytes())
    document["status"] = "completed"

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("is_valid built findings it does not need")

    monkeypatch.setattr(_document_check, "compiled_problems", never)
    monkeypatch.setattr(_document_check, "located", never)
    monkeypatch.setattr(_validator, "located", never)
    assert not validator.is_valid(document)
    assert not validator.is_valid(json.dumps(document))
    assert not validator.Validator(strict=True).is_valid(json.dumps(document).encode())


_PLAIN_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63) + 1, 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=4), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=200)
@given(value=_PLAIN_VALUES, limit=st.integers(2, 80))
def test_plain_values_are_shown_alike_without_a_full_dump(value: Any, limit: int) -> None:
    """A value the compiled engine reports is shown from its start exactly as a full dump shows it."""
    assert show(value, limit) == show(value, limit, plain=True)


@settings(max_examples=200)
@given(value=_PLAIN_VALUES, indent=st.sampled_from([None, 1]), limit=st.integers(0, 6))
def test_nesting_is_measured_on_the_text_as_on_the_value(value: Any, indent: Any, limit: int) -> None:
    """The bracket count of the text gives the depth the value has, strings with brackets included."""
    text = json.dumps(value, indent=indent)
    assert (_depth(value) <= limit) == nests_within(text, limit)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(child) for child in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(child) for child in value), default=0)
    return 0


@pytest.mark.parametrize("name", sorted(QUICK_FORMATS))
@settings(max_examples=200)
@given(data=st.data())
def test_a_quick_format_match_is_one_the_checker_accepts(name: str, data: st.DataObject) -> None:
    """Strings matching a quick format pattern are valid for python-jsonschema's checker too."""
    pattern = QUICK_FORMATS[name].__self__.pattern  # type: ignore[attr-defined]
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    assert Draft202012Validator.FORMAT_CHECKER.conforms(text, name)
