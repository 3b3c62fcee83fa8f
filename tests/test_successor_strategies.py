"""Generators under the Language API versions: valid data in the successor's shape, and near misses."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis.errors import InvalidArgument
from jsonschema import Draft202012Validator

import validator
from validator import strategies
from validator._strategies._successor_invalid import select_successor

VERSIONS = validator.SUCCESSOR_VERSIONS


def errors(findings: Any) -> list[tuple[str, str]]:
    return [(finding.rule, finding.pointer) for finding in findings if finding.is_error]


@pytest.mark.parametrize("api_version", VERSIONS)
def test_cancelled_jobs_look_like_the_recorded_cancel(api_version: str) -> None:
    """A cancelled job lists its unfinished tasks as cancelled items with empty results, counted nowhere."""

    @settings(max_examples=30)
    @given(strategies.job_states(api_version, status="cancelled", strict=True))
    def check(document: dict[str, Any]) -> None:
        tasks = document["tasks"]
        cancelled = [item for item in tasks["items"] if item["status"] == "cancelled"]
        assert 0 == tasks["inProgress"]
        assert tasks["total"] == tasks["completed"] + tasks["failed"] + len(cancelled)
        assert all([] == item["results"]["documents"] for item in cancelled)
        assert [] == errors(validator.iter_findings(document, api_version=api_version, strict=True))
        checker = Draft202012Validator(validator.schema_for(api_version, strict=True))
        assert checker.is_valid(document)

    check()


@pytest.mark.parametrize("api_version", VERSIONS)
def test_failed_items_are_targeted_by_their_place_in_items(api_version: str) -> None:
    """Each failed item has a job-level error targeting #/tasks/items/<its index>, as the SDKs read it."""

    @settings(max_examples=30)
    @given(strategies.job_states(api_version, status=("partiallyCompleted", "failed")))
    def check(document: dict[str, Any]) -> None:
        failed = [
            f"#/tasks/items/{index}"
            for index, item in enumerate(document["tasks"]["items"])
            if item["status"] == "failed"
        ]
        assert failed
        assert sorted(failed) == sorted(error["target"] for error in document["errors"])

    check()


@pytest.mark.parametrize("api_version", VERSIONS)
def test_cancel_lifecycles_pass_through_cancelling(api_version: str) -> None:
    """A lifecycle ending cancelled after two or more running polls passes through cancelling, as recorded."""

    @settings(max_examples=30)
    @given(strategies.job_lifecycles(api_version, final_status="cancelled", min_polls=5))
    def check(polls: list[dict[str, Any]]) -> None:
        statuses = [poll["status"] for poll in polls]
        first = statuses.index("cancelled")
        if statuses[:first].count("running") + statuses[:first].count("cancelling") >= 2:
            assert "cancelling" == statuses[first - 1]
        assert [] == errors(validator.iter_sequence_findings(polls, api_version=api_version))

    check()


@pytest.mark.parametrize("api_version", VERSIONS)
def test_successor_data_is_in_the_successor_shape(api_version: str) -> None:
    """Items carry kind and status, the job lastUpdatedDateTime, a page nextLink with the api-version."""

    @settings(max_examples=30)
    @given(strategies.job_states(api_version, paging=True, max_documents=3))
    def check(document: dict[str, Any]) -> None:
        assert "lastUpdatedDateTime" in document
        assert "lastUpdateDateTime" not in document
        assert f"api-version={api_version}" in document["nextLink"]
        assert {"items", "completed", "failed", "inProgress", "total"} <= set(document["tasks"])
        for item in document["tasks"]["items"]:
            assert {"kind", "status", "lastUpdateDateTime"} <= set(item)
            assert "state" not in item

    check()


def test_task_kinds_may_be_named_as_items_or_requests() -> None:
    """task_kinds takes v3.x names, item kinds and request kinds; a kind the version lacks is refused."""

    @settings(max_examples=10)
    @given(
        strategies.job_states("2023-04-01", task_kinds=["EntityRecognitionLROResults", "KeyPhraseExtraction"])
    )
    def check(document: dict[str, Any]) -> None:
        kinds = {item["kind"] for item in document["tasks"]["items"]}
        assert kinds <= {"EntityRecognitionLROResults", "KeyPhraseExtractionLROResults"}

    check()
    with pytest.raises(InvalidArgument, match="is not a task kind of 2022-05-01"):
        strategies.job_states("2022-05-01", task_kinds=["ExtractiveSummarizationLROResults"]).validate()


@pytest.mark.parametrize("api_version", VERSIONS)
def test_every_rule_of_the_version_has_a_mutation(api_version: str) -> None:
    """Each parsing, schema and contract rule that applies to the version can be drawn as a near miss."""
    drawn = {
        mutation.rule
        for strategy in ("invalid_job_states", "invalid_analyze_exchanges", "invalid_job_lifecycles")
        for mutation in select_successor(strategy, api_version, None, True)
    } | {
        mutation.rule
        for mutation in select_successor(
            "invalid_job_states", api_version, ["open-enum", "too-many-findings"], False
        )
    }
    applicable = {
        info.id
        for info in validator.rule_catalogue()
        if info.scope is not validator.Scope.INPUT and api_version in info.versions
    }
    # The successor schemas have no minItems: the service sends items: [] rather than omit it.
    assert {"minItems"} == applicable - drawn
    assert drawn <= applicable
