"""Faults on demand, over real HTTP: labelled invalid polls, 429 and 503 with Retry-After, and a recording
whose validation finds exactly what was injected; and the ta-contract serve command's start and stop."""

from __future__ import annotations

import argparse
import io
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PROCESS_TIMEOUT, run, script, spawned
from tests.service_client import (
    analyze_request,
    call,
    injected_findings,
    poll_to_end,
    reported_findings,
    start_job,
)
from validator.cli import _serve_command
from validator.service import Faults, Lifecycle, serve

RULES = ("task-counters-sum", "enum", "invalid-json", "duplicate-key", "span-length", "next-link")


def test_a_chosen_rule_is_served_as_a_labelled_invalid_poll() -> None:
    """With invalid_rules and rate 1 every poll breaks that rule, and the exchange is labelled with it."""
    with serve(seed=9, faults=Faults(invalid_rules=("task-counters-sum",), invalid_rate=1.0)) as service:
        location = start_job(service.endpoint, analyze_request())
        status, _, _ = call("GET", location)
        labels = [exchange.fault for exchange in service.polls()]
    assert 200 == status
    assert 1 == len(labels)
    assert labels[0] is not None
    assert ("invalid", "task-counters-sum") == (labels[0].kind, labels[0].rule)


@pytest.mark.parametrize(("rate", "status"), [("throttle_rate", 429), ("unavailable_rate", 503)])
def test_throttling_and_unavailability_answer_with_retry_after(rate: str, status: int) -> None:
    """A throttled or unavailable poll answers its status with Retry-After and an error body."""
    faults = Faults(retry_after=7, **{rate: 1.0})
    with serve(faults=faults) as service:
        answer = call("GET", start_job(service.endpoint, analyze_request()))
    assert (status, "7") == (answer[0], answer[1]["Retry-After"])
    assert "error" in json.loads(answer[2])


def test_a_recording_with_faults_validates_with_exactly_the_injected_findings(tmp_path: Path) -> None:
    """Validating the HAR of a faulty run reports each injected rule at its pointer and nothing else."""
    faults = Faults(
        invalid_rules=RULES, invalid_rate=0.4, throttle_rate=0.15, unavailable_rate=0.2, retry_after=0
    )
    har = tmp_path / "faulty.har"
    with serve(seed=21, faults=faults, lifecycle=Lifecycle(min_polls=2, max_polls=4)) as service:
        for _ in range(6):
            poll_to_end(start_job(service.endpoint, analyze_request()))
        service.write_har(har)
        exchanges = service.exchanges
    kinds = {exchange.fault.kind for exchange in exchanges if exchange.fault is not None}
    assert {"invalid", "throttled", "unavailable"} == kinds
    assert injected_findings(har, exchanges) == reported_findings(har)


def test_serve_command_prints_its_url_records_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    """ta-contract serve --port 0 prints a loopback URL, answers, and on SIGTERM records and exits 0."""
    har = tmp_path / "served.har"
    argv = [*script(), "serve", "--port", "0", "--seed", "3", "--record", str(har)]
    with spawned(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("serving on http://127.0.0.1:")
        endpoint = first.split()[-1]
        poll_to_end(start_job(endpoint, analyze_request()))
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=PROCESS_TIMEOUT)
    assert 0 == process.returncode, err
    assert "recorded" in out
    assert 0 == run("validate", "--api-version", "auto", str(har)).returncode


def test_serve_command_stops_cleanly_on_ctrl_c() -> None:
    """SIGINT (Ctrl-C) stops the server with exit code 0 and no traceback."""
    with spawned(
        [*script(), "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("serving on ")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=PROCESS_TIMEOUT)
    assert (0, "") == (process.returncode, err)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--invalid", "no-such-rule"],
        ["--port", "70000"],
        ["--min-polls", "5", "--max-polls", "3"],
        ["--invalid-rate", "2"],
    ],
    ids=["unknown-rule", "port", "polls", "rate"],
)
def test_serve_command_refuses_bad_options_with_a_usage_error(arguments: list[str]) -> None:
    """Bad options end with exit code 2 and a message, before anything listens."""
    result = run("serve", *arguments)
    assert 2 == result.returncode
    assert "ta-contract serve" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_poll_is_the_jobs_own_poll_with_one_rule_broken() -> None:
    """Where a mutation fits, the broken poll keeps the job's id and breaks exactly the labelled rule."""
    faults = Faults(invalid_rules=("task-counters-sum",), invalid_rate=1.0, final_polls_only=True)
    with serve(seed=4, faults=faults, lifecycle=Lifecycle(min_polls=2, max_polls=2)) as service:
        location = start_job(service.endpoint, analyze_request())
        first, second = (json.loads(call("GET", location)[2]) for _ in range(2))
        labels = [exchange.fault for exchange in service.polls()]
    assert None is labels[0]
    assert labels[1] is not None
    assert (True, "task-counters-sum") == (labels[1].in_job, labels[1].rule)
    assert first["jobId"] == second["jobId"] == location.rsplit("/", 1)[1]


def test_serve_without_hypothesis_says_how_to_install_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the generators extra the command exits 2 with one message naming the extra."""
    parser = argparse.ArgumentParser(prog="ta-contract")
    _serve_command.add_parser(parser.add_subparsers(dest="command"))
    monkeypatch.setitem(sys.modules, "validator._service._core", None)  # makes the import fail
    stderr = io.StringIO()
    arguments = parser.parse_args(["serve", "--port", "0"])
    code = _serve_command.run(arguments, io.StringIO(), io.StringIO(), stderr)
    assert 2 == code
    assert "pip install '.[generators]'" in stderr.getvalue()
    assert 1 == stderr.getvalue().count("ta-contract serve")
