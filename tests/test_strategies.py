"""Valid generated data: job states, exchanges and lifecycles pass the validator and an independent oracle."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from jsonschema import Draft202012Validator

import validator
from validator import strategies
from validator._strategies._document_texts import SLOT_VALUES
from validator._string_units import STRING_INDEX_TYPES, length_in, slice_in

VERSIONS = validator.API_VERSIONS
TERMINAL = {"succeeded", "partiallyCompleted", "failed", "cancelled"}
WHOLE_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
TASK_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6,7})?Z")
MINIMAL_KEYS = (
    "jobId",
    "lastUpdateDateTime",
    "createdDateTime",
    "expirationDateTime",
    "status",
    "errors",
    "tasks",
)
_ORACLES: dict[tuple[str, bool], Draft202012Validator] = {}


def stock_schema_errors(payload: Any, api_version: str, *, strict: bool = False) -> list[str]:
    """What stock jsonschema (not this package's validator) finds wrong with ``payload``."""
    key = (api_version, strict)
    if key not in _ORACLES:
        schema = validator.schema_for(api_version, strict=strict)
        _ORACLES[key] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(error.absolute_path)}: {error.message}" for error in _ORACLES[key].iter_errors(payload)]


def error_findings(findings: Any) -> list[str]:
    return [str(finding) for finding in findings if finding.is_error]


def draw_once(strategy: st.SearchStrategy[Any]) -> None:
    """Draws one example, the way a test would, so that deferred argument errors surface."""

    @settings(max_examples=1, database=None)
    @given(strategy)
    def draw(_value: Any) -> None:
        pass

    draw()


@pytest.mark.parametrize("api_version", VERSIONS)
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_job_states_pass_every_rule_and_stock_jsonschema(api_version: str, strict: bool) -> None:
    """Every generated job state has no error finding and passes stock jsonschema on the bundled schema."""

    @given(strategies.job_states(api_version, strict=strict))
    def check(payload: dict[str, Any]) -> None:
        assert [] == error_findings(validator.iter_findings(payload, api_version=api_version, strict=strict))
        assert [] == stock_schema_errors(payload, api_version, strict=strict)

    check()


@pytest.mark.parametrize("unit", STRING_INDEX_TYPES)
def test_spans_have_their_length_in_the_chosen_unit(unit: str) -> None:
    """With string_index_type fixed, every span passes span-length checked in that unit alone."""

    @given(strategies.job_states(string_index_type=unit, status="succeeded", document_errors=False))
    def check(payload: dict[str, Any]) -> None:
        findings = validator.iter_findings(payload, string_index_type=unit)
        assert [] == error_findings(findings)

    check()


def test_generated_text_reaches_every_unit_difference() -> None:
    """The value pools hold names whose length differs between graphemes, code points and UTF-16 units."""
    names = [value.text for pool in SLOT_VALUES.values() for value in pool]
    lengths = [tuple(length_in(name, unit) for unit in STRING_INDEX_TYPES) for name in names]
    assert (True, True) == (
        any(graphemes < points for graphemes, points, _ in lengths),
        any(points < utf16 for _, points, utf16 in lengths),
    )


@pytest.mark.parametrize("status", ["notStarted", "running", "succeeded", "partiallyCompleted", "failed"])
def test_status_option_is_honoured_with_coherent_counters(status: str) -> None:
    """A requested status is the one drawn, and its counters say what that status means."""

    @given(strategies.job_states(status=status, max_tasks=4))
    def check(payload: dict[str, Any]) -> None:
        tasks = payload["tasks"]
        assert status == payload["status"]
        finished = status in ("succeeded", "partiallyCompleted", "failed")
        assert finished == (0 == tasks["inProgress"])
        if status == "notStarted":
            assert 0 == tasks["completed"] + tasks["failed"]

    check()


def test_options_shape_the_documents() -> None:
    """showStats, paging, task names, failed tasks and document errors appear exactly when asked for."""
    options = {
        "show_stats": True,
        "paging": True,
        "task_names": True,
        "failed_tasks": True,
        "document_errors": True,
        "max_documents": 4,
        "status": "partiallyCompleted",
    }

    @given(strategies.job_states(**options))
    def check(payload: dict[str, Any]) -> None:
        items = [item for name, array in payload["tasks"].items() if name.endswith("Tasks") for item in array]
        assert "@nextLink" in payload
        assert all("taskName" in item for item in items)
        assert [] != payload["errors"]
        succeeded = [item["results"] for item in items if item["state"] == "succeeded"]
        assert all("statistics" in results for results in succeeded)
        assert all(results["statistics"]["erroneousDocumentsCount"] > 0 for results in succeeded)

    check()


