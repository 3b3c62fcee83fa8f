"""The fake service under the Language API versions, over real HTTP: submit, poll, page, cancel, refusals,
faults, and a recording that validates with exactly the injected findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SHARED
from tests.service_client import (
    analyze_request,
    call,
    cancel_url,
    injected_findings,
    language_request,
    poll_to_end,
    reported_findings,
    start_job,
    start_language_job,
)
from validator import SUCCESSOR_VERSIONS, iter_findings, iter_sequence_findings
from validator._service._faults import check_fault_rules
from validator._strategies._plan import MISSING_DEPLOYMENT
from validator.service import Faults, Lifecycle, serve

RECORDED_400 = "net_POST_submit_400_invalid_model_version.NOT_JOB_STATE.json"
V2022 = "?api-version=2022-05-01"


def job_url(endpoint: str, api_version: str, tail: str = "") -> str:
    return f"{endpoint}/language/analyze-text/jobs{tail}?api-version={api_version}"


def errors(document: Any, api_version: str, request: Any = None) -> list[tuple[str, str]]:
    return [
        (finding.rule, finding.pointer)
        for finding in iter_findings(document, api_version=api_version, request=request, strict=True)
        if finding.is_error
    ]


def sequence_errors(polls: list[Any], api_version: str) -> list[tuple[str, str]]:
    findings = iter_sequence_findings(polls, api_version=api_version, strict=True)
    return [(finding.rule, finding.pointer) for finding in findings if finding.is_error]


@pytest.mark.parametrize("api_version", SUCCESSOR_VERSIONS)
def test_polls_walk_a_valid_language_api_lifecycle_that_answers_the_request(api_version: str) -> None:
    """A submit answers 202 with the job's URL (api-version kept); its polls are valid, strictly and as a
    sequence, in the successor's shape, with the request's documents and task names."""
    request = language_request(3)
    with serve(seed=5, lifecycle=Lifecycle(min_polls=3, max_polls=6)) as service:
        location = start_language_job(service.endpoint, request, api_version)
        polls = poll_to_end(location)
    assert location.startswith(f"{service.endpoint}/language/analyze-text/jobs/")
    assert location.endswith(f"?api-version={api_version}")
    assert ["notStarted", "succeeded"] == [polls[0]["status"], polls[-1]["status"]]
    for poll in polls:
        assert [] == errors(poll, api_version, request)
        assert "lastUpdatedDateTime" in poll
    assert [] == [
        finding for finding in iter_sequence_findings(polls, api_version=api_version) if finding.is_error
    ]
    items = polls[-1]["tasks"]["items"]
    assert ["entities", "phrases", "sentiment"] == sorted(item["taskName"] for item in items)
    assert {"succeeded"} == {item["status"] for item in items}
    for item in items:
        assert ["0", "1", "2"] == [document["id"] for document in item["results"]["documents"]]


@pytest.mark.parametrize("names", [("top", "skip"), ("$top", "$skip")])
def test_results_are_paged_by_top_and_skip_and_the_next_link_leads_through_every_page(
    names: tuple[str, str],
) -> None:
    """Paging reads the documented top and skip (what the Python SDK sends) and the $-names of the
    nextLink; following nextLink from the first page reaches every document of every task once."""
    top, skip = names
    request = language_request(5)
    with serve(seed=2, lifecycle=Lifecycle(min_polls=2, max_polls=2)) as service:
        location = start_language_job(service.endpoint, request, "2023-04-01")
        poll_to_end(location)
        pages, url = [], f"{location}&{top}=2&{skip}=0"
        while url and len(pages) < 10:
            status, _, body = call("GET", url)
            assert 200 == status
            pages.append(json.loads(body))
            url = pages[-1].get("nextLink")
    assert 3 == len(pages)
    for page in pages:
        assert [] == errors(page, "2023-04-01")
    for task in ("entities", "phrases", "sentiment"):
        ids = [
            document["id"]
            for page in pages
            for item in page["tasks"]["items"]
            if item["taskName"] == task
            for document in item["results"]["documents"]
        ]
        assert ["0", "1", "2", "3", "4"] == ids


@pytest.mark.parametrize("api_version", ["2022-05-01", "2023-04-01"])
def test_a_cancelled_job_passes_through_cancelling_and_ends_as_the_recorded_cancel(api_version: str) -> None:
    """Cancelling after the first poll: 202 with the job's URL, then one cancelling poll with the counters
    unchanged, then cancelled with every task an item, the unfinished ones cancelled with empty results and
    counted nowhere (as the 2022-05-01 recording shows). Every poll is valid, and so is the sequence."""
    request = language_request(2)
    with serve(seed=4, lifecycle=Lifecycle(min_polls=5, max_polls=5)) as service:
        location = start_language_job(service.endpoint, request, api_version)
        first = json.loads(call("GET", location)[2])
        status, headers, _ = call("POST", cancel_url(location))
        polls = [first, *poll_to_end(location)]
        again = call("POST", cancel_url(location))[0]
    assert (202, location) == (status, headers["Operation-Location"])
    assert 202 == again  # cancelling a cancelled job is no error
    assert ["cancelling", "cancelled"] == [poll["status"] for poll in polls[-2:]]
    assert polls[-3]["tasks"] == polls[-2]["tasks"]
    final = polls[-1]["tasks"]
    cancelled = [item for item in final["items"] if item["status"] == "cancelled"]
    assert 3 == len(final["items"])
    assert cancelled
    assert 0 == final["inProgress"]
    assert final["total"] == final["completed"] + final["failed"] + len(cancelled)
    assert all([] == item["results"]["documents"] for item in cancelled)
    for poll in polls:
        assert [] == errors(poll, api_version, request)
    assert [] == [
        finding for finding in iter_sequence_findings(polls, api_version=api_version) if finding.is_error
    ]


def test_a_finished_job_cannot_be_cancelled_and_an_unknown_one_is_not_found() -> None:
    """Cancelling a finished job is a 400 error (the SDK documents an error there); an unknown job is 404;
    a cancel must be a POST."""
    with serve(seed=1, lifecycle=Lifecycle(min_polls=2, max_polls=2)) as service:
        location = start_language_job(service.endpoint, language_request(), "2022-05-01")
        polls = poll_to_end(location)
        finished = call("POST", cancel_url(location))
        unknown = call("POST", job_url(service.endpoint, "2022-05-01", "/no-such-job:cancel"))
        as_get = call("GET", cancel_url(location))
        after = json.loads(call("GET", location)[2])
    assert "succeeded" == polls[-1]["status"] == after["status"]
    assert (400, "InvalidRequest") == (finished[0], json.loads(finished[2])["error"]["code"])
    assert (404, "NotFound") == (unknown[0], json.loads(unknown[2])["error"]["code"])
    assert 405 == as_get[0]


def test_an_unsupported_model_version_is_refused_at_submit_as_recorded() -> None:
    """The Language API refuses an unsupported model version with a 400 at submit (v3.x failed the task):
    the same codes and outer message as the recorded 2023-04-01 answer."""
    with serve() as service:
        status, _, body = call(
            "POST", job_url(service.endpoint, "2023-04-01"), language_request(model_version="InvalidVersion")
        )
    answer = json.loads(body)["error"]
    assert 400 == status
    assert "'InvalidVersion' is not supported for model-version parameter" in answer["innererror"]["message"]
    recording = (
        SHARED / "captures/successor/2023-04-01/net_POST_submit_400_invalid_model_version.NOT_JOB_STATE.json"
    )
    if recording.is_file():
        recorded = json.loads(recording.read_text())["error"]
        assert (recorded["code"], recorded["message"], recorded["innererror"]["code"]) == (
            answer["code"],
            answer["message"],
            answer["innererror"]["code"],
        )
    assert [] == errors(json.loads(body), "2023-04-01")


def test_a_failed_task_is_targeted_at_its_place_in_items() -> None:
    """A custom task whose deployment is gone fails; its job-level error targets #/tasks/items/<k>."""
    request = language_request(2)
    request["tasks"].append(
        {
            "kind": "CustomEntityRecognition",
            "taskName": "custom",
            "parameters": {"projectName": "reviews", "deploymentName": MISSING_DEPLOYMENT},
        }
    )
    with serve(seed=3) as service:
        final = poll_to_end(start_language_job(service.endpoint, request, "2023-04-01"))[-1]
    assert "partiallyCompleted" == final["status"]
    failed = [index for index, item in enumerate(final["tasks"]["items"]) if item["status"] == "failed"]
    assert [f"#/tasks/items/{failed[0]}"] == [error["target"] for error in final["errors"]]
    assert "custom" == final["tasks"]["items"][failed[0]]["taskName"]
    assert [] == errors(final, "2023-04-01", request)


