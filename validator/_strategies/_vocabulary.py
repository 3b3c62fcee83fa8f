"""What the generators know about the service: task kinds per API version, statuses, and argument checks.

Every check raises ``hypothesis.errors.InvalidArgument``; the public strategies run them inside a deferred
strategy, so that a bad argument is reported when the strategy is first drawn from, as Hypothesis' own
strategies do.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache

from hypothesis.errors import InvalidArgument

from validator._schemas import API_VERSIONS, schema_for
from validator._string_units import STRING_INDEX_TYPES

JOB_STATUSES: tuple[str, ...] = (
    "succeeded",
    "running",
    "notStarted",
    "partiallyCompleted",
    "failed",
    "cancelled",
    "cancelling",
)
# Statuses after which a job never changes (what sequence-status-transition calls terminal).
TERMINAL_STATUSES: frozenset[str] = frozenset({"succeeded", "partiallyCompleted", "failed", "cancelled"})
# Statuses in which every task has finished, so that the counters say inProgress == 0.
FINISHED_STATUSES: frozenset[str] = frozenset({"succeeded", "partiallyCompleted", "failed"})

SPAN_KINDS: frozenset[str] = frozenset(
    {
        "entityRecognition",
        "entityRecognitionPii",
        "entityLinking",
        "sentimentAnalysis",
        "extractiveSummarization",
        "customEntityRecognition",
    }
)
CUSTOM_KINDS: frozenset[str] = frozenset(
    {"customEntityRecognition", "customSingleClassification", "customMultiClassification"}
)
ENTITY_KINDS: frozenset[str] = frozenset(
    {"entityRecognition", "entityRecognitionPii", "customEntityRecognition"}
)

# The names the 2021 service made up for unnamed tasks (v3.1 and v3.2-preview.1 recordings).
SERVER_TASK_NAMES: dict[str, str] = {
    "entityRecognition": "NamedEntityRecognition_latest",
    "entityRecognitionPii": "PersonallyIdentifiableInformation_latest",
    "keyPhraseExtraction": "KeyPhraseExtraction_latest",
    "entityLinking": "EntityLinking_latest",
    "sentimentAnalysis": "SentimentAnalysis_latest",
    "extractiveSummarization": "ExtractiveSummarization_latest",
}
SERVER_NAMING_VERSIONS: frozenset[str] = frozenset({"v3.1", "v3.2-preview.1"})

# Statuses a valid example has only when asked for by name. v3.x has no cancel operation (no DELETE or
# :cancel on analyze jobs in any v3.x OpenAPI document), so no v3.x job is ever cancelled; and a cancelled
# job drawn the old way (a task still in progress, no item for it) crashes the Azure SDKs. See
# docs/clients.md.
OPT_IN_STATUSES: frozenset[str] = frozenset({"cancelled", "cancelling"})

# Tasks of one kind per job. The 2021 service (v3.1, v3.2-preview.1) ran one task per kind: the Azure SDKs
# of mid-2021 refused a second action of a type for that reason (azure-sdk-for-python#19612,
# azure-sdk-for-js#16114, azure-sdk-for-java#22723), and every recording has one. From v3.2-preview.2 the
# service names tasks and runs several per kind; no document states a limit, and the SDKs read a failed
# task's index from the last character of its error target, so examples keep indexes below 10.
_TASKS_PER_KIND = {"v3.1": 1, "v3.2-preview.1": 1}
MANY_TASKS_PER_KIND = 10


def max_tasks_per_kind(api_version: str) -> int:
    return _TASKS_PER_KIND.get(api_version, MANY_TASKS_PER_KIND)


@cache
def task_kinds(api_version: str) -> tuple[str, ...]:
    """The task kinds of a version, read from its schema so that the generators never drift from it."""
    properties = schema_for(api_version)["$defs"]["TasksState"]["properties"]
    return tuple(name.removesuffix("Tasks") for name in properties if name.endswith("Tasks"))


def array_name(kind: str) -> str:
    return f"{kind}Tasks"


def check_api_version(api_version: object) -> str:
    if api_version not in API_VERSIONS:
        raise InvalidArgument(f"api_version={api_version!r} is not one of {', '.join(API_VERSIONS)}")
    return str(api_version)


def check_choices(name: str, value: object, known: Sequence[str]) -> tuple[str, ...]:
    """``value`` as a tuple of choices: one string, or a non-empty collection of strings from ``known``."""
    chosen: tuple[object, ...]
    if isinstance(value, str):
        chosen = (value,)
    elif isinstance(value, Collection) and not isinstance(value, (bytes, dict)):
        chosen = tuple(value)
    else:
        raise InvalidArgument(f"{name}={value!r} must be a string or a collection of strings")
    if not chosen:
        raise InvalidArgument(f"{name}={value!r} is empty; leave it as None to allow every value")
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise InvalidArgument(f"{name}: {unknown!r} not among the known values {', '.join(known)}")
    # Keep the order of ``known``: the first choice is what examples shrink towards.
    return tuple(item for item in known if item in chosen)


def check_size_range(
    name: str, min_value: object, max_value: object, *, floor: int, ceiling: int
) -> tuple[int, int]:
    """``(min_value, max_value)`` once both are integers in [floor, ceiling] and in order."""
    bounds = []
    for label, value in ((f"min_{name}", min_value), (f"max_{name}", max_value)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidArgument(f"{label}={value!r} must be an integer")
        if not floor <= value <= ceiling:
            raise InvalidArgument(f"{label}={value!r} must lie between {floor} and {ceiling}")
        bounds.append(value)
    low, high = bounds
    if low > high:
        raise InvalidArgument(f"min_{name}={low} is greater than max_{name}={high}")
    return low, high


def check_flag(name: str, value: object) -> bool | None:
    """A tri-state option: True (always), False (never) or None (either, drawn)."""
    if value is not None and not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True, False or None")
    return value


def check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")
    return value


def check_unit(value: object) -> str | None:
    if value is not None and value not in STRING_INDEX_TYPES:
        raise InvalidArgument(
            f"string_index_type={value!r} is not one of {', '.join(STRING_INDEX_TYPES)} (or None to draw one)"
        )
    return None if value is None else str(value)
