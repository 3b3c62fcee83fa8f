"""Mutations of single job-state documents: one per way to break a parsing, schema or contract rule.

Each is a near miss: a mistake a service, proxy or hand-written fixture could plausibly make (a truncated
body, a score written as a percentage, an array nested one level too deep), applied to a valid document. The
parsing and schema ones are in ``_schema_mutations``; the contract ones, and the table of all, are here.
"""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import strategies as st

from validator._limits import DEFAULT_MAX_FINDINGS
from validator._strategies._mutation_types import Change, Mutation, base
from validator._strategies._picking import (
    AT_DOCUMENT,
    AT_ENTITY,
    AT_RESULTS,
    AT_SENTENCE,
    AT_SPANS,
    AT_TASK,
    DOCUMENT,
    RESULTS,
    SENTENCE,
    SPAN,
    TASK,
    pick,
)
from validator._strategies._places import delete, get, put
from validator._strategies._schema_mutations import (
    drop_required,
    duplicate_status,
    empty_document_id,
    empty_task_array,
    endless_total,
    entity_resolutions,
    job_id_with_ticks,
    job_status_completed,
    local_time,
    nan_score,
    negative_offset,
    percentage_score,
    runaway_details,
    runaway_path,
    sentence_mixed,
    task_state_completed,
    tasks_details,
    truncated,
    unknown_inner_code,
    wrong_type,
)
from validator._string_units import STRING_INDEX_TYPES, length_in

entities = base("entityRecognition", "customEntityRecognition", force_spans=True)
sentiment = base("sentimentAnalysis", force_spans=True, max_tasks=1)
spans = base("entityRecognition", "sentimentAnalysis", "extractiveSummarization", force_spans=True)
plain = base("entityRecognition", "keyPhraseExtraction", max_tasks=1)


# Contract rules --------------------------------------------------------------------------------------------


def total_plus_one(draw: st.DrawFn, document: Any) -> Change:
    document["tasks"]["total"] += 1
    return Change(document, "/tasks/total", "total counts one task more than completed + failed + inProgress")


def completed_without_item(draw: st.DrawFn, document: Any) -> Change:
    document["tasks"]["completed"] += 1
    document["tasks"]["total"] += 1
    return Change(document, "/tasks/completed", "completed counts a task that no task array holds")


def results_missing(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, TASK, having="results")
    delete(document, pointer + "/results")
    return Change(document, pointer, "a succeeded task without its results")


def running_with_nothing_in_progress(draw: st.DrawFn, document: Any) -> Change:
    document["status"] = "running"
    return Change(document, "/tasks/inProgress", "status running while no task is in progress")


def failed_with_successes(draw: st.DrawFn, document: Any) -> Change:
    document["status"] = "failed"
    return Change(document, "/status", "status failed although tasks succeeded")


def failure_unexplained(draw: st.DrawFn, document: Any) -> Change:
    document["errors"] = []
    return Change(document, "/errors", "a task failed but the job carries no error for it")


def expires_at_creation(draw: st.DrawFn, document: Any) -> Change:
    document["expirationDateTime"] = document["createdDateTime"]
    return Change(document, "/expirationDateTime", "results expire when the job is created (the docs sample)")


def task_before_job(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, TASK + "/lastUpdateDateTime")
    created = document["createdDateTime"]
    put(document, pointer, f"{int(created[:4]) - 1}{created[4:]}")
    return Change(document, pointer, "a task updated a year before its job was created")


def repeated_document_id(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, RESULTS + r"/documents/[1-9]\d*/id")
    results = pointer.split("/documents/")[0]
    put(document, pointer, get(document, results + "/documents/0/id"))
    return Change(document, pointer, "two documents of one task share an id")


def valid_count_off(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, RESULTS + "/statistics")
    get(document, pointer)["validDocumentsCount"] += 1
    get(document, pointer)["documentsCount"] += 1
    return Change(
        document, pointer + "/validDocumentsCount", "validDocumentsCount counts a document not listed"
    )


def span_past_end(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, SPAN, having="offset")
    result_document = get(document, pointer.split("/entities/")[0].split("/sentences/")[0])
    put(
        document,
        pointer + "/offset",
        result_document["statistics"]["charactersCount"] + draw(st.integers(1, 500)),
    )
    return Change(document, pointer + "/offset", "an offset past the end of the document's charactersCount")


