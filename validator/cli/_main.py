"""The ``ta-contract`` command: argument parsing and dispatch to one module per command.

Exit codes: 0 when no document has an error, 1 when some document has an error (invalid JSON and inputs that
cannot be read included), 2 for usage errors (unknown option, API version or kind; a named path that does not
exist; an --output that would overwrite an input or is not a regular file; nothing to check), and 128 plus the
signal's number when a signal ended the run (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP), after a summary of what
was checked. Usage errors are printed with control and bidirectional characters escaped, as they may quote
any path. Each command's module is imported only when that command runs (see ``_command``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TextIO

from validator._about import SCHEMA_REVISION, __version__
from validator._reporting.report import printable
from validator._schemas import API_VERSIONS
from validator.cli._command import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    UsageError,
)
from validator.cli._signals import exit_code_for
from validator.exceptions import RequestError

__all__ = ["EXIT_FINDINGS", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "UsageError", "main"]

# Every command, its module and its one-line summary, in the order ``--help`` lists them.
COMMANDS = {
    "validate": (
        "validator.cli._validate_command",
        "check response documents (files, directories, JSON Lines, HAR, or - for standard input)",
    ),
    "schema": ("validator.cli._schema_command", "print the bundled schema of an API version"),
    "versions": ("validator.cli._versions_command", "list the API versions with a shipped schema"),
    "rules": ("validator.cli._rules_command", "list every rule id the validator reports"),
    "diff": (
        "validator.cli._diff_command",
        "list what changed between two response contracts, and what breaks clients",
    ),
    "generate": (
        "validator.cli._generate_command",
        "generate example job-state documents (needs the generators extra)",
    ),
    "serve": (
        "validator.cli._serve_command",
        "run a fake analyze service on 127.0.0.1 (needs the generators extra)",
    ),
}


def _build_parser(command: str | None = None) -> tuple[argparse.ArgumentParser, ModuleType | None]:
    """The parser, with the module of ``command`` loaded (the other commands get a stand-in)."""
    parser = Parser(
        prog="ta-contract",
        description="Validate Text Analytics analyze-job status responses against their contract.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  ta-contract validate examples/captures/\n"
        "  ta-contract validate --format github captures/ recordings/*.har\n"
        "  ta-contract COMMAND --help",
    )
    parser.add_argument("--version", action="version", version=_version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    loaded = None
    for name, (module_name, summary) in COMMANDS.items():
        if name != command:
            commands.add_parser(name, help=summary, add_help=False)  # a stand-in: listed, never run
            continue
        try:
            loaded = importlib.import_module(module_name)
        except ImportError as error:
            raise UsageError(f"ta-contract {name}: not available in this installation ({error})") from error
        loaded.add_parser(commands)
    return parser, loaded


def _command_in(argv: Sequence[str]) -> str | None:
    """The command word: the first argument that is not an option (the top level has no valued options)."""
    return next((argument for argument in argv if not argument.startswith("-")), None)


def _version_text() -> str:
    versions = ", ".join(API_VERSIONS)
    return f"ta-contract {__version__} (schema revision {SCHEMA_REVISION}; API versions {versions})"


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
        parser, command = _build_parser(_command_in(arguments))
        with contextlib.redirect_stdout(stdout):  # --help and --version print through sys.stdout
            args = parser.parse_args(arguments)
        if args.command is None or command is None:
            parser.print_help(stdout)
            return EXIT_USAGE
        code: int = command.run(args, stdin, stdout, stderr)
        return code
    except (UsageError, RequestError) as error:
        stderr.write(f"{printable(str(error))}\n")  # it may quote a path, which may hold anything
        return EXIT_USAGE
    except SystemExit as exit_request:  # --help and --version exit through argparse
        return int(exit_request.code or 0)
    except KeyboardInterrupt as interruption:  # outside a validation run (which reports what it checked)
        stderr.write("ta-contract: interrupted\n")
        return exit_code_for(interruption)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        if own_stdout:
            _silence_stdout()
        return EXIT_FINDINGS


def _silence_stdout() -> None:
    """Points standard output at the null device so that the interpreter's final flush does not fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
