"""Cross-checks of a response against the analyze request it answers."""

from __future__ import annotations

import json
from typing import Any

import pytest

import validator

from .helpers import DATA, load_json

REQUEST = DATA / "exchanges" / "custom-entities.request.json"
RESPONSE = DATA / "exchanges" / "custom-entities.response.json"
TASK = "/tasks/customEntityRecognitionTasks/0"
ENTITY = f"{TASK}/results/documents/0/entities/0"


def request() -> dict[str, Any]:
    document: dict[str, Any] = load_json(REQUEST)
    return document


def response() -> dict[str, Any]:
    document: dict[str, Any] = load_json(RESPONSE)
    return document


def findings(response_document: Any, request_document: Any, **options: Any) -> list[tuple[str, str]]:
    return [
        (f.rule, f.pointer)
        for f in validator.iter_findings(response_document, request=request_document, **options)
        if f.is_error
    ]


def test_matching_exchange_has_no_finding() -> None:
    """The response answers its request: same ids, spans cut from the request text, the named task."""
    assert [] == findings(response(), request())
    assert [] == findings(RESPONSE.read_bytes(), REQUEST.read_text(encoding="utf-8"))


def test_span_text_must_be_the_request_text_at_its_offset() -> None:
    """An entity whose offset points elsewhere in the request text is a request-span-text finding."""
    document = response()
    document["tasks"]["customEntityRecognitionTasks"][0]["results"]["documents"][0]["entities"][0][
        "offset"
    ] = 13
    assert [("request-span-text", f"{ENTITY}/text")] == findings(document, request())


def test_span_text_is_cut_in_the_requested_unit() -> None:
    """The same span is right in code points and wrong in UTF-16 code units when the text has an emoji."""
    exchange_request = request()
    exchange_request["analysisInput"]["documents"][0]["text"] = (
        "👍🏽 Chez Anouk: Crème brûlée for two people."
    )
    document = response()
    entities = document["tasks"]["customEntityRecognitionTasks"][0]["results"]["documents"][0]["entities"]
    entities[0]["offset"], entities[1]["offset"] = 15, 3
    assert [] == findings(document, exchange_request)
    parameters = exchange_request["tasks"]["customEntityRecognitionTasks"][0]["parameters"]
    parameters["stringIndexType"] = "Utf16CodeUnit"
    assert [
        ("request-span-text", f"{ENTITY}/text"),
        ("request-span-text", f"{TASK}/results/documents/0/entities/1/text"),
    ] == findings(document, exchange_request)


def test_every_requested_document_is_answered_once() -> None:
    """A requested id missing from a finished task, or an id never requested, breaks request-document-ids."""
    exchange_request = request()
    exchange_request["analysisInput"]["documents"].append({"id": "menu-3", "text": "Tarte Tatin."})
    assert [("request-document-ids", f"{TASK}/results")] == findings(response(), exchange_request)
    document = response()
    document["tasks"]["customEntityRecognitionTasks"][0]["results"]["errors"][0]["id"] = "menu-9"
    assert [
        ("request-document-ids", f"{TASK}/results"),
        ("request-document-ids", f"{TASK}/results/errors/0/id"),
    ] == findings(document, request())


def test_paged_response_is_not_expected_to_answer_every_document() -> None:
    """A response with @nextLink holds one page, so missing ids are not reported."""
    exchange_request = request()
    exchange_request["analysisInput"]["documents"].append({"id": "menu-3", "text": "Tarte Tatin."})
    document = response()
    document["@nextLink"] = (
        f"https://host/text/analytics/v3.2-preview.2/analyze/jobs/{document['jobId']}?$skip=2&$top=2"
    )
    assert [] == findings(document, exchange_request)


def test_task_kinds_counts_and_names_match_the_request() -> None:
    """A task kind not requested, a total that differs, or an unknown task name are request-tasks findings."""
    other_kind = request()
    other_kind["tasks"] = {"entityRecognitionTasks": [{"parameters": {}}]}
    assert [("request-tasks", TASK)] == findings(response(), other_kind)
    two_tasks = request()
    two_tasks["tasks"]["keyPhraseExtractionTasks"] = [{"parameters": {}}]
    assert [("request-tasks", "/tasks/total")] == findings(response(), two_tasks)
    renamed = response()
    renamed["tasks"]["customEntityRecognitionTasks"][0]["taskName"] = "find-prices"
    assert [("request-tasks", f"{TASK}/taskName")] == findings(renamed, request())
    unnamed = response()
    del unnamed["tasks"]["customEntityRecognitionTasks"][0]["taskName"]
    assert [("request-tasks", TASK)] == findings(unnamed, request())


@pytest.mark.parametrize("bad_request", ["not json", "[1, 2]", 42])
def test_a_request_that_is_not_an_object_raises(bad_request: Any) -> None:
    """A request that is not a JSON object is a usage error (RequestError, a ValueError)."""
    with pytest.raises(validator.RequestError):
        validator.iter_findings(response(), request=bad_request)


def test_request_rules_are_in_the_catalogue() -> None:
    """The request cross-checks are listed with the request scope."""
    scopes = {rule.id: rule.scope for rule in validator.rule_catalogue()}
    for rule_id in ("request-span-text", "request-document-ids", "request-tasks"):
        assert validator.Scope.REQUEST == scopes[rule_id]
    assert json.dumps([rule.id for rule in validator.rule_catalogue()])
