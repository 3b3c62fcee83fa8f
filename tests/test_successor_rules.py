"""Contract rules under the Language API versions: the successor rules fire, the v3.x-only ones do not."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import validator

from .helpers import DATA, SHARED_MISSING_REASON, load_json, successor_capture_files

VERSION = "2023-04-01"
ITEM = "/tasks/items/0"


def base() -> dict[str, Any]:
    """A valid succeeded 2023-04-01 job: an entity and a key phrase task, each with a document error."""
    document: dict[str, Any] = load_json(DATA / "successor" / "2023-04-01-two-tasks-succeeded.json")
    return document


def item(document: dict[str, Any], index: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = document["tasks"]["items"][index]
    return found


def rule_findings(document: Any, **options: Any) -> list[tuple[str, str]]:
    """(rule, pointer) of every error finding under the successor version."""
    options.setdefault("api_version", VERSION)
    return [(f.rule, f.pointer) for f in validator.iter_findings(document, **options) if f.is_error]


def mutate(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document = base()
    change(document)
    return document


def cancel_second_item_with_documents(document: dict[str, Any]) -> None:
    item(document, 1)["status"] = "cancelled"
    document["tasks"]["completed"] = 1
    document["status"] = "cancelled"


def duplicate_document(document: dict[str, Any]) -> None:
    documents = item(document)["results"]["documents"]
    documents.append(copy.deepcopy(documents[0]))
    item(document)["results"].pop("statistics")


CASES: dict[str, tuple[Callable[[dict[str, Any]], object], list[tuple[str, str]]]] = {
    "counters-do-not-sum": (
        lambda d: d["tasks"].update(total=3),
        [("item-counters-sum", "/tasks/total")],
    ),
    "completed-without-its-item": (
        lambda d: d["tasks"].update(completed=3, total=3),
        [("items-match-counters", "/tasks/completed")],
    ),
    "succeeded-item-without-results": (
        lambda d: item(d).pop("results"),
        [("item-results-presence", ITEM)],
    ),
    "cancelled-item-with-documents": (
        cancel_second_item_with_documents,
        [("item-results-presence", "/tasks/items/1/results/documents")],
    ),
    "running-job-with-nothing-in-progress": (
        lambda d: d.update(status="running"),
        [("item-status-consistency", "/tasks/inProgress")],
    ),
    "succeeded-job-with-a-cancelled-item": (
        lambda d: (
            item(d, 1).update(
                status="cancelled", results={"documents": [], "errors": [], "modelVersion": "latest"}
            ),
            d["tasks"].update(completed=1),
        ),
        [("item-status-consistency", "/tasks/items/1/status")],
    ),
    "next-link-of-the-v3-path": (
        lambda d: d.update(
            nextLink=f"https://host/text/analytics/v3.1/analyze/jobs/{d['jobId']}?$skip=2&$top=1"
        ),
        [("analyze-text-next-link", "/nextLink")],
    ),
    "next-link-of-another-api-version": (
        lambda d: d.update(
            nextLink=f"https://host/language/analyze-text/jobs/{d['jobId']}?api-version=2022-05-01&$skip=2&$top=1"
        ),
        [("analyze-text-next-link", "/nextLink")],
    ),
    "job-updated-before-created": (
        lambda d: d.update(lastUpdatedDateTime="2023-06-13T06:48:59Z"),
        [("timestamps-order", "/lastUpdatedDateTime")],
    ),
    "statistics-disagree-with-documents": (
        lambda d: item(d)["results"]["statistics"].update(validDocumentsCount=2, documentsCount=3),
        [("statistics-consistency", f"{ITEM}/results/statistics/validDocumentsCount")],
    ),
    "document-answered-twice": (
        duplicate_document,
        [("document-ids-unique", f"{ITEM}/results/documents/1/id")],
    ),
    "span-length-off": (
        lambda d: item(d)["results"]["documents"][0]["entities"][0].update(length=6),
        [("span-length", f"{ITEM}/results/documents/0/entities/0/length")],
    ),
}


def test_base_document_is_valid_under_every_successor_version_and_no_v3_version() -> None:
    """The base of these cases passes each Language API version, strictly, and fails each v3.x version."""
    for api_version in validator.SUCCESSOR_VERSIONS:
        assert [] == list(validator.iter_findings(base(), api_version=api_version, strict=True))
    for api_version in validator.V3_VERSIONS:
        assert not validator.is_valid(base(), api_version=api_version)


@pytest.mark.parametrize("case", sorted(CASES))
def test_successor_rule_fires_where_it_is_broken(case: str) -> None:
    """Each case yields exactly the expected rules at the expected pointers, and nothing else."""
    change, expected = CASES[case]
    assert sorted(expected) == sorted(rule_findings(mutate(change)))


def test_every_successor_document_rule_has_a_breaking_case_here() -> None:
    """Each document-scope rule that applies to 2023-04-01 is broken by at least one case of this module."""
    reported = {rule for change, _ in CASES.values() for rule, _pointer in rule_findings(mutate(change))}
    applicable = {
        rule.id
        for rule in validator.rule_catalogue()
        if rule.scope is validator.Scope.DOCUMENT and VERSION in rule.versions
    }
    # Sentiment and opinion rules are shared with v3.x and broken in test_rules.py on v3.x sentiment results.
    shared_sentiment = {"opinion-relation-ref", "confidence-scores-sum"}
    # Rules of every version whose Language API cases are drawn below, from the invalid strategies.
    drawn = set(DRAWN_RULES)
    assert set() == applicable - reported - shared_sentiment - drawn
    assert shared_sentiment | drawn <= applicable


DRAWN_RULES = ("span-within-document", "too-many-findings")


@pytest.mark.parametrize("rule", DRAWN_RULES)
@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_rules_of_every_version_fire_on_language_api_documents(rule: str, data: st.DataObject) -> None:
    """A near miss of a rule shared by both families is reported under a Language API version too."""
    from validator import strategies

    case = data.draw(strategies.invalid_job_states(VERSION, rules=[rule]))
    found = {
        (finding.rule, finding.pointer)
        for finding in validator.iter_findings(case.payload, api_version=VERSION)
    }
    assert (case.rule, case.pointer) in found


def test_v3_only_rules_do_not_apply_to_successor_versions() -> None:
    """The task-array rules and @nextLink belong to v3.x; the item rules to the Language API."""
    by_id = {rule.id: rule for rule in validator.rule_catalogue()}
    for rule_id in ("task-counters-sum", "task-items-match-counters", "task-results-presence", "next-link"):
        assert by_id[rule_id].versions == validator.V3_VERSIONS
    for rule_id in (
        "item-counters-sum",
        "items-match-counters",
        "item-results-presence",
        "analyze-text-next-link",
    ):
        assert by_id[rule_id].versions == validator.SUCCESSOR_VERSIONS


def test_request_cross_checks_read_analyze_text_jobs_input() -> None:
    """A Language API request (tasks[] with kind and taskName) is matched against tasks.items[]."""
    request = {
        "analysisInput": {
            "documents": [
                {"id": "1", "language": "en", "text": "We went to a conference in Seattle"},
                {"id": "2", "language": "en", "text": ""},
            ]
        },
        "tasks": [
            {"kind": "EntityRecognition", "taskName": "entities", "parameters": {"modelVersion": "latest"}},
            {"kind": "KeyPhraseExtraction", "taskName": "phrases"},
        ],
    }
    assert [] == rule_findings(base(), request=request)
    renamed = copy.deepcopy(request)
    renamed["tasks"][1]["taskName"] = "other"
    assert [("request-tasks", "/tasks/items/1/taskName")] == rule_findings(base(), request=renamed)
    shifted = copy.deepcopy(request)
    shifted["analysisInput"]["documents"][0]["text"] = "We went to a conference in Tacoma!"
    assert [("request-span-text", f"{ITEM}/results/documents/0/entities/0/text")] == rule_findings(
        base(), request=shifted
    )
    fewer = copy.deepcopy(request)
    del fewer["tasks"][1]
    assert ("request-tasks", "/tasks/total") in rule_findings(base(), request=fewer)


@pytest.mark.skipif(not successor_capture_files(), reason=SHARED_MISSING_REASON)
def test_recorded_cancel_sequence_passes_the_sequence_rules() -> None:
    """The five recorded polls of the cancelled 2022-05-01 job pass; moving a timestamp back is caught."""
    polls = [load_json(path) for path in successor_capture_files() if "cancel_after_progress" in path.name]
    assert len(polls) == 5
    assert [] == list(validator.iter_sequence_findings(polls, api_version="2022-05-01"))
    polls[4]["lastUpdatedDateTime"] = "2022-09-07T03:52:16Z"
    rules = [(f.rule, f.pointer) for f in validator.iter_sequence_findings(polls, api_version="2022-05-01")]
    assert [("sequence-last-update-monotonic", "/4/lastUpdatedDateTime")] == rules


def test_nesting_depth_is_screened_under_successor_versions() -> None:
    """A successor document nested past the limit gets nesting-depth, as text and as a parsed value."""
    document = base()
    error: dict[str, Any] = {"code": "InternalServerError", "message": "Internal error."}
    document["errors"] = [error]
    for _ in range(120):
        inner: dict[str, Any] = {"code": "InternalServerError", "message": "Internal error."}
        error["details"] = [inner]
        error = inner
    for payload in (document, json.dumps(document)):
        rules = {finding.rule for finding in validator.iter_findings(payload, api_version=VERSION)}
        assert "nesting-depth" in rules


def test_both_timestamp_spellings_are_one_short_finding_on_2022_10_01_preview() -> None:
    """2022-10-01-preview takes exactly one of lastUpdateDateTime and lastUpdatedDateTime: both is a oneOf
    finding whose message quotes only the start of the document, however large it is."""
    document = base()
    document["lastUpdateDateTime"] = document["lastUpdatedDateTime"]
    document["displayName"] = "x" * 50_000
    findings = [
        (finding.rule, finding.pointer, finding.message)
        for finding in validator.iter_findings(document, api_version="2022-10-01-preview")
        if finding.is_error
    ]
    assert [("oneOf", "")] == [(rule, pointer) for rule, pointer, _ in findings]
    assert "more than one of" in findings[0][2]
    assert len(findings[0][2]) < 400
