"""Running a real ``azure-ai-textanalytics`` client against the fake service, and reading back both sides.

``sdk_runs(seeds, ...)`` draws a client request for the seed (documents, actions, options), runs the SDK's
``begin_analyze_actions`` against ``serve(seed=...)`` over real HTTP (in this process, or with
``python=`` in a child process of another virtual environment, for an SDK version with old dependencies),
and returns what the SDK returned, as plain records, with what the fake served for that job (the first
finished poll and every page after it, merged per task). Under a Language API version some clients cancel
their job right after submitting it (``poller.cancel()``), and a request the service refuses at submit (an
unsupported model version) is an outcome too.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests import sdk_runner
from tests.helpers import REPO, run_process
from tests.sdk_views import ARRAYS
from validator._service._drawing import draw_one
from validator._strategies._document_texts import document_texts
from validator.service import Lifecycle, RunningService, serve

UNSUPPORTED_MODEL_VERSION = "2019-01-01"
TERMINAL = ("succeeded", "partiallyCompleted", "failed", "cancelled")
LANGUAGE_API = ("2022-05-01", "2023-04-01")
# A job a client cancels takes this many polls to finish on its own: far more than the SDK's poller makes
# before the cancel (sent right after the submit) arrives, so the cancel always finds it unfinished.
CANCELLED_JOB_POLLS = 200


@dataclass
class SdkRun:
    seed: int
    documents: list[dict[str, str]]
    actions: list[dict[str, Any]]  # {"type": action class name, "options": its keyword arguments}
    show_stats: bool
    cancel: bool  # the client cancelled the job right after submitting it
    returned: list[list[dict[str, Any]]] | None  # per document, per action, a sdk_views.result_record
    raised: tuple[str, str] | None  # (type, message) of what the SDK raised instead
    served: dict[str, Any]  # the first finished poll with every later page's results merged in, or
    # {"refused": error body} when the submit was answered 400


def client_request(
    seed: int, api_version: str
) -> tuple[list[dict[str, str]], list[dict[str, Any]], bool, int, bool]:
    """Documents, actions, show_stats, page size and whether to cancel, fixed by ``seed``."""
    chance = random.Random(seed)
    texts = draw_one(st.lists(document_texts(), min_size=1, max_size=6), seed)
    documents = []
    for index, text in enumerate(texts):
        language = text.language if chance.random() < 0.85 else "xx"
        body = text.text if chance.random() < 0.95 else " "
        documents.append({"id": f"doc-{index}", "text": body, "language": language})
    if api_version == "v3.1":
        # The v3.1 service runs one task of each kind, so a v3.1 client asks for each kind at most once.
        types = chance.sample(sorted(ARRAYS), chance.randint(1, len(ARRAYS)))
    else:
        types = [chance.choice(sorted(ARRAYS)) for _ in range(chance.randint(1, 6))]
    # The Language API refuses a whole request for one unsupported model version: rarely, so that most runs
    # get a job. A failed PII task crashes the SDK under v3.1 (a documented SDK bug, see docs/clients.md).
    failing = 0.03 if api_version in LANGUAGE_API else 0.2
    actions = []
    for kind in types:
        fails = chance.random() < failing and not (
            api_version == "v3.1" and kind == "RecognizePiiEntitiesAction"
        )
        options: dict[str, Any] = {"model_version": UNSUPPORTED_MODEL_VERSION if fails else "latest"}
        if kind == "AnalyzeSentimentAction":
            options["show_opinion_mining"] = chance.random() < 0.5
        actions.append({"type": kind, "options": options})
    page_size = chance.randint(1, 7)
    if api_version not in LANGUAGE_API and any(
        action["options"]["model_version"] == UNSUPPORTED_MODEL_VERSION for action in actions
    ):
        # The SDK repeats a failed action's errors on every page (a documented SDK bug): one page only.
        page_size = 20
    cancel = api_version in LANGUAGE_API and chance.random() < 0.25
    return documents, actions, chance.random() < 0.5, page_size, cancel


def sdk_runs(seeds: Sequence[int], api_version: str, *, python: str | None = None) -> list[SdkRun]:
    """For each seed, the SDK's results and the fake's answers, each seed against its own fake (the SDK of
    this process, or with ``python`` of another environment, all in one child process)."""
    requests = [client_request(seed, api_version) for seed in seeds]
    with contextlib.ExitStack() as stack:
        services, specs = [], []
        for seed, (documents, actions, show_stats, page_size, cancel) in zip(seeds, requests, strict=True):
            polls = (CANCELLED_JOB_POLLS, CANCELLED_JOB_POLLS) if cancel else (2, 4)
            lifecycle = Lifecycle(min_polls=polls[0], max_polls=polls[1], page_size=page_size)
            service = stack.enter_context(serve(seed=seed, lifecycle=lifecycle))
            services.append(service)
            specs.append(
                {
                    "endpoint": service.endpoint,
                    "api_version": api_version,
                    "documents": documents,
                    "actions": actions,
                    "show_stats": show_stats,
                    "cancel": cancel,
                }
            )
        outcomes = _in_child(python, specs) if python else [_in_process(spec) for spec in specs]
        served = [merged_final_state(service) for service in services]
    return [
        SdkRun(
            seed,
            spec["documents"],
            spec["actions"],
            spec["show_stats"],
            spec["cancel"],
            outcome.get("results"),
            tuple(outcome["raised"]) if "raised" in outcome else None,
            state,
        )
        for seed, spec, outcome, state in zip(seeds, specs, outcomes, served, strict=True)
    ]


def _in_process(spec: dict[str, Any]) -> dict[str, Any]:
    return sdk_runner.run(spec)


def _in_child(python: str, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = run_process([python, str(REPO / "tests" / "sdk_runner.py")], stdin=json.dumps(specs))
    assert 0 == result.returncode, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def merged_final_state(service: RunningService) -> dict[str, Any]:
    """The first finished poll of the (only) job, with the results of every later page appended per task
    (v3.x: per task array; Language API: per item); ``{"refused": body}`` when the submit was refused."""
    submit = service.exchanges[0]
    if submit.status == 400:
        return {"refused": json.loads(submit.response_body)}
    answered = [
        (exchange.url, json.loads(exchange.response_body))
        for exchange in service.polls()
        if exchange.status == 200
    ]
    first = next(index for index, (_, body) in enumerate(answered) if body["status"] in TERMINAL)
    final = json.loads(json.dumps(answered[first][1]))
    for url, page in answered[first + 1 :]:
        if "skip=" not in url:
            continue  # a repeated poll, not a page ($skip under v3.x, skip under the Language API)
        for name, items in page["tasks"].items():
            if not (name.endswith("Tasks") or name == "items"):
                continue
            for mine, theirs in zip(final["tasks"][name], items, strict=True):
                if "results" in theirs:
                    mine["results"]["documents"] += theirs["results"]["documents"]
                    mine["results"]["errors"] += theirs["results"]["errors"]
    return final
