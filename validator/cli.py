"""The ``ta-contract`` command: argument parsing and dispatch, over the same objects as the Python API.

Exit codes: 0 when no document has an error, 1 when some document has an error (invalid JSON and inputs that
cannot be read included), 2 for usage errors (unknown option, API version or kind; a named path that does not
exist; an --output that would overwrite an input), 130 when interrupted (Ctrl-C), after a summary of what was
checked. The validate run is ``_validate_command``; finding inputs, checking and reporting live in their own
modules: ``_inputs`` (and ``_inputs_har``), ``_checking``, ``_reporting`` (with ``_report_sarif`` and
``_report_junit``) and ``_output``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import re
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TextIO

from validator._about import SCHEMA_REVISION, __version__
from validator._catalogue import render_json, render_markdown, render_text
from validator._checking import AUTO_API_VERSION
from validator._core import KINDS
from validator._inputs import DEFAULT_MAX_DOCUMENT_SIZE, INPUT_FORMATS
from validator._output import COLOR_MODES
from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION, schema_for
from validator._text import STRING_INDEX_TYPES
from validator._validate_command import UsageError, run_validate
from validator.exceptions import RequestError

__all__ = ["EXIT_FINDINGS", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "UsageError", "main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMATS = ("text", "json", "junit", "sarif", "github")

# Commands implemented in their own modules, imported only when they run: ``generate`` needs Hypothesis, which
# ``validate`` must never import. Each module has ``add_parser(commands)`` and ``run(args, stdout, stderr)``.
_MODULE_COMMANDS = {
    "diff": (
        "validator._cli_diff",
        "list what changed between two response contracts, and what breaks clients",
    ),
    "generate": (
        "validator._cli_generate",
        "generate example job-state documents (needs the generators extra)",
    ),
}

_VALIDATE_EPILOG = f"""\
PATH is a file, a directory (searched recursively for *.json, *.jsonl and *.har), or - for standard input.
A *.jsonl file holds one response per line (reported as FILE:LINE); a *.har file is searched for GETs of
.../analyze/jobs/{{jobId}} (each reported as FILE#entries/N). Findings give the line and column in the file.

exit codes: 0 no errors (warnings allowed), 1 a document has an error or an input cannot be read,
            2 usage error, 130 interrupted (Ctrl-C; the summary covers what was checked)
examples:
  ta-contract validate examples/captures/
  ta-contract validate --api-version v3.1 --strict capture.json
  ta-contract validate --api-version auto --format github recordings/session.har
  ta-contract validate --format sarif --output contract.sarif --jobs 0 captures/
  ta-contract validate --sequence poll-1.json poll-2.json poll-3.json
  kubectl logs my-poller | ta-contract validate --input-format jsonl -
  (default API version {DEFAULT_API_VERSION}; default --max-document-size 64M)"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # raise instead of exiting the process
        raise UsageError(f"{self.prog}: {message}")


def _document_size(text: str) -> int:
    """``67108864``, ``64M``, ``64MiB``, ``512k``: a size in bytes (binary multiples); 0 means no limit."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:([kmg])(?:i?b)?|b)?\s*", text, re.IGNORECASE)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use bytes, or a number with K, M or G)")
    exponent = " kmg".index(match.group(2).lower()) if match.group(2) else 0
    return int(match.group(1)) << (10 * exponent)


def _job_count(text: str) -> int:
    """A number of worker processes; 0 means one per CPU core."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a number of jobs: {text!r}")
    return int(text) or os.cpu_count() or 1


def _add_validate(commands: argparse._SubParsersAction[_Parser]) -> None:
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
        "32 MiB or more, else 1); the report is the same",
    )
    validate.add_argument(
        "--max-document-size",
        type=_document_size,
        default=DEFAULT_MAX_DOCUMENT_SIZE,
        metavar="SIZE",
        help="larger documents are a document-too-large finding (default 64M; 0: no limit)",
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


def _build_parser(command: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The parser, with the module of ``command`` loaded when it lives in one (others get a stand-in)."""
    parser = _Parser(
        prog="ta-contract",
        description="Validate Text Analytics analyze-job status responses against their contract.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  ta-contract validate examples/captures/\n"
        "  ta-contract validate --format github captures/ recordings/*.har\n"
        "  ta-contract COMMAND --help",
    )
    parser.add_argument("--version", action="version", version=_version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_validate(commands)
    schema = commands.add_parser(
        "schema",
        help="print the bundled schema of an API version",
        description="Print the self-contained JSON Schema (2020-12) of one API version.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  ta-contract schema --api-version v3.1 > v3.1.json\n"
        "  ta-contract schema --kind error",
    )
    schema.add_argument("--api-version", default=DEFAULT_API_VERSION, choices=API_VERSIONS, metavar="V")
    schema.add_argument("--kind", default="job-state", choices=("job-state", "error"))
    schema.add_argument(
        "--strict", action="store_true", help="the variant whose objects admit no other properties"
    )
    commands.add_parser(
        "versions",
        help="list the API versions with a shipped schema",
        description="List the API versions with a shipped schema; the default is marked.",
        epilog="example:\n  ta-contract versions",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rules = commands.add_parser(
        "rules",
        help="list every rule id the validator reports",
        description="List every rule id the validator reports, with what it checks.",
        epilog="examples:\n  ta-contract rules\n  ta-contract rules --format markdown > rules.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rules.add_argument("--format", default="text", choices=("text", "json", "markdown"))
    loaded: dict[str, ModuleType] = {}
    for name, (module_name, summary) in _MODULE_COMMANDS.items():
        if name != command:
            commands.add_parser(name, help=summary, add_help=False)  # a stand-in: listed, never run
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            raise UsageError(f"ta-contract {name}: not available in this installation ({error})") from error
        module.add_parser(commands)
        loaded[name] = module
    return parser, loaded


def _command_in(argv: Sequence[str]) -> str | None:
    """The command word: the first argument that is not an option (the top level has no valued options)."""
    return next((argument for argument in argv if not argument.startswith("-")), None)


def _version_text() -> str:
    versions = ", ".join(API_VERSIONS)
    return f"ta-contract {__version__} (schema revision {SCHEMA_REVISION}; API versions {versions})"


def _run(
    args: argparse.Namespace, modules: dict[str, ModuleType], stdin: TextIO, stdout: TextIO, stderr: TextIO
) -> int:
    if args.command in modules:
        code: int = modules[args.command].run(args, stdout, stderr)
        return code
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
    return run_validate(args, stdin, stdout, stderr)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Runs the command line ``argv`` and returns its exit code; streams default to the process's own."""
    own_stdout = stdout is None
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        parser, modules = _build_parser(_command_in(arguments))
        with contextlib.redirect_stdout(stdout):  # --help and --version print through sys.stdout
            args = parser.parse_args(arguments)
        if args.command is None:
            parser.print_help(stdout)
            return EXIT_USAGE
        return _run(args, modules, stdin, stdout, stderr)
    except (UsageError, RequestError) as error:
        stderr.write(f"{error}\n")
        return EXIT_USAGE
    except SystemExit as exit_request:  # --help and --version exit through argparse
        return int(exit_request.code or 0)
    except KeyboardInterrupt:  # outside a validation run (which reports what it checked)
        stderr.write("ta-contract: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        if own_stdout:
            _silence_stdout()
        return EXIT_FINDINGS


def _silence_stdout() -> None:
    """Points standard output at the null device so that the interpreter's final flush does not fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
