"""A gate you can trust: no silent pass, bounded inputs, safe report files, and names that cannot fool a log.

Each test runs ta-contract as a user does, in a child process with a timeout.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import INVALID, VALID, run, run_process, script

FORMATS = ["text", "json", "junit", "sarif", "github"]
# A name that is not UTF-8, holds an escape sequence, a right-to-left override and a line break that would
# start a GitHub workflow command.
HOSTILE_NAME = os.fsdecode(b"bad\xff\x1b[31m\xe2\x80\xae\n::error::x.json")
INVISIBLE = ["\u202e", "\u2066", "\u200f", "\u061c", "\u2028", "\u2029", "\x85", "\x1b"]


@pytest.mark.parametrize(
    "layout",
    ["empty directory", "directory without inputs", "empty json lines", "blank json lines"],
)
def test_nothing_checked_is_a_usage_error_naming_what_was_searched(tmp_path: Path, layout: str) -> None:
    """A run that finds no document exits 2 and names the paths and suffixes it searched."""
    if layout == "directory without inputs":
        (tmp_path / "notes.txt").write_text("not an input\n", encoding="utf-8")
        (tmp_path / ".hidden").mkdir()
        (tmp_path / ".hidden" / "poll.json").write_bytes(INVALID.read_bytes())
    target = tmp_path
    if "json lines" in layout:
        target = tmp_path / "polls.jsonl"
        target.write_bytes(b"" if layout == "empty json lines" else b"\n  \r\n\t\n")
    result = run("validate", str(target))
    assert 2 == result.returncode
    assert str(target) in result.stderr
    assert "*.json, *.jsonl, *.har" in result.stderr
    assert "--allow-empty" in result.stderr
    allowed = run("validate", "--allow-empty", str(target))
    assert 0 == allowed.returncode
    assert "0 document(s) checked" in allowed.stdout


def test_nothing_on_standard_input_is_a_usage_error_too() -> None:
    """Empty JSON Lines on standard input check nothing, so the run exits 2 unless --allow-empty."""
    assert 2 == run("validate", "--input-format", "jsonl", "-", stdin=b"").returncode
    assert 0 == run("validate", "--allow-empty", "--input-format", "jsonl", "-", stdin=b"").returncode


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_json_lines_without_an_end_are_bounded_by_the_document_size() -> None:
    """--input-format jsonl /dev/zero ends with one document-too-large finding instead of reading forever."""
    result = run(
        "validate", "--format", "json", "--input-format", "jsonl", "--max-document-size", "64K", "/dev/zero"
    )
    assert 1 == result.returncode
    report = json.loads(result.stdout)
    (document,) = report["documents"]
    assert ["document-too-large"] == [finding["rule"] for finding in document["findings"]]
    assert "/dev/zero:1" == document["path"]


def test_overlong_line_in_a_regular_file_is_skipped_and_the_next_lines_checked(tmp_path: Path) -> None:
    """In a regular JSON Lines file an overlong line is one finding, and the lines after it are checked."""
    polls = tmp_path / "polls.jsonl"
    one_line = VALID.read_bytes().replace(b"\n", b" ")
    polls.write_bytes(b"[" + b"0," * 100_000 + b"0]\n" + one_line + b"\n")
    result = run("validate", "--format", "json", "--max-document-size", "1K", str(polls))
    report = json.loads(result.stdout)
    rules = [[finding["rule"] for finding in document["findings"]] for document in report["documents"]]
    assert [["document-too-large"], []] == rules


@pytest.mark.skipif(sys.platform == "win32", reason="devices, FIFOs and symbolic links are POSIX here")
@pytest.mark.parametrize("kind", ["symbolic link", "character device", "FIFO", "directory"])
def test_output_is_written_only_as_a_regular_file(tmp_path: Path, kind: str) -> None:
    """-o onto a link, a device, a FIFO or a directory is refused with exit 2; the target is left alone."""
    if kind == "symbolic link":
        kept = tmp_path / "kept.txt"
        kept.write_text("kept\n", encoding="utf-8")
        target = tmp_path / "report.txt"
        target.symlink_to(kept)
    elif kind == "character device":
        target = Path(os.devnull)
    elif kind == "FIFO":
        target = tmp_path / "fifo"
        os.mkfifo(target)
    else:
        target = tmp_path / "reports"
        target.mkdir()
    before = os.lstat(target)
    result = run("validate", "-o", str(target), str(VALID))
    assert 2 == result.returncode
    assert f"is a {kind}" in result.stderr
    assert "regular file" in result.stderr
    after = os.lstat(target)
    assert (stat.S_IFMT(before.st_mode), before.st_ino) == (stat.S_IFMT(after.st_mode), after.st_ino)
    if kind != "character device":
        assert [] == [path.name for path in target.parent.glob(".*.tmp")]


@pytest.fixture
def small_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs mounted on a fresh directory (needs root and a system that permits mounting)."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = run_process(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)], timeout=30)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root and permission): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        run_process(["umount", "-l", str(mount_point)], timeout=30)


def test_full_disk_is_a_clear_error_and_the_old_report_stays(small_filesystem: Path) -> None:
    """A report that does not fit on the disk: exit 2, a message, the old report intact, no temporary file."""
    target = small_filesystem / "report.json"
    target.write_text("old report\n", encoding="utf-8")
    inputs = [str(INVALID)] * 200  # every copy is reported, so the report is far larger than 64 KiB
    result = run("validate", "--format", "json", "-o", str(target), *inputs)
    assert 2 == result.returncode
    assert "No space left on device" in result.stderr
    assert "old report is left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert "old report\n" == target.read_text(encoding="utf-8")
    assert ["report.json"] == sorted(path.name for path in small_filesystem.iterdir())


@pytest.mark.skipif(sys.platform == "win32", reason="file names are bytes on POSIX only")
@pytest.mark.parametrize("report_format", FORMATS)
def test_any_file_name_is_reported_escaped_in_every_format(tmp_path: Path, report_format: str) -> None:
    """A name that is not UTF-8 and holds control characters is reported, escaped, in every format."""
    try:
        (tmp_path / HOSTILE_NAME).write_bytes(INVALID.read_bytes())
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take such a name")
    result = run("validate", "--format", report_format, str(tmp_path))
    assert 1 == result.returncode
    assert "" == result.stderr
    lines = result.stdout.splitlines()
    assert not any(line.startswith("::error::x") for line in lines)
    assert "\x1b" not in result.stdout
    if report_format not in ("json", "sarif"):  # JSON keeps text as text, with JSON's own escapes
        assert "\u202e" not in result.stdout
    if report_format == "json":
        (document,) = json.loads(result.stdout)["documents"]
        assert document["path"].endswith("\udcff\x1b[31m\u202e\n::error::x.json")
    elif report_format == "sarif":
        (result_entry,) = json.loads(result.stdout)["runs"][0]["results"]
        uri = result_entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.endswith("bad%FF%1B%5B31m%E2%80%AE%0A%3A%3Aerror%3A%3Ax.json")
    elif report_format == "junit":
        ET.fromstring(result.stdout)  # well-formed whatever the name
    else:
        assert "bad\\udcff\\x1b[31m\\u202e" in result.stdout


@pytest.mark.parametrize("character", INVISIBLE)
@pytest.mark.parametrize("report_format", ["text", "github"])
def test_controls_bidi_and_separators_are_escaped_in_text_and_github(
    tmp_path: Path, character: str, report_format: str
) -> None:
    """No control, bidirectional-control or separator character reaches a terminal or a CI log raw."""
    document = tmp_path / f"poll{character}.json"
    try:
        document.write_bytes(INVALID.read_bytes().replace(b'"completed"', json.dumps(character).encode()))
    except OSError:
        pytest.skip("this file system does not take such a name")
    result = run("validate", "--format", report_format, str(document))
    assert 1 == result.returncode
    assert character not in result.stdout
    assert f"\\u{ord(character):04x}" in result.stdout or f"\\x{ord(character):02x}" in result.stdout


def test_usage_errors_escape_the_paths_they_quote() -> None:
    """A usage error quoting a path cannot inject a terminal escape or a GitHub workflow command."""
    name = "missing\x1b]0;title\x07\n::error::injected\u202e"
    result = run("validate", name)
    assert 2 == result.returncode
    assert not any(line.startswith("::") for line in result.stderr.splitlines())
    assert "\x1b" not in result.stderr
    assert "\u202e" not in result.stderr
    assert "missing\\x1b]0;title\\x07\\n::error::injected\\u202e" in result.stderr


def _har(entries: str, *, prefix: bytes = b"") -> bytes:
    return prefix + b'{"log": {"version": "1.2", "entries": [' + entries.encode("utf-8") + b"]}}"


def _poll_entry(*texts: str) -> str:
    """A HAR entry polling a job; its content has one ``text`` per given text (repeats are duplicates)."""
    members = ", ".join(f'"text": {json.dumps(text)}' for text in texts)
    url = "https://example.invalid/text/analytics/v3.2-preview.2/analyze/jobs/0a1b"
    return (
        f'{{"request": {{"method": "GET", "url": "{url}"}}, '
        f'"response": {{"status": 200, "content": {{"mimeType": "application/json", {members}}}}}}}'
    )


BAD_TEXT = INVALID.read_text(encoding="utf-8")
GOOD_TEXT = VALID.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "har", "expected_position"),
    [
        ("duplicate text hides a bad response", _har(_poll_entry(BAD_TEXT, GOOD_TEXT)), "/content/text"),
        (
            "duplicate entries",
            b'{"log": {"entries": [%s], "entries": [%s]}}'
            % (_poll_entry(BAD_TEXT).encode(), _poll_entry(GOOD_TEXT).encode()),
            "/log/entries",
        ),
        ("byte-order mark", _har(_poll_entry(GOOD_TEXT), prefix=b"\xef\xbb\xbf"), ""),
    ],
)
def test_har_files_are_parsed_as_strictly_as_responses(
    tmp_path: Path, case: str, har: bytes, expected_position: str
) -> None:
    """Duplicate keys or a BOM in a HAR file are invalid-har findings at the HAR's own position; exit 1."""
    path = tmp_path / "session.har"
    path.write_bytes(har)
    result = run("validate", "--format", "json", str(path))
    assert 1 == result.returncode, case
    documents = json.loads(result.stdout)["documents"]
    (har_level,) = [document for document in documents if document["path"] == str(path)]
    (finding,) = har_level["findings"]
    assert "invalid-har" == finding["rule"]
    assert finding["pointer"].endswith(expected_position)
    assert (finding["line"], finding["column"]) != (None, None)
    assert [str(path) + "#entries/0"] == [d["path"] for d in documents if d["path"] != str(path)]


