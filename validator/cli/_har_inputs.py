"""HAR inputs: every analyze-job poll recorded in an HTTP Archive becomes one document.

An entry is a poll when its request is a GET of ``.../text/analytics/{api-version}/analyze/jobs/{jobId}``
(Text Analytics v3.x) or of ``.../language/analyze-text/jobs/{jobId}?api-version=V`` (the Language API);
its response text (``response.content.text``, base64-encoded when ``content.encoding`` says so) is the
document, named ``file.har#entries/N`` after its index in ``log.entries``, and the API version in its URL is
the one ``--api-version auto`` checks it against. Findings are placed in the HAR file itself: a position in
the response text is carried through the JSON string escapes of ``content.text`` to the line and column of
the HAR file where that character is written (a base64 text has no such mapping; its findings are placed at
the start of the text).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

from validator._findings import Finding, Severity
from validator._parsing import ParseProblem, parse_json
from validator._positions import Position, PositionIndex
from validator.cli._document import Document, input_finding

_JOB_PATH = re.compile(r"/text/analytics/(?P<version>[^/]+)/analyze/jobs/[^/]+/?")
_ANALYZE_TEXT_JOB_PATH = re.compile(r"/language/analyze-text/jobs/[^/]+/?")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def har_documents(name: str, raw: bytes) -> Iterator[Document]:
    """The analyze-job polls of one HAR file, or a document with the reason none could be read."""
    parsed = parse_json(raw)
    if not parsed.parsed or parsed.text is None:
        problems = tuple(
            Finding(
                problem.rule,
                problem.pointer,
                Severity.ERROR,
                f"the HAR file is not JSON: {problem.message}",
                problem.position.line if problem.position else None,
                problem.position.column if problem.position else None,
            )
            for problem in parsed.problems
        )
        yield Document(name, name, problems=problems)
        return
    har = _HarText(parsed.text)
    if parsed.problems:
        # Parsed, but not strictly: a duplicate key hides one of its values (a bad response text behind a good
        # one), and a byte-order mark is not JSON. The HAR itself fails, and its polls are still checked.
        problems = tuple(_strictness_finding(problem) for problem in parsed.problems)
        yield Document(name, name, problems=problems)
    entries = _entries(parsed.value)
    if entries is None:
        yield Document(
            name, name, problems=(har.finding("invalid-har", "", "no log.entries array: not a HAR"),)
        )
        return
    found = False
    for index, entry in enumerate(entries):
        version = _poll_version(entry)
        if version is None:
            continue
        found = True
        yield _entry_document(name, har, index, entry, version)
    if not found:
        message = (
            "no entry is a GET of .../text/analytics/{api-version}/analyze/jobs/{jobId}: nothing was checked"
        )
        yield Document(name, name, problems=(har.finding("har-no-job-response", "", message),))


def _strictness_finding(problem: ParseProblem) -> Finding:
    return input_finding(
        "invalid-har",
        f"the HAR file is not strict JSON ({problem.rule}): {problem.message}",
        line=problem.position.line if problem.position else None,
        column=problem.position.column if problem.position else None,
        pointer=problem.pointer,
    )


def _entries(value: Any) -> list[Any] | None:
    log = value.get("log") if isinstance(value, Mapping) else None
    entries = log.get("entries") if isinstance(log, Mapping) else None
    return entries if isinstance(entries, list) else None


def _poll_version(entry: Any) -> str | None:
    """The API version of an entry that polls an analyze job; None for every other entry."""
    request = entry.get("request") if isinstance(entry, Mapping) else None
    if not isinstance(request, Mapping) or str(request.get("method", "GET")).upper() != "GET":
        return None
    url = request.get("url")
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = parts.path
    successor = _ANALYZE_TEXT_JOB_PATH.search(path)
    if successor and path.endswith(successor.group(0)):
        # The Language API names its version in the query; without one, the empty name is unsupported.
        return parse_qs(parts.query).get("api-version", [""])[0]
    match = _JOB_PATH.search(path)
    return match.group("version") if match and path.endswith(match.group(0)) else None


def _entry_document(name: str, har: _HarText, index: int, entry: Mapping[str, Any], version: str) -> Document:
    entry_name = f"entries/{index}"
    document = Document(f"{name}#{entry_name}", name, entry=entry_name, api_version=version)
    response = entry.get("response")
    content = response.get("content") if isinstance(response, Mapping) else None
    pointer = f"/log/entries/{index}/response"
    text = content.get("text") if isinstance(content, Mapping) else None
    if not isinstance(text, str):
        message = (
            "the entry holds no response text (the HAR was saved without content, or the request failed)"
        )
        return replace(document, problems=(har.finding("invalid-har", pointer, message),))
    text_pointer = f"{pointer}/content/text"
    if content is not None and str(content.get("encoding", "")).lower() == "base64":
        try:
            payload = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as error:
            problem = har.finding(
                "invalid-har", text_pointer, f"the base64 response text does not decode: {error}"
            )
            return replace(document, problems=(problem,))
        return replace(document, payload=payload, placement=_AtPosition(har.position(text_pointer)))
    return replace(document, payload=text, placement=_InString(har, har.offset(text_pointer), text))


class _HarText:
    """The HAR file's text, with positions of its values and of its characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = PositionIndex(text)
        self._line_starts: list[int] | None = None

    def position(self, pointer: str) -> Position | None:
        return self.index.value_position(pointer)

    def offset(self, pointer: str) -> int:
        """The offset of the value at ``pointer``, which the caller knows is there."""
        position = self.index.value_position(pointer)
        assert position is not None  # the pointer was read from the parsed value
        if self._line_starts is None:
            self._line_starts = _line_starts(self.text)
        return self._line_starts[position.line - 1] + position.column - 1

    def finding(self, rule: str, pointer: str, message: str) -> Finding:
        position = self.position(pointer)
        return input_finding(
            rule,
            message,
            line=position.line if position else None,
            column=position.column if position else None,
        )


