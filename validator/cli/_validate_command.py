"""``ta-contract validate``: read the inputs, check them, and write the report as documents are checked.

The run streams: inputs are read lazily, each report goes to the reporter as soon as its document is checked,
and only a running count is kept. Ctrl-C, SIGTERM and SIGHUP end the run at once, but its report is still
completed, with a summary of what was checked, and the exit code is 130, 143 or 129.
"""

from __future__ import annotations

import argparse
import io
import os
import re
from collections.abc import Generator
from typing import BinaryIO, TextIO, cast

from validator._limits import DEFAULT_MAX_FINDINGS
from validator._reporting import FORMATS, reporter_for
from validator._reporting.report import (
    DocumentReport,
    Reporter,
    ReportSettings,
    Summary,
    Tally,
    printable,
)
from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION
from validator._string_units import STRING_INDEX_TYPES
from validator._validation_options import KINDS
from validator.cli._batch import AUTO_API_VERSION, CheckOptions, iter_reports
from validator.cli._command import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    UsageError,
)
from validator.cli._inputs import (
    DEFAULT_MAX_DOCUMENT_SIZE,
    DIRECTORY_SUFFIXES,
    INPUT_FORMATS,
    STDIN_PATH,
    iter_documents,
)
from validator.cli._report_file import (
    AtomicFile,
    ReportStream,
    ReportWriteError,
    clobbered_input,
    not_a_report_file,
)
from validator.cli._request_input import read_request
from validator.cli._sequence import iter_sequence_reports
from validator.cli._signals import StopOnSignals
from validator.cli._terminal import COLOR_MODES, Progress, is_terminal, use_color


def _binary_stdin(stdin: TextIO) -> BinaryIO:
    buffer = getattr(stdin, "buffer", None)
    return buffer if buffer is not None else io.BytesIO(stdin.read().encode("utf-8"))


def _open_output(args: argparse.Namespace) -> AtomicFile | None:
    if not args.output or args.output == "-":
        return None
    refusal = not_a_report_file(args.output)
    if refusal is not None:
        raise UsageError(
            f"ta-contract validate: --output {args.output} is {refusal}; a report is written only as a "
            "regular file (use shell redirection to send it elsewhere)"
        )
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
    return usable_cores() if total >= LARGE_INPUT_BYTES else 1


_VALIDATE_EPILOG = f"""\
PATH is a file, a directory (searched recursively for *.json, *.jsonl and *.har), or - for standard input.
A *.jsonl file holds one response per line (reported as FILE:LINE); a *.har file is searched for GETs of
.../analyze/jobs/{{jobId}} (each reported as FILE#entries/N). Findings give the line and column in the file.

exit codes: 0 no errors (warnings allowed), 1 a document has an error or an input cannot be read,
            2 usage error (also: no document found, unless --allow-empty; the report cannot be written),
            129/130/143 ended by SIGHUP/Ctrl-C/SIGTERM (the summary covers what was checked)
examples:
  ta-contract validate examples/captures/
  ta-contract validate --api-version v3.1 --strict capture.json
  ta-contract validate --api-version auto --format github recordings/session.har
  ta-contract validate --format sarif --output contract.sarif --jobs 0 captures/
  ta-contract validate --sequence poll-1.json poll-2.json poll-3.json
  kubectl logs my-poller | ta-contract validate --input-format jsonl -
  (default API version {DEFAULT_API_VERSION}; default --max-document-size 64M)"""


def _document_size(text: str) -> int:
    """``67108864``, ``64M``, ``64MiB``, ``512k``: a size in bytes (binary multiples); 0 means no limit."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:([kmg])(?:i?b)?|b)?\s*", text, re.IGNORECASE)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use bytes, or a number with K, M or G)")
    exponent = " kmg".index(match.group(2).lower()) if match.group(2) else 0
    return int(match.group(1)) << (10 * exponent)


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity where the system tells it), at least 1."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:
            pass
    return os.cpu_count() or 1


def _job_count(text: str) -> int:
    """A number of worker processes; 0 means one per CPU core."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a number of jobs: {text!r}")
    return int(text) or usable_cores()


