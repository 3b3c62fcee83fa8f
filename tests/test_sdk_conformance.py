"""The unmodified azure-ai-textanalytics 5.4.0 client against the fake service over real HTTP (API v3.1).

For many seeded requests, everything the SDK returns must equal what the fake served: per document and
action its entities, spans, scores, key phrases, sentiments, linked entities, statistics, document errors
and failed actions, across every page. TA_SDK_SEEDS sets how many seeds run (default 200).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.sdk_runs import ARRAYS, sdk_run

pytest.importorskip("azure.ai.textanalytics", reason="the sdk-conformance extra is not installed")

SEEDS = int(os.environ.get("TA_SDK_SEEDS", "200"))


def _error(served: dict[str, Any]) -> tuple[str, str]:
    """The (code, message) the SDK reports for a service error: the inner error's when there is one."""
    inner = served.get("innererror")
    return (inner["code"], inner["message"]) if inner else (served["code"], served["message"])


def _entities(entities: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (e["text"], e["category"], e.get("subcategory"), e["offset"], e["length"], e["confidenceScore"])
        for e in entities
    ]


def _returned_entities(entities: list[Any]) -> list[tuple[Any, ...]]:
    return [(e.text, e.category, e.subcategory, e.offset, e.length, e.confidence_score) for e in entities]


def _scores(scores: dict[str, float]) -> tuple[float, ...]:
    return (scores["positive"], scores.get("neutral", 0.0), scores["negative"])


def _returned_scores(scores: Any) -> tuple[float, ...]:
    return (scores.positive, scores.neutral, scores.negative)


def _served_view(array: str, served: dict[str, Any]) -> tuple[Any, ...]:
    """What a client can see of one served document result."""
    if array in ("entityRecognitionTasks", "entityRecognitionPiiTasks"):
        view: tuple[Any, ...] = (_entities(served["entities"]),)
        if array == "entityRecognitionPiiTasks":
            view += (served["redactedText"],)
    elif array == "keyPhraseExtractionTasks":
        view = (served["keyPhrases"],)
    elif array == "entityLinkingTasks":
        view = tuple(
            (
                e["name"],
                e["id"],
                e["url"],
                e["dataSource"],
                e["language"],
                e.get("bingId"),
                [(m["text"], m["offset"], m["length"], m["confidenceScore"]) for m in e["matches"]],
            )
            for e in served["entities"]
        )
    else:
        view = (
            served["sentiment"],
            _scores(served["confidenceScores"]),
            [
                (s["text"], s["sentiment"], _scores(s["confidenceScores"]), s["offset"], s["length"])
                for s in served["sentences"]
            ],
        )
    warnings = [(w["code"], w["message"]) for w in served["warnings"]]
    statistics = served.get("statistics")
    counts = (statistics["charactersCount"], statistics["transactionsCount"]) if statistics else None
    return (served["id"], view, warnings, counts)


def _returned_view(array: str, returned: Any) -> tuple[Any, ...]:
    """The same view of what the SDK returned for a document."""
    if array in ("entityRecognitionTasks", "entityRecognitionPiiTasks"):
        view: tuple[Any, ...] = (_returned_entities(returned.entities),)
        if array == "entityRecognitionPiiTasks":
            view += (returned.redacted_text,)
    elif array == "keyPhraseExtractionTasks":
        view = (returned.key_phrases,)
    elif array == "entityLinkingTasks":
        view = tuple(
            (
                e.name,
                e.data_source_entity_id,
                e.url,
                e.data_source,
                e.language,
                e.bing_entity_search_api_id,
                [(m.text, m.offset, m.length, m.confidence_score) for m in e.matches],
            )
            for e in returned.entities
        )
    else:
        view = (
            returned.sentiment,
            _returned_scores(returned.confidence_scores),
            [
                (s.text, s.sentiment, _returned_scores(s.confidence_scores), s.offset, s.length)
                for s in returned.sentences
            ],
        )
    warnings = [(w.code, w.message) for w in returned.warnings]
    statistics = returned.statistics
    counts = (statistics.character_count, statistics.transaction_count) if statistics else None
    return (returned.id, view, warnings, counts)


def check_run(seed: int) -> None:
    """Runs the SDK for ``seed`` and asserts that it returned exactly what was served."""
    run = sdk_run(seed)
    served_tasks = run.served["tasks"]
    job_errors = {error["target"]: error for error in run.served["errors"]}
    if run.served["status"] == "failed":
        # A failed job: the SDK raises an error that lists the job's errors, and returns nothing.
        listed = "".join(f"({error['code']}) {error['message']}" for error in run.served["errors"])
        assert listed == run.returned.message
        return
    assert len(run.documents) == len(run.returned)
    for index, action in enumerate(run.actions):
        array = ARRAYS[type(action).__name__]
        item = next(item for item in served_tasks[array] if item["taskName"] == str(index))
        position = served_tasks[array].index(item)
        if item["state"] == "failed":
            error = job_errors[f"#/tasks/{array}/{position}"]
            for document, results in zip(run.documents, run.returned, strict=True):
                returned = results[index]
                assert (document["id"], True, error["code"], error["message"]) == (
                    returned.id,
                    returned.is_error,
                    returned.error.code,
                    returned.error.message,
                )
            continue
        results_by_id = {result["id"]: result for result in item["results"]["documents"]}
        errors_by_id = {error["id"]: error["error"] for error in item["results"]["errors"]}
        assert sorted(results_by_id.keys() | errors_by_id.keys()) == sorted(
            doc["id"] for doc in run.documents
        )
        for document, results in zip(run.documents, run.returned, strict=True):
            returned = results[index]
            if document["id"] in errors_by_id:
                expected = (document["id"], True, *_error(errors_by_id[document["id"]]))
                assert expected == (
                    returned.id,
                    returned.is_error,
                    returned.error.code,
                    returned.error.message,
                )
            else:
                assert not returned.is_error
                assert _served_view(array, results_by_id[document["id"]]) == _returned_view(array, returned)


@pytest.mark.parametrize("first", range(0, SEEDS, 25), ids=lambda first: f"seeds-{first}")
def test_sdk_5_4_returns_exactly_what_the_fake_served(first: int) -> None:
    """For each seed of the batch, the v3.1 SDK consumes the served lifecycle and returns what was served."""
    for seed in range(first, min(first + 25, SEEDS)):
        check_run(seed)
