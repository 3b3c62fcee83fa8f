"""Running the real ``azure-ai-textanalytics`` client against the fake service, and reading back both sides.

``sdk_run(seed)`` draws a client request for the seed (documents, actions, options), runs the SDK's
``begin_analyze_actions`` against ``serve(seed=...)`` over real HTTP, and returns what the SDK returned with
what the fake served for that job (the final poll and every page after it, merged per task).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from validator._service._drawing import draw_one
from validator._strategies._document_texts import document_texts
from validator.service import Lifecycle, RunningService, serve

UNSUPPORTED_MODEL_VERSION = "2019-01-01"
TERMINAL = ("succeeded", "partiallyCompleted", "failed")
# The response's task array of each action type, and whether the action takes a string index type.
ARRAYS = {
    "RecognizeEntitiesAction": "entityRecognitionTasks",
    "RecognizePiiEntitiesAction": "entityRecognitionPiiTasks",
    "ExtractKeyPhrasesAction": "keyPhraseExtractionTasks",
    "RecognizeLinkedEntitiesAction": "entityLinkingTasks",
    "AnalyzeSentimentAction": "sentimentAnalysisTasks",
}


@dataclass
class SdkRun:
    seed: int
    documents: list[dict[str, str]]
    actions: list[Any]
    show_stats: bool
    returned: Any  # per document, per action, as the SDK returned them; or the error it raised
    served: dict[str, Any]  # the final job state with every page's results merged in
    service: RunningService


def client_request(
    seed: int, *, failing_pii: bool = False
) -> tuple[list[dict[str, str]], list[Any], bool, int]:
    """Documents, actions, show_stats and page size a client might send, fixed by ``seed``."""
    from azure.ai.textanalytics import (
        AnalyzeSentimentAction,
        ExtractKeyPhrasesAction,
        RecognizeEntitiesAction,
        RecognizeLinkedEntitiesAction,
        RecognizePiiEntitiesAction,
    )

    chance = random.Random(seed)
    texts = draw_one(st.lists(document_texts(), min_size=1, max_size=6), seed)
    documents = []
    for index, text in enumerate(texts):
        language = text.language if chance.random() < 0.85 else "xx"
        body = text.text if chance.random() < 0.95 else " "
        documents.append({"id": f"doc-{index}", "text": body, "language": language})
    kinds = [
        RecognizeEntitiesAction,
        RecognizePiiEntitiesAction,
        ExtractKeyPhrasesAction,
        RecognizeLinkedEntitiesAction,
        AnalyzeSentimentAction,
    ]
    actions = []
    # The v3.1 service runs one task of each kind, so a v3.1 client asks for each kind at most once.
    for kind in chance.sample(kinds, chance.randint(1, len(kinds))):
        fails = chance.random() < 0.2 and (failing_pii or kind is not RecognizePiiEntitiesAction)
        options: dict[str, Any] = {"model_version": UNSUPPORTED_MODEL_VERSION if fails else "latest"}
        if kind is AnalyzeSentimentAction:
            options["show_opinion_mining"] = chance.random() < 0.5
        actions.append(kind(**options))
    page_size = chance.randint(1, 7)
    if any(getattr(action, "model_version", None) == UNSUPPORTED_MODEL_VERSION for action in actions):
        # The SDK repeats a failed action's errors on every page (a documented SDK bug): one page only.
        page_size = 20
    return documents, actions, chance.random() < 0.5, page_size


def sdk_run(seed: int, *, failing_pii: bool = False, max_polls: int = 4) -> SdkRun:
    """The SDK's results and the fake's answers for the request of ``seed``."""
    from azure.ai.textanalytics import TextAnalyticsClient
    from azure.core.credentials import AzureKeyCredential
    from azure.core.exceptions import HttpResponseError

    documents, actions, show_stats, page_size = client_request(seed, failing_pii=failing_pii)
    lifecycle = Lifecycle(min_polls=2, max_polls=max_polls, page_size=page_size)
    with serve(seed=seed, lifecycle=lifecycle) as service:
        client = TextAnalyticsClient(service.endpoint, AzureKeyCredential("fake"), api_version="v3.1")
        with client:
            poller = client.begin_analyze_actions(
                documents, actions, show_stats=show_stats, polling_interval=0
            )
            try:
                returned: list[list[Any]] | HttpResponseError = [list(results) for results in poller.result()]
            except HttpResponseError as error:
                returned = error  # what the SDK does with a failed job: it raises the job's errors
        served = merged_final_state(service)
    return SdkRun(seed, documents, actions, show_stats, returned, served, service)


def merged_final_state(service: RunningService) -> dict[str, Any]:
    """The first terminal poll of the (only) job, with the results of every later page appended per task."""
    answered = [
        (exchange.url, json.loads(exchange.response_body))
        for exchange in service.polls()
        if exchange.status == 200
    ]
    first = next(index for index, (_, body) in enumerate(answered) if body["status"] in TERMINAL)
    final = json.loads(json.dumps(answered[first][1]))
    for url, page in answered[first + 1 :]:
        if "$skip=" not in url:
            continue  # a repeated poll, not a page
        for name, items in page["tasks"].items():
            if not name.endswith("Tasks"):
                continue
            for mine, theirs in zip(final["tasks"][name], items, strict=True):
                if "results" in theirs:
                    mine["results"]["documents"] += theirs["results"]["documents"]
                    mine["results"]["errors"] += theirs["results"]["errors"]
    return final
