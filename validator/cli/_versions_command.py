"""``ta-contract versions``: list the API versions with a shipped schema."""

from __future__ import annotations

import argparse
from typing import TextIO

from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION
from validator.cli._command import EXIT_OK, Commands


def add_parser(commands: Commands) -> None:
    commands.add_parser(
        "versions",
        help="list the API versions with a shipped schema",
        description="List the API versions with a shipped schema; the default is marked.",
        epilog="example:\n  ta-contract versions",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    for api_version in API_VERSIONS:
        marker = " (default)" if api_version == DEFAULT_API_VERSION else ""
        stdout.write(f"{api_version}{marker}\n")
    return EXIT_OK
