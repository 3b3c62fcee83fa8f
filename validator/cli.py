"""The ``ta-contract`` command: a thin layer over the Python API.

Exit codes: 0 when every document has no error, 1 when any document has an error (invalid JSON included),
2 for usage errors (unknown option, API version or kind; a path that does not exist or cannot be read).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from validator._about import SCHEMA_REVISION, __version__
from validator._catalogue import render_json, render_markdown, render_text
from validator._core import KINDS, iter_findings, iter_sequence_findings
from validator._findings import Finding
from validator._reporting import DocumentReport, JsonReporter, Reporter, TextReporter
from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION, schema_for
from validator._text import STRING_INDEX_TYPES
from validator.exceptions import RequestError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
STDIN_PATH = "-"


class UsageError(Exception):
    """A problem with how the command was called; reported on standard error with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # raise instead of exiting the process
        raise UsageError(f"{self.prog}: {message}")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ta-contract",
        description="Validate Text Analytics analyze-job status responses against their contract.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  ta-contract validate examples/captures/\n"
            "  ta-contract validate --format json response.json"
        ),
    )
    parser.add_argument("--version", action="version", version=_version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    validate = commands.add_parser(
        "validate",
        help="check response documents (files, directories of *.json, or - for standard input)",
        description="Check response documents against the contract of one API version.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "exit codes: 0 no errors, 1 a document has an error, 2 usage error\n"
            "examples:\n"
            "  ta-contract validate examples/\n"
            "  ta-contract validate --api-version v3.1 --strict capture.json\n"
            "  curl -s ... | ta-contract validate --format json -"
        ),
    )
    validate.add_argument(
        "paths", nargs="+", metavar="PATH", help="file, directory (searched for *.json) or -"
    )
    validate.add_argument(
        "--api-version",
        default=DEFAULT_API_VERSION,
        choices=API_VERSIONS,
        metavar="V",
        help=f"API version of the documents: {', '.join(API_VERSIONS)} (default {DEFAULT_API_VERSION})",
    )
    validate.add_argument(
        "--strict", action="store_true", help="report unknown properties as errors, not warnings"
    )
    validate.add_argument(
        "--kind",
        default="auto",
        choices=KINDS,
        help="document kind; auto treats an object whose only key is 'error' as an error response",
    )
    validate.add_argument(
        "--format", default="text", choices=("text", "json"), help="report format (default text)"
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

    schema = commands.add_parser(
        "schema",
        help="print the bundled schema of an API version",
        description="Print the self-contained JSON Schema of one API version.",
    )
    schema.add_argument("--api-version", default=DEFAULT_API_VERSION, choices=API_VERSIONS, metavar="V")
    schema.add_argument("--kind", default="job-state", choices=("job-state", "error"))
    schema.add_argument(
        "--strict", action="store_true", help="the variant whose objects admit no other properties"
    )

    commands.add_parser(
        "versions",
        help="list the API versions with a shipped schema",
        description="List the API versions with a shipped schema.",
    )
    rules = commands.add_parser(
        "rules",
        help="list every rule id the validator reports",
        description="List every rule id the validator reports, with what it checks.",
    )
    rules.add_argument("--format", default="text", choices=("text", "json", "markdown"))
    return parser


def _version_text() -> str:
    versions = ", ".join(API_VERSIONS)
    return f"ta-contract {__version__} (schema revision {SCHEMA_REVISION}; API versions {versions})"


def _expand(paths: Sequence[str]) -> list[str]:
    """Every document path named, directories searched for *.json in a stable order."""
    expanded: list[str] = []
    for name in paths:
        if name == STDIN_PATH:
            expanded.append(name)
            continue
        path = Path(name)
        if path.is_dir():
            expanded.extend(str(found) for found in sorted(path.rglob("*.json")) if found.is_file())
        elif path.is_file():
            expanded.append(name)
        else:
            raise UsageError(f"ta-contract validate: no such file or directory: {name}")
    return expanded


def _read(name: str, stdin: TextIO) -> bytes:
    if name == STDIN_PATH:
        buffer = getattr(stdin, "buffer", None)
        return buffer.read() if buffer is not None else stdin.read().encode("utf-8")
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise UsageError(f"ta-contract validate: cannot read {name}: {error.strerror or error}") from error


def _check(args: argparse.Namespace, stdin: TextIO) -> Iterator[DocumentReport]:
    names = _expand(args.paths)
    request = _read_request(args.request, stdin) if args.request else None
    if args.sequence:
        yield from _check_sequence(args, names, stdin)
        return
    for name in names:
        raw = _read(name, stdin)
        findings = iter_findings(
            raw,
            api_version=args.api_version,
            strict=args.strict,
            kind=args.kind,
            request=request,
            string_index_type=args.string_index_type,
        )
        yield DocumentReport(path=_display(name), findings=tuple(findings))


def _check_sequence(args: argparse.Namespace, names: list[str], stdin: TextIO) -> Iterator[DocumentReport]:
    """Checks the documents as polls of one job; each finding goes to its poll, without the index prefix."""
    raws = [_read(name, stdin) for name in names]
    by_poll: list[list[Finding]] = [[] for _ in names]
    findings = iter_sequence_findings(
        raws, api_version=args.api_version, strict=args.strict, string_index_type=args.string_index_type
    )
    for finding in findings:
        index, _, rest = finding.pointer[1:].partition("/")
        by_poll[int(index)].append(replace(finding, pointer=f"/{rest}" if rest else ""))
    for name, poll_findings in zip(names, by_poll, strict=True):
        yield DocumentReport(path=_display(name), findings=tuple(poll_findings))


def _display(name: str) -> str:
    return "<stdin>" if name == STDIN_PATH else name


def _read_request(name: str, stdin: TextIO) -> object:
    raw = _read(name, stdin)
    try:
        return json.loads(raw)
    except ValueError as error:
        raise UsageError(f"ta-contract validate: --request {name} is not JSON: {error}") from error


def _run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.command == "versions":
        for api_version in API_VERSIONS:
            marker = " (default)" if api_version == DEFAULT_API_VERSION else ""
            stdout.write(f"{api_version}{marker}\n")
        return EXIT_OK
    if args.command == "rules":
        renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
        stdout.write(renderers[args.format]())
        return EXIT_OK
    if args.command == "schema":
        schema = schema_for(args.api_version, kind=args.kind, strict=args.strict)
        stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    reports = list(_check(args, stdin))
    reporter: Reporter = (
        JsonReporter(api_version=args.api_version, strict=args.strict)
        if args.format == "json"
        else TextReporter()
    )
    reporter.write(reports, stdout)
    return EXIT_OK if all(report.valid for report in reports) else EXIT_FINDINGS


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Runs the command line ``argv`` and returns its exit code; streams default to the process's own."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    parser = _build_parser()
    try:
        with contextlib.redirect_stdout(stdout):  # --help and --version print through sys.stdout
            args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
        if args.command is None:
            parser.print_help(stdout)
            return EXIT_USAGE
        return _run(args, stdin, stdout)
    except (UsageError, RequestError) as error:
        stderr.write(f"{error}\n")
        return EXIT_USAGE
    except SystemExit as exit_request:  # --help and --version exit through argparse
        return int(exit_request.code or 0)
