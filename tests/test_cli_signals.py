"""Signals and worker processes: SIGTERM and SIGHUP end a run like Ctrl-C, and no process outlives a run."""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pytest

from .helpers import DATA, INVALID, run_process, script, spawned, wait_draining

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process table from /proc and sends POSIX signals"
)

# How long the processes of a run that has ended may take to go (the resource tracker notices its end within
# a second); well below the 30 s and more that orphaned workers used to spend on their queued batches.
_GONE_WITHIN = 20.0
_POLL = (INVALID.read_bytes().replace(b"\n", b" ") + b"\n") * 1000


def _session_members(session: int) -> list[str]:
    """``pid (name)`` of every live process in ``session`` (a run started with its own session)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text(encoding="utf-8", errors="replace")
            name_end = stat.rindex(")")
            fields = stat[name_end + 2 :].split()
            state, session_id = fields[0], int(fields[3])
            if session_id == session and state != "Z":
                members.append(stat[: name_end + 1])
    return members


def _wait_until_gone(session: int) -> list[str]:
    """The members of ``session`` still alive once they are all gone or ``_GONE_WITHIN`` has passed."""
    deadline = time.monotonic() + _GONE_WITHIN
    members = _session_members(session)
    while members and time.monotonic() < deadline:
        time.sleep(0.2)
        members = _session_members(session)
    return members


def _feed_forever(stream: IO[bytes]) -> None:
    """Writes polls until the reader goes away, so that the run is always mid-input when signalled."""
    with contextlib.suppress(OSError, ValueError):
        while True:
            stream.write(_POLL)
            stream.flush()


def _start_run(extra: list[str]) -> Any:
    """A parallel run over endless JSON Lines on standard input, in its own session."""
    return spawned(
        [*script(), "validate", "--input-format", "jsonl", *extra, "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _wait_for_workers(process: subprocess.Popen[bytes], count: int) -> list[str]:
    """Waits until ``count`` python workers run beside the command; the members of the session then."""
    deadline = time.monotonic() + 120
    members = _session_members(process.pid)
    while len(members) < count + 1 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        members = _session_members(process.pid)
    return members


def _signal_and_collect(process: subprocess.Popen[bytes], signum: int) -> tuple[bytes, bytes]:
    """Sends ``signum`` and returns standard output and error once the process has ended."""
    assert process.stdout is not None
    assert process.stderr is not None
    ready, _, _ = select.select([process.stdout], [], [], 120)
    assert ready, "no report line within 120 s"
    process.stdout.readline()  # the run is under way and reporting
    process.send_signal(signum)
    return wait_draining(process, timeout=120)


@pytest.mark.parametrize(("signal_name", "expected_code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_termination_signals_end_every_process_and_keep_the_report(
    signal_name: str, expected_code: int, tmp_path: Path
) -> None:
    """SIGTERM and SIGHUP end a --jobs 2 run with 143 / 129, a complete interrupted report, no leftovers."""
    target = tmp_path / "report.txt"
    with _start_run(["--jobs", "2", "--force-jobs", "--format", "github", "-o", str(target)]) as process:
        assert process.stdin is not None
        threading.Thread(target=_feed_forever, args=(process.stdin,), daemon=True).start()
        members = _wait_for_workers(process, 2)
        assert len(members) >= 3, members  # the command and two workers at least
        assert process.stderr is not None
        process.send_signal(getattr(signal, signal_name))
        process.wait(timeout=120)
        errors = process.stderr.read()
        left = _wait_until_gone(process.pid)
    assert expected_code == process.returncode
    assert [] == left
    assert b"Traceback" not in errors
    assert re.search(rb"interrupted: \d+ document\(s\) checked", errors), errors
    assert ["report.txt"] == sorted(path.name for path in tmp_path.iterdir())  # no .tmp left beside it
    assert target.read_text(encoding="utf-8").splitlines()[-1].startswith("interrupted: ")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_writes_the_partial_report_to_standard_output(jobs: str) -> None:
    """SIGTERM mid-run prints the summary of what was checked on standard output and exits 143."""
    with _start_run(["--jobs", jobs, "--force-jobs"]) as process:
        assert process.stdin is not None
        threading.Thread(target=_feed_forever, args=(process.stdin,), daemon=True).start()
        out, errors = _signal_and_collect(process, signal.SIGTERM)
        left = _wait_until_gone(process.pid)
    assert 143 == process.returncode
    assert [] == left
    assert b"Traceback" not in errors
    summary = out.decode().splitlines()[-1]
    assert re.fullmatch(r"interrupted: \d+ document\(s\) checked: 0 valid, .*", summary), summary


def test_workers_end_when_the_run_is_killed() -> None:
    """SIGKILL of the command leaves no worker checking queued batches: they end with their parent."""
    with _start_run(["--jobs", "2", "--force-jobs"]) as process:
        assert process.stdin is not None
        threading.Thread(target=_feed_forever, args=(process.stdin,), daemon=True).start()
        members = _wait_for_workers(process, 2)
        assert len(members) >= 3, members
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        left = _wait_until_gone(process.pid)
    assert -signal.SIGKILL == process.returncode
    assert [] == left


def test_jobs_beyond_the_cores_are_capped_unless_forced() -> None:
    """--jobs 40 starts no more workers than there are cores; the command, workers and resource tracker."""
    cores = len(os.sched_getaffinity(0))
    with _start_run(["--jobs", "40"]) as process:
        assert process.stdin is not None
        threading.Thread(target=_feed_forever, args=(process.stdin,), daemon=True).start()
        members = _wait_for_workers(process, cores)
        # Every worker the pool will start is started by now (it starts them as batches queue up).
        assert process.stdout is not None
        process.stdout.readline()
        members = _session_members(process.pid)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    assert 143 == process.returncode
    assert len(members) <= cores + 2, members  # the command, a resource tracker, one worker per core


def test_force_jobs_starts_more_workers_than_cores() -> None:
    """--force-jobs starts the workers asked for, beyond the cores: the cap is what keeps the count down."""
    cores = len(os.sched_getaffinity(0))
    with _start_run(["--jobs", str(cores + 1), "--force-jobs"]) as process:
        assert process.stdin is not None
        threading.Thread(target=_feed_forever, args=(process.stdin,), daemon=True).start()
        members = _wait_for_workers(process, cores + 1)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    assert len(members) >= cores + 2, members  # the command and cores + 1 workers


_REAPED_PROBE = """
import os, resource, sys
from pathlib import Path
from validator.cli import main

