"""The ``ta-contract diff OLD NEW`` subcommand: what changed between two response contracts.

Exit codes: 0 when nothing is breaking for a client that reads the response, 1 when something is, 2 for a
usage error (an unknown API version, a schema file that cannot be read or is not a usable schema).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from validator._diff.checklist import render_markdown, render_upgrade_json, render_upgrade_text
from validator._diff.compare import (
    InvalidContractError,
    diff_contracts,
    load_contract,
    render_json,
    render_text,
)
from validator._diff.upgrade import BEHAVIOUR_NOTES, diff_upgrade, is_upgrade
from validator._reporting.report import printable
from validator._schemas import API_VERSIONS, SUCCESSOR_VERSIONS, V3_VERSIONS
from validator.cli._command import Commands

EXIT_OK, EXIT_BREAKING, EXIT_USAGE = 0, 1, 2


_EPILOG = f"""\
OLD and NEW are API versions ({", ".join(API_VERSIONS)}) or paths to self-contained JSON Schema
files (every $ref local, as in schemas/bundled/). Each change is judged for a client that reads the
response: breaking, compatible or informational (documentation only).

From a v3.x version ({", ".join(V3_VERSIONS)}) to a Language API version ({", ".join(SUCCESSOR_VERSIONS)})
the diff is an upgrade: the v3.x contract is mapped onto the successor's (task arrays onto tasks.items[]
of their kind, state onto status, @nextLink onto nextLink, ...), and the report lists every change a
reading client must make, then the behaviour changes no schema can show. --format markdown prints it as a
checklist for an upgrade ticket.

exit codes: 0 nothing breaking, 1 something breaking, 2 usage error (unknown version, unusable file)
examples:
  ta-contract diff v3.1 v3.2-preview.2
  ta-contract diff v3.2-preview.2 v3.1 --format json
  ta-contract diff v3.2-preview.2 my-contract.json
  ta-contract diff v3.2-preview.2 2023-04-01 --format markdown"""


def add_parser(commands: Commands) -> None:
    """Adds the ``diff`` subcommand to the command line's subparsers."""
    diff = commands.add_parser(
        "diff",
        help="list what changed between two response contracts and whether it breaks a client",
        description="List every difference between two response contracts, each judged for a client "
        "that reads the response.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_EPILOG,
    )
    diff.add_argument("old", metavar="OLD", help="the contract the client was written for")
    diff.add_argument("new", metavar="NEW", help="the contract it moves to")
    diff.add_argument(
        "--format", default="text", choices=("text", "json", "markdown"), help="report format (default text)"
    )


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Runs ``diff`` with parsed arguments; returns the exit code."""
    upgrade = is_upgrade(args.old, args.new)
    try:
        if args.old in SUCCESSOR_VERSIONS and args.new in V3_VERSIONS:
            raise InvalidContractError(
                f"{args.old} -> {args.new}",
                "a Language API contract does not map back onto v3.x; "
                "diff the other way round for an upgrade",
            )
        changes = (
            diff_upgrade(args.old, args.new)
            if upgrade
            else diff_contracts(load_contract(args.old), load_contract(args.new))
        )
    except InvalidContractError as error:
        stderr.write(printable(f"ta-contract diff: {error}") + "\n")  # it may quote a path
        return EXIT_USAGE
    if args.format == "markdown":
        notes = BEHAVIOUR_NOTES if upgrade else ()
        stdout.write(render_markdown(changes, old=args.old, new=args.new, notes=notes))
    elif upgrade:
        render_upgrade = render_upgrade_json if args.format == "json" else render_upgrade_text
        stdout.write(render_upgrade(changes, old=args.old, new=args.new))
    else:
        render = render_json if args.format == "json" else render_text
        stdout.write(render(changes, old=args.old, new=args.new))
    return EXIT_BREAKING if any(change.is_breaking for change in changes) else EXIT_OK
