"""Mutations of single job-state documents that break a parsing rule or a schema keyword.

Each is a near miss: a mistake a service, proxy or hand-written fixture could plausibly make (a truncated
body, a score written as a percentage, a timestamp without its offset), applied to a valid document.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from validator._limits import MAX_DEPTH as MAX_NESTING
from validator._limits import MAX_INTEGER_DIGITS
from validator._strategies._mutation_types import Change
from validator._strategies._picking import DOCUMENT, ENTITY, RESULTS, SENTENCE, SPAN, TASK, pick
from validator._strategies._places import delete, get, parent, put
from validator._strategies._vocabulary import task_kinds

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


def runaway_path() -> str:
    """Where ``runaway_details`` reports, below the error it adds: the first level beyond the depth limit."""
    path, depth = "", 3
    while depth <= MAX_NESTING:
        path, depth = path + "/details", depth + 1
        if depth <= MAX_NESTING:
            path, depth = path + "/0", depth + 1
    return path


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
