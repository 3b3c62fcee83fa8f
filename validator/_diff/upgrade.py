"""The upgrade diff: from a Text Analytics v3.x contract to a Language API one, as a client must act on it.

The two families describe the same response in different shapes, so a plain walk would report little more
than "everything removed, everything added". Instead the v3.x contract is first *projected* onto the
successor's shape along the known correspondence (each task array onto ``tasks.items[]`` of its ``kind``,
``state`` onto ``status``, ``lastUpdateDateTime`` onto ``lastUpdatedDateTime``, ``@nextLink`` onto
``nextLink``); the projection is then diffed with the ordinary walk, the results of each task kind are diffed
pairwise, and the correspondence itself is reported as renamed and moved properties. What no schema can show
(how the service counts cancelled tasks, say) is listed as behaviour notes, each with its evidence.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from validator._diff.change_kinds import Classification
from validator._diff.compare import Change, _Walk, diff_contracts
from validator._diff.contracts import resolve
from validator._schemas import ARRAY_KINDS, SUCCESSOR_VERSIONS, V3_VERSIONS, schema_for
from validator.exceptions import InvalidContractError

# Job-level properties that only changed their name.
JOB_RENAMES = {"lastUpdateDateTime": "lastUpdatedDateTime", "@nextLink": "nextLink"}
ITEMS = "/tasks/items"
# The classifications the upgrade lists: informational changes (documentation, names) alter no response.
_LISTED = ("breaking", "compatible")


@dataclass(frozen=True)
class BehaviourNote:
    """A change in what the service sends that no schema can express, with where it was seen."""

    summary: str
    evidence: str


BEHAVIOUR_NOTES = (
    BehaviourNote(
        "A job is reached at GET {endpoint}/language/analyze-text/jobs/{jobId}?api-version=V (submitted with "
        "POST .../language/analyze-text/jobs); v3.x used .../text/analytics/{v}/analyze/jobs/{jobId}.",
        "OpenAPI documents of both families",
    ),
    BehaviourNote(
        "tasks.items is [] while the job is notStarted or running; v3.x omitted its task arrays until a task "
        "of that kind had finished.",
        "captures/successor/2022-05-01 (polls 1 and 2), 2023-04-01 (poll 1)",
    ),
    BehaviourNote(
        "Cancelled tasks are counted in no counter (completed 1, failed 0, inProgress 0, total 4), yet stay "
        "in tasks.items with status cancelled and results holding no documents: do not expect "
        "completed + failed + inProgress == total.",
        "captures/successor/2022-05-01, the cancelled poll (recorded 2022-09-07)",
    ),
    BehaviourNote(
        "A cancelled PII task came back with kind EntityRecognitionLROResults: match items to requested "
        "tasks by taskName, not by kind, and do not trust the kind of a cancelled item.",
        "captures/successor/2022-05-01, the cancelled poll",
    ),
    BehaviourNote(
        "With showStats=true, statistics are inside each task's results; none is sent at job level.",
        "captures/successor/2022-10-01-preview (three custom tasks, 2022-10-17)",
    ),
    BehaviourNote(
        "An invalid model version fails the submit (POST) with HTTP 400 and an error response; v3.x accepted "
        "the job and reported a failed task.",
        "captures/successor/2023-04-01 (the 400 response, 2023-06-02)",
    ),
    BehaviourNote(
        'On 2022-10-01-preview the job-level timestamp was sent as lastUpdateDateTime (no "d") in late 2022 '
        "and as lastUpdatedDateTime later; task items say lastUpdateDateTime in every version.",
        "captures/successor/2022-10-01-preview",
    ),
)


def is_upgrade(old: str, new: str) -> bool:
    """Whether ``old`` to ``new`` crosses from the v3.x family to the Language API family."""
    return old in V3_VERSIONS and new in SUCCESSOR_VERSIONS


def diff_upgrade(old: str, new: str) -> list[Change]:
    """Every change a client that reads the v3.x response ``old`` must make to read ``new``, breaking first.

    Raises ``InvalidContractError`` unless ``old`` is a v3.x version and ``new`` a Language API version.
    """
    if not is_upgrade(old, new):
        raise InvalidContractError(
            f"{old} -> {new}",
            f"an upgrade goes from a v3.x version ({', '.join(V3_VERSIONS)}) "
            f"to a Language API version ({', '.join(SUCCESSOR_VERSIONS)})",
        )
    old_bundle, new_bundle = schema_for(old), schema_for(new)
    new_kinds = set(new_bundle["$defs"]["TaskKind"]["enum"])
    arrays = _task_arrays(old_bundle)
    changes = _correspondence(arrays, new_kinds)
    projected_old = _project(old_bundle, arrays)
    projected_new = _without_kind_branches(new_bundle)
    changes += diff_contracts(projected_old, projected_new)
    changes += _results_changes(old_bundle, new_bundle, arrays, new_kinds)
    listed = {change for change in changes if change.classification in _LISTED}
    return sorted(listed, key=_reading_order)


def _reading_order(change: Change) -> tuple[int, str, str, str, str]:
    return (
        _LISTED.index(change.classification),
        change.pointer,
        change.kind,
        change.message,
        change.schema_pointer,
    )


def _task_arrays(bundle: Mapping[str, Any]) -> dict[str, str]:
    """Each task array of a v3.x bundle with the name of its item definition."""
    properties = bundle["$defs"]["TasksState"]["properties"]
    return {
        name: schema["items"]["$ref"].rsplit("/", 1)[1]
        for name, schema in properties.items()
        if name in ARRAY_KINDS and isinstance(schema.get("items"), Mapping)
    }


def _change(
    pointer: str, schema_pointer: str, kind: str, classification: Classification, message: str
) -> Change:
    return Change(pointer, schema_pointer, kind, classification, message, "properties")


def _correspondence(arrays: Mapping[str, str], new_kinds: set[str]) -> list[Change]:
    """The renames and moves that map the v3.x response onto the successor's."""
    changes = [
        _change(
            f"/{old}",
            f"/$defs/AnalyzeJobState/properties/{new.replace('@', '')}",
            "property-renamed",
            "breaking",
            f"property {old!r} renamed to {new!r}",
        )
        for old, new in JOB_RENAMES.items()
    ]
    for array in arrays:
        kind = ARRAY_KINDS[array]
        if kind in new_kinds:
            message = f"task array {array!r} moved into tasks.items[], as the items with kind {kind!r}"
            changes.append(
                _change(f"/tasks/{array}", f"/$defs/{kind}", "property-renamed", "breaking", message)
            )
            changes.append(
                _change(
                    f"/tasks/{array}/*/state",
                    "/$defs/TaskItem/properties/status",
                    "property-renamed",
                    "breaking",
                    f"task property 'state' renamed to 'status' (in tasks.items[] with kind {kind!r})",
                )
            )
        else:
            message = f"task array {array!r} removed: this version has no kind {kind!r}"
            changes.append(
                _change(f"/tasks/{array}", "/$defs/TaskKind/enum", "property-removed", "breaking", message)
            )
    changes.append(
        _change(
            f"{ITEMS}/*/kind",
            "/$defs/TaskItem/properties/kind",
            "required-property-added",
            "compatible",
            "required property 'kind' added (string): the item's kind replaces the name of its task array",
        )
    )
    return changes


