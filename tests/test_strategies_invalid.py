"""Invalid generated data: each example breaks its declared rule at its declared pointer, and nothing else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from jsonschema import Draft202012Validator

import validator
from validator import strategies

VERSIONS = validator.API_VERSIONS
# Input rules judge what the command line is given (unreadable files, HAR logs, sizes), not a payload.
CATALOGUE = tuple(info for info in validator.rule_catalogue() if info.scope is not validator.Scope.INPUT)
INPUT_RULES = [info.id for info in validator.rule_catalogue() if info.scope is validator.Scope.INPUT]
SCHEMA_RULES = {info.id for info in CATALOGUE if info.scope is validator.Scope.SCHEMA} - {"open-enum"}
CONTRACT_RULES = {info.id for info in CATALOGUE if info.scope is validator.Scope.DOCUMENT}


def error_pairs(findings: Any) -> set[tuple[str, str]]:
    return {(finding.rule, finding.pointer) for finding in findings if finding.is_error}


def stock_jsonschema_valid(payload: Any, api_version: str, *, strict: bool) -> bool:
    schema = validator.schema_for(api_version, strict=strict)
    checker = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return bool(checker.is_valid(payload))


def stdlib_rejects(text: str) -> bool:
    """True when Python's json module, made strict about NaN and repeated keys, refuses ``text``."""

    def no_constants(token: str) -> Any:
        raise ValueError(token)

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("repeated key")
        return dict(pairs)

    try:
        json.loads(text, parse_constant=no_constants, object_pairs_hook=no_repeats)
    except ValueError:
        return True
    return False


@pytest.mark.parametrize("api_version", VERSIONS)
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_invalid_job_states_break_exactly_their_rule(api_version: str, strict: bool) -> None:
    """The validator reports the declared rule at the declared pointer and no other error."""

    @given(strategies.invalid_job_states(api_version, strict=strict))
    def check(case: strategies.InvalidJobState) -> None:
        findings = list(validator.iter_findings(case.payload, api_version=api_version, strict=strict))
        assert {(case.rule, case.pointer), *case.also} == error_pairs(findings)
        assert "error" == case.severity

    check()


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_invalid_job_states_fail_an_independent_oracle(strict: bool) -> None:
    """Schema mutations fail stock jsonschema, parsing ones fail strict stdlib parsing, contract ones pass the
    schema (they are near misses the schema cannot see)."""

    @given(strategies.invalid_job_states(strict=strict))
    def check(case: strategies.InvalidJobState) -> None:
        if isinstance(case.payload, str):
            assert stdlib_rejects(case.payload)
        elif case.rule in SCHEMA_RULES:
            assert not stock_jsonschema_valid(case.payload, case.api_version, strict=strict)
        elif case.rule in CONTRACT_RULES and not strict:
            assert stock_jsonschema_valid(case.payload, case.api_version, strict=False)

    check()


@pytest.mark.parametrize("api_version", VERSIONS)
def test_invalid_exchanges_break_exactly_their_request_rule(api_version: str) -> None:
    """The response is valid alone, and the cross-checks report the declared rule and pointer only."""

    @given(strategies.invalid_analyze_exchanges(api_version))
    def check(case: strategies.InvalidExchange) -> None:
        alone = validator.iter_findings(case.response, api_version=api_version)
        answered = validator.iter_findings(case.response, api_version=api_version, request=case.request)
        assert set() == error_pairs(alone)
        assert {(case.rule, case.pointer), *case.also} == error_pairs(answered)

    check()


@pytest.mark.parametrize("api_version", VERSIONS)
def test_invalid_lifecycles_break_exactly_their_sequence_rule(api_version: str) -> None:
    """Every poll is valid alone, and the sequence reports the declared rule and pointer only."""

    @given(strategies.invalid_job_lifecycles(api_version))
    def check(case: strategies.InvalidLifecycle) -> None:
        for poll in case.polls:
            assert set() == error_pairs(validator.iter_findings(poll, api_version=api_version))
        findings = validator.iter_sequence_findings(case.polls, api_version=api_version)
        assert {(case.rule, case.pointer), *case.also} == error_pairs(findings)

    check()


def strategy_for(info: validator.RuleInfo) -> st.SearchStrategy[Any]:
    """The invalid strategy that covers a catalogue rule, asked for that rule alone, in a version it applies
    to (the default version where it does, else the newest Language API version)."""
    strict = info.id == "additionalProperties"
    version = (
        validator.DEFAULT_API_VERSION if validator.DEFAULT_API_VERSION in info.versions else info.versions[-1]
    )
    if info.scope is validator.Scope.REQUEST:
        return strategies.invalid_analyze_exchanges(version, rules=[info.id])
    if info.scope is validator.Scope.SEQUENCE:
        return strategies.invalid_job_lifecycles(version, rules=[info.id])
    return strategies.invalid_job_states(version, rules=[info.id], strict=strict)


@pytest.mark.parametrize("info", CATALOGUE, ids=[info.id for info in CATALOGUE])
def test_every_catalogue_rule_has_a_mutation(info: validator.RuleInfo) -> None:
    """Each rule id of the catalogue can be asked for, and its examples name that rule."""

    # Unknown properties are warnings in the catalogue and errors in strict mode, which strategy_for asks for.
    severity = "error" if info.id == "additionalProperties" else str(info.severity)

    @settings(max_examples=10)
    @given(strategy_for(info))
    def check(case: Any) -> None:
        assert (info.id, severity) == (case.rule, case.severity)

    check()


def test_warning_rules_are_drawn_only_when_asked_for() -> None:
    """By default only errors are drawn; naming open-enum draws documents whose only finding is a warning."""

    @settings(max_examples=20)
    @given(strategies.invalid_job_states(rules=["open-enum", "additionalProperties"]))
    def check(case: strategies.InvalidJobState) -> None:
        findings = list(validator.iter_findings(case.payload, api_version=case.api_version))
        assert set() == error_pairs(findings)
        assert "warning" == case.severity
        assert (case.rule, case.pointer) in {(finding.rule, finding.pointer) for finding in findings}

    check()


@pytest.mark.parametrize("rule", INPUT_RULES)
def test_input_rules_are_refused_with_the_reason(rule: str) -> None:
    """Asking for an input rule raises InvalidArgument saying it is about inputs, not payloads."""

    @settings(max_examples=1)
    @given(strategies.invalid_job_states(rules=[rule]))
    def draw(_case: Any) -> None:
        pass

    with pytest.raises(InvalidArgument, match="not a response payload"):
        draw()
