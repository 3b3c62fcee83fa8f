"""``ta-contract schema``: print the self-contained JSON Schema of one API version."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION, SCHEMA_KINDS, schema_for
from validator.cli._command import EXIT_OK, Commands


def add_parser(commands: Commands) -> None:
    schema = commands.add_parser(
        "schema",
        help="print the bundled schema of an API version",
        description="Print the self-contained JSON Schema (2020-12) of one API version.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  ta-contract schema --api-version v3.1 > v3.1.json\n"
        "  ta-contract schema --kind error\n"
        "  ta-contract schema --kind request > analyze-request.json",
    )
    schema.add_argument("--api-version", default=DEFAULT_API_VERSION, choices=API_VERSIONS, metavar="V")
    schema.add_argument(
        "--kind",
        default="job-state",
        choices=SCHEMA_KINDS,
        help="the job-state response (default), the error response, or the analyze request "
        "(AnalyzeBatchInput)",
    )
    schema.add_argument(
        "--strict", action="store_true", help="the variant whose objects admit no other properties"
    )


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    schema = schema_for(args.api_version, kind=args.kind, strict=args.strict)
    stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK
