"""The hostile tester's findings, one regression test each: payloads that made the core raise, integers that
cost quadratic time, findings without bound, messages that echoed megabytes, overlapping counter rules."""

from __future__ import annotations

import copy
import json
import sys
import tracemalloc
from typing import Any

import pytest

import validator
from validator._limits import MAX_INTEGER_DIGITS
from validator._parsing import parse_json
from validator._plain_json import UnreadInteger

from .helpers import DATA, load_json, run
from .test_rules import sentiment_document

TASK = "/tasks/customEntityRecognitionTasks/0"
DOCUMENT = f"{TASK}/results/documents/0"
ENTITY = f"{DOCUMENT}/entities/0"


def job() -> dict[str, Any]:
    """A valid succeeded custom entity recognition job with document statistics."""
    document: dict[str, Any] = load_json(DATA / "valid" / "custom-entities-succeeded.json")
    return document


def result_document(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["tasks"]["customEntityRecognitionTasks"][0]["results"]["documents"][0]
    return found


def sentiment_job() -> dict[str, Any]:
    return sentiment_document()


def pairs(findings: Any, *, errors_only: bool = True) -> list[tuple[str, str]]:
    return [(finding.rule, finding.pointer) for finding in findings if finding.is_error or not errors_only]


# --- payloads that raised -----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [{}, [], {"a": [1]}], ids=["object", "array", "nested"])
def test_a_state_that_is_not_a_string_in_an_unknown_task_array_is_a_finding(state: Any) -> None:
    """A task state that is an object or array inside an unknown *Tasks array is reported, not raised on."""
    document = job()
    document["tasks"]["fooTasks"] = [{"state": state}]
    findings = list(validator.iter_findings(document))
    assert ("task-items-match-counters", "/tasks/fooTasks/0/state") in pairs(findings)


def test_a_five_thousand_digit_integer_in_results_of_a_sequence_is_judged() -> None:
    """A 5000-digit integer inside finished results no longer breaks the finished-task comparison."""
    first = job()
    first["tasks"]["customEntityRecognitionTasks"][0]["results"]["x"] = 10**5000
    second = copy.deepcopy(first)
    second["tasks"]["customEntityRecognitionTasks"][0]["results"]["x"] = 10**5000 + 1
    findings = list(validator.iter_sequence_findings([first, second]))
    assert ("sequence-finished-task-stable", "/1/tasks/customEntityRecognitionTasks") in pairs(findings)
    assert [] == pairs(validator.iter_sequence_findings([first, copy.deepcopy(first)]))


def test_an_extra_score_beyond_a_double_breaks_the_sum() -> None:
    """A confidence score of 10**400 makes the scores sum past 1 (an infinite sum), instead of overflowing."""
    document = sentiment_job()
    scores = document["tasks"]["sentimentAnalysisTasks"][0]["results"]["documents"][0]["confidenceScores"]
    scores["extra"] = 10**400
    findings = list(validator.iter_findings(document, api_version="v3.1"))
    rules = [
        finding.rule for finding in findings if finding.pointer.endswith("/documents/0/confidenceScores")
    ]
    assert ["confidence-scores-sum"] == rules


def test_an_object_document_id_with_a_request_is_judged() -> None:
    """A response document id that is an object, checked against a request, gives findings."""
    document = job()
    result_document(document)["id"] = {}
    request = {"analysisInput": {"documents": [{"id": "1", "text": "Chez Anouk. Crème brûlée"}]}, "tasks": {}}
    findings = pairs(validator.iter_findings(document, request=request))
    assert ("type", f"{DOCUMENT}/id") in findings


def test_a_request_task_name_that_is_an_object_is_judged() -> None:
    """A requested taskName that is an object names nothing, so the response's name was not asked for."""
    document = job()
    document["tasks"]["customEntityRecognitionTasks"][0]["taskName"] = "dishes"
    request = {
        "analysisInput": {"documents": []},
        "tasks": {"customEntityRecognitionTasks": [{"taskName": {"not": "a name"}}]},
    }
    findings = pairs(validator.iter_findings(document, request=request))
    assert ("request-tasks", f"{TASK}/taskName") in findings


# --- integers -----------------------------------------------------------------------------------------------


def raw_total(digits: str) -> str:
    return json.dumps(job()).replace('"total": 1', f'"total": {digits}', 1)


@pytest.mark.parametrize("digits", [MAX_INTEGER_DIGITS + 1, 4_000_000], ids=["just-past", "four-million"])
def test_an_integer_past_the_limit_is_not_converted(digits: int) -> None:
    """The parser reads an integer past the limit as a stand-in that knows its length, not converting it."""
    parsed = parse_json("[-" + "9" * digits + "]")
    (value,) = parsed.value
    assert isinstance(value, UnreadInteger)
    assert (digits, True) == (value.digits, value < 0)


def test_an_integer_past_the_limit_is_not_converted_even_without_the_interpreters_limit() -> None:
    """With Python's own digit limit switched off, the parser still does not convert a long integer."""
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        (value,) = parse_json("[" + "7" * (MAX_INTEGER_DIGITS + 5) + "]").value
    finally:
        sys.set_int_max_str_digits(previous)
    assert isinstance(value, UnreadInteger)


def test_integers_up_to_the_limit_stay_exact() -> None:
    """An integer of exactly the limit's digits is parsed exactly and is not integer-too-long."""
    text = "9" * MAX_INTEGER_DIGITS
    assert [10**MAX_INTEGER_DIGITS - 1] == parse_json(f"[{text}]").value
    findings = pairs(validator.iter_findings(raw_total(text)))
    assert [("maximum", "/tasks/total")] == findings


def test_an_integer_past_the_limit_is_one_finding_raw_or_parsed() -> None:
    """Raw text and a parsed value with an integer past the limit give the same one finding at its place."""
    raw = raw_total("1" + "0" * MAX_INTEGER_DIGITS)
    parsed = job()
    parsed["tasks"]["total"] = 10**MAX_INTEGER_DIGITS
    expected = [("integer-too-long", "/tasks/total")]
    assert expected == pairs(validator.iter_findings(raw))
    assert expected == pairs(validator.iter_findings(parsed))
    message = next(iter(validator.iter_findings(raw))).message
    assert message.startswith(f"an integer of {MAX_INTEGER_DIGITS + 1} digits")


def test_a_long_integer_is_reported_the_same_with_or_without_a_duplicate_key() -> None:
    """A 401-digit integer is never invalid-json, whether or not the document also repeats a key."""
    big = "1" + "0" * 400
    alone = pairs(validator.iter_findings(f'{{"x": {big}}}', kind="error"))
    with_duplicate = pairs(validator.iter_findings(f'{{"x": {big}, "y": 1, "y": 1}}', kind="error"))
    assert [] == [pair for pair in alone if pair[0] == "invalid-json"]
    assert [] == [pair for pair in with_duplicate if pair[0] == "invalid-json"]
    assert [pair for pair in with_duplicate if pair[0] != "duplicate-key"] == alone


def test_a_fraction_beyond_a_double_is_still_invalid_json() -> None:
    """Only integers are exempt: a number with an exponent beyond a double is invalid-json, as before."""
    assert ("invalid-json", "/x") in pairs(validator.iter_findings('{"x": 1e400}', kind="error"))


def test_a_raw_request_with_a_long_integer_is_read() -> None:
    """A raw request with a 5000-digit integer is read strictly, like a document, and used for the checks."""
    documents = '{"documents": [{"id": "another", "text": "x"}]}'
    request = '{"analysisInput": ' + documents + ', "tasks": {}, "x": ' + "9" * 5000 + "}"
    findings = pairs(validator.iter_findings(job(), request=request))
    assert ("request-document-ids", f"{DOCUMENT}/id") in findings


# --- the cap on findings ------------------------------------------------------------------------------------


def many_unknown_keys(count: int) -> dict[str, Any]:
    document = job()
    for index in range(count):
        document[f"unknown{index}"] = index
    return document


def test_findings_past_the_cap_are_one_warning_that_counts_them() -> None:
    """1500 unknown properties give 1000 findings and a too-many-findings warning saying 500 are left out."""
    findings = list(validator.iter_findings(many_unknown_keys(1500)))
    assert 1001 == len(findings)
    last = findings[-1]
    assert ("too-many-findings", "", validator.Severity.WARNING) == (last.rule, last.pointer, last.severity)
    assert "500 more (0 error(s), 500 warning(s))" in last.message


def test_the_cap_keeps_errors_first_so_the_verdict_stands() -> None:
    """Past the cap, errors after many warnings are kept: is_valid and validate agree with the full report."""
    document = {f"unknown{index}": index for index in range(50)} | job()  # the warnings come first
    document["status"] = "completed"
    document["tasks"]["total"] = 7
    capped = list(validator.iter_findings(document, max_findings=3))
    assert 4 == len(capped)
    assert {"enum", "task-counters-sum"} <= {finding.rule for finding in capped if finding.is_error}
    assert not validator.is_valid(document)
    with pytest.raises(validator.ContractError) as raised:
        validator.validate(document, max_findings=3)
    assert capped == list(raised.value.findings)


def test_the_kept_findings_are_in_document_order() -> None:
    """What the cap keeps is reported in document order, the warning last."""
    findings = list(validator.iter_findings(many_unknown_keys(300), max_findings=10))
    pointers = [finding.pointer for finding in findings[:-1]]
    assert [f"/unknown{index}" for index in range(10)] == pointers


def test_no_cap_reports_everything() -> None:
    """max_findings=None reports every finding and no too-many-findings."""
    findings = list(validator.iter_findings(many_unknown_keys(1500), max_findings=None))
    assert 1500 == len(findings)
    assert "too-many-findings" not in {finding.rule for finding in findings}


@pytest.mark.parametrize("wrong", [0, -1, True, 1.5, "10"])
def test_a_cap_that_is_not_a_positive_integer_is_refused(wrong: Any) -> None:
    """max_findings must be None or a positive integer, for every entry point that takes it."""
    with pytest.raises(validator.InvalidMaxFindingsError):
        validator.iter_findings({}, max_findings=wrong)
    with pytest.raises(validator.InvalidMaxFindingsError):
        validator.Validator(max_findings=wrong)
    with pytest.raises(validator.InvalidMaxFindingsError):
        validator.iter_sequence_findings([], max_findings=wrong)


def test_a_validator_keeps_its_cap() -> None:
    """Validator(max_findings=N) caps every call, and shows the cap in its repr and equality."""
    checker = validator.Validator(max_findings=5)
    assert 6 == len(list(checker.iter_findings(many_unknown_keys(20))))
    assert "max_findings=5" in repr(checker)
    assert validator.Validator(max_findings=5) == checker
    assert validator.Validator() != checker


def test_the_cap_bounds_memory_for_a_document_with_many_findings() -> None:
    """Checking a document of 20,000 unknown keys allocates a small multiple of its text, not per finding."""
    text = json.dumps(many_unknown_keys(20_000))
    tracemalloc.start()
    try:
        findings = list(validator.iter_findings(text))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert 1001 == len(findings)
    # With every finding kept (max_findings=None), the peak is about 44 times the text; capped, about 19.
    assert peak < 30 * len(text), (peak, len(text))


def test_the_command_line_caps_findings(tmp_path: Any) -> None:
    """ta-contract validate --max-findings N reports N findings and the warning; 0 lifts the cap."""
    path = tmp_path / "many.json"
    path.write_text(json.dumps(many_unknown_keys(30)), encoding="utf-8")
    capped = json.loads(run("validate", "--format", "json", "--max-findings", "4", str(path)).stdout)
    uncapped = json.loads(run("validate", "--format", "json", "--max-findings", "0", str(path)).stdout)
    capped_rules = [finding["rule"] for finding in capped["documents"][0]["findings"]]
    assert (5, "too-many-findings") == (len(capped_rules), capped_rules[-1])
    assert 30 == len(uncapped["documents"][0]["findings"])


@pytest.mark.parametrize("wrong", ["-1", "x", "1e3"])
def test_the_command_line_refuses_a_cap_that_is_not_a_count(wrong: str) -> None:
    """A --max-findings that is not a count is a usage error (exit 2), not a traceback."""
    result = run("validate", "--max-findings", wrong, str(DATA / "valid"))
    assert 2 == result.returncode
    assert "Traceback" not in result.stderr


# --- messages -----------------------------------------------------------------------------------------------


def test_a_long_span_text_is_clipped_in_the_message() -> None:
    """A span-length message quotes the start of a 5-million-character text, an ellipsis and its length."""
    document = job()
    entity = result_document(document)["entities"][0]
    entity["text"] = "a" * 5_000_000
    (finding,) = [f for f in validator.iter_findings(document) if f.rule == "span-length"]
    assert len(finding.message) < 400
    assert '…" (5,000,000 characters)' in finding.message


def test_sequence_messages_count_polls_from_one() -> None:
    """A status going back from the first poll to the second names poll 1 and poll 2, with both values."""
    first, second = job(), job()
    for poll, status in ((first, "running"), (second, "notStarted")):
        poll["status"] = status
        poll["tasks"].update(completed=0, inProgress=1)
        del poll["tasks"]["customEntityRecognitionTasks"]
    findings = [
        f for f in validator.iter_sequence_findings([first, second]) if f.rule.startswith("sequence-status")
    ]
    assert ["/1/status"] == [finding.pointer for finding in findings]
    assert 'from "running" in poll 1 to "notStarted" in poll 2' in findings[0].message


# --- one defect, one finding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counters", "expected"),
    [
        ({"completed": 2}, [("task-items-match-counters", "/tasks/completed")]),
        ({"completed": 2, "total": 2}, [("task-items-match-counters", "/tasks/completed")]),
        ({"total": 3}, [("task-counters-sum", "/tasks/total")]),
    ],
    ids=["completed-alone", "completed-and-total", "total-alone"],
)
def test_one_wrong_counter_is_one_finding(counters: dict[str, int], expected: list[tuple[str, str]]) -> None:
    """A wrong completed counter is task-items-match-counters' finding alone; a wrong total is the sum's."""
    document = job()
    document["tasks"].update(counters)
    assert expected == pairs(validator.iter_findings(document))


