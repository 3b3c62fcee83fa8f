"""Whenever the fused pass vouches for a rule, the registered rule finds nothing.

``validator._fused_rules`` answers "can any covered rule fire here?" for any job state; the registered rules
stay the source of truth, judging only what the schema accepted. Each test runs every rule the pass vouched
for on the same document, with the schema's verdict, and expects no violation: over generated valid
documents, every labelled invalid document of every rule, every capture and every test document, under
every string index unit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import validator
from validator._fused_rules import COVERED_RULES, unvouched_rules
from validator._rule_registry import Scope, registered_rules
from validator._rules.context import JobContext
from validator._schema_validation import iter_schema_problems

from .helpers import DATA, SHARED_MISSING_REASON, capture_files, capture_id

# The fused pass reads the v3.x layout only; Language API documents always go to the registered rules.
VERSIONS = validator.V3_VERSIONS
UNITS = [None, "TextElement_v8", "UnicodeCodePoint", "Utf16CodeUnit"]
DATA_FILES = sorted(path for path in DATA.rglob("*.json") if not path.name.endswith(".expect.json"))
CAPTURES = capture_files()
EXAMPLES = sorted((DATA.parents[1] / "examples" / "captures").glob("*.json"))
RULE_VERSIONS = {info.id: info.versions for info in validator.rule_catalogue()}
DOCUMENT_RULES = [
    info.id
    for info in validator.rule_catalogue()
    if info.scope.value in ("schema", "document")
    and info.id != "nesting-depth"
    and set(info.versions) & set(validator.V3_VERSIONS)
]


def vouched_violations(document: Any, api_version: str, unit: str | None, request: Any = None) -> list[Any]:
    """``(rule, violation)`` for every violation of a rule the fused pass vouched for; [] when it is right."""
    if not isinstance(document, dict):
        return []
    problems = iter_schema_problems(document, api_version=api_version, kind="job-state", strict=False)
    rejected = frozenset(problem.pointer for problem in problems if problem.severity.value == "error")
    vouched = COVERED_RULES - unvouched_rules(document, string_index_type=unit, request=request)
    context = JobContext(document, api_version, rejected, unit, request)  # type: ignore[arg-type]
    return [
        (rule.info.id, violation)
        for rule in registered_rules()
        if rule.info.scope in (Scope.DOCUMENT, Scope.REQUEST) and rule.info.id in vouched
        for violation in rule.check(context)
    ]


def assert_sound(document: Any, api_version: str) -> None:
    for unit in UNITS:
        assert [] == vouched_violations(document, api_version, unit)


def test_every_covered_rule_is_registered() -> None:
    """The pass covers only rules that exist, so a renamed rule cannot be skipped by mistake."""
    registered = {rule.info.id for rule in registered_rules()}
    assert COVERED_RULES <= registered


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(DATA)))
def test_vouching_is_sound_on_test_documents(path: Path) -> None:
    """On every test document, the rules vouched for find nothing, under every version and unit."""
    try:
        document = json.loads(path.read_bytes())
    except ValueError:
        return  # not JSON: the parser's to report, no rule runs
    for api_version in VERSIONS:
        assert_sound(document, api_version)


@pytest.mark.skipif(not CAPTURES, reason=SHARED_MISSING_REASON)
@pytest.mark.parametrize("path", CAPTURES, ids=capture_id)
def test_vouching_is_sound_on_captures(path: Path) -> None:
    """On every capture, the rules vouched for find nothing, under every version and unit."""
    document = json.loads(path.read_bytes())
    for api_version in VERSIONS:
        assert_sound(document, api_version)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_the_pass_vouches_for_every_rule_on_plain_captures(path: Path) -> None:
    """On the shipped captures (valid, ASCII spans) the pass vouches for every covered rule but the link's."""
    document = json.loads(path.read_bytes())
    if not isinstance(document.get("tasks"), dict):
        return  # an error response: no job-state rule applies
    link_rule = {"next-link"} if "@nextLink" in document else set()
    assert link_rule == unvouched_rules(document, string_index_type=None, request=None)
    request_rules = {"request-span-text", "request-document-ids", "request-tasks", "span-length"}
    assert request_rules | link_rule == unvouched_rules(
        document, string_index_type=None, request={"analysisInput": {"documents": []}}
    )


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_vouching_is_sound_on_generated_valid_documents(data: st.DataObject) -> None:
    """Generated contract-valid documents: nothing vouched for fires (and nothing else does either)."""
    strategies = pytest.importorskip("validator.strategies")
    api_version = data.draw(st.sampled_from(VERSIONS))
    document = data.draw(strategies.job_states(api_version, strict=True, max_documents=4))
    assert [] == vouched_violations(document, api_version, data.draw(st.sampled_from(UNITS)))


@pytest.mark.parametrize("rule", DOCUMENT_RULES)
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_vouching_is_sound_on_labelled_invalid_documents(rule: str, data: st.DataObject) -> None:
    """Near-miss documents breaking each rule: the pass never vouches for the rule they break."""
    strategies = pytest.importorskip("validator.strategies")
    api_version = data.draw(
        st.sampled_from([version for version in VERSIONS if version in RULE_VERSIONS[rule]])
    )
    case = data.draw(strategies.invalid_job_states(api_version, rules=[rule], strict=True))
    unit = data.draw(st.sampled_from(UNITS))
    assert [] == vouched_violations(case.payload, api_version, unit)
    if rule in COVERED_RULES and isinstance(case.payload, dict) and unit is None:
        schema_clean = not list(
            iter_schema_problems(case.payload, api_version=api_version, kind="job-state", strict=True)
        )
        if schema_clean:
            assert rule in unvouched_rules(case.payload, string_index_type=None, request=None)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_vouching_is_sound_on_generated_exchanges(data: st.DataObject) -> None:
    """With a request, the request rules are never vouched for, and the rest stay sound."""
    strategies = pytest.importorskip("validator.strategies")
    api_version = data.draw(st.sampled_from(VERSIONS))
    case = data.draw(strategies.invalid_analyze_exchanges(api_version, strict=True))
    assert [] == vouched_violations(case.response, api_version, None, case.request)
