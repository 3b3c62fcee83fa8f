"""The contract rules of a schema-clean document in one pass: can any of them fire here?

The registered rules (``validator._rules``) stay the source of truth: each is a small function that builds
pointers and messages for what it finds. Most documents give them nothing to find, and for those the cost is
plumbing: sixteen generators, f-string pointers and pointer lookups. Here one traversal visits each task,
result document and span once, compares what the rules compare, and builds nothing on success.

It answers for the rules in ``COVERED_RULES`` only, as if the schema had accepted every place: rules judge
only places the schema accepted, so a rule that cannot fire when every place is accepted cannot fire when
fewer are. It checks the type of everything it reads, so any document may be asked about. It vouches
conservatively:
whenever a value is unusual (a timestamp that is not plain UTC, non-ASCII span text whose length differs in
code points, a ``@nextLink``, a request to check against) it does not vouch for that rule, and the caller
runs the registered rule, which then builds the findings. Rules it does not cover always run.
``tests/test_fused_rules.py`` checks, on generated and stored documents, that the registered rules find
nothing whenever this module vouches for them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

COVERED_RULES = frozenset(
    {
        "task-counters-sum",
        "task-items-match-counters",
        "task-results-presence",
        "job-status-consistency",
        "timestamps-order",
        "document-ids-unique",
        "statistics-consistency",
        "span-length",
        "span-within-document",
        "opinion-relation-ref",
        "confidence-scores-sum",
        "next-link",
        "misplaced-task-array",
        "request-span-text",
        "request-document-ids",
        "request-tasks",
    }
)
_REQUEST_RULES = frozenset({"request-span-text", "request-document-ids", "request-tasks"})
_PAGING_RULES = frozenset({"next-link"})  # the link itself is the rule's to judge
_SPAN_RULES = frozenset({"span-length"})
_NOTHING: frozenset[str] = frozenset()

# A UTC date-time whose text sorts as its instant does (seconds below 60: no leap second).
_PLAIN_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:[0-5]\d(\.\d{1,9})?Z")
_SCORE_SUM_TOLERANCE = 0.015 + 1e-9
_RELATION_SECTIONS = {"assessment": "assessments", "target": "targets"}


class _CannotVouch(Exception):
    """Something unusual: the registered rules decide."""


def vouched_rules(
    document: Any, *, string_index_type: str | None, request: Mapping[str, Any] | None
) -> frozenset[str]:
    """The covered rules that cannot fire on ``document``: ``COVERED_RULES`` minus ``unvouched_rules``."""
    return _complement(unvouched_rules(document, string_index_type=string_index_type, request=request))


@cache
def _complement(unvouched: frozenset[str]) -> frozenset[str]:
    return COVERED_RULES - unvouched


def unvouched_rules(
    document: Any, *, string_index_type: str | None, request: Mapping[str, Any] | None
) -> frozenset[str]:
    """The covered rules that may fire on ``document`` (a job state): empty for the common case."""
    if type(document) is not dict:
        return COVERED_RULES
    paged = "@nextLink" in document  # a page lists only some of the documents its statistics count
    try:
        tasks = document.get("tasks")
        if type(tasks) is not dict or "tasks" in tasks or "details" in tasks:
            return COVERED_RULES  # misplaced arrays and preview shapes: left to the rules
        items = _task_items(tasks)
        _check_tasks(document, tasks, items)
        _check_timestamps(document, items)
        if type(document.get("statistics")) is dict:
            _check_statistics(document["statistics"], None)
        span_unit_known = string_index_type is not None or request is None
        for _kind, item in items:
            results = item.get("results")
            if type(results) is dict:
                _check_results(results, string_index_type, span_unit_known, paged)
    except (_CannotVouch, ArithmeticError, ValueError, TypeError):
        # A value this pass does not expect (an integer beyond a double, an odd type): the registered rules,
        # which are total, judge it instead; this pass only ever answers "nothing can fire" or "ask them".
        return COVERED_RULES
    if request is not None:
        unvouched = _REQUEST_RULES if string_index_type is not None else _REQUEST_RULES | _SPAN_RULES
        return unvouched | _PAGING_RULES if paged else unvouched
    return _PAGING_RULES if paged else _NOTHING


def _task_items(tasks: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    items = []
    for kind, array in tasks.items():
        if kind.endswith("Tasks") and type(array) is list:
            for item in array:
                if type(item) is not dict:
                    raise _CannotVouch
                items.append((kind, item))
    return items


def _counter(tasks: dict[str, Any], name: str) -> int | None:
    value = tasks.get(name)
    if value is None:
        return None
    if type(value) is not int:
        raise _CannotVouch
    return value


def _check_tasks(document: dict[str, Any], tasks: dict[str, Any], items: list[tuple[str, Any]]) -> None:
    completed, failed = _counter(tasks, "completed"), _counter(tasks, "failed")
    in_progress, total = _counter(tasks, "inProgress"), _counter(tasks, "total")
    if None not in (completed, failed, in_progress, total) and (
        completed + failed + in_progress != total  # type: ignore[operator]  # None ruled out just above
    ):
        raise _CannotVouch
    succeeded_items = failed_items = 0
    for _kind, item in items:
        state = item.get("state")
        if state == "succeeded":
            succeeded_items += 1
            if "results" not in item:
                raise _CannotVouch
        elif state == "failed":
            failed_items += 1
            if "results" in item:
                raise _CannotVouch
        else:
            raise _CannotVouch  # an unfinished task in a task array
    if (completed is not None and completed != succeeded_items) or (
        failed is not None and failed != failed_items
    ):
        raise _CannotVouch
    status = document.get("status")
    if type(status) is not str:
        return
    if status == "succeeded":
        if in_progress not in (None, 0) or failed not in (None, 0):
            raise _CannotVouch
    elif status in ("notStarted", "running"):
        if in_progress == 0:
            raise _CannotVouch
    elif status == "failed":
        if completed not in (None, 0):
            raise _CannotVouch
    elif status == "partiallyCompleted" and (completed == 0 or failed == 0):
        raise _CannotVouch
    if failed_items and type(document.get("errors")) is list:
        raise _CannotVouch  # failed tasks and their job-level errors: the rule matches them


def _check_timestamps(document: dict[str, Any], items: list[tuple[str, dict[str, Any]]]) -> None:
    created = document.get("createdDateTime")
    if created is None:
        return
    created_key = _sortable(created)
    updated = document.get("lastUpdateDateTime")
    if updated is not None and _sortable(updated) < created_key:
        raise _CannotVouch
    expires = document.get("expirationDateTime")
    if expires is not None and _sortable(expires) <= created_key:
        raise _CannotVouch
    for _kind, item in items:
        task_updated = item.get("lastUpdateDateTime")
        if task_updated is not None and _sortable(task_updated) < created_key:
            raise _CannotVouch


def _sortable(value: Any) -> tuple[str, str]:
    """A key that orders plain UTC date-times as their instants: whole seconds, then the fraction."""
    if type(value) is not str or _PLAIN_UTC.fullmatch(value) is None:
        raise _CannotVouch
    return value[:19], value[20:-1].ljust(9, "0")  # "": no fraction, the same instant as ".000"


def _check_statistics(statistics: dict[str, Any], results: dict[str, Any] | None) -> None:
    total = statistics.get("documentsCount")
    valid = statistics.get("validDocumentsCount")
    erroneous = statistics.get("erroneousDocumentsCount")
    counts = (total, valid, erroneous)
    if any(count is not None and type(count) is not int for count in counts):
        raise _CannotVouch
    if None not in counts and total != valid + erroneous:  # type: ignore[operator]  # ints, checked above
        raise _CannotVouch
    if results is None:
        return
    for count, section in ((valid, "documents"), (erroneous, "errors")):
        entries = results.get(section)
        if count is not None and type(entries) is list and count != len(entries):
            raise _CannotVouch


def _check_results(results: dict[str, Any], unit: str | None, span_unit_known: bool, paged: bool) -> None:
    if type(results.get("statistics")) is dict:
        _check_statistics(results["statistics"], None if paged else results)
    documents = results.get("documents")
    seen: set[str] = set()
    answered = 0
    for section in ("documents", "errors"):
        entries = results.get(section)
        if type(entries) is not list:
            continue
        for entry in entries:
            if type(entry) is not dict:
                raise _CannotVouch
            document_id = entry.get("id")
            if type(document_id) is str:
                seen.add(document_id)
                answered += 1
    if len(seen) != answered:
        raise _CannotVouch
    if type(documents) is not list:
        return
    for document in documents:
        _check_document(document, results, unit, span_unit_known)


def _check_document(
    document: dict[str, Any], results: dict[str, Any], unit: str | None, span_unit_known: bool
) -> None:
    _check_scores(document)
    end = _characters_count(document)
    entities = document.get("entities")
    if type(entities) is list:
        for entity in entities:
            if type(entity) is not dict:
                raise _CannotVouch
            if "matches" in entity:
                matches = entity["matches"]
                if type(matches) is not list:
                    raise _CannotVouch
                for match in matches:
                    _check_span(match, unit, span_unit_known, end)
            else:
                _check_span(entity, unit, span_unit_known, end)
    sentences = document.get("sentences")
    if type(sentences) is not list:
        return
    for sentence in sentences:
        if type(sentence) is not dict:
            raise _CannotVouch
        _check_span(sentence, unit, span_unit_known, end)
        _check_scores(sentence)
        for section in ("targets", "assessments"):
            parts = sentence.get(section)
            if parts is None:
                continue
            if type(parts) is not list:
                raise _CannotVouch
            for part in parts:
                _check_span(part, unit, span_unit_known, end)
                _check_scores(part)
                if section == "targets" and "relations" in part:
                    _check_relations(part["relations"], results)


def _characters_count(document: dict[str, Any]) -> int | None:
    """The document's ``statistics.charactersCount``, where every span must end (None: not stated)."""
    statistics = document.get("statistics")
    if type(statistics) is not dict:
        return None
    count = statistics.get("charactersCount")
    if count is None:
        return None
    if type(count) is not int:
        raise _CannotVouch
    return count


def _check_span(span: Any, unit: str | None, span_unit_known: bool, end: int | None) -> None:
    if type(span) is not dict:
        raise _CannotVouch
    if end is not None:
        _check_span_end(span, end)
    text, length = span.get("text"), span.get("length")
    if type(text) is not str or type(length) is not int:
        if text is None or length is None:
            return  # no span to measure (the schema said whether that is right)
        raise _CannotVouch
    if not span_unit_known:
        return  # the unit comes from the request: span-length works it out (it is not vouched for)
    if len(text) == length and (unit in (None, "UnicodeCodePoint") or text.isascii()):
        return
    raise _CannotVouch


def _check_span_end(span: dict[str, Any], end: int) -> None:
    offset, length = span.get("offset"), span.get("length")
    if offset is None or length is None:
        return  # the schema said whether that is right
    if type(offset) is not int or type(length) is not int or offset + length > end:
        raise _CannotVouch


def _check_scores(holder: Any) -> None:
    if type(holder) is not dict:
        raise _CannotVouch
    scores = holder.get("confidenceScores")
    if scores is None:
        return
    if type(scores) is not dict:
        raise _CannotVouch
    if not scores:
        return
    for value in scores.values():
        if type(value) is not float and type(value) is not int:
            raise _CannotVouch
    if abs(sum(scores.values()) - 1) > _SCORE_SUM_TOLERANCE:
        raise _CannotVouch


def _check_relations(relations: Any, results: dict[str, Any]) -> None:
    if type(relations) is not list:
        raise _CannotVouch
    for relation in relations:
        if type(relation) is not dict:
            raise _CannotVouch
        ref, relation_type = relation.get("ref"), relation.get("relationType")
        if type(ref) is not str or type(relation_type) is not str or relation_type not in _RELATION_SECTIONS:
            raise _CannotVouch
        section = _RELATION_SECTIONS[relation_type]
        tokens = ref.split("/")
        if len(tokens) != 7 or tokens[:2] != ["#", "documents"] or tokens[3] != "sentences":
            raise _CannotVouch
        if tokens[5] != section:
            raise _CannotVouch
        node: Any = results
        for token in tokens[1:]:
            if type(node) is dict and token in node:
                node = node[token]
            elif type(node) is list and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise _CannotVouch
