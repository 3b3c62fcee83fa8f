"""``ta-contract rules``: list every rule id the validator reports, with what it checks."""

from __future__ import annotations

import argparse
from typing import TextIO

from validator._reporting.catalogue import render_json, render_markdown, render_text
from validator.cli._command import EXIT_OK, Commands

_RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def add_parser(commands: Commands) -> None:
    rules = commands.add_parser(
        "rules",
        help="list every rule id the validator reports",
        description="List every rule id the validator reports, with what it checks.",
        epilog="examples:\n  ta-contract rules\n  ta-contract rules --format markdown > rules.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rules.add_argument("--format", default="text", choices=tuple(_RENDERERS))


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    stdout.write(_RENDERERS[args.format]())
    return EXIT_OK