@dataclass(frozen=True)
class _AtPosition:
    """Every finding at one position of the HAR file (for base64 text, which maps to no characters there)."""

    position: Position | None

    def place(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        line = self.position.line if self.position else None
        column = self.position.column if self.position else None
        return tuple(replace(finding, line=line, column=column) for finding in findings)


class _InString:
    """Positions in a response text carried to the HAR file, through the escapes of the JSON string."""

    def __init__(self, har: _HarText, token_offset: int, text: str) -> None:
        self.har = har
        self.token_offset = token_offset
        self.text = text

    def place(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        if not findings:
            return ()
        starts = _line_starts(self.text)
        wanted = {
            finding: starts[min(finding.line, len(starts)) - 1] + (finding.column or 1) - 1
            for finding in findings
            if finding.line is not None
        }
        raw = _raw_offsets(self.har.text, self.token_offset, sorted(set(wanted.values())))
        placed = []
        for finding in findings:
            offset = raw[wanted[finding]] if finding in wanted else self.token_offset
            position = self.har.index.position_at(offset)
            placed.append(replace(finding, line=position.line, column=position.column))
        return tuple(placed)


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in _LINE_BREAK.finditer(text)]


def _raw_offsets(har_text: str, token_offset: int, decoded: list[int]) -> dict[int, int]:
    """For each offset into a decoded JSON string (sorted), the offset in the HAR text where it is written.

    Walks the string token once: an escape is one decoded character (a surrogate pair of ``\\u`` escapes is
    one code point, as the JSON decoder joins them); offsets past the end map to the closing quote.
    """
    result: dict[int, int] = {}
    at = token_offset + 1
    character = 0
    wanted = iter(decoded)
    target = next(wanted, None)
    end = len(har_text)
    while target is not None:
        if character == target or at >= end or har_text[at] == '"':
            result[target] = min(at, end - 1)
            target = next(wanted, None)
            continue
        at += _token_length(har_text, at)
        character += 1
    return result


def _token_length(text: str, at: int) -> int:
    """How many characters of the JSON string token at ``at`` write one decoded character."""
    if text[at] != "\\":
        return 1
    if text[at + 1 : at + 2] != "u":
        return 2
    code = int(text[at + 2 : at + 6], 16)
    if 0xD800 <= code < 0xDC00 and text[at + 6 : at + 8] == "\\u":
        low = int(text[at + 8 : at + 12], 16)
        if 0xDC00 <= low < 0xE000:
            return 12
    return 6