def test_size_bounds_hold() -> None:
    """Tasks and request documents stay within the bounds asked for, one document included."""

    @given(strategies.analyze_exchanges(min_tasks=2, max_tasks=2, max_documents=1))
    def check(exchange: strategies.Exchange) -> None:
        documents = exchange.request["analysisInput"]["documents"]
        assert (2, 1) == (exchange.response["tasks"]["total"], len(documents))

    check()


def test_strict_job_states_pass_strict_validation() -> None:
    """strict=True never adds unknown properties, so examples pass strict validation without warnings."""

    @given(strategies.job_states(strict=True, show_stats=True))
    def check(payload: dict[str, Any]) -> None:
        assert [] == [str(finding) for finding in validator.iter_findings(payload, strict=True)]

    check()


def test_job_ids_and_timestamps_look_like_the_service() -> None:
    """Job ids are version-4 UUIDs, job timestamps whole seconds, task ones 0, 6 or 7 digits, expiry 24 h."""

    @given(strategies.job_states())
    def check(payload: dict[str, Any]) -> None:
        assert payload["jobId"] == str(uuid.UUID(payload["jobId"], version=4))
        for name in ("createdDateTime", "lastUpdateDateTime", "expirationDateTime"):
            assert WHOLE_SECONDS.fullmatch(payload[name]), payload[name]
        created = datetime.fromisoformat(payload["createdDateTime"].replace("Z", "+00:00"))
        expires = datetime.fromisoformat(payload["expirationDateTime"].replace("Z", "+00:00"))
        assert timedelta(hours=24) == expires - created
        for name, array in payload["tasks"].items():
            for item in array if name.endswith("Tasks") else []:
                assert TASK_TIMESTAMP.fullmatch(item["lastUpdateDateTime"]), item["lastUpdateDateTime"]

    check()


def test_examples_shrink_to_a_small_job() -> None:
    """The simplest example found is a one-task job without statistics, paging or unknown properties."""
    smallest = find(strategies.job_states(), lambda payload: True, settings=settings(database=None))
    # Hypothesis' shrinker is bounded, so the status and displayName it stops at vary from run to run.
    assert (1, set()) == (smallest["tasks"]["total"], set(smallest) - set(MINIMAL_KEYS) - {"displayName"})


def answered_ids(results: dict[str, Any]) -> list[str]:
    return sorted(entry["id"] for section in ("documents", "errors") for entry in results[section])


@pytest.mark.parametrize("api_version", VERSIONS)
def test_exchanges_answer_their_request(api_version: str) -> None:
    """Each response answers its request: the validator's cross-checks and an independent check agree."""

    @given(strategies.analyze_exchanges(api_version))
    def check(exchange: strategies.Exchange) -> None:
        request, response = exchange.request, exchange.response
        findings = validator.iter_findings(response, api_version=api_version, request=request)
        assert [] == error_findings(findings)
        documents = {document["id"]: document["text"] for document in request["analysisInput"]["documents"]}
        for name, array in response["tasks"].items():
            if not name.endswith("Tasks"):
                continue
            asked = request["tasks"][name]
            assert len(array) <= len(asked)
            for item in array:
                assert item.get("taskName") in {task.get("taskName") for task in asked}
                if "results" in item:
                    assert sorted(documents) == answered_ids(item["results"])
                    assert_spans_cut_the_request(item, asked, documents)

    check()


def test_exchanges_are_named_pairs() -> None:
    """An exchange has .request and .response, still unpacks and compares as a (request, response) pair,
    and to_dict() gives the two under their names."""

    @settings(max_examples=10)
    @given(strategies.analyze_exchanges())
    def check(exchange: strategies.Exchange) -> None:
        assert isinstance(exchange, strategies.Exchange)
        request, response = exchange
        assert (request, response) == (exchange.request, exchange.response) == exchange
        assert "analysisInput" in exchange.request
        assert "jobId" in exchange.response
        assert {"request": request, "response": response} == exchange.to_dict()
        with pytest.raises(AttributeError):
            exchange.request = {}  # type: ignore[misc]

    check()