@pytest.mark.parametrize(
    ("tail", "query", "body", "status", "code"),
    [
        ("", "", language_request(), 400, "ApiVersionUnspecified"),
        ("", "?api-version=2021-01-01", language_request(), 400, "UnsupportedApiVersion"),
        ("", "?api-version=v3.1", language_request(), 400, "UnsupportedApiVersion"),
        (
            "",
            "?api-version=2022-05-01",
            {**language_request(), "tasks": [{"kind": "Healthcare"}]},
            400,
            "InvalidRequest",
        ),
        ("", "?api-version=2022-05-01", {**language_request(), "tasks": []}, 400, "InvalidRequest"),
        (
            "",
            "?api-version=2022-05-01",
            {**language_request(), "tasks": {"kind": "x"}},
            400,
            "InvalidRequest",
        ),
        ("", "?api-version=2022-05-01", analyze_request(), 400, "InvalidRequest"),
        ("/some-job", "?api-version=2022-05-01", None, 404, "NotFound"),
        ("/a/b", "?api-version=2022-05-01", None, 404, "NotFound"),
    ],
)
def test_bad_language_api_requests_get_error_answers(
    tail: str, query: str, body: Any, status: int, code: str
) -> None:
    """Missing or unknown versions, unknown task kinds, a v3.x body, unknown jobs and paths: error bodies."""
    with serve() as service:
        method = "POST" if body is not None else "GET"
        answer = call(method, f"{service.endpoint}/language/analyze-text/jobs{tail}{query}", body)
    assert (status, code) == (answer[0], json.loads(answer[2])["error"]["code"])


