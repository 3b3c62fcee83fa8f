"""``ta-contract generate``: write generated examples to a folder, one JSON file each, plus a hidden manifest.

Hypothesis is imported only when the command runs, so the other subcommands work without the
``generators`` extra. Examples are drawn with a fixed seed and no example database, so the same command
line writes the same files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from validator._about import __version__
from validator._reporting.report import printable
from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION
from validator.cli._command import EXIT_OK, EXIT_USAGE, Commands

KINDS = ("valid", "invalid", "exchange", "lifecycle")
FILE_PREFIX = {"valid": "job-state", "invalid": "invalid", "exchange": "exchange", "lifecycle": "lifecycle"}
# Hidden, so that ``ta-contract validate DIR`` (which skips hidden files) checks the examples and not it.
MANIFEST = ".manifest.json"
MAX_COUNT = 10_000
INSTALL_HINT = (
    "ta-contract generate needs Hypothesis, which the generators extra installs "
    "(in a checkout of this package: pip install '.[generators]')"
)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and {MAX_COUNT}")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def add_parser(commands: Commands) -> None:
    """Adds the ``generate`` subcommand to the ``ta-contract`` parser."""
    generate = commands.add_parser(
        "generate",
        help="write generated test data (valid, invalid, exchanges, lifecycles) as JSON files",
        description=(
            "Write generated analyze-job status responses to DIR, one JSON file per example, and a "
            ".manifest.json that lists them (with the rule and pointer each invalid example breaks). "
            "The same options and seed always write the same files."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "kinds:\n"
            "  valid      job-state responses that pass the schema and every contract rule\n"
            "  invalid    near misses, each breaking one rule at one pointer (see .manifest.json)\n"
            '  exchange   {"request": analyze request, "response": job state that answers it}\n'
            "  lifecycle  a JSON array of successive polls of one job\n"
            "exit codes: 0 written, 2 usage error (including files that exist without --force)\n"
            "example:\n"
            "  ta-contract generate --kind invalid --count 50 --seed 7 --out fixtures/invalid"
        ),
    )
    generate.add_argument(
        "--api-version",
        default=DEFAULT_API_VERSION,
        choices=API_VERSIONS,
        metavar="V",
        help=f"API version: {', '.join(API_VERSIONS)} (default {DEFAULT_API_VERSION})",
    )
    generate.add_argument("--kind", default="valid", choices=KINDS, help="what to generate (default valid)")
    generate.add_argument(
        "--count", type=_count, default=10, metavar="N", help="how many examples (default 10)"
    )
    generate.add_argument(
        "--seed",
        type=_seed,
        default=0,
        metavar="S",
        help="seed; the same seed writes the same files (default 0)",
    )
    generate.add_argument(
        "--strict",
        action="store_true",
        help="no unknown properties in valid data; invalid data may break additionalProperties",
    )
    generate.add_argument(
        "--out", required=True, metavar="DIR", help="folder to write to (created if needed)"
    )
    generate.add_argument("--force", action="store_true", help="overwrite files that already exist")


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Generates ``args.count`` examples of ``args.kind`` into ``args.out``; returns the exit code."""
    out = Path(args.out)
    width = max(4, len(str(args.count)))
    names = [f"{FILE_PREFIX[args.kind]}-{index:0{width}d}.json" for index in range(1, args.count + 1)]
    if out.exists() and not out.is_dir():
        stderr.write(printable(f"ta-contract generate: {out} exists and is not a folder") + "\n")
        return EXIT_USAGE
    existing = [name for name in [*names, MANIFEST] if (out / name).exists()]
    if existing and not args.force:
        shown = ", ".join(existing[:3]) + (f" and {len(existing) - 3} more" if len(existing) > 3 else "")
        message = f"ta-contract generate: {out} already holds {shown}; pass --force to overwrite"
        stderr.write(printable(message) + "\n")  # the folder name may hold anything
        return EXIT_USAGE
    try:
        from validator.cli._sampling import draw_examples
    except ImportError as missing:
        stderr.write(f"{INSTALL_HINT} ({missing})\n")
        return EXIT_USAGE
    examples = draw_examples(
        args.kind, args.api_version, strict=args.strict, count=args.count, seed=args.seed
    )
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, (content, details) in zip(names, examples, strict=True):
        text = (
            content if isinstance(content, str) else json.dumps(content, indent=2, ensure_ascii=False) + "\n"
        )
        (out / name).write_text(text, encoding="utf-8")
        entries.append({"file": name, **details})
    manifest = {
        "generator": f"textanalytics-contract {__version__}",
        "api_version": args.api_version,
        "kind": args.kind,
        "strict": args.strict,
        "seed": args.seed,
        "count": args.count,
        "examples": entries,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    stdout.write(f"wrote {args.count} {args.kind} example(s) and {MANIFEST} to {out}\n")
    return EXIT_OK
