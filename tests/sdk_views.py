"""What a client can see of a document result: one view of a served result and of what an SDK returned.

Standalone (only the standard library), so that a child process in another virtual environment, with
another SDK version, can import it beside tests/sdk_runner.py.
"""

from __future__ import annotations

from typing import Any

# The SDK's action classes and the v3.x task array each one's results come from.
ARRAYS = {
    "RecognizeEntitiesAction": "entityRecognitionTasks",
    "RecognizePiiEntitiesAction": "entityRecognitionPiiTasks",
    "ExtractKeyPhrasesAction": "keyPhraseExtractionTasks",
    "RecognizeLinkedEntitiesAction": "entityLinkingTasks",
    "AnalyzeSentimentAction": "sentimentAnalysisTasks",
}


def served_error(served: dict[str, Any]) -> tuple[str, str]:
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


def served_view(array: str, served: dict[str, Any]) -> tuple[Any, ...]:
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


def returned_view(array: str, returned: Any) -> tuple[Any, ...]:
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


_RESULT_ARRAYS = {
    "RecognizeEntitiesResult": "entityRecognitionTasks",
    "RecognizePiiEntitiesResult": "entityRecognitionPiiTasks",
    "ExtractKeyPhrasesResult": "keyPhraseExtractionTasks",
    "RecognizeLinkedEntitiesResult": "entityLinkingTasks",
    "AnalyzeSentimentResult": "sentimentAnalysisTasks",
}


def result_record(array: str, result: Any) -> dict[str, Any]:
    """One SDK result as plain JSON: its id, whether it is an error, the error, and the view of a success
    (a result that is not one of the SDK's result objects is recorded by its type)."""
    if not hasattr(result, "is_error"):
        return {"id": None, "is_error": None, "error": None, "view": type(result).__name__}
    if result.is_error:
        return {
            "id": result.id,
            "is_error": True,
            "error": [result.error.code, result.error.message],
            "view": None,
        }
    if _RESULT_ARRAYS.get(type(result).__name__) != array:
        # The SDK put another action's result in this action's place.
        return {
            "id": result.id,
            "is_error": False,
            "error": None,
            "view": f"misplaced {type(result).__name__}",
        }
    return {"id": result.id, "is_error": False, "error": None, "view": as_json(returned_view(array, result))}


def as_json(value: Any) -> Any:
    """``value`` with tuples as lists, as it reads back from JSON."""
    if isinstance(value, (list, tuple)):
        return [as_json(item) for item in value]
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    return value
