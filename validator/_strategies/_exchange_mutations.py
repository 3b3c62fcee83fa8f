"""Mutations that break the request cross-checks (exchanges) and the poll-sequence rules (lifecycles)."""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from validator._strategies._example_values import Exchange
from validator._strategies._mutation_types import Change, Mutation, base
from validator._strategies._picking import (
    AT_DOCUMENT,
    AT_RESULTS,
    AT_SPANS,
    AT_TASK,
    RESULTS,
    SPAN,
    TASK,
    pick,
)
from validator._strategies._places import get, put
from validator._strategies._values import job_timestamp

# Exchanges: the payload is an Exchange; the response is changed in place --------------------------------


def span_text_replaced(draw: st.DrawFn, exchange: Exchange) -> Change:
    response = exchange.response
    pointer = pick(draw, response, SPAN, having="length")
    span = get(response, pointer)
    # As long as the real text in every unit, so only the comparison with the request can tell.
    span["text"] = "#" * span["length"]
    return Change(exchange, pointer + "/text", "a span whose text is not what the request has there")


def document_left_out(draw: st.DrawFn, exchange: Exchange) -> Change:
    response = exchange.response
    pointer = pick(draw, response, RESULTS, having="documents")
    documents = get(response, pointer)["documents"]
    assert documents, "the base answers every document in documents"
    documents.pop()  # the last one, so that relation pointers into earlier documents stay right
    return Change(exchange, pointer, "a finished task leaves a requested document unanswered")


def document_renamed(draw: st.DrawFn, exchange: Exchange) -> Change:
    response = exchange.response
    pointer = pick(draw, response, RESULTS + r"/documents/\d+/id")
    put(response, pointer, "not-requested-" + get(response, pointer))
    also = (("request-document-ids", pointer.split("/documents/")[0]),)
    return Change(exchange, pointer, "a finished task answers a document id nobody asked about", also)


def task_renamed(draw: st.DrawFn, exchange: Exchange) -> Change:
    response = exchange.response
    pointer = pick(draw, response, TASK + "/taskName")
    put(response, pointer, get(response, pointer) + "-renamed")
    return Change(exchange, pointer, "a task name the request did not give")


def task_name_dropped(draw: st.DrawFn, exchange: Exchange) -> Change:
    response = exchange.response
    pointer = pick(draw, response, TASK, having="taskName")
    del get(response, pointer)["taskName"]
    return Change(exchange, pointer, "a named task answered without its name")


exchange_spans = base(
    "entityRecognition", "sentimentAnalysis", "customEntityRecognition", force_spans=True, exchange=True
)
exchange_plain = base(
    "entityRecognition", "keyPhraseExtraction", exchange=True, min_documents=2, max_documents=3
)
exchange_named = base(exchange=True, task_names=True)

EXCHANGE_MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "request-span-text",
        "span-text-not-in-request",
        exchange_spans,
        span_text_replaced,
        places=tuple(span + "/text" for span in AT_SPANS),
    ),
    Mutation(
        "request-document-ids", "document-left-out", exchange_plain, document_left_out, places=(AT_RESULTS,)
    ),
    Mutation(
        "request-document-ids",
        "document-not-requested",
        exchange_plain,
        document_renamed,
        places=(AT_DOCUMENT + "/id",),
    ),
    Mutation("request-tasks", "task-renamed", exchange_named, task_renamed, places=(AT_TASK + "/taskName",)),
    Mutation("request-tasks", "task-name-dropped", exchange_named, task_name_dropped, places=(AT_TASK,)),
)

# Lifecycles: the payload is the list of polls ---------------------------------------------------------


def other_job(draw: st.DrawFn, polls: Any) -> Change:
    last = len(polls) - 1
    polls[last]["jobId"] = str(uuid.UUID(int=draw(st.integers(1, 2**64)), version=4))
    return Change(polls, f"/{last}/jobId", "the last poll is of another job")


def terminal_left(draw: st.DrawFn, polls: Any) -> Change:
    again = copy.deepcopy(polls[-1])
    again["status"] = "cancelled"
    polls.append(again)
    return Change(
        polls, f"/{len(polls) - 1}/status", f"a {polls[-2]['status']} job polled again as cancelled"
    )


def counters_bump(draw: st.DrawFn, polls: Any) -> Change:
    # Poll 1 is never terminal (a lifecycle starts notStarted, then runs): one more task there keeps its
    # counters adding up, but total changes from poll 0 to 1 and back from 1 to 2.
    tasks = polls[1]["tasks"]
    tasks["inProgress"] += 1
    tasks["total"] += 1
    also = [("sequence-counters-monotonic", "/2/tasks/total")]
    if tasks["inProgress"] > polls[0]["tasks"]["inProgress"]:
        also.append(("sequence-counters-monotonic", "/1/tasks/inProgress"))
    return Change(
        polls, "/1/tasks/total", "one poll counts a task more than the polls around it", tuple(also)
    )


def results_changed(draw: st.DrawFn, polls: Any) -> Change:
    again = copy.deepcopy(polls[-1])
    pointer = pick(draw, again, TASK + "/results")
    results = get(again, pointer)
    name = "modelVersion" if "modelVersion" in results else "deploymentName"
    results[name] = results[name] + "-updated"
    polls.append(again)
    array = pointer.rsplit("/", 2)[0]
    return Change(polls, f"/{len(polls) - 1}{array}", "a finished task's results change between polls")


def clock_back(draw: st.DrawFn, polls: Any) -> Change:
    last = len(polls) - 1
    previous = polls[last - 1]["lastUpdateDateTime"]
    earlier = datetime.strptime(previous, "%Y-%m-%dT%H:%M:%SZ") - timedelta(seconds=1)
    polls[last]["lastUpdateDateTime"] = job_timestamp(earlier)
    return Change(polls, f"/{last}/lastUpdateDateTime", "the last poll was updated before the one before it")


finished = ("succeeded", "partiallyCompleted", "failed")
any_final = (*finished, "cancelled")
LIFECYCLE_MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "sequence-job-identity", "other-job-id", base(status=any_final), other_job, places=("/#/jobId",)
    ),
    Mutation(
        "sequence-status-transition",
        "terminal-status-left",
        base(status=finished),
        terminal_left,
        places=("/#/status",),
    ),
    Mutation(
        "sequence-counters-monotonic",
        "in-progress-rises",
        base(status=any_final),
        counters_bump,
        places=("/1/tasks/total",),
    ),
    Mutation(
        "sequence-finished-task-stable",
        "results-change",
        base(status=("succeeded", "partiallyCompleted")),
        results_changed,
        places=("/#/tasks/{tasks}",),
    ),
    Mutation(
        "sequence-last-update-monotonic",
        "clock-goes-back",
        base(status=any_final),
        clock_back,
        places=("/#/lastUpdateDateTime",),
    ),
)
