"""Invalid generated data: each example breaks its declared rule at its declared pointer, and nothing else."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from jsonschema import Draft202012Validator

import validator
from validator import strategies
from validator._strategies._aim import Aim
from validator._strategies._exchange_mutations import EXCHANGE_MUTATIONS, LIFECYCLE_MUTATIONS
from validator._strategies._invalid import (
    invalid_exchanges_from,
    invalid_job_states_from,
    invalid_lifecycles_from,
)
from validator._strategies._job_state_mutations import JOB_STATE_MUTATIONS
from validator._strategies._mutation_types import Mutation
from validator._strategies._vocabulary import JOB_STATUSES

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


# Aiming at places (pointers=). Each case names, as its own regular expression, the pointers the pattern
# means, so the check does not rest on the matcher under test.
AIMS = {
    "job status": (["/status"], r"/status"),
    "task states": (["/tasks/*/*/state"], r"/tasks/[^/]+/[^/]+/state"),
    "any offset": (["/tasks/**/offset"], r"/tasks(/[^/]+)*/offset"),
    "second document": (
        ["/tasks/*/*/results/documents/1/**"],
        r"/tasks/[^/]+/[^/]+/results/documents/1(/.*)?",
    ),
    "two places": (["/jobId", "/tasks/total"], r"/jobId|/tasks/total"),
}


@pytest.mark.parametrize(("pointers", "expected"), list(AIMS.values()), ids=list(AIMS))
def test_aimed_job_states_break_only_the_places_asked_for(pointers: list[str], expected: str) -> None:
    """Every example is reported at a pointer the patterns name and breaks exactly its declared rule there."""

    @settings(max_examples=20)
    @given(strategies.invalid_job_states(pointers=pointers))
    def check(case: strategies.InvalidJobState) -> None:
        assert re.fullmatch(expected, case.pointer), case.pointer
        findings = validator.iter_findings(case.payload, api_version=case.api_version)
        assert {(case.rule, case.pointer), *case.also} == error_pairs(findings)

    check()


def test_a_status_reader_gets_enum_mutations_of_the_status() -> None:
    """rules=["enum"], pointers=["/status"] draws job statuses outside the enumeration, and nothing else."""

    @settings(max_examples=10)
    @given(strategies.invalid_job_states(rules=["enum"], pointers=["/status"]))
    def check(case: strategies.InvalidJobState) -> None:
        assert ("enum", "/status") == (case.rule, case.pointer)
        assert case.payload["status"] not in JOB_STATUSES
        assert not stock_jsonschema_valid(case.payload, case.api_version, strict=False)

    check()


def test_aimed_exchanges_and_lifecycles_break_only_the_places_asked_for() -> None:
    """pointers= aims exchanges at response places and lifecycles at poll places (index first)."""

    @settings(max_examples=15)
    @given(
        strategies.invalid_analyze_exchanges(pointers=["/tasks/**/id"]),
        strategies.invalid_job_lifecycles(pointers=["/*/status", "/*/jobId"]),
    )
    def check(exchange: strategies.InvalidExchange, lifecycle: strategies.InvalidLifecycle) -> None:
        assert re.fullmatch(r"/tasks/[^/]+/\d+/results/documents/\d+/id", exchange.pointer), exchange.pointer
        answered = validator.iter_findings(exchange.response, request=exchange.request)
        assert {(exchange.rule, exchange.pointer), *exchange.also} == error_pairs(answered)
        assert re.fullmatch(r"/\d+/(status|jobId)", lifecycle.pointer), lifecycle.pointer
        findings = validator.iter_sequence_findings(lifecycle.polls)
        assert {(lifecycle.rule, lifecycle.pointer), *lifecycle.also} == error_pairs(findings)

    check()


def test_an_unreachable_place_is_refused_with_the_places_the_rules_break() -> None:
    """A pattern no mutation of the chosen rules can hit raises InvalidArgument listing what they can hit."""

    @settings(max_examples=1)
    @given(strategies.invalid_job_states(rules=["enum"], pointers=["/tasks/*/state"]))
    def draw(_case: Any) -> None:
        pass

    with pytest.raises(InvalidArgument, match=r"no mutation of the rules enum .*/tasks/\{tasks\}/#/state"):
        draw()


def test_aimed_examples_shrink_to_the_first_mutation_allowed() -> None:
    """Aimed at task states and the job status, the simplest enum example is the first mutation of the
    table that can break either: the job status."""
    smallest = find(
        strategies.invalid_job_states(rules=["enum"], pointers=["/tasks/**/state", "/status"]),
        lambda case: True,
        settings=settings(database=None),
    )
    assert ("enum", "/status", "job-status-completed") == (smallest.rule, smallest.pointer, smallest.mutation)


def mutation_cases(mutation: Mutation) -> Any:
    """Examples of one mutation alone, through the strategy of its table."""
    if mutation in JOB_STATE_MUTATIONS:
        return invalid_job_states_from(validator.DEFAULT_API_VERSION, (mutation,), mutation.strict_only)
    if mutation in EXCHANGE_MUTATIONS:
        return invalid_exchanges_from(validator.DEFAULT_API_VERSION, (mutation,), False)
    return invalid_lifecycles_from(validator.DEFAULT_API_VERSION, (mutation,), False)


ALL_MUTATIONS = (*JOB_STATE_MUTATIONS, *EXCHANGE_MUTATIONS, *LIFECYCLE_MUTATIONS)


@pytest.mark.parametrize("mutation", ALL_MUTATIONS, ids=[mutation.name for mutation in ALL_MUTATIONS])
def test_every_mutation_is_reported_where_it_declares(mutation: Mutation) -> None:
    """Each mutation declares its places, and its examples are reported at one of them: the declarations
    that pointers= is checked against before drawing are true."""
    assert mutation.places, f"{mutation.name} declares no places"
    kinds = mutation.base(validator.DEFAULT_API_VERSION, mutation.strict_only).plan.kinds

    @settings(max_examples=5)
    @given(mutation_cases(mutation))
    def check(case: Any) -> None:
        assert Aim((case.pointer,)).meets(mutation.places, kinds), (case.pointer, mutation.places)

    check()


LABEL_KEYS = [
    "payload",
    "rule",
    "pointer",
    "severity",
    "description",
    "mutation",
    "also",
    "api_version",
    "strict",
]


def test_labelled_values_share_one_shape_and_a_dict_form() -> None:
    """Invalid job states, exchanges and lifecycles all carry payload and the same label, and to_dict() gives
    them as JSON values in one order."""

    @settings(max_examples=10)
    @given(
        strategies.invalid_job_states(rules=["task-counters-sum", "duplicate-key"]),
        strategies.invalid_analyze_exchanges(rules=["request-document-ids"]),
        strategies.invalid_job_lifecycles(rules=["sequence-counters-monotonic"]),
    )
    def check(
        state: strategies.InvalidJobState,
        exchange: strategies.InvalidExchange,
        lifecycle: strategies.InvalidLifecycle,
    ) -> None:
        for case in (state, exchange, lifecycle):
            as_dict = case.to_dict()
            assert LABEL_KEYS == list(as_dict)
            assert [{"rule": rule, "pointer": pointer} for rule, pointer in case.also] == as_dict["also"]
            assert json.loads(json.dumps(as_dict)) == as_dict
            for key in LABEL_KEYS[1:]:
                if key != "also":
                    assert getattr(case, key) == as_dict[key]
        assert state.payload == state.to_dict()["payload"]
        assert strategies.Exchange(exchange.request, exchange.response) == exchange.payload
        assert {"request": exchange.request, "response": exchange.response} == exchange.to_dict()["payload"]
        assert lifecycle.polls is lifecycle.payload
        assert lifecycle.polls == lifecycle.to_dict()["payload"]

    check()


PATTERN_CASES = [
    ("/status", "/status", True),
    ("/status", "/status/0", False),
    ("/*", "/jobId", True),
    ("/*", "/tasks/total", False),
    ("/tasks/**/total", "/tasks/total", True),
    ("/tasks/**", "/tasks/entityRecognitionTasks/0/results/documents/0/id", True),
    ("/**/id", "/tasks/entityRecognitionTasks/0/results/documents/0/id", True),
    ("/**/id", "/jobId", False),
    ("/a~1b/c~0d", "/a~1b/c~0d", True),
    ("", "", True),
    ("", "/status", False),
]


@pytest.mark.parametrize(("pattern", "pointer", "expected"), PATTERN_CASES)
def test_pointer_patterns_match_as_documented(pattern: str, pointer: str, expected: bool) -> None:
    """'*' is exactly one reference token, '**' any number (none included), other tokens are literal."""
    assert expected == Aim((pattern,)).matches(pointer)
