"""Text reports, for people: one line per finding, grouped by document, and a summary line."""

from __future__ import annotations

from typing import TextIO

from validator._findings import Finding, Severity
from validator._reporting.report import (
    DocumentReport,
    ReportSettings,
    Summary,
    finding_line,
    pointer_and_message,
    printable,
    where,
)

_BOLD, _RED, _YELLOW, _GREEN, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[0m"


class TextReporter:
    """One line per finding, ``path:line:column: severity rule pointer message``, then a summary line."""

    def __init__(self, stream: TextIO, settings: ReportSettings) -> None:
        self.stream = stream
        self.color = settings.color

    def start(self) -> None:
        pass

    def document(self, report: DocumentReport) -> None:
        for finding in report.findings:
            line = self._painted(report, finding) if self.color else finding_line(report, finding)
            self.stream.write(line + "\n")

    def finish(self, summary: Summary) -> None:
        line = summary.line()
        if self.color:
            line = f"{_BOLD}{_GREEN if summary.invalid == 0 else _RED}{line}{_RESET}"
        self.stream.write(line + "\n")

    @staticmethod
    def _painted(report: DocumentReport, finding: Finding) -> str:
        severity_color = _RED if finding.severity is Severity.ERROR else _YELLOW
        place = printable(where(report, finding))
        severity = f"{_BOLD}{severity_color}{finding.severity.value}{_RESET}"
        rest = printable(f"{finding.rule} {pointer_and_message(finding)}")
        return f"{_BOLD}{place}{_RESET} {severity} {rest}"