def test_huge_numbers_in_a_har_file_fail_it(tmp_path: Path) -> None:
    """A HAR number beyond a double is a finding at its place in the HAR, and the run fails."""
    path = tmp_path / "session.har"
    path.write_bytes(_har(_poll_entry(GOOD_TEXT)).replace(b'"1.2"', b"1e999"))
    result = run("validate", "--format", "json", str(path))
    assert 1 == result.returncode
    (document,) = json.loads(result.stdout)["documents"]
    assert [("invalid-json", "/log/version", 1)] == [
        (finding["rule"], finding["pointer"], finding["line"]) for finding in document["findings"]
    ]


def test_sequence_reads_a_file_holding_an_array_of_polls(tmp_path: Path) -> None:
    """validate --sequence FILE takes a JSON array as the polls; findings point at the poll in the file."""
    first = json.loads(GOOD_TEXT)
    second = {**first, "jobId": "00000000-0000-0000-0000-000000000000"}
    polls = tmp_path / "lifecycle.json"
    polls.write_text(json.dumps([first, second], indent=2), encoding="utf-8")
    result = run("validate", "--format", "json", "--sequence", str(polls))
    assert 1 == result.returncode
    (document,) = json.loads(result.stdout)["documents"]
    (finding,) = [f for f in document["findings"] if f["severity"] == "error"]
    assert ("sequence-job-identity", "/1/jobId") == (finding["rule"], finding["pointer"])
    lines = polls.read_text(encoding="utf-8").splitlines()
    assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith('"00000000-')  # the value


