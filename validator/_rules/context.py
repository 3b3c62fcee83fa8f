"""What a document-scope rule sees: the parsed response, the options, and which parts the schema accepted.

Rules only judge parts the schema accepted, so that one defect is reported once, by the check closest to it,
instead of cascading into findings from every rule that reads the same value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from validator._pointers import escape_token, resolve
from validator._schemas import SUCCESSOR_FAMILY, family_of
from validator._string_units import StringIndexType

FINISHED_TASK_STATES = ("succeeded", "failed")


def is_int(value: Any) -> TypeGuard[int]:
    return type(value) is int or (isinstance(value, int) and not isinstance(value, bool))


def is_number(value: Any) -> TypeGuard[int | float]:
    kind = type(value)
    return kind is float or kind is int or (isinstance(value, (int, float)) and not isinstance(value, bool))


# The abstract Mapping check is slow, so parsed JSON, made of exactly these types, never needs it.
_NEVER_MAPPINGS = frozenset({list, str, int, float, bool, type(None)})


def is_mapping(value: Any) -> TypeGuard[Mapping[str, Any]]:
    kind = type(value)
    return kind is dict or (kind not in _NEVER_MAPPINGS and isinstance(value, Mapping))


def indexed(array: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """``(index, item)`` for the object items of a JSON array; nothing for anything else."""
    if isinstance(array, list):
        for index, item in enumerate(array):
            if is_mapping(item):
                yield index, item


@dataclass(frozen=True)
class TaskItem:
    """One task of the ``tasks`` arrays, where it really is in the document."""

    kind: str  # the array's name, such as "customEntityRecognitionTasks", or the item's kind in tasks.items
    index: int
    pointer: str
    item: Mapping[str, Any]
    misplaced: bool  # found under tasks.tasks, as in the documentation sample
    state_name: str = "state"  # the Language API calls it "status"

    @property
    def state(self) -> Any:
        return self.item.get(self.state_name)

    @property
    def results(self) -> Mapping[str, Any] | None:
        results = self.item.get("results")
        return results if is_mapping(results) else None


@dataclass(frozen=True)
class JobContext:
    """A job-state document under check, with the options that change how rules judge it."""

    document: Mapping[str, Any]
    api_version: str
    schema_errors: frozenset[str] = frozenset()
    string_index_type: StringIndexType | None = None
    request: Mapping[str, Any] | None = None
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def accepted(self, pointer: str) -> bool:
        """True when the schema found no error at ``pointer`` or anywhere below it."""
        if not self.schema_errors:
            return True
        return pointer not in self._rejected()

    def _rejected(self) -> frozenset[str]:
        """Every pointer at or above a schema error: one set lookup per question, however many errors."""
        rejected: frozenset[str] | None = self._cache.get("rejected")
        if rejected is None:
            places = set()
            for error in self.schema_errors:
                places.add(error)
                places.update(error[:at] for at, char in enumerate(error) if char == "/")
            rejected = self._cache["rejected"] = frozenset(places)
        return rejected

    def value(self, pointer: str) -> Any:
        """The value at an RFC 6901 pointer, or None where there is none."""
        return resolve(self.document, pointer)

    def counter(self, name: str) -> int | None:
        """A task counter (completed, failed, inProgress, total) if it is an accepted integer."""
        counters: dict[str, int | None] = self._cache.setdefault("counters", {})
        if name not in counters:  # several rules read the same counters
            value = self.value(f"/tasks/{name}")
            counters[name] = value if is_int(value) and self.accepted(f"/tasks/{name}") else None
        return counters[name]

    @property
    def family(self) -> str:
        """The API family of the version under check: ``"v3"`` or ``"language"``."""
        return family_of(self.api_version)

    @property
    def job_updated_pointer(self) -> str:
        """Where the job's last-update timestamp is: the Language API added a "d" (lastUpdatedDateTime),
        except that 2022-10-01-preview also sent it without one."""
        if self.family == SUCCESSOR_FAMILY and "lastUpdateDateTime" not in self.document:
            return "/lastUpdatedDateTime"
        return "/lastUpdateDateTime"

    @property
    def next_link_name(self) -> str:
        """The name of the next-page link: ``@nextLink`` in v3.x, ``nextLink`` in the Language API."""
        return "nextLink" if self.family == SUCCESSOR_FAMILY else "@nextLink"

    @property
    def tasks(self) -> Mapping[str, Any]:
        tasks = self.document.get("tasks")
        return tasks if is_mapping(tasks) else {}

    def task_items(self) -> list[TaskItem]:
        """Every task item, including those of task arrays misplaced under tasks.tasks."""
        if "task_items" not in self._cache:
            self._cache["task_items"] = list(self._iter_task_items())
        items: list[TaskItem] = self._cache["task_items"]
        return items

    def _iter_task_items(self) -> Iterator[TaskItem]:
        if self.family == SUCCESSOR_FAMILY:
            for index, item in indexed(self.tasks.get("items")):
                kind = item.get("kind")
                name = kind if isinstance(kind, str) else "items"
                yield TaskItem(name, index, f"/tasks/items/{index}", item, False, "status")
            return
        places: list[tuple[str, Mapping[str, Any], bool]] = [("/tasks", self.tasks, False)]
        nested = self.tasks.get("tasks")
        if is_mapping(nested):
            places.append(("/tasks/tasks", nested, True))
        for base, container, misplaced in places:
            for kind, array in container.items():
                # Keys are strings in parsed JSON; a mapping built in Python may hold anything.
                if not (isinstance(kind, str) and kind.endswith("Tasks") and isinstance(array, list)):
                    continue
                for index, item in enumerate(array):
                    if is_mapping(item):
                        yield TaskItem(kind, index, f"{base}/{escape_token(kind)}/{index}", item, misplaced)

    def finished_results(self) -> Iterator[tuple[TaskItem, Mapping[str, Any], str]]:
        """``(task, results, pointer of results)`` for each task that carries results.

        Rules check ``accepted`` on exactly the parts they read: a results object that lacks projectName
        still has document ids worth checking.
        """
        for task in self.task_items():
            results = task.results
            # A cancelled Language API task carries results with no documents: nothing was answered.
            if results is not None and task.state != "cancelled":
                yield task, results, f"{task.pointer}/results"

    def documents_of(
        self, results: Mapping[str, Any], results_pointer: str
    ) -> Iterator[tuple[Mapping[str, Any], str]]:
        """``(document, pointer)`` for each result document."""
        for index, document in indexed(results.get("documents")):
            yield document, f"{results_pointer}/documents/{index}"
