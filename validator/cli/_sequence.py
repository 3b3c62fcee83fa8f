"""Checking documents as successive polls of one job (``validate --sequence``).

The polls are the documents in the order given; a document that is a JSON array (what ``generate --kind
lifecycle`` writes) stands for its elements, each one poll. Each finding goes to the document it is about:
a poll's own document loses the poll index that ``iter_sequence_findings`` puts in front of its pointers, and
an array document keeps the element's index instead, so that the pointer leads to the poll in that file.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass, replace
from typing import Any

from validator._findings import Finding
from validator._parsing import parse_json
from validator._positions import PositionIndex
from validator._reporting.report import DocumentReport
from validator._schemas import DEFAULT_API_VERSION
from validator._validator import iter_sequence_findings
from validator.cli._batch import AUTO_API_VERSION, CheckOptions, api_version_for, report_of
from validator.cli._document import Document


@dataclass(frozen=True)
class _Polls:
    """What one document adds to the sequence: its own payload, or the elements of its JSON array."""

    payloads: list[Any]
    array_text: str | None = None  # set when the document is an array of polls
    problems: tuple[Finding, ...] = ()  # how the array's text falls short of strict JSON


def iter_sequence_reports(
    documents: Iterable[Document], options: CheckOptions
) -> Generator[DocumentReport, None, None]:
    """Checks the documents, in order, as successive polls of one job; each finding goes to its document.

    With ``auto``, the API version is the first one a document names (else the default); documents that could
    not be read are reported as such and left out of the sequence.
    """
    documents = list(documents)
    version = _sequence_version(documents, options)
    polls = {index: _polls_of(document) for index, document in enumerate(documents)}
    owners = [
        (index, element if polls_of.array_text is not None else None)
        for index, polls_of in polls.items()
        for element in range(len(polls_of.payloads))
    ]
    by_document: dict[int, list[Finding]] = {index: list(polls[index].problems) for index in polls}
    if isinstance(version, str):
        findings = iter_sequence_findings(
            [payload for polls_of in polls.values() for payload in polls_of.payloads],
            api_version=version,
            strict=options.strict,
            string_index_type=options.string_index_type,
            max_findings=options.max_findings,
        )
        for finding in findings:
            poll, _, rest = finding.pointer[1:].partition("/")
            index, element = owners[int(poll)]
            if element is None:
                by_document[index].append(replace(finding, pointer=f"/{rest}" if rest else ""))
            else:
                by_document[index].append(_in_array(finding, element, rest, polls[index].array_text))
    for index, document in enumerate(documents):
        yield report_of(document, version, tuple(by_document.get(index, ())))


def _polls_of(document: Document) -> _Polls:
    payload = document.payload
    if payload is None:
        return _Polls([])
    head = payload[:64].decode("utf-8", "replace") if isinstance(payload, bytes) else payload[:64]
    if not head.lstrip("\ufeff \t\r\n").startswith("["):  # cheap: only what may be an array is parsed twice
        return _Polls([payload])
    parsed = parse_json(payload)
    if not parsed.parsed or not isinstance(parsed.value, list) or not parsed.value or parsed.text is None:
        return _Polls([payload])  # checked as one poll, which reports what is wrong with it
    return _Polls(list(parsed.value), parsed.text, parsed.findings())


def _in_array(finding: Finding, element: int, rest: str, text: str | None) -> Finding:
    """A poll's finding with the pointer and position of that poll in its array document."""
    pointer = f"/{element}/{rest}" if rest else f"/{element}"
    index = PositionIndex(text) if text is not None else None
    position = index.value_position(pointer) if index is not None else None
    if position is None and index is not None:  # a missing member: placed at the nearest enclosing value
        enclosing = pointer
        while position is None and enclosing:
            enclosing = enclosing.rpartition("/")[0]
            position = index.value_position(enclosing)
    line, column = (position.line, position.column) if position is not None else (None, None)
    return replace(finding, pointer=pointer, line=line, column=column)


def _sequence_version(documents: list[Document], options: CheckOptions) -> str | Finding:
    named = next((document for document in documents if document.api_version is not None), None)
    if named is not None:
        return api_version_for(named, options)
    return DEFAULT_API_VERSION if options.api_version == AUTO_API_VERSION else options.api_version
