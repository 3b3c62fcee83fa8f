"""The fake service over real HTTP (urllib): the analyze protocol, seeds, paging, errors and its recording."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import run
from tests.service_client import analyze_request, call, poll_to_end, start_job
from validator import iter_findings, iter_sequence_findings
from validator.service import Lifecycle, serve

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")


def test_post_answers_202_with_an_operation_location_on_the_loopback_address() -> None:
    """A POST of .../analyze is accepted with 202 and a job URL on 127.0.0.1, and no body."""
    with serve(seed=1) as service:
        status, headers, body = call(
            "POST", f"{service.endpoint}/text/analytics/v3.1/analyze", analyze_request()
        )
    assert 202 == status
    assert headers["Operation-Location"].startswith(
        f"http://127.0.0.1:{service.port}/text/analytics/v3.1/analyze/jobs/"
    )
    assert b"" == body


@pytest.mark.parametrize("api_version", ["v3.1", "v3.2-preview.1", "v3.2-preview.2"])
def test_polls_walk_a_valid_lifecycle_that_answers_the_request(api_version: str) -> None:
    """Polls go notStarted, running, then terminal; all valid, as a sequence too, answering the request."""
    request = analyze_request(3)
    with serve(seed=5, lifecycle=Lifecycle(min_polls=3, max_polls=6)) as service:
        polls = poll_to_end(start_job(service.endpoint, request, api_version))
    assert "notStarted" == polls[0]["status"]
    assert "succeeded" == polls[-1]["status"]
    for poll in polls:
        assert [] == list(iter_findings(poll, api_version=api_version, request=request))
    assert [] == list(iter_sequence_findings(polls, api_version=api_version))
    final = polls[-1]["tasks"]
    names = [item["taskName"] for name, items in final.items() if name.endswith("Tasks") for item in items]
    assert ["entityRecognitionTasks-0", "keyPhraseExtractionTasks-0", "sentimentAnalysisTasks-0"] == sorted(
        names
    )
    ids = [document["id"] for document in final["entityRecognitionTasks"][0]["results"]["documents"]]
    assert ["0", "1", "2"] == ids


def test_the_same_seed_serves_the_same_bodies_and_another_seed_others() -> None:
    """Two runs with one seed serve byte-identical polls; a different seed serves a different job."""

    def bodies(seed: int) -> list[bytes]:
        with serve(seed=seed) as service:
            poll_to_end(start_job(service.endpoint, analyze_request()))
            return [exchange.response_body for exchange in service.polls()]

    assert bodies(11) == bodies(11)
    assert bodies(11) != bodies(12)


def test_an_unsupported_model_version_fails_its_task_and_the_job_is_partially_completed() -> None:
    """A task asking for an unknown model-version fails, with a job error targeting it."""
    with serve(seed=2) as service:
        final = poll_to_end(start_job(service.endpoint, analyze_request(failing=True)))[-1]
    assert "partiallyCompleted" == final["status"]
    assert ["#/tasks/keyPhraseExtractionTasks/0"] == [error["target"] for error in final["errors"]]
    assert {"completed": 2, "failed": 1, "inProgress": 0, "total": 3} == {
        key: final["tasks"][key] for key in ("completed", "failed", "inProgress", "total")
    }


def test_unsupported_language_and_empty_text_become_document_errors() -> None:
    """A document in an unsupported language or with no text is answered in every task's errors."""
    request = analyze_request(1)
    request["analysisInput"]["documents"] += [
        {"id": "x", "text": "hola", "language": "xx"},
        {"id": "e", "text": " "},
    ]
    with serve(seed=3) as service:
        final = poll_to_end(start_job(service.endpoint, request))[-1]
    for name in ("entityRecognitionTasks", "keyPhraseExtractionTasks", "sentimentAnalysisTasks"):
        results = final["tasks"][name][0]["results"]
        assert ["x", "e"] == [error["id"] for error in results["errors"]]
        assert ["0"] == [document["id"] for document in results["documents"]]


