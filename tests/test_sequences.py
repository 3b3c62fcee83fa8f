"""Poll sequences: successive responses for one job, checked together."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import validator

from .helpers import CAPTURES, DATA, SHARED_MISSING_REASON, capture_files, load_json

# Polls of one job each, in the order the recordings received them.
RECORDED_SEQUENCES = {
    "v3.1 invalid language hint": ("v3.1", "v3.1/apikey.recording_invalid_language_hint.js__{}.json", 4),
    "v3.2-preview.2 custom entities": (
        "v3.2-preview.2",
        "v3.2-preview.2/apikey.recording_single_custom_entity_recognition_action.json__{}.json",
        3,
    ),
    "v3.2-preview.1 paging": (
        "v3.2-preview.1",
        "v3.2-preview.1/apikey.recording_paged_results_with_custom_page_size.js__{}.json",
        3,
    ),
}


def errors(polls: list[Any], **options: Any) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in validator.iter_sequence_findings(polls, **options) if f.is_error]


@pytest.mark.skipif(not capture_files(), reason=SHARED_MISSING_REASON)
@pytest.mark.parametrize("name", list(RECORDED_SEQUENCES))
def test_recorded_poll_sequences_pass(name: str) -> None:
    """The polls recorded from the service for one job pass every sequence rule."""
    api_version, pattern, count = RECORDED_SEQUENCES[name]
    polls = [(CAPTURES / pattern.format(number)).read_bytes() for number in range(1, count + 1)]
    assert [] == list(validator.iter_sequence_findings(polls, api_version=api_version))


@pytest.mark.skipif(not capture_files(), reason=SHARED_MISSING_REASON)
def test_preview_sequence_has_only_its_schema_findings() -> None:
    """The v3.1-preview.5 polls, under v3.1, break no sequence rule (only their known preview shapes)."""
    polls = [
        (
            CAPTURES / f"v3.1-preview.5/aad.recording_whole_batch_with_no_language_hint.js__{n}.json"
        ).read_bytes()
        for n in range(1, 5)
    ]
    rules = {f.rule for f in validator.iter_sequence_findings(polls, api_version="v3.1")}
    assert {"additionalProperties"} == rules


def polls() -> list[dict[str, Any]]:
    """notStarted, then running, then succeeded, built from the project's own example."""
    finished: dict[str, Any] = load_json(DATA / "valid" / "custom-entities-succeeded.json")
    waiting = copy.deepcopy(finished)
    waiting.update(status="notStarted", lastUpdateDateTime="2022-05-10T00:05:04Z")
    waiting["tasks"] = {"completed": 0, "failed": 0, "inProgress": 1, "total": 1}
    running = copy.deepcopy(waiting)
    running.update(status="running")
    return [waiting, running, finished]


def test_a_consistent_lifecycle_passes() -> None:
    """notStarted -> running -> succeeded with growing counters passes."""
    assert [] == errors(polls())


def test_findings_of_one_poll_carry_its_index() -> None:
    """A poll's own finding is reported with its index in front of the pointer."""
    sequence = polls()
    sequence[1]["status"] = "completed"
    assert [("enum", "/1/status")] == errors(sequence)


def test_raw_polls_get_positions_in_their_own_text() -> None:
    """Sequence findings on raw polls carry the line and column in that poll's text."""
    sequence = [validator_json(poll) for poll in polls()]
    sequence[2] = sequence[2].replace('"jobId": "0b3a5f0e', '"jobId": "1b3a5f0e')
    found = [
        (f.rule, f.pointer, f.line, f.column)
        for f in validator.iter_sequence_findings(sequence)
        if f.is_error
    ]
    assert [("sequence-job-identity", "/2/jobId", 2, 12)] == found


def validator_json(document: dict[str, Any]) -> str:
    import json

    return json.dumps(document, indent=2, ensure_ascii=False)


def test_another_job_in_the_sequence_is_reported() -> None:
    """A poll with another jobId or createdDateTime breaks sequence-job-identity."""
    sequence = polls()
    sequence[2]["createdDateTime"] = "2022-05-10T00:05:03Z"
    assert [("sequence-job-identity", "/2/createdDateTime")] == errors(sequence)


