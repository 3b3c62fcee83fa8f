"""Inputs of ta-contract validate, run as a user runs it: directories, JSON Lines, HAR, stdin, bad inputs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from .helpers import CLI_DATA, DATA, INVALID, POLLS, SESSION, VALID, run


def json_report(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> tuple[int, dict[str, Any]]:
    """Runs validate --format json and returns the exit code and the parsed report."""
    result = run("validate", "--format", "json", *args, stdin=stdin, cwd=cwd)
    assert "" == result.stderr
    return result.returncode, json.loads(result.stdout)


def findings_of(report: dict[str, Any]) -> dict[str, list[tuple[str, str, int | None, int | None]]]:
    """Each document's findings as (rule, pointer, line, column), by document path."""
    return {
        document["path"]: [(f["rule"], f["pointer"], f["line"], f["column"]) for f in document["findings"]]
        for document in report["documents"]
    }


def test_directory_search_is_recursive_sorted_and_finds_json_lines_and_har(tmp_path: Path) -> None:
    """A directory yields its *.json, *.jsonl and *.har files, depth first in name order, and nothing else."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "inner.json").write_bytes(VALID.read_bytes())
    (tmp_path / "a.json").write_bytes(VALID.read_bytes())
    (tmp_path / "c.jsonl").write_bytes(VALID.read_bytes().replace(b"\n", b"") + b"\n")
    (tmp_path / "d.har").write_bytes((CLI_DATA / "no-polls.har").read_bytes())
    (tmp_path / "notes.txt").write_text("not a document", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "cache.json").write_text("{}", encoding="utf-8")
    code, report = json_report(str(tmp_path))
    assert 0 == code
    names = ["a.json", "b/inner.json", "c.jsonl:1", "d.har"]
    assert [str(tmp_path / name) for name in names] == [document["path"] for document in report["documents"]]


def test_symbolic_link_loops_end_and_each_file_is_checked_once(tmp_path: Path) -> None:
    """A link back to a parent directory is not followed again, so the run ends and counts each file once."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "poll.json").write_bytes(VALID.read_bytes())
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    code, report = json_report(str(tmp_path))
    assert 0 == code
    assert [str(tmp_path / "sub" / "poll.json")] == [document["path"] for document in report["documents"]]


def test_unreadable_entries_are_reported_per_path_and_the_run_goes_on(tmp_path: Path) -> None:
    """A dangling link (a file gone since listing) and a FIFO are unreadable-input; the rest is checked."""
    (tmp_path / "a-gone.json").symlink_to(tmp_path / "deleted.json")
    (tmp_path / "b-valid.json").write_bytes(VALID.read_bytes())
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "c-pipe.json")  # would block a reader that opened it naively
    code, report = json_report(str(tmp_path))
    assert 1 == code
    found = findings_of(report)
    assert [("unreadable-input", "", None, None)] == found[str(tmp_path / "a-gone.json")]
    assert [] == found[str(tmp_path / "b-valid.json")]
    if hasattr(os, "mkfifo"):
        assert [("unreadable-input", "", None, None)] == found[str(tmp_path / "c-pipe.json")]
    gone = report["documents"][0]["findings"][0]["message"]
    assert "dangling symbolic link" in gone


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any directory")
def test_directory_without_permission_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    """A directory that cannot be listed is one unreadable-input finding; its siblings are still checked."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (tmp_path / "ok.json").write_bytes(VALID.read_bytes())
    locked.chmod(0)
    try:
        code, report = json_report(str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert 1 == code
    assert [("unreadable-input", "", None, None)] == findings_of(report)[str(locked)]


def test_json_lines_report_each_record_at_its_line_in_the_file() -> None:
    """Each non-blank line is a document FILE:LINE; findings carry the line in the file and its column."""
    lines = POLLS.read_text(encoding="utf-8").splitlines()
    code, report = json_report(str(POLLS))
    assert 1 == code
    assert {
        f"{POLLS}:1": [],
        f"{POLLS}:3": [("enum", "/status", 3, lines[2].index('"completed"') + 1)],
        f"{POLLS}:4": [("invalid-json", "", 4, len(lines[3]) + 1)],
        f"{POLLS}:5": [],
    } == findings_of(report)


def test_json_lines_text_report_names_file_line_and_column() -> None:
    """In text, a JSON Lines finding reads FILE:LINE:COLUMN, the line naming the record."""
    column = POLLS.read_text(encoding="utf-8").splitlines()[2].index('"completed"') + 1
    result = run("validate", str(POLLS))
    assert result.stdout.startswith(f"{POLLS}:3:{column}: error enum /status ")


def test_json_lines_from_standard_input() -> None:
    """--input-format jsonl reads standard input as JSON Lines, named <stdin>:LINE."""
    stdin = VALID.read_bytes().replace(b"\n", b"") + b"\n" + INVALID.read_bytes().replace(b"\n", b" ") + b"\n"
    code, report = json_report("--input-format", "jsonl", "-", stdin=stdin)
    assert 1 == code
    assert ["<stdin>:1", "<stdin>:2"] == [document["path"] for document in report["documents"]]


def test_har_entries_are_the_analyze_job_polls_named_by_entry() -> None:
    """Only GETs of .../analyze/jobs/{id} are documents, FILE#entries/N, checked against their URL version."""
    code, report = json_report("--api-version", "auto", str(SESSION))
    assert 1 == code
    documents = {document["path"]: document for document in report["documents"]}
    assert [f"{SESSION}#entries/{index}" for index in (1, 3, 4, 5, 6)] == list(documents)
    assert ["v3.2-preview.2", "v3.2-preview.2", "v3.1", None, None] == [
        document["api_version"] for document in documents.values()
    ]
    assert {str(SESSION)} == {document["file"] for document in documents.values()}
    assert [] == documents[f"{SESSION}#entries/1"]["findings"]
    assert ["unsupported-api-version"] == [f["rule"] for f in documents[f"{SESSION}#entries/5"]["findings"]]
    assert ["invalid-har"] == [f["rule"] for f in documents[f"{SESSION}#entries/6"]["findings"]]