def test_results_are_paged_with_top_and_skip_and_next_link_leads_through_every_page() -> None:
    """$top pages the results; @nextLink leads to the next page on the fake; together they hold all ids."""
    request = analyze_request(5)
    with serve(seed=4, lifecycle=Lifecycle(min_polls=2, max_polls=2)) as service:
        location = start_job(service.endpoint, request)
        first = poll_to_end(location, "?$top=2")[-1]
        pages, link = [first], first.get("@nextLink")
        while link is not None and len(pages) < 10:
            assert link.startswith(service.endpoint)
            status, _, body = call("GET", link)
            assert 200 == status
            pages.append(json.loads(body))
            link = pages[-1].get("@nextLink")
    assert 3 == len(pages)
    ids = [
        document["id"]
        for page in pages
        for document in page["tasks"]["entityRecognitionTasks"][0]["results"]["documents"]
    ]
    assert ["0", "1", "2", "3", "4"] == ids
    for page in pages:
        assert [] == list(iter_findings(page, api_version="v3.1"))


def test_the_default_page_size_pages_a_large_job() -> None:
    """Without $top, results are paged by the scenario's page size (20 unless changed)."""
    with serve(seed=4, lifecycle=Lifecycle(min_polls=2, max_polls=2, page_size=3)) as service:
        final = poll_to_end(start_job(service.endpoint, analyze_request(4)))[-1]
    assert 3 == len(final["tasks"]["entityRecognitionTasks"][0]["results"]["documents"])
    assert "$skip=3&$top=3" in final["@nextLink"]


def test_show_stats_adds_statistics_only_when_asked() -> None:
    """showStats=true adds job, task and document statistics; without it there are none."""
    with serve(seed=6, lifecycle=Lifecycle(min_polls=2, max_polls=2)) as service:
        location = start_job(service.endpoint, analyze_request())
        with_stats = poll_to_end(location, "?showStats=true")[-1]
        without = json.loads(call("GET", location)[2])
    assert "statistics" in with_stats
    assert "statistics" in with_stats["tasks"]["entityRecognitionTasks"][0]["results"]
    assert "statistics" not in without
    results = without["tasks"]["entityRecognitionTasks"][0]["results"]
    assert "statistics" not in results
    assert all("statistics" not in document for document in results["documents"])


def test_an_unknown_job_id_gets_a_404_error_body() -> None:
    """Polling a job the fake never created answers 404 with a NotFound error."""
    with serve() as service:
        status, _, body = call("GET", f"{service.endpoint}/text/analytics/v3.1/analyze/jobs/no-such-job")
    assert 404 == status
    assert "NotFound" == json.loads(body)["error"]["code"]


@pytest.mark.parametrize(
    ("raw", "inner"),
    [
        (b"", "EmptyRequest"),
        (b"{not json", "InvalidRequestBodyFormat"),
        (b"[]", "InvalidRequestBodyFormat"),
        (b'{"analysisInput": {"documents": []}, "tasks": {}}', "MissingInputRecords"),
        (
            b'{"analysisInput": {"documents": [{"id": "1", "text": "a"}]}, "tasks": {}}',
            "InvalidParameterValue",
        ),
        (
            b'{"analysisInput": {"documents": [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}]}, '
            b'"tasks": {}}',
            "InvalidDocument",
        ),
        (
            b'{"analysisInput": {"documents": [{"id": "1", "text": "a"}]}, "tasks": {"nopeTasks": []}}',
            "InvalidParameterValue",
        ),
    ],
    ids=["empty", "not-json", "not-object", "no-documents", "no-tasks", "duplicate-ids", "unknown-kind"],
)
def test_bad_requests_get_400_with_the_service_error_shape(raw: bytes, inner: str) -> None:
    """A request the service would refuse gets 400 with InvalidRequest and an innererror code."""
    with serve() as service:
        status, _, body = call("POST", f"{service.endpoint}/text/analytics/v3.1/analyze", raw=raw)
    assert 400 == status
    error = json.loads(body)["error"]
    assert ("InvalidRequest", inner) == (error["code"], error["innererror"]["code"])
    assert [] == list(iter_findings(body, api_version="v3.1"))


def test_unknown_paths_and_methods_get_error_answers() -> None:
    """Unknown paths answer 404 and wrong methods 405, each with an error body."""
    with serve() as service:
        missing = call("GET", f"{service.endpoint}/somewhere/else")
        wrong = call("DELETE", f"{service.endpoint}/text/analytics/v3.1/analyze/jobs/x")
    assert (404, "NotFound") == (missing[0], json.loads(missing[2])["error"]["code"])
    assert 405 == wrong[0]