def test_status_never_goes_back_or_leaves_a_terminal_state() -> None:
    """running after succeeded, or notStarted after running, breaks sequence-status-transition."""
    sequence = polls()
    assert [("sequence-status-transition", "/1/status")] == errors([sequence[1], sequence[0]])
    after_end = copy.deepcopy(sequence[1])
    after_end["lastUpdateDateTime"] = "2022-05-10T00:05:06Z"
    found = errors([sequence[2], after_end])
    assert ("sequence-status-transition", "/1/status") in found


def test_counters_never_go_backwards() -> None:
    """completed falling, inProgress rising and total changing break sequence-counters-monotonic."""
    sequence = polls()
    assert ("sequence-counters-monotonic", "/1/tasks/completed") in errors([sequence[2], sequence[1]])
    grown = copy.deepcopy(sequence[1])
    grown["tasks"].update(inProgress=2, total=2)
    assert [
        ("sequence-counters-monotonic", "/1/tasks/inProgress"),
        ("sequence-counters-monotonic", "/1/tasks/total"),
    ] == errors([sequence[1], grown])


def test_finished_tasks_keep_their_results() -> None:
    """A task finished in one poll with other results in the next breaks sequence-finished-task-stable."""
    sequence = polls()
    changed = copy.deepcopy(sequence[2])
    changed["tasks"]["customEntityRecognitionTasks"][0]["results"]["deploymentName"] = "staging"
    changed["lastUpdateDateTime"] = "2022-05-10T00:05:06Z"
    assert [("sequence-finished-task-stable", "/1/tasks/customEntityRecognitionTasks")] == errors(
        [sequence[2], changed]
    )


def test_last_update_never_decreases() -> None:
    """A later poll updated before the previous one breaks sequence-last-update-monotonic."""
    sequence = polls()
    earlier = copy.deepcopy(sequence[1])
    earlier["lastUpdateDateTime"] = "2022-05-10T00:05:04Z"
    later = copy.deepcopy(sequence[1])
    later["lastUpdateDateTime"] = "2022-05-10T00:05:05Z"
    assert [("sequence-last-update-monotonic", "/1/lastUpdateDateTime")] == errors([later, earlier])


def test_empty_and_single_sequences_have_no_sequence_finding() -> None:
    """Nothing to compare yields nothing beyond each poll's own findings."""
    assert [] == errors([])
    assert [] == errors(polls()[:1])


def test_unparseable_poll_stops_only_the_comparison(tmp_path: Path) -> None:
    """A poll that is not JSON gets its invalid-json finding; the others are still checked alone."""
    sequence: list[Any] = [*polls()]
    sequence[1] = b'{"status": '
    assert [("invalid-json", "/1")] == errors(sequence)


def test_the_comparisons_between_polls_are_capped_by_max_findings() -> None:
    """Past max_findings the sequence findings stop, errors kept first and in poll order, and one
    too-many-findings warning at the root counts the rest; without a cap every one is reported."""
    sequence = polls() * 4  # each return to notStarted and each new creation time is a sequence error
    for index, poll in enumerate(sequence):
        poll = sequence[index] = copy.deepcopy(poll)
        poll["createdDateTime"] = f"2022-05-10T00:05:{index:02d}Z"
    every = compared(validator.iter_sequence_findings(sequence, max_findings=None))
    assert len(every) > 6
    capped = list(validator.iter_sequence_findings(sequence, max_findings=3))
    assert every[:3] == compared(capped)
    assert ("too-many-findings", "") == (capped[-1].rule, capped[-1].pointer)
    assert capped[-1].message.startswith(f"the comparisons between polls have {len(every):,} findings")
    assert 1 == sum(finding.rule == "too-many-findings" for finding in capped)


def compared(findings: Any) -> list[tuple[str, str]]:
    """The findings of the comparisons between polls (not those of each poll on its own)."""
    return [(f.rule, f.pointer) for f in findings if f.rule.startswith("sequence-")]
