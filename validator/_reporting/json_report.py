"""JSON reports, for programs: one object with every document's findings and the summary."""

from __future__ import annotations

from typing import TextIO

from validator._reporting.report import DocumentReport, ReportSettings, Summary, json_text


class JsonReporter:
    """``{"api_version", "strict", "documents": [{"path", "valid", "findings"}], "summary"}``, streamed.

    The bytes equal ``json.dumps(report, indent=2, ensure_ascii=False)`` of the whole report; each document
    also names its ``file`` and the ``api_version`` it was checked against.
    """

    def __init__(self, stream: TextIO, settings: ReportSettings) -> None:
        self.stream = stream
        self.settings = settings
        self.count = 0

    def start(self) -> None:
        head = {"api_version": self.settings.api_version, "strict": self.settings.strict}
        self.stream.write(json_text(head, indent=2)[:-2] + ',\n  "documents": [')

    def document(self, report: DocumentReport) -> None:
        entry = {
            "path": report.path,
            "file": report.artifact,
            "api_version": report.api_version,
            "valid": report.valid,
            "findings": [finding.to_dict() for finding in report.findings],
        }
        body = json_text(entry, indent=2).replace("\n", "\n    ")
        self.stream.write(("," if self.count else "") + "\n    " + body)
        self.count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n  ]," if self.count else "],")
        tail = json_text(summary.counts(), indent=2).replace("\n", "\n  ")
        interrupted = ',\n  "interrupted": true' if summary.interrupted else ""
        self.stream.write(f'\n  "summary": {tail}{interrupted}\n}}\n')