def test_sequence_still_reads_one_poll_per_file(tmp_path: Path) -> None:
    """validate --sequence A B keeps treating each file as one poll, in the order given."""
    first, second = tmp_path / "poll-1.json", tmp_path / "poll-2.json"
    first.write_text(GOOD_TEXT, encoding="utf-8")
    second.write_text(json.dumps({**json.loads(GOOD_TEXT), "jobId": "00000000-0000-0000-0000-000000000000"}))
    result = run("validate", "--format", "json", "--sequence", str(first), str(second))
    assert 1 == result.returncode
    findings = {
        Path(document["path"]).name: [(f["rule"], f["pointer"]) for f in document["findings"]]
        for document in json.loads(result.stdout)["documents"]
    }
    assert {"poll-1.json": [], "poll-2.json": [("sequence-job-identity", "/jobId")]} == findings


EXCHANGES = INVALID.parent.parent / "exchanges"


@pytest.mark.parametrize(
    ("case", "request_text", "expected"),
    [
        ("a response", GOOD_TEXT, "looks like an analyze-job status response"),
        ("an array", "[1, 2]", "is not a JSON object"),
        ("a document without text", '{"analysisInput": {"documents": [{"id": "1"}]}, "tasks": {}}', "text"),
        ("duplicate keys", '{"tasks": {}, "tasks": {}}', "is not strict JSON"),
        ("not JSON", "{", "is not JSON"),
    ],
)
def test_request_must_be_an_analyze_request(
    tmp_path: Path, case: str, request_text: str, expected: str
) -> None:
    """--request with anything but an AnalyzeBatchInput is a usage error (exit 2) that says what is wrong."""
    request = tmp_path / "request.json"
    request.write_text(request_text, encoding="utf-8")
    result = run("validate", "--request", str(request), str(EXCHANGES / "custom-entities.response.json"))
    assert 2 == result.returncode, case
    assert expected in result.stderr
    assert "" == result.stdout


