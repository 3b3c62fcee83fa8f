"""The pytest plugin: a user's suite runs its client code against generated contract examples."""

from __future__ import annotations

import pytest

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
def test_exchange_answers_its_request(exchange):
    request, response = exchange
    assert len(request["analysisInput"]["documents"]) <= 2
"""


def test_decorated_tests_run_against_generated_examples(pytester: pytest.Pytester) -> None:
    """Each decorated test runs on generated examples and passes when the client code is right."""
    pytester.makepyfile(test_user=USER_SUITE)
    result = pytester.runpytest_subprocess("--ta-max-examples", "5", "-p", "no:cacheprovider")
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
    result = pytester.runpytest_subprocess("--ta-max-examples", "50", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*example={*"])  # the generated response that broke the client


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
    result = pytester.runpytest_subprocess(
        "--ta-api-version", "v3.1", "--ta-max-examples", "10", "-p", "no:cacheprovider"
    )
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
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_unknown_kind_is_refused_at_decoration() -> None:
    """contract_examples refuses a kind it does not know, naming the known ones."""
    from validator.pytest_plugin import contract_examples

    with pytest.raises(ValueError, match="known kinds: valid, invalid, lifecycle, exchange"):
        contract_examples("healthcare")