def test_a_recorded_har_validates_clean_with_api_version_auto(tmp_path: Path) -> None:
    """Every poll of a fault-free run, recorded as HAR, passes ta-contract validate --api-version auto."""
    har = tmp_path / "session.har"
    with serve(seed=8, lifecycle=Lifecycle(min_polls=3, max_polls=4)) as service:
        poll_to_end(start_job(service.endpoint, analyze_request(failing=True)))
        poll_to_end(start_job(service.endpoint, analyze_request(2), "v3.2-preview.2"))
        service.write_har(har)
        polls = len(service.polls())
    result = run("validate", "--api-version", "auto", "--format", "json", str(har))
    assert 0 == result.returncode, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert polls == report["summary"]["documents"]


def test_the_ta_service_fixture_serves_the_marked_scenario(pytester: pytest.Pytester) -> None:
    """The plugin's ta_service fixture runs a fake with the scenario of the test's mark and stops it after."""
    pytester.makepyfile(
        """
        import json, urllib.request
        import pytest
        from validator.service import Lifecycle

        @pytest.mark.ta_service(seed=3, lifecycle=Lifecycle(min_polls=2, max_polls=2))
        def test_client(ta_service):
            body = {"analysisInput": {"documents": [{"id": "1", "text": "Hi."}]},
                    "tasks": {"keyPhraseExtractionTasks": [{"parameters": {}}]}}
            post = urllib.request.Request(ta_service.endpoint + "/text/analytics/v3.1/analyze",
                                          data=json.dumps(body).encode(), method="POST")
            with urllib.request.urlopen(post, timeout=30) as answer:
                location = answer.headers["Operation-Location"]
            statuses = [json.load(urllib.request.urlopen(location, timeout=30))["status"] for _ in range(2)]
            assert ["notStarted", "succeeded"] == statuses
            assert 3 == ta_service.scenario.seed
            assert 3 == len(ta_service.exchanges)
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=120).assert_outcomes(passed=1)


def test_a_second_task_of_a_kind_is_refused_under_v3_1_and_accepted_under_v3_2_preview_2() -> None:
    """The 2021 service ran one task per kind; from v3.2-preview.2 a job may hold several of one kind."""
    request = analyze_request()
    request["tasks"]["entityRecognitionTasks"].append({"parameters": {}, "taskName": "second"})
    with serve() as service:
        refused = call("POST", f"{service.endpoint}/text/analytics/v3.1/analyze", request)
        accepted = call("POST", f"{service.endpoint}/text/analytics/v3.2-preview.2/analyze", request)
    assert (400, "InvalidParameterValue") == (
        refused[0],
        json.loads(refused[2])["error"]["innererror"]["code"],
    )
    assert 202 == accepted[0]


def test_a_recording_never_holds_the_subscription_key() -> None:
    """The Ocp-Apim-Subscription-Key header a client sends is recorded as REDACTED."""
    with serve() as service:
        request = urllib.request.Request(
            f"{service.endpoint}/text/analytics/v3.1/analyze/jobs/x",
            headers={"Ocp-Apim-Subscription-Key": "secret-key"},
        )
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=30).close()
        har = json.dumps(service.har())
    assert "secret-key" not in har
    assert "REDACTED" in har


@pytest.mark.parametrize("count", ["three", 0, True, None])
def test_a_bad_sentence_count_is_refused_not_crashed_on(count: object) -> None:
    """An extractive summary task whose sentenceCount is not a positive integer gets 400, not a 500."""
    task = {"parameters": {"sentenceCount": count}}
    request = {
        "analysisInput": {"documents": [{"id": "1", "text": "a"}]},
        "tasks": {"extractiveSummarizationTasks": [task]},
    }
    with serve() as service:
        status, _, body = call("POST", f"{service.endpoint}/text/analytics/v3.2-preview.2/analyze", request)
    assert (400, "InvalidParameterValue") == (status, json.loads(body)["error"]["innererror"]["code"])


def test_a_text_with_a_lone_surrogate_is_answered() -> None:
    """A document text holding a lone surrogate (valid JSON escapes, no UTF-8 form) still gets its polls."""
    raw = (
        b'{"analysisInput": {"documents": [{"id": "1", "text": "Seattle \\ud800 here."}]}, '
        b'"tasks": {"keyPhraseExtractionTasks": [{"parameters": {}}]}}'
    )
    with serve(lifecycle=Lifecycle(min_polls=2, max_polls=2)) as service:
        status, headers, _ = call("POST", f"{service.endpoint}/text/analytics/v3.1/analyze", raw=raw)
        assert 202 == status
        polls = poll_to_end(headers["Operation-Location"])
    assert "succeeded" == polls[-1]["status"]
