"""Reports: the findings of many documents, written one document at a time.

Every reporter streams: ``start`` once, ``document`` for each checked document in input order, ``finish``
with the summary. Nothing is kept per document, so memory stays flat however many documents a run checks
(the JUnit reporter spools its test cases to a temporary file, since the counts come first in JUnit XML).
Each format has its own module (text, github for people and CI logs; json, junit and sarif for programs),
and ``reporter_for`` picks one by name.
Reports hold no timestamps or durations: the same inputs give byte-identical reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from validator._findings import Finding, display_pointer

STDIN_NAME = "<stdin>"

# Besides control characters and lone surrogates: the bidirectional controls, which reorder what a terminal
# or a CI log shows (a finding could be made to read as something else), and the line and paragraph
# separators, which some viewers break lines at.
_INVISIBLE = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNPRINTABLE = re.compile(rf"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")
_UNPRINTABLE_BUT_LINE_BREAKS = re.compile(rf"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True)
class DocumentReport:
    """The findings of one checked document, and where it came from.

    ``path`` names the document (``r.json``, ``<stdin>``, ``log.jsonl:7`` for a JSON Lines record,
    ``capture.har#entries/3`` for a HAR entry); ``file`` is the file it was read from (the path itself when
    empty) and ``entry`` the HAR entry inside it. Finding lines and columns are positions in ``file``.
    """

    path: str
    findings: tuple[Finding, ...]
    file: str = ""
    entry: str = ""
    api_version: str | None = None

    @property
    def valid(self) -> bool:
        return not any(finding.is_error for finding in self.findings)

    @property
    def artifact(self) -> str:
        """The file the document was read from."""
        return self.file or self.path

    @property
    def location(self) -> str:
        """What precedes ``:line:column`` in a text report: the file, and the HAR entry when there is one."""
        return f"{self.artifact}#{self.entry}" if self.entry else self.artifact

    def errors_only(self) -> DocumentReport:
        """The same report without its warnings (for ``--quiet``)."""
        return replace(self, findings=tuple(finding for finding in self.findings if finding.is_error))


@dataclass(frozen=True)
class Summary:
    """How many documents were checked, how many were valid, and how many findings of each severity."""

    documents: int
    valid: int
    invalid: int
    errors: int
    warnings: int
    interrupted: bool = False

    @classmethod
    def of(cls, reports: Iterable[DocumentReport], *, interrupted: bool = False) -> Summary:
        tally = Tally()
        for report in reports:
            tally.add(report)
        return tally.summary(interrupted=interrupted)

    def counts(self) -> dict[str, int]:
        """The JSON shape of the summary."""
        return {
            "documents": self.documents,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "warnings": self.warnings,
        }

    def line(self) -> str:
        """The one-line summary that ends a text report."""
        text = (
            f"{self.documents} document(s) checked: {self.valid} valid, {self.invalid} invalid; "
            f"{self.errors} error(s), {self.warnings} warning(s)"
        )
        return f"interrupted: {text}" if self.interrupted else text


class Tally:
    """A running count of documents and findings, for the summary of a streamed run.

    The counts change in one attribute assignment: Ctrl-C, SIGTERM and SIGHUP interrupt a run by raising
    wherever it is, and a count updated field by field could then say "7 invalid; 6 errors".
    """

    def __init__(self) -> None:
        self._counts = (0, 0, 0, 0)  # documents, valid, errors, warnings

    def add(self, report: DocumentReport) -> None:
        documents, valid, errors, warnings = self._counts
        found_errors = sum(finding.is_error for finding in report.findings)
        found_warnings = len(report.findings) - found_errors
        self._counts = (documents + 1, valid + report.valid, errors + found_errors, warnings + found_warnings)

    def summary(self, *, interrupted: bool = False) -> Summary:
        documents, valid, errors, warnings = self._counts
        return Summary(documents, valid, documents - valid, errors, warnings, interrupted)


@dataclass(frozen=True)
class ReportSettings:
    """What every reporter may need to know about the run."""

    api_version: str
    strict: bool
    color: bool = False


class Reporter(Protocol):
    """Writes a report as documents arrive: ``start``, then ``document`` for each, then ``finish``."""

    def start(self) -> None: ...

    def document(self, report: DocumentReport) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def write_reports(
    reporter: Reporter, reports: Iterable[DocumentReport], *, interrupted: bool = False
) -> None:
    """Writes a whole report from reports already at hand."""
    reporter.start()
    tally = Tally()
    for report in reports:
        tally.add(report)
        reporter.document(report)
    reporter.finish(tally.summary(interrupted=interrupted))


def printable(text: str, *, keep_line_breaks: bool = False) -> str:
    """``text`` with control, bidirectional-control and separator characters and lone surrogates escaped.

    So a report line stays one line, reads as written, and cannot inject terminal escapes or CI commands.
    """
    pattern = _UNPRINTABLE_BUT_LINE_BREAKS if keep_line_breaks else _UNPRINTABLE
    return pattern.sub(_escape_character, text)


def _escape_character(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_text(value: object, *, indent: int | None = None) -> str:
    """``json.dumps`` keeping non-ASCII text, but with lone surrogates escaped (UTF-8 cannot hold them)."""
    return _LONE_SURROGATE.sub(
        lambda match: f"\\u{ord(match.group()):04x}", json.dumps(value, indent=indent, ensure_ascii=False)
    )


def finding_text(finding: Finding) -> str:
    """``severity rule pointer message (hint: ...)``: a finding after its location, as text shows it."""
    return f"{finding.severity.value} {finding.rule} {pointer_and_message(finding)}"


def pointer_and_message(finding: Finding) -> str:
    """``pointer message (hint: ...)``, the root pointer shown as ``""``."""
    hint = f" (hint: {finding.hint})" if finding.hint else ""
    return f"{display_pointer(finding.pointer)} {finding.message}{hint}"


def finding_line(report: DocumentReport, finding: Finding) -> str:
    """``location:line:column: severity rule pointer message``, the text report's line for a finding."""
    return printable(f"{where(report, finding)} {finding_text(finding)}")


def where(report: DocumentReport, finding: Finding) -> str:
    if finding.line is None:
        return f"{report.path}:"
    return f"{report.location}:{finding.line}:{finding.column}:"
