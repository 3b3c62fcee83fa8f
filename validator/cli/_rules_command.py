"""``ta-contract rules``: list every rule id the validator reports, with what it checks."""

from __future__ import annotations

import argparse
import json
from importlib import resources
from typing import TextIO

from validator._reporting.catalogue import render_json, render_markdown, render_text
from validator._rules import rule_catalogue
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
    rules.add_argument(
        "--client-effects",
        action="store_true",
        help="show what a response breaking each rule does to the Azure SDK (see docs/clients.md)",
    )


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    if args.client_effects:
        stdout.write(_client_effects())
        return EXIT_OK
    stdout.write(_RENDERERS[args.format]())
    return EXIT_OK


def _client_effects() -> str:
    """Each rule id with its effect on each measured SDK version, as scripts/build_clients_doc.py found it."""
    text = resources.files("validator._service").joinpath("client_effects.json").read_text(encoding="utf-8")
    measured = json.loads(text)["sdks"]
    ids = [info.id for info in rule_catalogue()]
    columns = [[f"{sdk['sdk']} ({sdk['api_version']})"] for sdk in measured]
    for rule in ids:
        for column, sdk in zip(columns, measured, strict=True):
            column.append(sdk["effects"].get(rule, ["-"])[0])
    widths = [max(map(len, column)) for column in columns[:-1]]
    rows = [["rule", *(column[0] for column in columns)]] + [
        [rule, *(column[index + 1] for column in columns)] for index, rule in enumerate(ids)
    ]
    rule_width = max(map(len, ids))
    lines = []
    for row in rows:
        cells = [f"{cell:<{width}}" for cell, width in zip(row[1:-1], widths, strict=True)]
        lines.append("  ".join([f"{row[0]:<{rule_width}}", *cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"
