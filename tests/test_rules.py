"""Contract rules beyond JSON Schema: each fires on a document that breaks it, at the most specific place."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

import validator

from .helpers import DATA, load_json

TASK = "/tasks/customEntityRecognitionTasks/0"
RESULTS = f"{TASK}/results"


def base() -> dict[str, Any]:
    """A valid succeeded custom entity recognition job (tests/data/valid/custom-entities-succeeded.json)."""
    document: dict[str, Any] = load_json(DATA / "valid" / "custom-entities-succeeded.json")
    return document


def task(document: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = document["tasks"]["customEntityRecognitionTasks"][0]
    return item


def entity(document: dict[str, Any], index: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = task(document)["results"]["documents"][0]["entities"][index]
    return found


def rule_findings(document: Any, **options: Any) -> list[tuple[str, str]]:
    """(rule, pointer) of every error finding."""
    return [(f.rule, f.pointer) for f in validator.iter_findings(document, **options) if f.is_error]


def mutate(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document = base()
    change(document)
    return document


def set_counters(document: dict[str, Any], **counters: int) -> None:
    document["tasks"].update(counters)


def add_failed_task(document: dict[str, Any]) -> None:
    document["tasks"]["entityRecognitionPiiTasks"] = [
        {"lastUpdateDateTime": "2022-05-10T00:05:05.1Z", "state": "failed"}
    ]
    set_counters(document, failed=1, total=2)
    document["status"] = "partiallyCompleted"
    document["errors"] = [
        {
            "code": "InvalidRequest",
            "message": "Bad model version.",
            "target": "#/tasks/entityRecognitionPiiTasks/0",
        }
    ]


CASES: dict[str, tuple[Callable[[dict[str, Any]], object], list[tuple[str, str]]]] = {
    "counters-do-not-sum": (
        lambda d: set_counters(d, total=2),
        [("task-counters-sum", "/tasks/total")],
    ),
    "completed-without-its-item": (
        lambda d: set_counters(d, completed=2, total=2),
        [("task-items-match-counters", "/tasks/completed")],
    ),
    "failed-counter-without-failed-item": (
        lambda d: set_counters(d, failed=1, total=2),
        [("task-items-match-counters", "/tasks/failed"), ("job-status-consistency", "/tasks/failed")],
    ),
    "unfinished-item-in-array": (
        lambda d: task(d).update(state="running"),
        [
            ("task-items-match-counters", "/tasks/completed"),
            ("task-items-match-counters", f"{TASK}/state"),
            ("task-results-presence", f"{RESULTS}"),
        ],
    ),
    "succeeded-without-results": (lambda d: task(d).pop("results"), [("task-results-presence", TASK)]),
    "succeeded-job-still-in-progress": (
        lambda d: set_counters(d, inProgress=1, total=2),
        [("job-status-consistency", "/tasks/inProgress")],
    ),
    "running-job-with-nothing-in-progress": (
        lambda d: d.update(status="running"),
        [("job-status-consistency", "/tasks/inProgress")],
    ),
    "failed-job-with-succeeded-task": (
        lambda d: d.update(status="failed"),
        [("job-status-consistency", "/status")],
    ),
    "partial-job-without-failure": (
        lambda d: d.update(status="partiallyCompleted"),
        [("job-status-consistency", "/status")],
    ),
    "failed-task-without-job-error": (
        lambda d: (add_failed_task(d), d.update(errors=[])),
        [("job-status-consistency", "/errors")],
    ),
    "updated-before-created": (
        lambda d: d.update(lastUpdateDateTime="2022-05-10T00:05:03Z"),
        [("timestamps-order", "/lastUpdateDateTime")],
    ),
    "expires-when-created": (
        lambda d: d.update(expirationDateTime="2022-05-10T01:05:04+01:00"),
        [("timestamps-order", "/expirationDateTime")],
    ),
    "task-updated-before-job-created": (
        lambda d: task(d).update(lastUpdateDateTime="2022-05-10T00:05:03.9999999Z"),
        [("timestamps-order", f"{TASK}/lastUpdateDateTime")],
    ),
    "document-id-repeated-in-errors": (
        lambda d: task(d)["results"]["errors"][0].update(id="menu-1"),
        [("document-ids-unique", f"{RESULTS}/errors/0/id")],
    ),
    "statistics-do-not-add-up": (
        lambda d: task(d)["results"]["statistics"].update(documentsCount=3),
        [("statistics-consistency", f"{RESULTS}/statistics/documentsCount")],
    ),
    "statistics-miscount-documents": (
        lambda d: task(d)["results"]["statistics"].update(validDocumentsCount=2, erroneousDocumentsCount=0),
        [
            ("statistics-consistency", f"{RESULTS}/statistics/validDocumentsCount"),
            ("statistics-consistency", f"{RESULTS}/statistics/erroneousDocumentsCount"),
        ],
    ),
    "span-past-characters-count": (
        lambda d: task(d)["results"]["documents"][0]["statistics"].update(charactersCount=20),
        [("span-within-document", f"{RESULTS}/documents/0/entities/0/length")],
    ),
    "span-offset-past-characters-count": (
        lambda d: entity(d).update(offset=480),
        [("span-within-document", f"{RESULTS}/documents/0/entities/0/offset")],
    ),
    "span-length-wrong-in-every-unit": (
        lambda d: entity(d).update(length=11),
        [("span-length", f"{RESULTS}/documents/0/entities/0/length")],
    ),
    "next-link-of-another-job": (
        lambda d: d.update(
            {"@nextLink": "https://host/text/analytics/v3.2-preview.2/analyze/jobs/other?$skip=20&$top=20"}
        ),
        [("next-link", "/@nextLink")],
    ),
    "next-link-without-top": (
        lambda d: d.update(
            {"@nextLink": f"https://host/text/analytics/v3.2-preview.2/analyze/jobs/{d['jobId']}?$skip=20"}
        ),
        [("next-link", "/@nextLink")],
    ),
    "next-link-of-another-version": (
        lambda d: d.update(
            {"@nextLink": f"https://host/text/analytics/v3.1/analyze/jobs/{d['jobId']}?$skip=2&$top=2"}
        ),
        [("next-link", "/@nextLink")],
    ),
    "misplaced-task-array": (
        lambda d: d["tasks"].update(
            tasks={"customEntityRecognitionTasks": d["tasks"].pop("customEntityRecognitionTasks")}
        ),
        [("misplaced-task-array", "/tasks/tasks/customEntityRecognitionTasks")],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_rule_fires_at_the_most_specific_place(case: str) -> None:
    """A document broken in one way yields exactly the expected rule findings at the expected pointers."""
    change, expected = CASES[case]
    assert expected == rule_findings(mutate(change))


def test_the_base_document_and_a_partial_job_are_valid() -> None:
    """The unbroken base passes every rule, and so does a consistent partially completed job."""
    assert [] == rule_findings(base())
    assert [] == rule_findings(mutate(add_failed_task))


def sentiment_document() -> dict[str, Any]:
    """A succeeded sentiment job with opinion mining, shaped like the v3.1 recordings."""
    document = copy.deepcopy(base())
    document["tasks"].pop("customEntityRecognitionTasks")
    document["tasks"]["sentimentAnalysisTasks"] = [
        {
            "lastUpdateDateTime": "2022-05-10T00:05:05.3224362Z",
            "state": "succeeded",
            "results": {
                "documents": [
                    {
                        "id": "1",
                        "sentiment": "negative",
                        "confidenceScores": {"positive": 0.0, "neutral": 0.01, "negative": 0.99},
                        "sentences": [
                            {
                                "sentiment": "negative",
                                "confidenceScores": {"positive": 0.0, "neutral": 0.0, "negative": 0.99},
                                "offset": 0,
                                "length": 25,
                                "text": "The food was unacceptable",
                                "targets": [
                                    {
                                        "sentiment": "negative",
                                        "confidenceScores": {"positive": 0.01, "negative": 0.99},
                                        "offset": 4,
                                        "length": 4,
                                        "text": "food",
                                        "relations": [
                                            {
                                                "relationType": "assessment",
                                                "ref": "#/documents/0/sentences/0/assessments/0",
                                            }
                                        ],
                                    }
                                ],
                                "assessments": [
                                    {
                                        "sentiment": "negative",
                                        "confidenceScores": {"positive": 0.01, "negative": 0.99},
                                        "offset": 13,
                                        "length": 12,
                                        "text": "unacceptable",
                                        "isNegated": False,
                                    }
                                ],
                            }
                        ],
                        "warnings": [],
                    }
                ],
                "errors": [],
                "modelVersion": "2020-04-01",
            },
        }
    ]
    return document


SENTENCE = "/tasks/sentimentAnalysisTasks/0/results/documents/0/sentences/0"


def test_sentiment_document_is_valid_under_v3_1() -> None:
    """The opinion-mining example passes every rule."""
    assert [] == rule_findings(sentiment_document(), api_version="v3.1")


def test_relation_to_a_missing_assessment_is_reported() -> None:
    """A relation whose ref points at nothing is an opinion-relation-ref finding at that ref."""
    document = sentiment_document()
    relation = document["tasks"]["sentimentAnalysisTasks"][0]["results"]["documents"][0]["sentences"][0][
        "targets"
    ][0]["relations"][0]
    relation["ref"] = "#/documents/0/sentences/0/assessments/3"
    assert [("opinion-relation-ref", f"{SENTENCE}/targets/0/relations/0/ref")] == rule_findings(
        document, api_version="v3.1"
    )
    relation["ref"] = "#/documents/0/sentences/0/targets/0"
    assert [("opinion-relation-ref", f"{SENTENCE}/targets/0/relations/0/ref")] == rule_findings(
        document, api_version="v3.1"
    )


def test_scores_that_do_not_sum_to_one_are_reported() -> None:
    """Sentence scores summing to 0.9 break confidence-scores-sum; 0.99 (rounding) does not."""
    document = sentiment_document()
    sentence = document["tasks"]["sentimentAnalysisTasks"][0]["results"]["documents"][0]["sentences"][0]
    sentence["confidenceScores"] = {"positive": 0.0, "neutral": 0.0, "negative": 0.9}
    assert [("confidence-scores-sum", f"{SENTENCE}/confidenceScores")] == rule_findings(
        document, api_version="v3.1"
    )


@pytest.mark.parametrize(
    ("text", "length", "unit", "valid"),
    [
        ("Crème brûlée", 12, None, True),
        ("👍🏽 merci", 7, None, True),  # graphemes
        ("👍🏽 merci", 8, None, True),  # code points
        ("👍🏽 merci", 10, None, True),  # UTF-16 code units
        ("👍🏽 merci", 9, None, False),
        ("👍🏽 merci", 7, "TextElement_v8", True),
        ("👍🏽 merci", 8, "TextElement_v8", False),
        ("👍🏽 merci", 10, "Utf16CodeUnit", True),
        ("👍🏽 merci", 8, "Utf16CodeUnit", False),
        ("e\u0301t\u00e9", 3, "TextElement_v8", True),
        ("e\u0301t\u00e9", 4, "UnicodeCodePoint", True),
    ],
)
def test_span_length_counts_in_the_chosen_unit(text: str, length: int, unit: str | None, valid: bool) -> None:
    """By default a span may match any unit; string_index_type= accepts only that unit."""
    document = base()
    entity(document).update(text=text, length=length)
    findings = rule_findings(document, string_index_type=unit)
    assert valid == (findings == [])
    if not valid:
        assert [("span-length", f"{RESULTS}/documents/0/entities/0/length")] == findings


def test_unknown_string_index_type_raises() -> None:
    """An unknown unit is a usage error listing the known ones."""
    with pytest.raises(validator.UnknownStringIndexTypeError) as raised:
        validator.iter_findings(base(), string_index_type="Bytes")
    assert "Utf16CodeUnit" in str(raised.value)


def test_rules_do_not_judge_what_the_schema_rejected() -> None:
    """A counter of the wrong type is one type finding, not also a counters finding."""
    document = base()
    document["tasks"]["completed"] = "1"
    assert [("type", "/tasks/completed")] == rule_findings(document)


def test_timestamps_compare_instants_across_offsets_and_precision() -> None:
    """An offset timestamp that is the same instant, or later with 7 fractional digits, is in order."""
    document = base()
    document["lastUpdateDateTime"] = "2022-05-10T02:05:04+02:00"
    task(document)["lastUpdateDateTime"] = "2022-05-10T00:05:04.0000001Z"
    assert [] == rule_findings(document)


def test_error_responses_are_not_judged_by_job_rules() -> None:
    """Contract rules apply to job states; an error response gets schema checks only."""
    assert [] == rule_findings({"error": {"code": "InvalidRequest", "message": "bad"}})


def test_every_document_rule_has_a_breaking_case_here() -> None:
    """Each document-scope rule in the catalogue is broken by at least one case of this module."""
    reported = {rule for change, _ in CASES.values() for rule, _pointer in rule_findings(mutate(change))}
    document = sentiment_document()
    sentence = document["tasks"]["sentimentAnalysisTasks"][0]["results"]["documents"][0]["sentences"][0]
    sentence["confidenceScores"]["negative"] = 0.5
    sentence["targets"][0]["relations"][0]["ref"] = "#/documents/0/sentences/0/assessments/7"
    reported |= {rule for rule, _pointer in rule_findings(document, api_version="v3.1")}
    # too-many-findings is a warning about the report itself: a cap of one below two errors shows it.
    capped = mutate(lambda d: set_counters(d, total=9, inProgress=9))
    reported |= {finding.rule for finding in validator.iter_findings(capped, max_findings=1)}
    catalogued = {
        rule.id
        for rule in validator.rule_catalogue()
        if rule.scope is validator.Scope.DOCUMENT and validator.DEFAULT_API_VERSION in rule.versions
    }
    assert set() == catalogued - reported
