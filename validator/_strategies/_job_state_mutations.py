"""Mutations of single job-state documents: one per way to break a parsing, schema or contract rule.

Each is a near miss: a mistake a service, proxy or hand-written fixture could plausibly make (a truncated
body, a score written as a percentage, an array nested one level too deep), applied to a valid document.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from hypothesis import strategies as st

from validator._limits import DEFAULT_MAX_FINDINGS, MAX_INTEGER_DIGITS
from validator._limits import MAX_DEPTH as MAX_NESTING
from validator._strategies._mutation_types import Change, Mutation, base
from validator._strategies._places import delete, get, parent, places, put
from validator._strategies._vocabulary import task_kinds
from validator._string_units import STRING_INDEX_TYPES, length_in

RESULTS = r"/tasks/\w+Tasks/\d+/results"
DOCUMENT = RESULTS + r"/documents/\d+"
ENTITY = DOCUMENT + r"/entities/\d+"
SENTENCE = DOCUMENT + r"/sentences/\d+"
SPAN = rf"{ENTITY}(/matches/\d+)?|{SENTENCE}(/(targets|assessments)/\d+)?"
TASK = r"/tasks/\w+Tasks/\d+"

entities = base("entityRecognition", "customEntityRecognition", force_spans=True)
sentiment = base("sentimentAnalysis", force_spans=True, max_tasks=1)
spans = base("entityRecognition", "sentimentAnalysis", "extractiveSummarization", force_spans=True)
plain = base("entityRecognition", "keyPhraseExtraction", max_tasks=1)


def pick(draw: st.DrawFn, document: Any, pattern: str, *, having: str | None = None) -> str:
    """One place matching ``pattern`` (holding the key ``having``, if given); the base guarantees one."""
    found = places(document, pattern)
    if having is not None:
        found = [
            pointer
            for pointer in found
            if isinstance(get(document, pointer), dict) and having in get(document, pointer)
        ]
    assert found, f"the base document has no place matching {pattern}"
    return draw(st.sampled_from(found))


# Parsing ---------------------------------------------------------------------------------------------------


def endless_total(draw: st.DrawFn, document: Any) -> Change:
    marker = "__endless_total__"
    document["tasks"]["total"] = marker
    digits = "1" + "0" * draw(st.integers(MAX_INTEGER_DIGITS, MAX_INTEGER_DIGITS + 50))
    text = json.dumps(document, indent=2, ensure_ascii=False).replace(json.dumps(marker), digits)
    return Change(
        text, "/tasks/total", f"a total of {len(digits)} digits, as a runaway serialiser might write"
    )


def truncated(draw: st.DrawFn, document: Any) -> Change:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return Change(text[: text.rindex("}")], "", "the body ends before the root object's closing brace")


def nan_score(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, ENTITY + "/confidenceScore")
    put(document, pointer, float("nan"))
    return Change(json.dumps(document, ensure_ascii=False), pointer, "a confidence score serialised as NaN")


def duplicate_status(draw: st.DrawFn, document: Any) -> Change:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    member = f'"status": {json.dumps(document["status"])},'
    # The same value twice: only the repetition is wrong, whichever value a consumer keeps.
    return Change(
        text.replace(member, f"{member}\n  {member}", 1), "/status", "the status member is repeated"
    )


def runaway_details(draw: st.DrawFn, document: Any) -> Change:
    # An error whose details hold an error whose details hold an error... as a runaway serialiser might write.
    document["errors"].append({"code": "InternalServerError", "message": "Internal error."})
    pointer, depth = f"/errors/{len(document['errors']) - 1}", 3  # the root, errors, then this error
    while depth <= MAX_NESTING:
        get(document, pointer)["details"] = [{"code": "InternalServerError", "message": "Internal error."}]
        pointer, depth = pointer + "/details", depth + 1
        if depth <= MAX_NESTING:
            pointer, depth = pointer + "/0", depth + 1
    # The validator names the first array or object beyond its depth limit.
    return Change(document, pointer, f"error details nested {depth} levels deep")


# Schema keywords -------------------------------------------------------------------------------------------


def drop_required(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(
        draw, document, rf"{DOCUMENT}/warnings|{RESULTS}/(modelVersion|projectName)|{ENTITY}/confidenceScore"
    )
    delete(document, pointer)
    container, name = parent(pointer)
    return Change(document, container, f"removed the required property {name!r}")


def wrong_type(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, rf"{ENTITY}/confidenceScore|{DOCUMENT}/warnings|/tasks/total")
    value = get(document, pointer)
    put(document, pointer, {} if isinstance(value, list) else str(value))
    return Change(document, pointer, f"{json.dumps(value)} written as {json.dumps(get(document, pointer))}")


def job_status_completed(draw: st.DrawFn, document: Any) -> Change:
    document["status"] = "completed"
    return Change(
        document, "/status", "the documentation sample's job status 'completed' (the service says succeeded)"
    )


def task_state_completed(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, TASK + "/state")
    put(document, pointer, "completed")
    return Change(document, pointer, "the documentation sample's task state 'completed'")


def sentence_mixed(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, SENTENCE + "/sentiment")
    put(document, pointer, "mixed")
    return Change(document, pointer, "a sentence labelled 'mixed', which only documents may be")


def job_id_with_ticks(draw: st.DrawFn, document: Any) -> Change:
    document["jobId"] += "_637448832000000000"
    return Change(document, "/jobId", "the v3.1-preview.3 job id shape <uuid>_<ticks>, not a UUID")


def local_time(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, rf"/createdDateTime|{TASK}/lastUpdateDateTime")
    put(document, pointer, get(document, pointer).rstrip("Z"))
    return Change(document, pointer, "a timestamp without its offset (local time)")


def negative_offset(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, rf"({SPAN})/offset")
    put(document, pointer, -1)
    return Change(document, pointer, "an offset of -1 (a 'not found' marker leaked into the response)")


def percentage_score(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, ENTITY + "/confidenceScore")
    score = get(document, pointer)
    put(document, pointer, round(score * 100) if score > 0.01 else 87)
    return Change(document, pointer, "a confidence score written as a percentage")


def empty_task_array(draw: st.DrawFn, document: Any) -> Change:
    present = {name.removesuffix("Tasks") for name in document["tasks"] if name.endswith("Tasks")}
    kind = draw(st.sampled_from([kind for kind in task_kinds_of(document) if kind not in present]))
    document["tasks"][f"{kind}Tasks"] = []
    return Change(
        document, f"/tasks/{kind}Tasks", "an empty task array (the service omits the array instead)"
    )


def task_kinds_of(document: Any) -> tuple[str, ...]:
    # Every version has the five v3.1 kinds, which is all an empty-array mutation needs.
    return task_kinds("v3.1")


def empty_document_id(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, DOCUMENT + "/id")
    put(document, pointer, "")
    return Change(document, pointer, "an empty document id")


def tasks_details(draw: st.DrawFn, document: Any) -> Change:
    document["tasks"]["details"] = {"name": "NA", "lastUpdateDateTime": document["lastUpdateDateTime"]}
    return Change(document, "/tasks/details", "the v3.1 previews' tasks.details object")


def entity_resolutions(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, ENTITY) + "/resolutions"
    put(document, pointer, [])
    return Change(document, pointer, "an entity property of a later API version (resolutions)")


def unknown_inner_code(draw: st.DrawFn, document: Any) -> Change:
    pointer = pick(draw, document, RESULTS + r"/errors/\d+/error/innererror/code")
    put(document, pointer, "ExtractionFailure")
    return Change(document, pointer, "an inner error code this contract does not list yet")


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
    Mutation("invalid-json", "truncated-body", plain, truncated),
    Mutation("invalid-json", "nan-score", entities, nan_score),
    Mutation("duplicate-key", "repeated-status", plain, duplicate_status),
    Mutation("nesting-depth", "runaway-error-details", plain, runaway_details),
    Mutation("integer-too-long", "endless-total", plain, endless_total),
    Mutation("required", "missing-required-property", entities, drop_required),
    Mutation("type", "value-of-wrong-type", entities, wrong_type),
    Mutation("enum", "job-status-completed", plain, job_status_completed),
    Mutation("enum", "task-state-completed", plain, task_state_completed),
    Mutation("enum", "sentence-sentiment-mixed", sentiment, sentence_mixed),
    Mutation("format", "job-id-with-ticks", plain, job_id_with_ticks),
    Mutation("format", "timestamp-without-offset", plain, local_time),
    Mutation("minimum", "negative-offset", spans, negative_offset),
    Mutation("maximum", "score-as-percentage", entities, percentage_score),
    Mutation("minItems", "empty-task-array", base("entityRecognition", max_tasks=1), empty_task_array),
    Mutation("minLength", "empty-document-id", plain, empty_document_id),
    Mutation("additionalProperties", "tasks-details", plain, tasks_details, strict_only=True),
    Mutation("additionalProperties", "entity-resolutions", entities, entity_resolutions, strict_only=True),
    Mutation("open-enum", "unknown-inner-error-code", base(document_errors=True), unknown_inner_code),
    Mutation("too-many-findings", "a-thousand-unknown-keys", plain, thousand_unknown_keys),
    Mutation("task-counters-sum", "total-plus-one", plain, total_plus_one),
    Mutation("task-items-match-counters", "completed-without-item", plain, completed_without_item),
    Mutation("task-results-presence", "succeeded-without-results", plain, results_missing),
    Mutation(
        "job-status-consistency", "running-nothing-in-progress", plain, running_with_nothing_in_progress
    ),
    Mutation("job-status-consistency", "failed-with-successes", plain, failed_with_successes),
    Mutation(
        "job-status-consistency",
        "failure-without-job-error",
        base(status="partiallyCompleted", max_tasks=3),
        failure_unexplained,
    ),
    Mutation("timestamps-order", "expires-at-creation", plain, expires_at_creation),
    Mutation("timestamps-order", "task-before-job", plain, task_before_job),
    Mutation(
        "document-ids-unique",
        "repeated-document-id",
        base(min_documents=2, max_documents=3),
        repeated_document_id,
    ),
    Mutation("statistics-consistency", "valid-count-off", base(show_stats=True), valid_count_off),
    Mutation("span-length", "length-off-by-one", spans, length_off),
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
    ),
    Mutation(
        "opinion-relation-ref",
        "relation-past-last-assessment",
        base("sentimentAnalysis", force_spans=True),
        dangling_relation,
    ),
    Mutation("confidence-scores-sum", "scores-sum-over-one", sentiment, scores_over_one),
    Mutation(
        "next-link", "link-without-top", base(paging=True, min_documents=2, max_documents=4), link_without_top
    ),
    Mutation(
        "next-link",
        "link-to-other-job",
        base(paging=True, min_documents=2, max_documents=4),
        link_to_other_job,
    ),
    Mutation("misplaced-task-array", "nested-task-array", plain, nested_task_array),
)
