"""The pytest plugin: a user's suite runs its client code against generated contract examples."""

from __future__ import annotations

import sys

import pytest

from .helpers import run_process

USER_SUITE = """
from validator.pytest_plugin import contract_examples


@contract_examples("valid", status="succeeded")
def test_client_reads_finished_jobs(payload):
    assert payload["status"] == "succeeded"
    assert payload["tasks"]["inProgress"] == 0


@contract_examples("invalid")
def test_client_sees_what_is_broken(case, ta_contract):
    rules = {finding.rule for finding in ta_contract.iter_findings(case.payload)}
    assert case.rule in rules


@contract_examples("lifecycle")
def test_poller_reaches_a_terminal_status(polls):
    assert polls[0]["status"] == "notStarted"
    assert polls[-1]["status"] in {"succeeded", "partiallyCompleted", "failed", "cancelled"}


@contract_examples("exchange", max_documents=2)
def test_exchange_answers_its_request(exchange, ta_contract):
    assert len(exchange.request["analysisInput"]["documents"]) <= 2
    assert ta_contract.is_valid(exchange.response, request=exchange.request)
    request, response = exchange  # still a pair, for suites written before exchanges had names
    assert (request, response) == (exchange.request, exchange.response)
"""


def failing_call(test_name: str) -> str:
    """The line that introduces the example a test failed on, as Hypothesis writes it (its wording changed
    from "Falsifying example" to "Failing test case" in 6.x)."""
    return rf".*(Falsifying example|Failing test case): {test_name}\($"


def run_user_suite(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Runs pytest over the user's suite in ``pytester``'s folder, in a child process that is killed with
    its process group if it outlives the helpers' timeout."""
    basetemp = pytester.path.parent / f"{pytester.path.name}-basetemp"
    argv = [sys.executable, "-m", "pytest", f"--basetemp={basetemp}", "-p", "no:cacheprovider", *args]
    result = run_process(argv, cwd=pytester.path)
    return pytest.RunResult(result.returncode, result.stdout.splitlines(), result.stderr.splitlines(), 0.0)


def test_decorated_tests_run_against_generated_examples(pytester: pytest.Pytester) -> None:
    """Each decorated test runs on generated examples and passes when the client code is right."""
    pytester.makepyfile(test_user=USER_SUITE)
    result = run_user_suite(pytester, "--ta-max-examples", "5")
    result.assert_outcomes(passed=4)


def test_a_client_bug_fails_with_a_falsifying_example(pytester: pytest.Pytester) -> None:
    """A client that mishandles a valid response fails, and the report shows the response that broke it."""
    pytester.makepyfile(
        test_user="""
from validator.pytest_plugin import contract_examples


@contract_examples("valid")
def test_client_assumes_every_job_is_finished(payload):
    assert payload["status"] == "succeeded"
"""
    )
    result = run_user_suite(pytester, "--ta-max-examples", "50")
    result.assert_outcomes(failed=1)
    # The failure is named after the user's test and its argument, with the response that broke the client.
    result.stdout.re_match_lines([failing_call("test_client_assumes_every_job_is_finished"), r".*payload=\{"])
    result.stdout.no_fnmatch_line("*check(*")
    result.stdout.no_fnmatch_line("*example_test(*")


def test_each_failing_test_is_reported_under_its_own_name(pytester: pytest.Pytester) -> None:
    """Two failing contract tests of different kinds each report their own name and argument."""
    pytester.makepyfile(
        test_user="""
from validator.pytest_plugin import contract_examples


@contract_examples("invalid", rules=["enum"], pointers=["/status"])
def test_client_trusts_the_status(case):
    assert case.payload["status"] in {"notStarted", "running", "succeeded"}


@contract_examples("lifecycle")
def test_poller_expects_two_polls(polls):
    assert len(polls) == 2
"""
    )
    result = run_user_suite(pytester, "--ta-max-examples", "10")
    result.assert_outcomes(failed=2)
    result.stdout.re_match_lines([failing_call("test_client_trusts_the_status"), r".*case=InvalidJobState\("])
    result.stdout.re_match_lines([failing_call("test_poller_expects_two_polls"), r".*polls=\["])


def test_slow_tests_are_not_failed_by_a_deadline(pytester: pytest.Pytester) -> None:
    """A client test slower than Hypothesis' default 200 ms deadline passes: the plugin sets no deadline."""
    # As on a developer's machine: Hypothesis' own CI profile (chosen when CI is set) has no deadline.
    pytester.makeconftest("from hypothesis import settings\n\nsettings.load_profile('default')\n")
    pytester.makepyfile(
        test_user="""
import time

from validator.pytest_plugin import contract_examples


@contract_examples("valid")
def test_slow_client(payload, ta_contract):
    time.sleep(0.5)  # well past the default deadline (200 ms, failing at 250 ms)
    assert ta_contract.is_valid(payload)


@contract_examples("invalid")
def test_slow_error_handling(case):
    time.sleep(0.5)
    assert case.rule
"""
    )
    result = run_user_suite(pytester, "--ta-max-examples", "2")
    result.assert_outcomes(passed=2)
    result.stdout.no_fnmatch_line("*DeadlineExceeded*")


def test_api_version_option_reaches_the_generated_examples(pytester: pytest.Pytester) -> None:
    """--ta-api-version selects the version whose task kinds the examples use."""
    pytester.makepyfile(
        test_user="""
from validator.pytest_plugin import contract_examples


@contract_examples("valid")
def test_no_custom_tasks_in_v3_1(payload, ta_contract):
    assert ta_contract.api_version == "v3.1"
    assert not any(kind.startswith("custom") for kind in payload["tasks"])
"""
    )
    result = run_user_suite(pytester, "--ta-api-version", "v3.1", "--ta-max-examples", "10")
    result.assert_outcomes(passed=1)


def test_ini_settings_configure_the_plugin(pytester: pytest.Pytester) -> None:
    """ta_api_version and ta_strict in the ini file configure the fixture."""
    pytester.makeini("[pytest]\nta_api_version = v3.2-preview.1\nta_strict = true\n")
    pytester.makepyfile(
        test_user="""
def test_fixture_is_configured(ta_contract):
    assert (ta_contract.api_version, ta_contract.strict) == ("v3.2-preview.1", True)
"""
    )
    result = run_user_suite(pytester)
    result.assert_outcomes(passed=1)


def test_fixture_loads_its_schemas_before_the_test_body(pytester: pytest.Pytester) -> None:
    """ta_contract has already validated once, so the first validation's schema loading is not timed as
    part of a user's own @given test."""
    pytester.makepyfile(
        test_user="""
from validator._fast_path import compiled
from validator._schema_validation import _validator


def test_schemas_are_loaded_by_the_fixture(ta_contract):
    # Whichever engine checked the fixture's document (compiled, else the reference) is loaded.
    assert compiled.cache_info().currsize >= 1 or _validator.cache_info().currsize >= 1
"""
    )
    result = run_user_suite(pytester)
    result.assert_outcomes(passed=1)


def test_unknown_kind_is_refused_at_decoration() -> None:
    """contract_examples refuses a kind it does not know, naming the known ones."""
    from validator.pytest_plugin import contract_examples

    with pytest.raises(ValueError, match="known kinds: valid, invalid, lifecycle, exchange"):
        contract_examples("healthcare")