def _project(bundle: Mapping[str, Any], arrays: Mapping[str, str]) -> dict[str, Any]:
    """The v3.x bundle in the successor's shape, so that the ordinary walk compares like with like."""
    projected = copy.deepcopy(dict(bundle))
    definitions = projected["$defs"]
    job = definitions["AnalyzeJobState"]
    for old, new in JOB_RENAMES.items():
        if old in job["properties"]:
            job["properties"][new] = job["properties"].pop(old)
        job["required"] = [new if name == old else name for name in job.get("required", [])]
    tasks = definitions["TasksState"]
    for array in arrays:
        tasks["properties"].pop(array)
    tasks["properties"]["items"] = {"type": "array", "items": {"$ref": "#/$defs/TaskItem"}}
    definitions["TaskKind"] = {"type": "string", "enum": [ARRAY_KINDS[array] for array in arrays]}
    any_item = definitions[next(iter(arrays.values()))]
    item = copy.deepcopy(any_item)
    item["properties"] = {
        "kind": {"$ref": "#/$defs/TaskKind"},
        **{name: value for name, value in item["properties"].items() if name != "state"},
        "status": item["properties"]["state"],
        "results": {"type": "object"},
    }
    item["required"] = ["kind", *("status" if name == "state" else name for name in item["required"])]
    definitions["TaskItem"] = item
    return projected


def _without_kind_branches(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """The successor bundle with the per-kind branches of TaskItem left out: results are compared per kind."""
    projected = copy.deepcopy(dict(bundle))
    projected["$defs"]["TaskItem"].pop("allOf", None)
    return projected


def _results_changes(
    old_bundle: Mapping[str, Any],
    new_bundle: Mapping[str, Any],
    arrays: Mapping[str, str],
    new_kinds: set[str],
) -> list[Change]:
    """The changes inside each kind's results, reported at tasks.items[]/results with the kind named."""
    changes = []
    for array, definition in arrays.items():
        kind = ARRAY_KINDS[array]
        if kind not in new_kinds:
            continue
        walk = _Walk(old_bundle, new_bundle)
        old_results = resolve(old_bundle, {"$ref": f"#/$defs/{definition}/properties/results"}, "")
        new_results = resolve(new_bundle, {"$ref": f"#/$defs/{kind}/properties/results"}, "")
        walk.compare(old_results, new_results, f"{ITEMS}/*/results", frozenset())
        for change in walk.changes:
            changes.append(
                Change(
                    change.pointer,
                    change.schema_pointer,
                    change.kind,
                    change.classification,
                    f"{kind}: {change.message}",
                    change.keyword,
                )
            )
    return changes