def thousand_unknown_keys(draw: st.DrawFn, document: Any) -> Change:
    for index in range(DEFAULT_MAX_FINDINGS + draw(st.integers(1, 3))):
        document[f"unknown{index}"] = index
    return Change(document, "", "more unknown properties than findings are reported by default")


def length_off(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, SPAN, having="length")
    span = get(document, pointer)
    span["length"] = max(length_in(span["text"], unit) for unit in STRING_INDEX_TYPES) + 1
    return Change(document, pointer + "/length", "a span one unit longer than its text in every unit")


def dangling_relation(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, SENTENCE + r"/targets/\d+/relations/\d+/ref")
    sentence = pointer.split("/targets/")[0]
    ref = get(document, pointer)
    put(document, pointer, f"{ref.rsplit('/', 1)[0]}/{len(get(document, sentence)['assessments'])}")
    return Change(document, pointer, "a relation to the assessment one past the last")


def scores_over_one(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, rf"({DOCUMENT}|{SENTENCE})/confidenceScores")
    scores = get(document, pointer)
    lowest = min(scores, key=scores.get)
    scores[lowest] = round(scores[lowest] + 0.1, 2)
    return Change(document, pointer, "sentiment scores that sum to 1.1")


def link_without_top(draw: st.DrawFn, document: Any) -> Change:
    document["@nextLink"] = document["@nextLink"].replace("&$top=", "&top=")
    return Change(document, "/@nextLink", "a next link whose $top lost its dollar sign")


def link_to_other_job(draw: st.DrawFn, document: Any) -> Change:
    document["@nextLink"] = document["@nextLink"].replace(
        document["jobId"], str(uuid.UUID(int=draw(st.integers(1, 2**64))))
    )
    return Change(document, "/@nextLink", "a next link to another job")


def nested_task_array(draw: st.DrawFn, document: Any) -> Change:
    name = draw(st.sampled_from([key for key in document["tasks"] if key.endswith("Tasks")]))
    document["tasks"]["tasks"] = {name: document["tasks"].pop(name)}
    # The validator reports the nesting once, as this rule, and looks inside it instead of calling tasks.tasks
    # an unknown property.
    return Change(document, f"/tasks/tasks/{name}", "the docs sample's tasks.tasks nesting")