def test_a_real_request_is_accepted_in_every_version() -> None:
    """The recorded request passes the request schema of every API version, and the cross-checks run."""
    request = str(EXCHANGES / "custom-entities.request.json")
    response = str(EXCHANGES / "custom-entities.response.json")
    codes = {
        api_version: run("validate", "--api-version", api_version, "--request", request, response).returncode
        for api_version in ("v3.1", "v3.2-preview.1", "v3.2-preview.2")
    }
    assert {"v3.1": 0, "v3.2-preview.1": 0, "v3.2-preview.2": 0} == codes


def test_a_request_checked_as_a_response_gets_a_hint() -> None:
    """A request given as the response is reported with a hint that it is a request, for --request."""
    request = str(EXCHANGES / "custom-entities.request.json")
    result = run("validate", "--format", "json", request)
    assert 1 == result.returncode
    (document,) = json.loads(result.stdout)["documents"]
    hints = {finding.get("hint") for finding in document["findings"] if finding["pointer"] == ""}
    assert any(hint and "analyze request" in hint and "--request" in hint for hint in hints), hints


def test_unwritable_report_is_a_clear_error_and_the_old_report_stays(small_filesystem: Path) -> None:
    """A report on a read-only file system: exit 2 naming the reason, the old report left as it was."""
    target = small_filesystem / "report.txt"
    target.write_text("old report\n", encoding="utf-8")
    remounted = run_process(["mount", "-o", "remount,ro", str(small_filesystem)], timeout=30)
    if remounted.returncode != 0:
        pytest.skip(f"cannot remount the tmpfs read-only here: {remounted.stderr.strip()}")
    result = run("validate", "-o", str(target), str(INVALID))
    assert 2 == result.returncode
    assert "cannot write --output" in result.stderr
    assert "Read-only file system" in result.stderr
    assert "Traceback" not in result.stderr
    assert "old report\n" == target.read_text(encoding="utf-8")


def test_every_message_quoting_a_path_escapes_it(tmp_path: Path) -> None:
    """Nothing-checked, generate and diff messages escape a path's escape sequences and line breaks."""
    hostile = tmp_path / "in\x1b[2J\n::error::x\u202e"
    hostile.mkdir()
    nothing = run("validate", str(hostile))
    existing_file = tmp_path / "file\x1b[2J\n::error::y"
    existing_file.write_text("", encoding="utf-8")
    generate = run("generate", "--out", str(existing_file))
    diff = run("diff", str(hostile / "old\x1b.json"), str(hostile / "new\x1b.json"))
    for result in (nothing, generate, diff):
        assert 2 == result.returncode, result.stderr
        assert "\x1b" not in result.stderr
        assert "\u202e" not in result.stderr
        assert not any(line.startswith("::") for line in result.stderr.splitlines())
        assert "\\x1b" in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_standard_output_that_cannot_be_written_is_a_clear_error() -> None:
    """A report to a full standard output (/dev/full) is exit 2 with a message, not a traceback at exit."""

    result = run_process(["sh", "-c", 'exec "$@" > /dev/full', "sh", *script(), "validate", str(INVALID)])
    assert 2 == result.returncode
    assert "cannot write the report to standard output: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr
