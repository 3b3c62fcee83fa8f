"""The unmodified azure-ai-textanalytics 5.4.0 client against the fake service over real HTTP (API v3.1).

For many seeded requests, everything the SDK returns must equal what the fake served: per document and
action its entities, spans, scores, key phrases, sentiments, linked entities, statistics, document errors
and failed actions, across every page. TA_SDK_SEEDS sets how many seeds run (default 200).
The v3.2-preview.2 tests run azure-ai-textanalytics 5.2.0b3 from the python TA_SDK_5_2_PYTHON names
(TA_SDK_5_2_SEEDS seeds, default 200).
"""

from __future__ import annotations

import os

import pytest

from tests.sdk_runs import ARRAYS, SdkRun, sdk_runs
from tests.sdk_views import as_json, served_error, served_view

pytest.importorskip("azure.ai.textanalytics", reason="the sdk-conformance extra is not installed")

SEEDS = int(os.environ.get("TA_SDK_SEEDS", "200"))


def check_run(run: SdkRun) -> None:
    """Asserts that the SDK returned exactly what was served in ``run``."""
    served_tasks = run.served["tasks"]
    job_errors = {error["target"]: error for error in run.served["errors"]}
    if run.served["status"] == "failed":
        # A failed job: the SDK raises an error that lists the job's errors, and returns nothing.
        listed = "".join(f"({error['code']}) {error['message']}" for error in run.served["errors"])
        assert ("HttpResponseError", listed) == run.raised
        return
    assert run.raised is None
    assert run.returned is not None
    assert [document["id"] for document in run.documents] == [row[0]["id"] for row in run.returned]
    for index, action in enumerate(run.actions):
        array = ARRAYS[action["type"]]
        item = next(item for item in served_tasks[array] if item["taskName"] == str(index))
        position = served_tasks[array].index(item)
        returned = [row[index] for row in run.returned]
        if item["state"] == "failed":
            error = job_errors[f"#/tasks/{array}/{position}"]
            expected = [
                {
                    "id": document["id"],
                    "is_error": True,
                    "error": [error["code"], error["message"]],
                    "view": None,
                }
                for document in run.documents
            ]
            assert expected == returned
            continue
        results_by_id = {result["id"]: result for result in item["results"]["documents"]}
        errors_by_id = {error["id"]: error["error"] for error in item["results"]["errors"]}
        assert sorted(results_by_id.keys() | errors_by_id.keys()) == sorted(
            doc["id"] for doc in run.documents
        )
        expected = []
        for document in run.documents:
            if document["id"] in errors_by_id:
                code, message = served_error(errors_by_id[document["id"]])
                expected.append(
                    {"id": document["id"], "is_error": True, "error": [code, message], "view": None}
                )
            else:
                view = as_json(served_view(array, results_by_id[document["id"]]))
                expected.append({"id": document["id"], "is_error": False, "error": None, "view": view})
        assert expected == returned
    assert all(len(run.actions) == len(row) for row in run.returned)


@pytest.mark.parametrize("first", range(0, SEEDS, 25), ids=lambda first: f"seeds-{first}")
def test_sdk_5_4_returns_exactly_what_the_fake_served(first: int) -> None:
    """For each seed of the batch, the v3.1 SDK consumes the served lifecycle and returns what was served."""
    for run in sdk_runs(range(first, min(first + 25, SEEDS)), "v3.1"):
        check_run(run)


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