JOB_STATE_MUTATIONS: tuple[Mutation, ...] = (
    Mutation("invalid-json", "truncated-body", plain, truncated, places=("",)),
    Mutation("invalid-json", "nan-score", entities, nan_score, places=(AT_ENTITY + "/confidenceScore",)),
    Mutation("duplicate-key", "repeated-status", plain, duplicate_status, places=("/status",)),
    Mutation(
        "nesting-depth",
        "runaway-error-details",
        plain,
        runaway_details,
        places=("/errors/#" + runaway_path(),),
    ),
    Mutation("integer-too-long", "endless-total", plain, endless_total, places=("/tasks/total",)),
    Mutation(
        "required",
        "missing-required-property",
        entities,
        drop_required,
        places=(AT_DOCUMENT, AT_RESULTS, AT_ENTITY),
    ),
    Mutation(
        "type",
        "value-of-wrong-type",
        entities,
        wrong_type,
        places=(AT_ENTITY + "/confidenceScore", AT_DOCUMENT + "/warnings", "/tasks/total"),
    ),
    Mutation("enum", "job-status-completed", plain, job_status_completed, places=("/status",)),
    Mutation("enum", "task-state-completed", plain, task_state_completed, places=(AT_TASK + "/state",)),
    Mutation(
        "enum", "sentence-sentiment-mixed", sentiment, sentence_mixed, places=(AT_SENTENCE + "/sentiment",)
    ),
    Mutation("format", "job-id-with-ticks", plain, job_id_with_ticks, places=("/jobId",)),
    Mutation(
        "format",
        "timestamp-without-offset",
        plain,
        local_time,
        places=("/createdDateTime", AT_TASK + "/lastUpdateDateTime"),
    ),
    Mutation(
        "minimum",
        "negative-offset",
        spans,
        negative_offset,
        places=tuple(span + "/offset" for span in AT_SPANS),
    ),
    Mutation(
        "maximum",
        "score-as-percentage",
        entities,
        percentage_score,
        places=(AT_ENTITY + "/confidenceScore",),
    ),
    Mutation(
        "minItems",
        "empty-task-array",
        base("entityRecognition", max_tasks=1),
        empty_task_array,
        # The array added is of a kind the base does not hold.
        places=("/tasks/{task array}",),
    ),
    Mutation("minLength", "empty-document-id", plain, empty_document_id, places=(AT_DOCUMENT + "/id",)),
    Mutation(
        "additionalProperties",
        "tasks-details",
        plain,
        tasks_details,
        strict_only=True,
        places=("/tasks/details",),
    ),
    Mutation(
        "additionalProperties",
        "entity-resolutions",
        entities,
        entity_resolutions,
        strict_only=True,
        places=(AT_ENTITY + "/resolutions",),
    ),
    Mutation(
        "open-enum",
        "unknown-inner-error-code",
        base(document_errors=True),
        unknown_inner_code,
        places=(AT_RESULTS + "/errors/#/error/innererror/code",),
    ),
    Mutation("too-many-findings", "a-thousand-unknown-keys", plain, thousand_unknown_keys, places=("",)),
    Mutation("task-counters-sum", "total-plus-one", plain, total_plus_one, places=("/tasks/total",)),
    Mutation(
        "task-items-match-counters",
        "completed-without-item",
        plain,
        completed_without_item,
        places=("/tasks/completed",),
    ),
    Mutation("task-results-presence", "succeeded-without-results", plain, results_missing, places=(AT_TASK,)),
    Mutation(
        "job-status-consistency",
        "running-nothing-in-progress",
        plain,
        running_with_nothing_in_progress,
        places=("/tasks/inProgress",),
    ),
    Mutation(
        "job-status-consistency",
        "failed-with-successes",
        plain,
        failed_with_successes,
        places=("/status",),
    ),
    Mutation(
        "job-status-consistency",
        "failure-without-job-error",
        base(status="partiallyCompleted", max_tasks=3),
        failure_unexplained,
        places=("/errors",),
    ),
    Mutation(
        "timestamps-order",
        "expires-at-creation",
        plain,
        expires_at_creation,
        places=("/expirationDateTime",),
    ),
    Mutation(
        "timestamps-order",
        "task-before-job",
        plain,
        task_before_job,
        places=(AT_TASK + "/lastUpdateDateTime",),
    ),
    Mutation(
        "document-ids-unique",
        "repeated-document-id",
        base(min_documents=2, max_documents=3),
        repeated_document_id,
        places=(AT_DOCUMENT + "/id",),
    ),
    Mutation(
        "statistics-consistency",
        "valid-count-off",
        base(show_stats=True),
        valid_count_off,
        places=(AT_RESULTS + "/statistics/validDocumentsCount",),
    ),
    Mutation(
        "span-length",
        "length-off-by-one",
        spans,
        length_off,
        places=tuple(span + "/length" for span in AT_SPANS),
    ),
    Mutation(
        "span-within-document",
        "offset-past-characters-count",
        base(
            "entityRecognition",
            "sentimentAnalysis",
            "extractiveSummarization",
            force_spans=True,
            show_stats=True,
        ),
        span_past_end,
        places=tuple(span + "/offset" for span in AT_SPANS),
    ),
    Mutation(
        "opinion-relation-ref",
        "relation-past-last-assessment",
        base("sentimentAnalysis", force_spans=True),
        dangling_relation,
        places=(AT_SENTENCE + "/targets/#/relations/#/ref",),
    ),
    Mutation(
        "confidence-scores-sum",
        "scores-sum-over-one",
        sentiment,
        scores_over_one,
        places=(AT_DOCUMENT + "/confidenceScores", AT_SENTENCE + "/confidenceScores"),
    ),
    Mutation(
        "next-link",
        "link-without-top",
        base(paging=True, min_documents=2, max_documents=4),
        link_without_top,
        places=("/@nextLink",),
    ),
    Mutation(
        "next-link",
        "link-to-other-job",
        base(paging=True, min_documents=2, max_documents=4),
        link_to_other_job,
        places=("/@nextLink",),
    ),
    Mutation(
        "misplaced-task-array",
        "nested-task-array",
        plain,
        nested_task_array,
        places=("/tasks/tasks/{tasks}",),
    ),
)
