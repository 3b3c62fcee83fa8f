"""The unmodified azure-ai-textanalytics 5.4.0 client against the fake service over real HTTP (API v3.1, and
the Language API versions 2022-05-01 and 2023-04-01).

For many seeded requests, everything the SDK returns must equal what the fake served: per document and
action its entities, spans, scores, key phrases, sentiments, linked entities, statistics, document errors
and failed actions, across every page. TA_SDK_SEEDS sets how many seeds run (default 200).
The v3.2-preview.2 tests run azure-ai-textanalytics 5.2.0b3 from the python TA_SDK_5_2_PYTHON names
(TA_SDK_5_2_SEEDS seeds, default 200).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.sdk_runs import ARRAYS, SdkRun, sdk_runs
from tests.sdk_views import as_json, served_error, served_view
from validator._schemas import ARRAY_KINDS

pytest.importorskip("azure.ai.textanalytics", reason="the sdk-conformance extra is not installed")

SEEDS = int(os.environ.get("TA_SDK_SEEDS", "200"))
SEEDS_LANGUAGE_API = int(os.environ.get("TA_SDK_LANGUAGE_API_SEEDS", "200"))
KINDS = ARRAY_KINDS  # a v3.x task array and the Language API item kind of the same task


def expected_results(
    run: SdkRun, item: dict[str, Any], status: str, error: dict[str, Any] | None, array: str
) -> list[dict[str, Any]]:
    """What the SDK should return, per document, for the action whose served task item is ``item``."""
    if status == "failed":
        assert error is not None
        return [
            {"id": document["id"], "is_error": True, "error": [error["code"], error["message"]], "view": None}
            for document in run.documents
        ]
    results_by_id = {result["id"]: result for result in item["results"]["documents"]}
    errors_by_id = {error["id"]: error["error"] for error in item["results"]["errors"]}
    if status == "cancelled" and not results_by_id and not errors_by_id:
        # A cancelled task has empty results; the SDK reports each document as having none.
        message = f"No result for document. Action returned status '{run.served['status']}'."
        return [
            {"id": document["id"], "is_error": True, "error": [None, message], "view": None}
            for document in run.documents
        ]
    assert sorted(results_by_id.keys() | errors_by_id.keys()) == sorted(doc["id"] for doc in run.documents)
    expected = []
    for document in run.documents:
        if document["id"] in errors_by_id:
            code, message = served_error(errors_by_id[document["id"]])
            expected.append({"id": document["id"], "is_error": True, "error": [code, message], "view": None})
        else:
            view = as_json(served_view(array, results_by_id[document["id"]]))
            expected.append({"id": document["id"], "is_error": False, "error": None, "view": view})
    return expected


def check_run(run: SdkRun) -> None:
    """Asserts that the SDK returned exactly what was served in ``run``."""
    if "refused" in run.served:
        # The Language API refuses the request at submit: the SDK raises with the service's inner message.
        assert run.raised is not None
        assert "HttpResponseError" == run.raised[0]
        assert run.served["refused"]["error"]["innererror"]["message"] in run.raised[1]
        return
    if run.served["status"] == "failed":
        # A failed job: the SDK raises an error that lists the job's errors, and returns nothing.
        listed = "".join(f"({error['code']}) {error['message']}" for error in run.served["errors"])
        assert ("HttpResponseError", listed) == run.raised
        return
    assert run.raised is None
    assert run.returned is not None
    assert [document["id"] for document in run.documents] == [row[0]["id"] for row in run.returned]
    job_errors = {error["target"]: error for error in run.served["errors"]}
    served_tasks = run.served["tasks"]
    for index, action in enumerate(run.actions):
        array = ARRAYS[action["type"]]
        if "items" in served_tasks:
            item = next(item for item in served_tasks["items"] if item["taskName"] == str(index))
            assert KINDS[array] == item["kind"]
            status = item["status"]
            target = f"#/tasks/items/{served_tasks['items'].index(item)}"
        else:
            item = next(item for item in served_tasks[array] if item["taskName"] == str(index))
            status = item["state"]
            target = f"#/tasks/{array}/{served_tasks[array].index(item)}"
        expected = expected_results(run, item, status, job_errors.get(target), array)
        assert expected == [row[index] for row in run.returned]
    assert all(len(run.actions) == len(row) for row in run.returned)


@pytest.mark.parametrize("first", range(0, SEEDS, 25), ids=lambda first: f"seeds-{first}")
def test_sdk_5_4_returns_exactly_what_the_fake_served(first: int) -> None:
    """For each seed of the batch, the v3.1 SDK consumes the served lifecycle and returns what was served."""
    for run in sdk_runs(range(first, min(first + 25, SEEDS)), "v3.1"):
        check_run(run)


@pytest.mark.parametrize("api_version", ["2022-05-01", "2023-04-01"])
@pytest.mark.parametrize("first", range(0, SEEDS_LANGUAGE_API, 25), ids=lambda first: f"seeds-{first}")
def test_sdk_5_4_returns_exactly_what_the_fake_served_under_the_language_api(
    first: int, api_version: str
) -> None:
    """For each seed of the batch, the SDK under a Language API version consumes the served lifecycle (a
    quarter of the clients cancel their job) and returns what was served, or raises for a refused submit."""
    runs = sdk_runs(range(first, min(first + 25, SEEDS_LANGUAGE_API)), api_version)
    for run in runs:
        check_run(run)
    if len(runs) == 25:
        # The batch exercised the paths that matter: a cancelled job, and a job that was not.
        statuses = {run.served.get("status") for run in runs}
        assert "cancelled" in statuses
        assert statuses & {"succeeded", "partiallyCompleted"}


SDK_5_2_PYTHON = os.environ.get("TA_SDK_5_2_PYTHON")
SEEDS_5_2 = int(os.environ.get("TA_SDK_5_2_SEEDS", "200"))


@pytest.mark.skipif(
    not SDK_5_2_PYTHON,
    reason=(
        "TA_SDK_5_2_PYTHON does not name a python with azure-ai-textanalytics 5.2.0b3 (it needs "
        "azure-core 1.22.1 and msrest 0.6.21, so it has its own virtual environment; .ci/run creates it)"
    ),
)
@pytest.mark.parametrize("first", range(0, SEEDS_5_2, 25), ids=lambda first: f"seeds-{first}")
def test_sdk_5_2_beta_returns_exactly_what_the_fake_served(first: int) -> None:
    """For each seed of the batch, the v3.2-preview.2 SDK (5.2.0b3) returns exactly what was served."""
    assert SDK_5_2_PYTHON is not None
    for run in sdk_runs(range(first, min(first + 25, SEEDS_5_2)), "v3.2-preview.2", python=SDK_5_2_PYTHON):
        check_run(run)
