"""Examples per second of ``job_states`` against hypothesis-jsonschema's ``from_schema`` on the same bundled
schema, and how many examples of each break a contract rule; both measured in one run.

    python benchmarks/bench_generators.py [--api-version V] [--examples N] [--schema-examples M]

Generation is timed alone (examples are only collected while timing); the validator judges them afterwards.
Both generators are drawn the same way: a ``@given`` function with a fixed seed, no database, only the
generate phase, and health checks off (hypothesis-jsonschema trips filter_too_much on this schema).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import validator
from validator import strategies

CONTRACT_SCOPES = (validator.Scope.DOCUMENT,)
CONTRACT_RULES = {info.id for info in validator.rule_catalogue() if info.scope in CONTRACT_SCOPES}


def draw(strategy: st.SearchStrategy[Any], count: int) -> tuple[list[Any], float]:
    """``count`` examples and the seconds it took to generate them."""
    drawn: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @seed(20260501)
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    started = time.perf_counter()
    collect()
    return drawn, time.perf_counter() - started


def breaks(api_version: str, tally: Counter[str]) -> Callable[[Any], tuple[bool, bool]]:
    """(breaks a contract rule, fails the schema) for one example; counts the contract rules in ``tally``."""

    def judge(payload: Any) -> tuple[bool, bool]:
        findings = validator.iter_findings(payload, api_version=api_version)
        rules = {finding.rule for finding in findings if finding.is_error}
        tally.update(rules & CONTRACT_RULES)
        return bool(rules & CONTRACT_RULES), bool(rules - CONTRACT_RULES)

    return judge


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--api-version", default=validator.DEFAULT_API_VERSION, choices=validator.API_VERSIONS
    )
    parser.add_argument("--examples", type=int, default=500, help="job_states examples (default 500)")
    parser.add_argument("--schema-examples", type=int, default=100, help="from_schema examples (default 100)")
    options = parser.parse_args()
    version = options.api_version
    rows = []
    tallies: list[Counter[str]] = []
    for name, strategy, count in (
        ("job_states", strategies.job_states(version), options.examples),
        ("from_schema (hypothesis-jsonschema)", strategies.from_schema(version), options.schema_examples),
    ):
        examples, seconds = draw(strategy, count)
        tallies.append(Counter())
        judge = breaks(version, tallies[-1])
        verdicts = [judge(example) for example in examples]
        contract = sum(1 for broke, _ in verdicts if broke)
        schema = sum(1 for _, failed in verdicts if failed)
        rows.append((name, len(examples), seconds, len(examples) / seconds, contract, schema))
    print(f"API version {version}; Hypothesis {hypothesis.__version__}; seed 20260501\n")
    print("| generator | examples | seconds | examples/s | break a contract rule | fail the schema |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, count, seconds, rate, contract, schema in rows:
        print(
            f"| {name} | {count} | {seconds:.1f} | {rate:.1f} | "
            f"{contract} ({100 * contract / count:.0f}%) | {schema} ({100 * schema / count:.0f}%) |"
        )
    print(f"\njob_states is {rows[0][3] / rows[1][3]:.0f} times as fast as from_schema.")
    broken = ", ".join(f"{rule} {count}" for rule, count in tallies[1].most_common())
    print(f"Contract rules the from_schema examples break (examples per rule): {broken}.")


if __name__ == "__main__":
    main()
