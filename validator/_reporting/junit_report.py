"""JUnit XML reports, for CI test viewers: one test case per document, a failure for each invalid one.

A document with an error is a failed test case whose failure lists every finding as a text report line; a
document with warnings only passes and lists them in ``system-out``. The counts come first in JUnit XML, so
test cases are spooled to a temporary file (in memory while small) and copied after the header at the end.
The output is ASCII: other characters are written as character references, so that it is well-formed
whatever the encoding of the stream it goes to.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from typing import TextIO
from xml.sax.saxutils import escape

from validator._reporting.report import DocumentReport, ReportSettings, Summary, finding_line, printable

_SPOOL_IN_MEMORY = 4 * 1024 * 1024
_NOT_XML = re.compile("[\ufffe\uffff]")  # after printable(), the last characters XML 1.0 forbids


def xml_text(text: str) -> str:
    """Character data: escaped, forbidden characters shown as escapes, non-ASCII as character references."""
    cleaned = _NOT_XML.sub(
        lambda match: f"\\u{ord(match.group()):04x}", printable(text, keep_line_breaks=True)
    )
    return escape(cleaned).encode("ascii", "xmlcharrefreplace").decode("ascii")


def xml_attribute(text: str) -> str:
    """An attribute value in double quotes, line breaks kept as character references."""
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")


class JunitReporter:
    """``<testsuites>`` with one ``<testsuite>`` and a ``<testcase>`` per document."""

    def __init__(self, stream: TextIO, settings: ReportSettings) -> None:
        self.stream = stream
        self.settings = settings
        # Closed in finish(); a context manager cannot span the calls of a streaming reporter.
        self.cases: TextIO = tempfile.SpooledTemporaryFile(  # type: ignore[assignment]  # noqa: SIM115
            max_size=_SPOOL_IN_MEMORY, mode="w+", encoding="ascii", newline="\n"
        )

    def start(self) -> None:
        pass

    def document(self, report: DocumentReport) -> None:
        name, file = xml_attribute(report.path), xml_attribute(report.artifact)
        opening = f'    <testcase name="{name}" classname="{file}" file="{file}"'
        if not report.findings:
            self.cases.write(opening + "/>\n")
            return
        lines = "".join(finding_line(report, finding) + "\n" for finding in report.findings)
        errors = sum(finding.is_error for finding in report.findings)
        counts = f"{errors} error(s), {len(report.findings) - errors} warning(s)"
        if report.valid:
            body = f"      <system-out>{xml_text(lines)}</system-out>\n"
        else:
            body = f'      <failure message="{counts}" type="contract">{xml_text(lines)}</failure>\n'
        self.cases.write(f"{opening}>\n{body}    </testcase>\n")

    def finish(self, summary: Summary) -> None:
        counts = f'tests="{summary.documents}" failures="{summary.invalid}" errors="0" skipped="0"'
        properties = [
            ("api_version", self.settings.api_version),
            ("strict", str(self.settings.strict).lower()),
        ]
        if summary.interrupted:
            properties.append(("interrupted", "true"))
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(f'<testsuites name="ta-contract" {counts}>\n')
        self.stream.write(f'  <testsuite name="ta-contract validate" {counts}>\n    <properties>\n')
        for name, value in properties:
            self.stream.write(f'      <property name="{name}" value="{xml_attribute(value)}"/>\n')
        self.stream.write("    </properties>\n")
        self.cases.seek(0)
        shutil.copyfileobj(self.cases, self.stream)
        self.cases.close()
        self.stream.write("  </testsuite>\n</testsuites>\n")