def assert_spans_cut_the_request(item: dict[str, Any], asked: list[Any], documents: dict[str, str]) -> None:
    """Entity spans are the request text at their offset and length, in the task's unit."""
    task = next(task for task in asked if task.get("taskName") == item.get("taskName"))
    unit = task["parameters"].get("stringIndexType", "TextElement_v8")
    for document in item["results"]["documents"]:
        for entity in document.get("entities", []):
            if "offset" in entity:
                cut = slice_in(documents[document["id"]], entity["offset"], entity["length"], unit)
                assert entity["text"] == cut


@pytest.mark.parametrize("api_version", VERSIONS)
def test_lifecycles_pass_the_sequence_rules(api_version: str) -> None:
    """Each lifecycle runs from notStarted to a terminal status and every poll and the sequence are valid."""

    @given(strategies.job_lifecycles(api_version))
    def check(polls: list[dict[str, Any]]) -> None:
        statuses = [poll["status"] for poll in polls]
        assert "notStarted" == statuses[0]
        assert statuses[-1] in TERMINAL
        assert "running" in statuses
        for poll in polls:
            assert [] == error_findings(validator.iter_findings(poll, api_version=api_version))
        assert [] == error_findings(validator.iter_sequence_findings(polls, api_version=api_version))

    check()


BAD_ARGUMENTS: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "unknown version": lambda: strategies.job_states("v4.0"),
    "unknown status": lambda: strategies.job_states(status="completed"),
    "empty statuses": lambda: strategies.job_states(status=[]),
    "kind of another version": lambda: strategies.job_states("v3.1", task_kinds=["customEntityRecognition"]),
    "kind spelled as the array": lambda: strategies.job_states(task_kinds=["entityRecognitionTasks"]),
    "min above max": lambda: strategies.job_states(min_tasks=3, max_tasks=2),
    "zero documents": lambda: strategies.job_states(min_documents=0),
    "size not an integer": lambda: strategies.job_states(max_tasks=2.5),  # type: ignore[arg-type]
    "flag not a bool": lambda: strategies.job_states(show_stats="yes"),  # type: ignore[arg-type]
    "unknown unit": lambda: strategies.job_states(string_index_type="Utf8CodeUnit"),
    "status that cannot fail": lambda: strategies.job_states(status="succeeded", failed_tasks=True),
    "partial with one task": lambda: strategies.job_states(status="partiallyCompleted", max_tasks=1),
    "paging one document": lambda: strategies.job_states(paging=True, max_documents=1),
    "exchange strict not bool": lambda: strategies.analyze_exchanges(strict=1),  # type: ignore[arg-type]
    "lifecycle too short": lambda: strategies.job_lifecycles(min_polls=2),
    "lifecycle ends running": lambda: strategies.job_lifecycles(final_status="running"),
    "invalid unknown rule": lambda: strategies.invalid_job_states(rules=["no-such-rule"]),
    "invalid rule as a string": lambda: strategies.invalid_job_states(rules="span-length"),  # type: ignore[arg-type]
    "invalid rule of another scope": lambda: strategies.invalid_job_states(rules=["request-tasks"]),
    "sequence rule for exchanges": lambda: strategies.invalid_analyze_exchanges(
        rules=["sequence-job-identity"]
    ),
    "pointers as one string": lambda: strategies.invalid_job_states(pointers="/status"),  # type: ignore[arg-type]
    "pointers empty": lambda: strategies.invalid_job_states(pointers=[]),
    "pointer without a slash": lambda: strategies.invalid_job_states(pointers=["status"]),
    "pointer not a string": lambda: strategies.invalid_job_states(pointers=[1]),  # type: ignore[list-item]
    "pointer no rule breaks": lambda: strategies.invalid_job_states(rules=["enum"], pointers=["/jobId"]),
    "pointer nowhere": lambda: strategies.invalid_job_states(pointers=["/no/such/place"]),
    "pointer off the response": lambda: strategies.invalid_analyze_exchanges(pointers=["/status"]),
    "pointer without a poll index": lambda: strategies.invalid_job_lifecycles(pointers=["/status"]),
    "from_schema unknown version": lambda: strategies.from_schema("v3.0"),
}


@pytest.mark.parametrize("make", list(BAD_ARGUMENTS.values()), ids=list(BAD_ARGUMENTS))
def test_bad_arguments_raise_invalid_argument_when_drawn(make: Callable[[], st.SearchStrategy[Any]]) -> None:
    """A bad argument does not raise when the strategy is made, only when it is drawn from."""
    strategy = make()
    with pytest.raises(InvalidArgument):
        draw_once(strategy)
