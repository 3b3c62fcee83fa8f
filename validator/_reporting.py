"""Reports: how the findings of many documents are written for people (text) and for programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO

from validator._findings import Finding, display_pointer


@dataclass(frozen=True)
class DocumentReport:
    """The findings of one checked document and where it came from."""

    path: str
    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        return not any(finding.is_error for finding in self.findings)


@dataclass(frozen=True)
class Summary:
    documents: int
    valid: int
    invalid: int
    errors: int
    warnings: int

    @classmethod
    def of(cls, reports: Sequence[DocumentReport]) -> Summary:
        findings = [finding for report in reports for finding in report.findings]
        errors = sum(finding.is_error for finding in findings)
        valid = sum(report.valid for report in reports)
        return cls(len(reports), valid, len(reports) - valid, errors, len(findings) - errors)


class Reporter(Protocol):
    def write(self, reports: Sequence[DocumentReport], stream: TextIO) -> None: ...


class TextReporter:
    """One line per finding, ``path:line:column: severity rule pointer message``, then a summary line."""

    def write(self, reports: Sequence[DocumentReport], stream: TextIO) -> None:
        for report in reports:
            for finding in report.findings:
                stream.write(self.line(report.path, finding) + "\n")
        summary = Summary.of(reports)
        stream.write(
            f"{summary.documents} document(s) checked: {summary.valid} valid, {summary.invalid} invalid; "
            f"{summary.errors} error(s), {summary.warnings} warning(s)\n"
        )

    @staticmethod
    def line(path: str, finding: Finding) -> str:
        where = f"{path}:{finding.line}:{finding.column}:" if finding.line is not None else f"{path}:"
        pointer = display_pointer(finding.pointer)
        hint = f" (hint: {finding.hint})" if finding.hint else ""
        return f"{where} {finding.severity.value} {finding.rule} {pointer} {finding.message}{hint}"


class JsonReporter:
    """``{"documents": [{"path", "valid", "findings": [...]}], "summary": {...}}`` as one JSON document."""

    def __init__(self, *, api_version: str, strict: bool) -> None:
        self.api_version = api_version
        self.strict = strict

    def write(self, reports: Sequence[DocumentReport], stream: TextIO) -> None:
        summary = Summary.of(reports)
        document = {
            "api_version": self.api_version,
            "strict": self.strict,
            "documents": [
                {
                    "path": report.path,
                    "valid": report.valid,
                    "findings": [finding.to_dict() for finding in report.findings],
                }
                for report in reports
            ],
            "summary": {
                "documents": summary.documents,
                "valid": summary.valid,
                "invalid": summary.invalid,
                "errors": summary.errors,
                "warnings": summary.warnings,
            },
        }
        json.dump(document, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
