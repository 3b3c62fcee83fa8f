"""How ta-contract runs: parallel jobs, report files, interruption, help, and what it imports."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest

from validator.cli import main

from .helpers import (
    CLI_DATA,
    DATA,
    INVALID,
    REPO,
    SESSION,
    VALID,
    run,
    run_process,
    script,
    spawned,
    wait_draining,
)

FORMATS = ["text", "json", "junit", "sarif", "github"]


@pytest.mark.parametrize("report_format", FORMATS)
def test_parallel_jobs_give_byte_identical_reports(report_format: str) -> None:
    """--jobs 2 prints exactly what --jobs 1 prints, in the same order, for every format."""
    paths = [str(DATA / "invalid"), str(DATA / "valid"), str(CLI_DATA)]
    serial = run("validate", "--api-version", "auto", "--format", report_format, "--jobs", "1", *paths)
    parallel = run("validate", "--api-version", "auto", "--format", report_format, "--jobs", "2", *paths)
    assert (1, "") == (serial.returncode, serial.stderr)
    assert (serial.returncode, serial.stdout) == (parallel.returncode, parallel.stdout)


def test_output_file_holds_the_report_and_standard_output_stays_empty(tmp_path: Path) -> None:
    """--output FILE writes the report there (as it would be printed) and nothing to standard output."""
    target = tmp_path / "report.sarif"
    result = run("validate", "--format", "sarif", "--output", str(target), str(INVALID))
    assert (1, "") == (result.returncode, result.stdout)
    assert run("validate", "--format", "sarif", str(INVALID)).stdout == target.read_text(encoding="utf-8")
    assert ["report.sarif"] == [path.name for path in tmp_path.iterdir()]  # no temporary file left


def test_output_replaces_the_old_report_only_when_the_new_one_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report is written to a temporary file beside the target and renamed over it at the end."""
    target = tmp_path / "report.json"
    target.write_text("old report", encoding="utf-8")
    renames: list[tuple[str, str, str, str]] = []
    real_replace = os.replace

    def spying_replace(source: str, destination: str) -> None:
        new = Path(source).read_text(encoding="utf-8")
        renames.append((str(Path(source).parent), destination, target.read_text(encoding="utf-8"), new))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", spying_replace)
    code = main(["validate", "--format", "json", "-o", str(target), str(VALID)], stdout=io.StringIO())
    assert 0 == code
    ((directory, destination, before, written),) = renames
    assert (str(tmp_path), str(target), "old report") == (directory, destination, before)
    assert json.loads(written) == json.loads(target.read_text(encoding="utf-8"))


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    """An --output that is an input, or would be found in an input directory, is a usage error (exit 2)."""
    document = tmp_path / "poll.json"
    document.write_bytes(INVALID.read_bytes())
    same = run("validate", "--format", "json", "--output", str(document), str(document))
    assert 2 == same.returncode
    assert "would overwrite or be read as the input" in same.stderr
    assert INVALID.read_bytes() == document.read_bytes()
    inside = run("validate", "--format", "json", "--output", str(tmp_path / "report.json"), str(tmp_path))
    assert 2 == inside.returncode
    assert ["poll.json"] == sorted(path.name for path in tmp_path.iterdir())
    elsewhere = run("validate", "--output", str(tmp_path / "report.txt"), str(tmp_path))
    assert 1 == elsewhere.returncode


def test_output_in_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    """An --output whose directory does not exist is reported before anything is checked."""
    result = run("validate", "--output", str(tmp_path / "no" / "report.txt"), str(VALID))
    assert 2 == result.returncode
    assert "cannot write --output" in result.stderr


