"""GitHub Actions reports: one workflow command per finding, so findings show as annotations."""

from __future__ import annotations

from typing import TextIO

from validator._findings import Finding
from validator._reporting.report import (
    STDIN_NAME,
    DocumentReport,
    ReportSettings,
    Summary,
    pointer_and_message,
    printable,
)


def escape_workflow_data(text: str) -> str:
    """Escapes a workflow command's message: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_workflow_property(text: str) -> str:
    """Escapes a workflow command property value: as a message, and also ``:`` and ``,``."""
    return escape_workflow_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """GitHub Actions workflow commands, ``::error file=F,line=L,col=C,title=RULE::pointer message``."""

    def __init__(self, stream: TextIO, settings: ReportSettings) -> None:
        self.stream = stream

    def start(self) -> None:
        pass

    def document(self, report: DocumentReport) -> None:
        for finding in report.findings:
            self.stream.write(self.command(report, finding) + "\n")

    def finish(self, summary: Summary) -> None:
        self.stream.write(summary.line() + "\n")

    @staticmethod
    def command(report: DocumentReport, finding: Finding) -> str:
        properties = []
        if report.artifact != STDIN_NAME:
            properties.append(f"file={escape_workflow_property(printable(report.artifact))}")
        if finding.line is not None:
            properties += [f"line={finding.line}", f"col={finding.column}"]
        properties.append(f"title={escape_workflow_property(printable(finding.rule))}")
        message = pointer_and_message(finding)
        if report.entry:
            message = f"{report.entry}: {message}"
        message = escape_workflow_data(printable(message, keep_line_breaks=True))
        return f"::{finding.severity.value} {','.join(properties)}::{message}"
