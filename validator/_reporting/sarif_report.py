"""SARIF 2.1.0 reports, for code scanning: one run, the rule catalogue, one result per finding.

Each result names its rule (``ruleId`` and ``ruleIndex`` into ``tool.driver.rules``), its level (error or
warning), the pointer and message as its text, and a physical location: the file as a relative URI (or a
``file:`` URI for an absolute path) and, where known, the line and column (``columnKind`` is
``unicodeCodePoints``, as the validator counts characters). The pointer, document name and hint are also
result properties. The results are streamed, so the log is written as documents are checked.
"""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import TextIO
from urllib.parse import quote

from validator._about import SCHEMA_REVISION, __version__
from validator._findings import Finding
from validator._reporting.report import (
    STDIN_NAME,
    DocumentReport,
    ReportSettings,
    Summary,
    json_text,
    pointer_and_message,
)
from validator._rule_registry import RuleInfo
from validator._rules import rule_catalogue

SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
STDIN_URI = "stdin"
_RESULTS, _INVOCATIONS = "@@results@@", "@@invocations@@"


def artifact_uri(path: str) -> str:
    """A URI reference for a report's file: relative paths stay relative (code scanning resolves them)."""
    if path == STDIN_NAME:
        return STDIN_URI
    pure = PurePath(path)
    # The raw bytes of the name are percent-encoded (as as_uri does for absolute paths), so that a name that
    # is not UTF-8, held as surrogate escapes, still gives a URI, one that names exactly that file.
    return pure.as_uri() if pure.is_absolute() else quote(os.fsencode(pure.as_posix()))


def rule_descriptor(rule: RuleInfo) -> dict[str, object]:
    """A SARIF ``reportingDescriptor`` for one catalogue entry."""
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {"scope": rule.scope.value, "example": rule.example},
    }


class SarifReporter:
    """A SARIF 2.1.0 log with one run of ``ta-contract validate``."""

    def __init__(self, stream: TextIO, settings: ReportSettings) -> None:
        self.stream = stream
        self.rules = rule_catalogue()
        self.rule_index = {rule.id: index for index, rule in enumerate(self.rules)}
        skeleton = {
            "$schema": SARIF_SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "ta-contract",
                            "version": __version__,
                            "properties": {"schemaRevision": SCHEMA_REVISION},
                            "rules": [rule_descriptor(rule) for rule in self.rules],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "properties": {"apiVersion": settings.api_version, "strict": settings.strict},
                    "results": _RESULTS,
                    "invocations": _INVOCATIONS,
                }
            ],
        }
        text = json_text(skeleton, indent=2)
        self.head, rest = text.split(f'"{_RESULTS}"')
        self.middle, self.tail = rest.split(f'"{_INVOCATIONS}"')
        last_line = self.head[self.head.rindex("\n") + 1 :]
        self.indent = last_line[: len(last_line) - len(last_line.lstrip())]
        self.count = 0

    def start(self) -> None:
        self.stream.write(self.head + "[")

    def document(self, report: DocumentReport) -> None:
        for finding in report.findings:
            body = json_text(self.result(report, finding), indent=2).replace("\n", "\n  " + self.indent)
            self.stream.write(("," if self.count else "") + f"\n  {self.indent}{body}")
            self.count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write(f"\n{self.indent}]" if self.count else "]")
        invocations = [
            {"executionSuccessful": not summary.interrupted, "properties": {"summary": summary.counts()}}
        ]
        body = json_text(invocations, indent=2).replace("\n", "\n" + self.indent)
        self.stream.write(f"{self.middle}{body}{self.tail}\n")

    def result(self, report: DocumentReport, finding: Finding) -> dict[str, object]:
        location: dict[str, object] = {"artifactLocation": {"uri": artifact_uri(report.artifact)}}
        if finding.line is not None:
            region = {"startLine": finding.line}
            if finding.column is not None:
                region["startColumn"] = finding.column
            location["region"] = region
        properties: dict[str, object] = {"pointer": finding.pointer, "document": report.path}
        if finding.hint:
            properties["hint"] = finding.hint
        result: dict[str, object] = {"ruleId": finding.rule}
        if finding.rule in self.rule_index:
            result["ruleIndex"] = self.rule_index[finding.rule]
        result.update(
            level=finding.severity.value,
            message={"text": pointer_and_message(finding)},
            locations=[{"physicalLocation": location}],
            properties=properties,
        )
        return result