def test_har_findings_point_into_the_har_file_through_string_escapes() -> None:
    """The line and column reported in the HAR file are where the bad value is written, escapes and all."""
    _, report = json_report("--api-version", "auto", str(SESSION))
    finding = report["documents"][1]["findings"][0]
    assert ("enum", "/status") == (finding["rule"], finding["pointer"])
    line = SESSION.read_text(encoding="utf-8").splitlines()[finding["line"] - 1]
    assert line[finding["column"] - 1 :].startswith('\\"completed\\"')
    assert "\\ud83d\\ude00" in line[: finding["column"]]  # a surrogate pair escape precedes it on that line


def test_base64_har_text_is_decoded_and_placed_at_the_text() -> None:
    """A base64 response is decoded and checked; its findings sit where its text starts in the HAR file."""
    _, report = json_report("--api-version", "auto", str(SESSION))
    findings = report["documents"][2]["findings"]
    assert ["enum"] == [f["rule"] for f in findings if f["severity"] == "error"]
    line = SESSION.read_text(encoding="utf-8").splitlines()[findings[0]["line"] - 1]
    assert line[findings[0]["column"] - 1 :].startswith('"eyJ')  # base64 of '{"'


def test_har_text_report_names_the_entry() -> None:
    """In text, a HAR finding reads FILE#entries/N:LINE:COLUMN."""
    result = run("validate", "--api-version", "auto", str(SESSION))
    assert 1 == result.returncode
    assert any(line.startswith(f"{SESSION}#entries/3:") for line in result.stdout.splitlines())


def test_explicit_api_version_applies_to_every_har_entry() -> None:
    """Without auto, every poll is checked against the given version, whatever its URL says."""
    _, report = json_report("--api-version", "v3.1", str(SESSION))
    assert {"v3.1", None} == {document["api_version"] for document in report["documents"]}
    assert [] == report["documents"][3]["findings"]  # the v3.1-preview.3 URL no longer matters


def test_har_without_polls_is_a_warning_and_a_broken_har_an_error(tmp_path: Path) -> None:
    """A HAR without a job poll says nothing was checked (exit 0); one that is not JSON is invalid-json."""
    no_polls = CLI_DATA / "no-polls.har"
    code, report = json_report(str(no_polls))
    assert (0, [("har-no-job-response", "", 1, 1)]) == (code, findings_of(report)[str(no_polls)])
    broken = tmp_path / "broken.har"
    broken.write_text('{"log": {"entries": [', encoding="utf-8")
    code, report = json_report(str(broken))
    assert 1 == code
    assert {"invalid-json"} == {f["rule"] for f in report["documents"][0]["findings"]}
    not_har = tmp_path / "not.har"
    not_har.write_text("[]", encoding="utf-8")
    assert [("invalid-har", "", 1, 1)] == findings_of(json_report(str(not_har))[1])[str(not_har)]


def test_documents_over_the_size_limit_are_findings_not_crashes(tmp_path: Path) -> None:
    """A file or JSON Lines record over --max-document-size is document-too-large; later ones still count."""
    code, report = json_report("--max-document-size", "100", str(VALID))
    assert (1, [("document-too-large", "", None, None)]) == (code, findings_of(report)[str(VALID)])
    lines = tmp_path / "mixed.jsonl"
    lines.write_bytes(b'{"padding": "' + b"x" * 300 + b'"}\n[]\n')
    code, report = json_report("--max-document-size", "100", str(lines))
    assert {
        f"{lines}:1": [("document-too-large", "", 1, 1)],
        f"{lines}:2": [("type", "", 2, 1)],
    } == findings_of(report)


def test_size_limit_accepts_binary_multiples() -> None:
    """--max-document-size takes 64M or 512k; a malformed size is a usage error."""
    assert 0 == run("validate", "--max-document-size", "1k", str(VALID)).returncode
    result = run("validate", "--max-document-size", "lots", str(VALID))
    assert 2 == result.returncode
    assert "not a size" in result.stderr


def test_sequence_of_json_lines_reports_each_poll_at_its_line(tmp_path: Path) -> None:
    """--sequence over a JSON Lines file treats the records as polls; a poll that goes back is at its line."""
    finished = json.loads((DATA / "valid" / "custom-entities-succeeded.json").read_text(encoding="utf-8"))
    running = dict(finished, status="running", lastUpdateDateTime="2022-05-10T00:05:06Z")
    polls = tmp_path / "polls.jsonl"
    polls.write_text(json.dumps(finished) + "\n" + json.dumps(running) + "\n", encoding="utf-8")
    column = json.dumps(running).index('"running"') + 1
    code, report = json_report("--sequence", str(polls))
    assert 1 == code
    assert ("sequence-status-transition", "/status", 2, column) in findings_of(report)[f"{polls}:2"]


def test_named_dangling_link_is_unreadable_not_missing(tmp_path: Path) -> None:
    """A named path that is a dangling link exists as a name: it is a finding (exit 1), not a usage error."""
    link = tmp_path / "poll.json"
    link.symlink_to(tmp_path / "nowhere.json")
    code, report = json_report(str(link))
    assert (1, [("unreadable-input", "", None, None)]) == (code, findings_of(report)[str(link)])
