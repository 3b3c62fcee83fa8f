"""Rules on the documents of each task's results: unique ids and statistics that agree with them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from validator._findings import echo
from validator._rule_registry import Violation, contract_rule
from validator._rules.context import JobContext, is_int, is_mapping


def answered_ids(results: Mapping[str, Any], results_pointer: str) -> Iterator[tuple[str, str]]:
    """``(document id, pointer of the id)`` for every document and document error of a task's results."""
    for section in ("documents", "errors"):
        entries = results.get(section)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if is_mapping(entry) and isinstance(entry.get("id"), str):
                yield entry["id"], f"{results_pointer}/{section}/{index}/id"


@contract_rule("document-ids-unique", example='"documents": [{"id": "1", ...}], "errors": [{"id": "1", ...}]')
def document_ids_unique(context: JobContext) -> Iterator[Violation]:
    """Each document id appears once per task, across its documents and its errors."""
    for _task, results, pointer in context.finished_results():
        first_seen: dict[str, str] = {}
        for document_id, id_pointer in answered_ids(results, pointer):
            if not context.accepted(id_pointer):
                continue
            if document_id in first_seen:
                yield Violation(
                    id_pointer,
                    f"document id {echo(document_id)} appears more than once in this task (first at "
                    f"{first_seen[document_id]}): a task answers each document once",
                )
            else:
                first_seen[document_id] = id_pointer


@contract_rule(
    "statistics-consistency",
    example='"statistics": {"documentsCount": 2, "validDocumentsCount": 0, ...} beside two documents',
)
def statistics_consistency(context: JobContext) -> Iterator[Violation]:
    """Statistics agree with themselves and with the documents and errors they count."""
    # A page holds only some of the documents the counts cover.
    paged = context.next_link_name in context.document
    if context.accepted("/statistics"):
        yield from _check_counts(context.document.get("statistics"), "/statistics", None)
    for _task, results, pointer in context.finished_results():
        if context.accepted(f"{pointer}/statistics"):
            listed = None if paged else results
            yield from _check_counts(results.get("statistics"), f"{pointer}/statistics", listed)


def _check_counts(statistics: Any, pointer: str, results: Mapping[str, Any] | None) -> Iterator[Violation]:
    if not is_mapping(statistics):
        return
    total, valid, erroneous = (
        statistics.get(name) for name in ("documentsCount", "validDocumentsCount", "erroneousDocumentsCount")
    )
    if is_int(total) and is_int(valid) and is_int(erroneous) and total != valid + erroneous:
        yield Violation(
            f"{pointer}/documentsCount",
            f"documentsCount is {total}, but validDocumentsCount + erroneousDocumentsCount is "
            f"{valid} + {erroneous} = {valid + erroneous}",
        )
    if results is None:
        return
    for name, count, section in (
        ("validDocumentsCount", valid, "documents"),
        ("erroneousDocumentsCount", erroneous, "errors"),
    ):
        entries = results.get(section)
        if is_int(count) and isinstance(entries, list) and count != len(entries):
            yield Violation(
                f"{pointer}/{name}", f"{name} is {count}, but the task lists {len(entries)} {section}"
            )
