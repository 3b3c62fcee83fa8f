"""Cross-checks of a response against the analyze request it answers (``iter_findings(..., request=...)``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from validator._findings import echo, repr_of_integer
from validator._rule_registry import Scope, Violation, contract_rule
from validator._rules.context import JobContext, is_int
from validator._rules.documents import answered_ids
from validator._rules.exchange import iter_spans, request_tasks, request_texts, unit_for
from validator._rules.spans import span_end_past_count
from validator._string_units import (
    DEFAULT_STRING_INDEX_TYPE,
    StringIndexType,
    slice_in,
    slice_units,
    units_of,
)


@contract_rule(
    "request-span-text",
    scope=Scope.REQUEST,
    example='request text "Chez Anouk", response entity {"text": "Chez", "offset": 5, "length": 4}',
)
def request_span_text(context: JobContext) -> Iterator[Violation]:
    """Every span's text is the request document's text at its offset and length, in the requested unit."""
    if context.request is None:
        return
    texts = request_texts(context.request)
    cut = _SpanCutter()
    for task, results, results_pointer in context.finished_results():
        unit = unit_for(context, task) or DEFAULT_STRING_INDEX_TYPE
        for document, document_pointer in context.documents_of(results, results_pointer):
            document_id = document.get("id")
            source = texts.get(document_id) if isinstance(document_id, str) else None
            if source is None:
                continue  # an unknown id is request-document-ids' finding
            for span, pointer in iter_spans(document, document_pointer):
                text, offset, length = span.get("text"), span.get("offset"), span.get("length")
                if not (
                    isinstance(text, str) and is_int(offset) and is_int(length) and context.accepted(pointer)
                ):
                    continue
                if span_end_past_count(context, document, document_pointer, span) is not None:
                    continue  # a span past charactersCount is span-within-document's finding
                found = cut(source, offset, length, unit)
                if found != text:
                    where = "lies outside the request document" if found is None else f"is {echo(found)}"
                    yield Violation(
                        f"{pointer}/text",
                        f"the span's text is {echo(text)}, but the request text at offset "
                        f"{repr_of_integer(offset)}, length {repr_of_integer(length)} ({unit}) {where}",
                    )


class _SpanCutter:
    """``slice_in`` for many spans of the same texts: each text is cut into units once, not once per span,
    so that a long non-ASCII document with many entities costs linear, not quadratic, time."""

    def __init__(self) -> None:
        self._units: dict[tuple[str, StringIndexType], list[str]] = {}

    def __call__(self, text: str, offset: int, length: int, unit: StringIndexType) -> str | None:
        if unit == "UnicodeCodePoint" or (text.isascii() and "\r\n" not in text) or offset < 0 or length < 0:
            return slice_in(text, offset, length, unit)  # no segmentation needed
        units = self._units.get((text, unit))
        if units is None:
            units = self._units[(text, unit)] = units_of(text, unit)
        return slice_units(units, offset, length, unit)


@contract_rule(
    "request-document-ids",
    scope=Scope.REQUEST,
    example='request ids ["1", "2"], a finished task answers only "1"',
)
def request_document_ids(context: JobContext) -> Iterator[Violation]:
    """Each finished task answers every requested document exactly once, and no other document."""
    if context.request is None:
        return
    requested = request_texts(context.request)
    paged = context.next_link_name in context.document  # a page answers only some of the documents
    for _task, results, results_pointer in context.finished_results():
        answered = Counter[str]()
        for document_id, id_pointer in answered_ids(results, results_pointer):
            answered[document_id] += 1
            if document_id not in requested and context.accepted(id_pointer):
                yield Violation(
                    id_pointer, f"document id {echo(document_id)} is answered, but was not in the request"
                )
        missing = [document_id for document_id in requested if document_id not in answered]
        if missing and not paged:
            shown = ", ".join(echo(document_id) for document_id in missing[:10])
            more = f" and {len(missing) - 10:,} more" if len(missing) > 10 else ""
            yield Violation(
                results_pointer, f"the task does not answer the requested document(s) {shown}{more}"
            )


@contract_rule(
    "request-tasks",
    scope=Scope.REQUEST,
    example="request asks for keyPhraseExtractionTasks, response holds entityRecognitionTasks",
)
def request_tasks_match(context: JobContext) -> Iterator[Violation]:
    """The response's task kinds, counts and names are those of the request."""
    if context.request is None:
        return
    requested = request_tasks(context.request)
    total = context.counter("total")
    expected_total = sum(len(tasks) for tasks in requested.values())
    if total is not None and total != expected_total:
        yield Violation(
            "/tasks/total",
            f"total is {repr_of_integer(total)}, but the request asked for {expected_total} task(s)",
        )
    seen = Counter[str]()
    for task in context.task_items():
        if task.state_name == "status" and task.state == "cancelled":
            continue  # the service has labelled a cancelled PII task EntityRecognitionLROResults (2022-05-01)
        seen[task.kind] += 1
        asked = requested.get(task.kind, [])
        if not asked:
            yield Violation(
                task.pointer, f"the response holds a {task.kind} task, but the request asked for none"
            )
            continue
        if seen[task.kind] == len(asked) + 1:
            yield Violation(
                task.pointer, f"the request asked for {len(asked)} {task.kind} task(s), and this is one more"
            )
        # Only string names count: a taskName that is an object names nothing (and cannot be hashed).
        names = {candidate["taskName"] for candidate in asked if isinstance(candidate.get("taskName"), str)}
        name = task.item.get("taskName")
        if isinstance(name, str) and name not in names:
            yield Violation(
                f"{task.pointer}/taskName",
                f"the task is named {echo(name)}, but the request named no {task.kind} task so",
            )
        elif name is None and names and len(names) == len(asked):
            yield Violation(
                task.pointer, f"the task has no taskName, although the request named every {task.kind} task"
            )