def jobs_for(args: argparse.Namespace) -> int:
    """The worker count: as asked, but no more than the cores unless forced (more only compete for them)."""
    if args.jobs is None:
        return default_jobs(args.paths)
    asked: int = args.jobs
    return asked if args.force_jobs else min(asked, usable_cores())


def _finding_count(text: str) -> int | None:
    """How many findings to report per document; 0 means no cap."""
    if re.fullmatch(r"[0-9]{1,9}", text.strip()) is None:
        raise argparse.ArgumentTypeError(f"not a number of findings: {text!r}")
    return int(text) or None


def add_parser(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="check response documents (files, directories, JSON Lines, HAR, or - for standard input)",
        description="Check analyze-job status responses against the contract of one API version.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_VALIDATE_EPILOG,
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="file, directory or - (standard input)")
    validate.add_argument(
        "--api-version",
        default=DEFAULT_API_VERSION,
        choices=(*API_VERSIONS, AUTO_API_VERSION),
        metavar="V",
        help=f"API version of the documents: {', '.join(API_VERSIONS)} (default {DEFAULT_API_VERSION}); "
        "auto reads it from a HAR entry's request URL, else uses the default",
    )
    validate.add_argument("--strict", action="store_true", help="report unknown properties as errors")
    validate.add_argument(
        "--kind",
        default="auto",
        choices=KINDS,
        help="document kind; auto treats an object whose only key is 'error' as an error response",
    )
    validate.add_argument("--format", default="text", choices=FORMATS, help="report format (default text)")
    validate.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE, atomically")
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="list errors only (warnings still counted), no progress"
    )
    validate.add_argument(
        "--request",
        metavar="FILE",
        help="the analyze request (AnalyzeBatchInput) the responses answer, for the request cross-checks",
    )
    validate.add_argument(
        "--sequence",
        action="store_true",
        help="treat the documents, in the order given, as successive polls of one job",
    )
    validate.add_argument(
        "--string-index-type",
        choices=STRING_INDEX_TYPES,
        help="the unit of span offsets and lengths (default: a span may match any of them)",
    )
    validate.add_argument(
        "-j",
        "--jobs",
        type=_job_count,
        default=None,
        metavar="N",
        help="check documents in N worker processes, 0 for one per core (default: one per core for inputs of "
        "32 MiB or more, else 1); N is capped at the number of cores unless --force-jobs; the report is the "
        "same",
    )
    validate.add_argument(
        "--force-jobs",
        action="store_true",
        help="start the --jobs N workers even when N is more than the number of cores",
    )
    validate.add_argument(
        "--allow-empty",
        action="store_true",
        help="exit 0 when the paths hold no document at all (default: exit 2, a path is probably wrong)",
    )
    validate.add_argument(
        "--max-document-size",
        type=_document_size,
        default=DEFAULT_MAX_DOCUMENT_SIZE,
        metavar="SIZE",
        help="larger documents are a document-too-large finding (default 64M; 0: no limit)",
    )
    validate.add_argument(
        "--max-findings",
        type=_finding_count,
        default=DEFAULT_MAX_FINDINGS,
        metavar="N",
        help=f"report at most N findings per document, errors first, then one too-many-findings warning "
        f"(default {DEFAULT_MAX_FINDINGS}; 0: no cap)",
    )
    validate.add_argument(
        "--input-format",
        default="auto",
        choices=INPUT_FORMATS,
        help="how to read every PATH (default auto: by suffix; standard input is json)",
    )
    validate.add_argument(
        "--color",
        default="auto",
        choices=COLOR_MODES,
        help="colour text reports (default auto: on terminals)",
    )


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Runs ``validate`` with parsed arguments and returns the exit code; raises ``UsageError`` for misuse."""
    for name in args.paths:
        if name != STDIN_PATH and not os.path.lexists(name):
            raise UsageError(f"ta-contract validate: no such file or directory: {name}")
    if args.paths.count(STDIN_PATH) > 1:
        raise UsageError("ta-contract validate: - (standard input) can be named once only")
    request = (
        read_request(args.request, _binary_stdin(stdin), args.max_document_size, args.api_version)
        if args.request
        else None
    )
    options = CheckOptions(
        args.api_version, args.strict, args.kind, request, args.string_index_type, args.max_findings
    )
    with StopOnSignals() as signals:
        # From here a signal ends the run the way Ctrl-C does, so even the temporary report file goes.
        sink = _open_output(args)
        # Typed as the stream it wraps: it offers what reporters use of one (write and flush).
        stream = cast(TextIO, ReportStream(sink.stream if sink is not None else stdout))
        try:
            summary = _check_and_report(args, options, stream, stdin, stderr, signals)
            stream.flush()  # a full disk or a closed descriptor shows here, not at exit
            if sink is not None:
                sink.commit()
        except BaseException as error:
            if sink is not None:
                sink.discard()
            if isinstance(error, ReportWriteError):
                output = args.output if sink is not None else None
                raise UsageError(_write_failure(output, error.error)) from error
            raise
    if summary.interrupted:
        if sink is not None or args.format != "text":
            stderr.write(f"ta-contract validate: {summary.line()}\n")
        return signals.exit_code() or EXIT_INTERRUPTED
    if summary.documents == 0 and not args.allow_empty:
        stderr.write(printable(_nothing_checked(args)) + "\n")
        return EXIT_USAGE
    return EXIT_OK if summary.invalid == 0 else EXIT_FINDINGS


def _check_and_report(
    args: argparse.Namespace,
    options: CheckOptions,
    stream: TextIO,
    stdin: TextIO,
    stderr: TextIO,
    signals: StopOnSignals,
) -> Summary:
    """Reads the inputs, checks them and writes the report to ``stream``; returns the summary."""
    color = args.format == "text" and use_color(args.color, stream, os.environ)
    reporter = reporter_for(args.format, stream, ReportSettings(args.api_version, args.strict, color))
    documents = iter_documents(
        args.paths,
        stdin=_binary_stdin(stdin) if STDIN_PATH in args.paths else io.BytesIO(),
        requested_format=args.input_format,
        max_size=args.max_document_size,
    )
    reports = (
        iter_sequence_reports(documents, options)
        if args.sequence
        else iter_reports(documents, options, jobs=jobs_for(args))
    )
    progress = Progress(stderr, enabled=not args.quiet and is_terminal(stderr))
    try:
        return _write_report(reporter, reports, progress, signals, quiet=args.quiet)
    finally:
        reports.close()  # ends the worker processes, if any, whatever happened


def _write_failure(output: str | None, error: OSError) -> str:
    reason = error.strerror or str(error)
    if output is None:
        return f"ta-contract validate: cannot write the report to standard output: {reason}"
    return f"ta-contract validate: cannot write --output {output}: {reason}; the old report is left as it was"


def _nothing_checked(args: argparse.Namespace) -> str:
    """Why a run that checked nothing fails, naming what was searched, so that a wrong path is seen."""
    searched = ", ".join(args.paths)
    suffixes = ", ".join(f"*{suffix}" for suffix in DIRECTORY_SUFFIXES)
    return (
        f"ta-contract validate: no document to check in {searched} (directories are searched for "
        f"{suffixes}; blank JSON Lines are skipped); check the paths, or pass --allow-empty to accept this"
    )


def _write_report(
    reporter: Reporter,
    reports: Generator[DocumentReport, None, None],
    progress: Progress,
    signals: StopOnSignals,
    *,
    quiet: bool,
) -> Summary:
    """Feeds the reports to the reporter as they come; Ctrl-C (or SIGTERM, SIGHUP) stops the checking, not
    the report."""
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
        signals.hold()
        reports.close()  # ends the worker processes now, before the report is finished
    signals.hold()
    progress.clear()
    summary = tally.summary(interrupted=interrupted)
    reporter.finish(summary)
    return summary
