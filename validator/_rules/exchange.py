"""The analyze request a response answers (``AnalyzeBatchInput``), read as the cross-checks need it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from validator._rules.context import JobContext, TaskItem, indexed
from validator._string_units import DEFAULT_STRING_INDEX_TYPE, STRING_INDEX_TYPES, StringIndexType


def request_texts(request: Mapping[str, Any]) -> dict[str, str]:
    """Document id to text, from ``analysisInput.documents``."""
    analysis_input = request.get("analysisInput")
    documents = analysis_input.get("documents") if isinstance(analysis_input, Mapping) else None
    texts: dict[str, str] = {}
    for document in documents if isinstance(documents, list) else []:
        if isinstance(document, Mapping) and isinstance(document.get("id"), str):
            text = document.get("text")
            texts[document["id"]] = text if isinstance(text, str) else ""
    return texts


def request_tasks(request: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    """Task kind (such as ``entityRecognitionTasks``) to the tasks requested of that kind.

    A Language API request (``AnalyzeTextJobsInput``) lists its tasks with a ``kind`` such as
    ``EntityRecognition``; they are keyed by the kind of the items that answer them
    (``EntityRecognitionLROResults``).
    """
    tasks = request.get("tasks")
    requested: dict[str, list[Mapping[str, Any]]] = {}
    if isinstance(tasks, list):
        for task in tasks:
            if isinstance(task, Mapping) and isinstance(task.get("kind"), str):
                requested.setdefault(f"{task['kind']}LROResults", []).append(task)
        return requested
    for kind, array in tasks.items() if isinstance(tasks, Mapping) else []:
        if isinstance(array, list):
            requested[kind] = [task for task in array if isinstance(task, Mapping)]
    return requested


def task_unit(task: Mapping[str, Any]) -> StringIndexType:
    """The string index unit a requested task asked for, or the service default."""
    parameters = task.get("parameters")
    unit = parameters.get("stringIndexType") if isinstance(parameters, Mapping) else None
    return cast(StringIndexType, unit) if unit in STRING_INDEX_TYPES else DEFAULT_STRING_INDEX_TYPE


def requested_task_for(request: Mapping[str, Any], task: TaskItem) -> Mapping[str, Any] | None:
    """The requested task a response task answers: by name, else the only one of its kind."""
    candidates = request_tasks(request).get(task.kind, [])
    name = task.item.get("taskName")
    if isinstance(name, str):
        named = [candidate for candidate in candidates if candidate.get("taskName") == name]
        return named[0] if named else None
    return candidates[0] if len(candidates) == 1 else None


def unit_for(context: JobContext, task: TaskItem) -> StringIndexType | None:
    """The unit spans of ``task`` are counted in, where it is known: the option, else the request's task."""
    if context.string_index_type is not None:
        return context.string_index_type
    if context.request is None:
        return None
    requested = requested_task_for(context.request, task)
    if requested is not None:
        return task_unit(requested)
    units = {task_unit(candidate) for candidate in request_tasks(context.request).get(task.kind, [])}
    return units.pop() if len(units) == 1 else None


def iter_spans(document: Mapping[str, Any], pointer: str) -> Iterator[tuple[Mapping[str, Any], str]]:
    """Every span of a result document: entities, linked-entity matches, sentences, targets, assessments.

    Every offset counts from the start of the document, opinion targets and assessments included.
    """
    for index, entity in indexed(document.get("entities")):
        entity_pointer = f"{pointer}/entities/{index}"
        if "matches" in entity:
            for match_index, match in indexed(entity.get("matches")):
                yield match, f"{entity_pointer}/matches/{match_index}"
        else:
            yield entity, entity_pointer
    for index, sentence in indexed(document.get("sentences")):
        sentence_pointer = f"{pointer}/sentences/{index}"
        yield sentence, sentence_pointer
        for section in ("targets", "assessments"):
            for part_index, part in indexed(sentence.get(section)):
                yield part, f"{sentence_pointer}/{section}/{part_index}"