def test_a_v3_job_is_not_found_under_the_language_api_and_the_reverse() -> None:
    """Jobs belong to the protocol that created them."""
    with serve() as service:
        v3 = start_job(service.endpoint, analyze_request())
        language = start_language_job(service.endpoint, language_request(), "2022-05-01")
        v3_id = v3.rsplit("/", 1)[1]
        language_id = language.split("?")[0].rsplit("/", 1)[1]
        across = call("GET", job_url(service.endpoint, "2022-05-01", f"/{v3_id}"))[0]
        back = call("GET", f"{service.endpoint}/text/analytics/v3.1/analyze/jobs/{language_id}")[0]
        other_version = call("GET", language.replace("2022-05-01", "2023-04-01"))[0]
    assert (404, 404, 404) == (across, back, other_version)


def test_a_language_api_recording_with_faults_validates_with_exactly_the_injected_findings(
    tmp_path: Path,
) -> None:
    """Faults under a Language API version break the successor's rules (its own, and shared ones carried over
    from the carrier job); a rule only v3.x has breaks nothing there; the HAR, cancel included, validates
    with exactly the labelled findings."""
    rules = (
        "item-counters-sum",
        "enum",
        "invalid-json",
        "span-length",
        "analyze-text-next-link",
        "task-counters-sum",
    )
    faults = Faults(invalid_rules=rules, invalid_rate=0.5, throttle_rate=0.1, retry_after=0)
    har = tmp_path / "language.har"
    with serve(seed=12, faults=faults, lifecycle=Lifecycle(min_polls=3, max_polls=4, page_size=1)) as service:
        for index in range(5):
            location = start_language_job(service.endpoint, language_request(2), "2023-04-01")
            if index == 0:
                call("POST", cancel_url(location))
            poll_to_end(location, "&showStats=true")
        service.write_har(har)
        exchanges = service.exchanges
    broken = {
        exchange.fault.rule for exchange in exchanges if exchange.fault and exchange.fault.kind == "invalid"
    }
    assert broken
    assert "task-counters-sum" not in broken
    assert injected_findings(har, exchanges) == reported_findings(har)


def test_fault_rules_of_either_family_are_accepted_and_unknown_ones_refused() -> None:
    """A rule only the Language API has, or only v3.x has, can be chosen (the fake serves both); an unknown
    rule or one about the command line's input is refused before anything listens."""
    check_fault_rules(("item-counters-sum", "task-counters-sum"))
    with pytest.raises(ValueError, match="not a rule id"):
        check_fault_rules(("no-such-rule",))
    with pytest.raises(ValueError, match="command line"):
        check_fault_rules(("invalid-har",))
    with pytest.raises(ValueError, match="not a rule id"), serve(faults=Faults(invalid_rules=("nope",))):
        pass