# --- spans past charactersCount -----------------------------------------------------------------------------


def test_an_offset_far_past_the_document_is_caught_without_a_request() -> None:
    """An entity offset past statistics.charactersCount is span-within-document, at the offset."""
    document = job()
    result_document(document)["entities"][0]["offset"] = 10_000
    assert [("span-within-document", f"{ENTITY}/offset")] == pairs(validator.iter_findings(document))


def test_a_span_past_the_end_is_one_finding_with_a_request() -> None:
    """With the request, the same span is not also request-span-text's finding."""
    document = job()
    source = result_document(document)
    source["entities"] = source["entities"][:1]
    source["entities"][0]["offset"] = 10_000
    request = {
        "analysisInput": {
            "documents": [{"id": source["id"], "text": "x" * source["statistics"]["charactersCount"]}]
        },
        "tasks": {
            "customEntityRecognitionTasks": [
                {"taskName": document["tasks"]["customEntityRecognitionTasks"][0].get("taskName")}
            ]
        },
    }
    findings = pairs(validator.iter_findings(document, request=request))
    assert ("span-within-document", f"{ENTITY}/offset") in findings
    assert [] == [pair for pair in findings if pair[0] == "request-span-text"]


def test_characters_count_is_compared_in_the_jobs_unit() -> None:
    """An emoji counts two UTF-16 code units: a span ending at charactersCount in that unit is within."""
    document = job()
    target = result_document(document)
    target["entities"] = [{"text": "😀", "category": "x", "offset": 0, "length": 2, "confidenceScore": 0.5}]
    target["statistics"]["charactersCount"] = 2
    assert [] == pairs(validator.iter_findings(document, string_index_type="Utf16CodeUnit"))
    target["statistics"]["charactersCount"] = 1
    assert [("span-within-document", f"{ENTITY}/length")] == pairs(
        validator.iter_findings(document, string_index_type="Utf16CodeUnit")
    )