code = main(["validate", "--jobs", "2", "--force-jobs", *sys.argv[1:]])
zombies = []
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            zombies.append(entry)
counted = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime > 0
print("RESULT", code, len(zombies), counted, file=sys.stderr)
"""


def test_parallel_runs_wait_for_their_workers() -> None:
    """After a --jobs run no worker is a zombie, and the workers' CPU time counts as the run's children's."""
    inputs = [str(DATA / "valid"), str(DATA / "invalid")]
    result = run_process([sys.executable, "-c", _REAPED_PROBE, *inputs])
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("RESULT ")]
    assert "RESULT 1 0 True" == line


def test_an_ignored_hangup_stays_ignored() -> None:
    """Under nohup (SIGHUP ignored) a hangup does not end the run; SIGTERM still does, with 143."""
    with spawned(
        ["sh", "-c", 'trap "" HUP; exec "$@"', "sh", *script(), "validate", "--input-format", "jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdin is not None
        threading.Thread(target=_feed_forever, args=(process.stdin,), daemon=True).start()
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 120)
        assert ready, "no report line within 120 s"
        process.stdout.readline()
        process.send_signal(signal.SIGHUP)
        still_running = process.poll() is None
        _, errors = _signal_and_collect(process, signal.SIGTERM)
    assert still_running
    assert 143 == process.returncode
    assert b"Traceback" not in errors
