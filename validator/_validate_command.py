"""``ta-contract validate``: read the inputs, check them, and write the report as documents are checked.

The run streams: inputs are read lazily, each report goes to the reporter as soon as its document is checked,
and only a running count is kept. Ctrl-C ends the run at once, but its report is still completed, with a
summary of what was checked, and the exit code is 130.
"""

from __future__ import annotations

import argparse
import io
import json
import os
from collections.abc import Generator
from typing import Any, BinaryIO, TextIO

from validator._checking import CheckOptions, iter_reports, iter_sequence_reports
from validator._inputs import INPUT_RULES, STDIN_PATH, TooLargeError, iter_documents, read_limited
from validator._output import AtomicFile, Progress, clobbered_input, is_terminal, use_color
from validator._reporting import (
    DocumentReport,
    GithubReporter,
    JsonReporter,
    Reporter,
    ReportSettings,
    Summary,
    Tally,
    TextReporter,
)

EXIT_OK, EXIT_FINDINGS, EXIT_INTERRUPTED = 0, 1, 130


class UsageError(Exception):
    """A problem with how the command was called; reported on standard error with exit code 2."""


def _binary_stdin(stdin: TextIO) -> BinaryIO:
    buffer = getattr(stdin, "buffer", None)
    return buffer if buffer is not None else io.BytesIO(stdin.read().encode("utf-8"))


def _read_request(name: str, stdin: TextIO, max_size: int) -> dict[str, Any]:
    """The analyze request for the cross-checks: a JSON object, or a usage error."""
    try:
        if name == STDIN_PATH:
            raw = read_limited(_binary_stdin(stdin), max_size)
        else:
            with open(name, "rb") as stream:
                raw = read_limited(stream, max_size)
    except OSError as error:
        raise UsageError(
            f"ta-contract validate: cannot read --request {name}: {error.strerror or error}"
        ) from error
    except TooLargeError as error:
        raise UsageError(
            f"ta-contract validate: --request {name} is larger than --max-document-size"
        ) from error
    try:
        request = json.loads(raw)
    except ValueError as error:
        raise UsageError(f"ta-contract validate: --request {name} is not JSON: {error}") from error
    if not isinstance(request, dict):
        raise UsageError(f"ta-contract validate: --request {name} is not a JSON object (AnalyzeBatchInput)")
    return request


def _reporter(name: str, stream: TextIO, settings: ReportSettings) -> Reporter:
    if name == "sarif":
        from validator._report_sarif import SarifReporter

        return SarifReporter(stream, settings)
    if name == "junit":
        from validator._report_junit import JunitReporter

        return JunitReporter(stream, settings)
    if name == "github":
        return GithubReporter(stream, settings)
    if name == "json":
        return JsonReporter(stream, settings)
    return TextReporter(stream, settings)


def _open_output(args: argparse.Namespace) -> AtomicFile | None:
    if not args.output or args.output == "-":
        return None
    clobbered = clobbered_input(args.output, [*args.paths, *([args.request] if args.request else [])])
    if clobbered is not None:
        raise UsageError(
            f"ta-contract validate: --output {args.output} would overwrite or be read as the input "
            f"{clobbered}; write the report elsewhere"
        )
    try:
        return AtomicFile(args.output)
    except OSError as error:
        raise UsageError(
            f"ta-contract validate: cannot write --output {args.output}: {error.strerror}"
        ) from error


# Worker processes take a fraction of a second to start; below this much input they cost more than they save.
LARGE_INPUT_BYTES = 32 * 1024 * 1024
_ENTRIES_LOOKED_AT = 10_000  # how far a directory is walked to decide; a bound, so deciding stays cheap


def default_jobs(paths: list[str]) -> int:
    """One worker per core for large inputs (the report is the same either way), else checking in-process."""
    total, seen = 0, 0
    pending = [name for name in paths if name != STDIN_PATH]
    while pending and total < LARGE_INPUT_BYTES and seen < _ENTRIES_LOOKED_AT:
        name = pending.pop()
        seen += 1
        try:
            if os.path.isdir(name):
                with os.scandir(name) as entries:
                    pending.extend(entry.path for entry in entries if not entry.name.startswith("."))
            else:
                total += os.path.getsize(name)
        except OSError:
            continue  # reported as unreadable-input when the run reaches it
    return (os.cpu_count() or 1) if total >= LARGE_INPUT_BYTES else 1


def run_validate(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Runs ``validate`` with parsed arguments and returns the exit code; raises ``UsageError`` for misuse."""
    for name in args.paths:
        if name != STDIN_PATH and not os.path.lexists(name):
            raise UsageError(f"ta-contract validate: no such file or directory: {name}")
    if args.paths.count(STDIN_PATH) > 1:
        raise UsageError("ta-contract validate: - (standard input) can be named once only")
    request = _read_request(args.request, stdin, args.max_document_size) if args.request else None
    options = CheckOptions(args.api_version, args.strict, args.kind, request, args.string_index_type)
    sink = _open_output(args)
    stream = sink.stream if sink is not None else stdout
    color = args.format == "text" and use_color(args.color, stream, os.environ)
    reporter = _reporter(
        args.format, stream, ReportSettings(args.api_version, args.strict, color, INPUT_RULES)
    )
    documents = iter_documents(
        args.paths,
        stdin=_binary_stdin(stdin) if STDIN_PATH in args.paths else io.BytesIO(),
        requested_format=args.input_format,
        max_size=args.max_document_size,
    )
    reports = (
        iter_sequence_reports(documents, options)
        if args.sequence
        else iter_reports(
            documents, options, jobs=args.jobs if args.jobs is not None else default_jobs(args.paths)
        )
    )
    progress = Progress(stderr, enabled=not args.quiet and is_terminal(stderr))
    try:
        summary = _write_report(reporter, reports, progress, quiet=args.quiet)
    except BaseException:
        if sink is not None:
            sink.discard()
        raise
    finally:
        reports.close()  # ends the worker processes, if any, whatever happened
    if sink is not None:
        sink.commit()
    if summary.interrupted:
        if sink is not None or args.format != "text":
            stderr.write(f"ta-contract validate: {summary.line()}\n")
        return EXIT_INTERRUPTED
    return EXIT_OK if summary.invalid == 0 else EXIT_FINDINGS


def _write_report(
    reporter: Reporter,
    reports: Generator[DocumentReport, None, None],
    progress: Progress,
    *,
    quiet: bool,
) -> Summary:
    """Feeds the reports to the reporter as they come; Ctrl-C stops the checking, not the report."""
    tally, interrupted = Tally(), False
    reporter.start()
    try:
        for report in reports:
            tally.add(report)
            if report.findings:
                progress.clear()
            reporter.document(report.errors_only() if quiet else report)
            progress.update(tally, report.path)
    except KeyboardInterrupt:
        interrupted = True
        reports.close()  # ends the worker processes now, before the report is finished
    progress.clear()
    summary = tally.summary(interrupted=interrupted)
    reporter.finish(summary)
    return summary
