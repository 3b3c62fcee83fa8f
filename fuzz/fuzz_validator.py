"""Fuzz the parser and the validator: any bytes must end in findings, never in an exception.

    python fuzz/fuzz_validator.py                 # Hypothesis-driven, 60 seconds
    python fuzz/fuzz_validator.py --seconds 600
    python fuzz/fuzz_validator.py --atheris -atheris_runs=100000   # coverage-guided, if atheris is installed

Inputs are raw bytes, mutations of the real captures and of the project's examples, and JSON values built
to look like job states. Each input is checked as a document, as a poll between two real polls of a sequence,
as the analyze request a real response answers, and as a response to a real request. A crash prints the input
that caused it and exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import validator  # noqa: E402  (after making the checkout importable)

SEEDS = sorted((REPO / "tests" / "data").rglob("*.json")) + sorted((REPO / "examples").rglob("*.json"))


EXCHANGES = REPO / "tests" / "data" / "exchanges"
REQUESTS = sorted(EXCHANGES.rglob("*.request.json"))
RESPONSE = (EXCHANGES / "custom-entities.response.json").read_bytes()


def check_one(data: bytes) -> None:
    """The property under test: every input ends in findings, each with a rule and a message, whichever
    entry point it goes through; a request that is not a JSON object is the one documented refusal."""
    request = REQUESTS[len(data) % len(REQUESTS)].read_bytes() if REQUESTS else None
    findings = [
        *validator.iter_findings(data),
        *validator.iter_findings(data, max_findings=1),
        *validator.iter_sequence_findings([data, data]),
        *validator.iter_sequence_findings([RESPONSE, data, RESPONSE]),
        *validator.iter_findings(data, request=request),
    ]
    # Misuse, refused before any check: the request must be a JSON object.
    with contextlib.suppress(validator.RequestError):
        findings += validator.iter_findings(RESPONSE, request=data)
    for finding in findings:
        assert finding.rule, finding
        assert finding.message, finding
        assert finding.rule != "internal-error", finding


def run_hypothesis(seconds: float, seed: int) -> int:
    import random

    from hypothesis import given, settings
    from hypothesis import strategies as st

    seeds = [path.read_bytes() for path in SEEDS]

    def mutated(seed_bytes: bytes, cut: int, insert: bytes) -> bytes:
        position = cut % (len(seed_bytes) + 1)
        return seed_bytes[:position] + insert + seed_bytes[position + len(insert) :]

    inputs = st.binary(max_size=2000) | st.builds(
        mutated, st.sampled_from(seeds), st.integers(min_value=0), st.binary(min_size=1, max_size=16)
    )

    @settings(database=None)
    @given(inputs)
    def fuzz(data: bytes) -> None:
        check_one(data)

    # Hypothesis' fuzzing entry point turns random buffers into examples; a failure raises here as usual.
    buffers = random.Random(seed)
    deadline, runs = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        fuzz.hypothesis.fuzz_one_input(buffers.randbytes(4096))
        runs += 1
    print(f"fuzzed {runs} inputs in {seconds:.0f} s (seed {seed}) without a crash")
    return 0


def run_atheris(argv: list[str]) -> int:
    import atheris

    atheris.Setup([sys.argv[0], *argv], check_one)
    atheris.Fuzz()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the Hypothesis fuzzer runs")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random buffers (Hypothesis mode)")
    parser.add_argument("--atheris", action="store_true", help="use atheris (pip install atheris) instead")
    args, rest = parser.parse_known_args()
    return run_atheris(rest) if args.atheris else run_hypothesis(args.seconds, args.seed)


if __name__ == "__main__":
    raise SystemExit(main())