def _feed(stream: IO[bytes], data: bytes) -> None:
    """Writes ``data`` and leaves the stream open; a process that has ended simply stops reading."""
    with contextlib.suppress(BrokenPipeError, ValueError):
        stream.write(data)
        stream.flush()


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_promptly_with_a_summary_and_exit_130(jobs: str) -> None:
    """SIGINT during a run that is still receiving input ends it with exit 130 and a summary so far."""
    poll = INVALID.read_bytes().replace(b"\n", b" ") + b"\n"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The input never ends while the signal is sent: standard input stays open, so the run is long however
    # fast checking is, and the interrupt always lands mid-run.
    with spawned(
        [*script(), "validate", "--jobs", jobs, "--input-format", "jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        # Over a megabyte, the size the reader asks standard input for at a time, so that checking starts. A
        # thread writes it, as the report fills the other pipe meanwhile.
        feeder = threading.Thread(target=_feed, args=(process.stdin, poll * 4000), daemon=True)
        feeder.start()
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "no report line within 30 s"
        first = process.stdout.readline().decode()  # the run is under way
        process.send_signal(signal.SIGINT)
        rest, errors = wait_draining(process, timeout=60)
    assert 130 == process.returncode
    assert first.startswith("<stdin>:1:")
    summary = rest.decode().splitlines()[-1]
    match = re.fullmatch(
        r"interrupted: (\d+) document\(s\) checked: 0 valid, \1 invalid; \1 error\(s\), 0 warning\(s\)",
        summary,
    )
    assert match is not None, summary
    assert 0 < int(match.group(1)) <= 4000
    assert b"Traceback" not in errors


def test_interrupted_report_file_is_complete_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After Ctrl-C a --output report is still written whole, marked interrupted, and the code is 130."""
    from validator.cli import _batch

    real = _batch.iter_reports

    def interrupted_after_one(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        reports = real(*args, **kwargs)  # type: ignore[arg-type]
        yield next(reports)
        raise KeyboardInterrupt

    monkeypatch.setattr("validator.cli._validate_command.iter_reports", interrupted_after_one)
    target = tmp_path / "report.json"
    err = io.StringIO()
    code = main(["validate", "--format", "json", "-o", str(target), str(INVALID), str(VALID)], stderr=err)
    assert 130 == code
    report = json.loads(target.read_text(encoding="utf-8"))
    assert (True, 1) == (report["interrupted"], report["summary"]["documents"])
    assert "interrupted: 1 document(s) checked" in err.getvalue()


@pytest.mark.parametrize("command", ["validate", "schema", "versions", "rules", "diff", "generate"])
def test_every_command_has_help_with_examples(command: str) -> None:
    """COMMAND --help exits 0 and shows at least one example."""
    result = run(command, "--help")
    assert 0 == result.returncode, result.stderr
    assert "example" in result.stdout
    assert f"ta-contract {command}" in result.stdout


def test_top_level_help_lists_every_command() -> None:
    """ta-contract --help lists the commands, including those whose modules load only when run."""
    result = run("--help")
    for command in ("validate", "schema", "versions", "rules", "diff", "generate"):
        assert f"    {command}" in result.stdout


def test_validate_imports_neither_hypothesis_nor_the_other_commands() -> None:
    """Running validate never imports Hypothesis, nor the diff and generate command modules."""
    code = (
        "import io, sys\n"
        "from validator.cli import main\n"
        f"main(['validate', {str(VALID)!r}], stdout=io.StringIO())\n"
        "print(sorted(m for m in sys.modules if m.startswith(\n"
        "    ('hypothesis', 'validator._strategies', 'validator.cli._diff_command',\n"
        "     'validator.cli._generate_command'))))\n"
    )
    result = run_process([sys.executable, "-c", code], check=True)
    assert "[]" == result.stdout.strip()


def test_jobs_zero_means_one_per_core_and_the_same_report() -> None:
    """--jobs 0 uses every core and still prints the serial report."""
    assert run("validate", str(SESSION)).stdout == run("validate", "--jobs", "0", str(SESSION)).stdout


def test_pre_commit_hook_validates_captured_responses() -> None:
    """The pre-commit hook ta-contract-validate runs ta-contract validate on json, jsonl and har files."""
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^\s*-?\s*(id|entry|files|language|name):\s*(.+?)\s*$", text, re.MULTILINE))
    assert ("ta-contract-validate", "ta-contract validate", "python") == (
        fields["id"],
        fields["entry"],
        fields["language"],
    )
    files = re.compile(fields["files"].strip("'\""))
    assert [True, True, True, False] == [
        bool(files.search(name)) for name in ("captures/a.json", "polls.jsonl", "session.har", "cli.py")
    ]


def test_docs_name_every_validate_option() -> None:
    """docs/cli.md documents every option of validate."""
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    help_text = run("validate", "--help").stdout
    for option in sorted(set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help"}):
        assert option in text, option
