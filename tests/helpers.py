"""Shared test helpers: where the reference material, the captures and the test data are, and how to run
the command line as a user does, in a child process that always ends."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CAPTURES = SHARED / "captures"
REFERENCE = SHARED / "reference"
DATA = Path(__file__).resolve().parent / "data"
CLI_DATA = DATA / "cli"

VALID = DATA / "valid" / "not-started.json"
INVALID = DATA / "invalid" / "enum-job-status-completed.json"
TRUNCATED = DATA / "invalid" / "invalid-json-truncated.json"
POLLS = CLI_DATA / "polls.jsonl"
SESSION = CLI_DATA / "session.har"

# Long enough for a loaded two-core machine; a child still running then is killed with its process group.
PROCESS_TIMEOUT = 180

SHARED_MISSING_REASON = (
    f"the shared reference material is not beside this checkout ({SHARED} does not exist); "
    "these tests read the real captures and the documentation sample from there"
)


def require_shared() -> None:
    """Skips the calling test, with the reason, when ../shared is not there."""
    if not SHARED.is_dir():
        pytest.skip(SHARED_MISSING_REASON)


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def capture_files() -> list[Path]:
    """Every captured response body (HTTP 200 and error bodies), in a stable order; [] without ../shared."""
    if not CAPTURES.is_dir():
        return []
    return sorted(CAPTURES.glob("*/*.json")) + sorted(CAPTURES.glob("*/errors/*.json"))


def successor_capture_files() -> list[Path]:
    """Every captured Language API body (``captures/successor/<api-version>/``); [] without ../shared."""
    return sorted((CAPTURES / "successor").glob("*/*.json")) if CAPTURES.is_dir() else []


def successor_capture_version(path: Path) -> str:
    """The Language API version a successor capture was recorded with: its folder under successor/."""
    return path.relative_to(CAPTURES / "successor").parts[0]


def successor_capture_kind(path: Path) -> str:
    """``error`` for a recorded error body (named ``*.NOT_JOB_STATE.json``), else ``job-state``."""
    return "error" if path.name.endswith(".NOT_JOB_STATE.json") else "job-state"


def capture_id(path: Path) -> str:
    return str(path.relative_to(CAPTURES))


def capture_api_version(path: Path) -> str:
    """The API version a capture was recorded with: its first folder under captures/."""
    return path.relative_to(CAPTURES).parts[0]


def script() -> list[str]:
    """The installed console script, or ``python -m validator`` where the script is not on PATH."""
    found = shutil.which("ta-contract", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "validator"]


def kill_group(process: subprocess.Popen[Any]) -> None:
    """Kills the child and everything it started (it leads its own process group), then reaps it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


@contextlib.contextmanager
def spawned(argv: Sequence[str], **options: Any) -> Iterator[subprocess.Popen[Any]]:
    """A child process in its own process group, killed with the group when the block ends however it ends."""
    process = subprocess.Popen(list(argv), start_new_session=True, **options)
    try:
        yield process
    finally:
        kill_group(process)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def run_process(
    argv: Sequence[str],
    *,
    stdin: bytes | str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = PROCESS_TIMEOUT,
    check: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Runs ``argv`` to the end with text output, killing it and its children if it outlives ``timeout``."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    with spawned(
        argv,
        stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
    ) as process:
        try:
            out, err = process.communicate(data, timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{' '.join(map(str, argv))} did not finish within {timeout} s; it was killed")
    result = subprocess.CompletedProcess(list(argv), process.returncode, _text(out), _text(err))
    if check:
        result.check_returncode()
    return result


def _text(data: bytes) -> str:
    """Decoded as ``subprocess.run(text=True)`` decodes: UTF-8 with universal newlines."""
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Runs ``ta-contract ARGS`` as a user does, with a timeout."""
    return run_process([*script(), *args], stdin=stdin, cwd=cwd)


def wait_draining(process: subprocess.Popen[bytes], timeout: float) -> tuple[bytes, bytes]:
    """Waits for ``process`` while threads drain its output pipes; returns what it wrote to each.

    Standard input is never touched: a feeder thread blocked writing to it holds its lock, and a child blocked
    on a full output pipe would never read its input.
    """
    drained: dict[str, bytes] = {}

    def drain(stream: Any, key: str) -> None:
        drained[key] = stream.read()

    readers = [
        threading.Thread(target=drain, args=(process.stdout, "out"), daemon=True),
        threading.Thread(target=drain, args=(process.stderr, "err"), daemon=True),
    ]
    for reader in readers:
        reader.start()
    process.wait(timeout=timeout)
    for reader in readers:
        reader.join(timeout=30)
    return drained.get("out", b""), drained.get("err", b"")
