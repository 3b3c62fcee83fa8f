"""Fuzz the command line: any bytes as a HAR file, JSON Lines, polls or a request end in a verdict.

    python fuzz/fuzz_cli.py                 # Hypothesis-driven, 60 seconds
    python fuzz/fuzz_cli.py --seconds 600
    python fuzz/fuzz_cli.py --atheris -atheris_runs=100000   # coverage-guided, if atheris is installed

``ta-contract validate`` runs in this process (``main(argv)`` with its own streams) on a file holding the
input, read as JSON, as a HAR file, as JSON Lines, as polls of one job (``--sequence``) or as the analyze
request (``--request``), with every report format. The property: the exit code is 0, 1 or 2, nothing raises,
nothing prints a traceback, and a JSON or SARIF report is JSON. A crash prints the input and exits 1.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from validator._reporting import FORMATS  # noqa: E402  (after making the checkout importable)
from validator.cli import main  # noqa: E402

MODES = ("json", "har", "jsonl", "sequence", "request")
_FILE_NAMES = {
    "json": "document.json",
    "har": "session.har",
    "jsonl": "polls.jsonl",
    "sequence": "lifecycle.json",
    "request": "request.json",
}
RESPONSE = REPO / "tests" / "data" / "exchanges" / "custom-entities.response.json"
SEEDS = [
    *sorted((REPO / "tests" / "data" / "cli").glob("*.*")),
    *sorted((REPO / "tests" / "data" / "exchanges").glob("*.json")),
    *sorted((REPO / "tests" / "data" / "valid").glob("*.json"))[:4],
]


def validate_argv(mode: str, report_format: str, path: Path) -> list[str]:
    """The ``ta-contract validate`` arguments that read ``path`` as ``mode``."""
    argv = ["validate", "--format", report_format, "--allow-empty", "--max-document-size", "1M"]
    if mode == "sequence":
        return [*argv, "--sequence", str(path), str(RESPONSE)]
    if mode == "request":
        return [*argv, "--request", str(path), str(RESPONSE)]
    return [*argv, "--input-format", mode, str(path)]


def check_cli(data: bytes, mode: str, report_format: str, folder: Path) -> int:
    """The property under test, for one input: a verdict with exit code 0, 1 or 2 and no traceback."""
    path = folder / _FILE_NAMES[mode]
    path.write_bytes(data)
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(validate_argv(mode, report_format, path), stdin=io.StringIO(""), stdout=stdout, stderr=stderr)
    assert code in (0, 1, 2), (code, stderr.getvalue())
    assert "Traceback" not in stderr.getvalue(), stderr.getvalue()
    if code == 2:
        assert stderr.getvalue().startswith("ta-contract validate: "), stderr.getvalue()
    else:
        assert stdout.getvalue().endswith("\n"), "a report ends with its summary"
        if report_format in ("json", "sarif"):
            json.loads(stdout.getvalue())
    return code


def inputs():  # type: ignore[no-untyped-def]  # Hypothesis is imported only when fuzzing
    """Arbitrary bytes, and seeds (HAR files, JSON Lines, requests, responses) with bytes spliced in."""
    from hypothesis import strategies as st

    seeds = [path.read_bytes() for path in SEEDS]

    def mutated(seed_bytes: bytes, cut: int, insert: bytes) -> bytes:
        position = cut % (len(seed_bytes) + 1)
        return seed_bytes[:position] + insert + seed_bytes[position + len(insert) :]

    return st.binary(max_size=2000) | st.builds(
        mutated, st.sampled_from(seeds), st.integers(min_value=0), st.binary(min_size=1, max_size=16)
    )


def run_hypothesis(seconds: float, seed: int) -> int:
    import random

    from hypothesis import given, settings
    from hypothesis import strategies as st

    with tempfile.TemporaryDirectory() as folder:

        @settings(database=None, deadline=None)
        @given(inputs(), st.sampled_from(MODES), st.sampled_from(FORMATS))
        def fuzz(data: bytes, mode: str, report_format: str) -> None:
            check_cli(data, mode, report_format, Path(folder))

        buffers = random.Random(seed)
        deadline, runs = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            fuzz.hypothesis.fuzz_one_input(buffers.randbytes(4096))
            runs += 1
    print(f"fuzzed the command line with {runs} inputs in {seconds:.0f} s (seed {seed}) without a crash")
    return 0


def run_atheris(argv: list[str]) -> int:
    import atheris

    folder = Path(tempfile.mkdtemp())

    def one_input(data: bytes) -> None:
        if len(data) < 2:
            return
        check_cli(data[2:], MODES[data[0] % len(MODES)], FORMATS[data[1] % len(FORMATS)], folder)

    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()
    return 0


def main_entry() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the Hypothesis fuzzer runs")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random buffers (Hypothesis mode)")
    parser.add_argument("--atheris", action="store_true", help="use atheris (pip install atheris) instead")
    args, rest = parser.parse_known_args()
    return run_atheris(rest) if args.atheris else run_hypothesis(args.seconds, args.seed)


if __name__ == "__main__":
    raise SystemExit(main_entry())
