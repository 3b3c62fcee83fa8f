"""Report formats of ta-contract validate, on valid and invalid inputs, checked as consumers read them."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import validator
from validator._reporting.github_report import escape_workflow_data, escape_workflow_property

from .helpers import (
    DATA,
    INVALID,
    POLLS,
    REFERENCE,
    SESSION,
    TRUNCATED,
    VALID,
    require_shared,
    run,
    script,
    spawned,
)

WARNING_ONLY = DATA / "valid" / "unknown-property.json"
MIXED = [str(VALID), str(INVALID), str(TRUNCATED), str(WARNING_ONLY), str(POLLS), str(SESSION)]


def findings_by_document(*args: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(document path, file, finding) for every finding of a --format json run, in report order."""
    report = json.loads(run("validate", "--format", "json", *args).stdout)
    return [
        (document["path"], document["file"], finding)
        for document in report["documents"]
        for finding in document["findings"]
    ]


def test_text_format_ends_with_the_summary_and_has_a_line_per_finding() -> None:
    """Text prints one path:line:column line per finding, then the summary line."""
    result = run("validate", *MIXED)
    lines = result.stdout.splitlines()
    assert len(findings_by_document(*MIXED)) == len(lines) - 1
    assert "13 document(s) checked: 6 valid, 7 invalid; 7 error(s), 1 warning(s)" == lines[-1]
    assert "" == result.stderr


def test_quiet_lists_errors_only_but_counts_warnings() -> None:
    """--quiet drops warning lines; the summary still counts them."""
    result = run("validate", "--quiet", str(WARNING_ONLY), str(INVALID))
    lines = result.stdout.splitlines()
    assert [f"{INVALID}:6:13: error enum /status "] == [line[: len(str(INVALID)) + 26] for line in lines[:-1]]
    assert lines[-1].endswith("1 error(s), 1 warning(s)")


def test_json_format_is_the_documented_shape_for_every_input_kind() -> None:
    """--format json lists each document with path, file, api_version, valid and findings, and a summary."""
    result = run("validate", "--format", "json", *MIXED)
    report = json.loads(result.stdout)
    assert {"api_version", "strict", "documents", "summary"} == set(report)
    for document in report["documents"]:
        assert {"path", "file", "api_version", "valid", "findings"} == set(document)
    assert {"documents": 13, "valid": 6, "invalid": 7, "errors": 7, "warnings": 1} == report["summary"]
    assert json.dumps(report, indent=2, ensure_ascii=False) + "\n" == result.stdout  # streamed, same bytes


def test_json_format_without_documents_is_still_valid_json(tmp_path: Path) -> None:
    """An empty directory gives a report with no documents and a zero summary."""
    report = json.loads(run("validate", "--format", "json", str(tmp_path)).stdout)
    assert ([], 0) == (report["documents"], report["summary"]["documents"])


def test_junit_format_has_a_test_case_per_document_and_a_failure_per_invalid_one() -> None:
    """--format junit is XML: a testcase per document, failures for invalid ones, warnings in output."""
    result = run("validate", "--format", "junit", *MIXED)
    assert 1 == result.returncode
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    report = json.loads(run("validate", "--format", "json", *MIXED).stdout)
    assert [document["path"] for document in report["documents"]] == [case.get("name") for case in cases]
    assert [not document["valid"] for document in report["documents"]] == [
        case.find("failure") is not None for case in cases
    ]
    assert ("13", "7") == (root.get("tests"), root.get("failures"))
    assert ("13", "7") == (suite.get("tests"), suite.get("failures"))
    warned = cases[[case.get("name") for case in cases].index(str(WARNING_ONLY))]
    system_out = warned.find("system-out")
    assert system_out is not None
    assert " warning additionalProperties /tasks/details " in (system_out.text or "")
    failure = cases[1].find("failure")
    assert failure is not None
    assert f"{INVALID}:6:13: error enum /status " in (failure.text or "")


def test_junit_format_of_valid_documents_has_no_failure() -> None:
    """Valid documents are passing test cases."""
    root = ET.fromstring(run("validate", "--format", "junit", str(VALID)).stdout)
    assert ("1", "0") == (root.get("tests"), root.get("failures"))
    assert [] == root.findall(".//failure")


def sarif_schema_validator() -> jsonschema.protocols.Validator:
    """A validator for the official SARIF 2.1.0 schema, loaded from the shared reference folder."""
    require_shared()
    schema = json.loads((REFERENCE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("paths", [MIXED, [str(VALID)]], ids=["invalid", "valid"])
def test_sarif_format_validates_against_the_official_schema(paths: list[str]) -> None:
    """--format sarif is SARIF 2.1.0 that the official schema accepts, with a result per finding."""
    result = run("validate", "--format", "sarif", *paths)
    log = json.loads(result.stdout)
    errors = [error.message for error in sarif_schema_validator().iter_errors(log)]
    assert [] == errors
    (run_,) = log["runs"]
    expected = findings_by_document(*paths)
    assert len(expected) == len(run_["results"])
    rules = run_["tool"]["driver"]["rules"]
    for (_, file, finding), sarif in zip(expected, run_["results"], strict=True):
        assert finding["rule"] == sarif["ruleId"] == rules[sarif["ruleIndex"]]["id"]
        assert finding["severity"] == sarif["level"]
        assert finding["pointer"] == sarif["properties"]["pointer"]
        assert finding["message"] in sarif["message"]["text"]
        location = sarif["locations"][0]["physicalLocation"]
        uri = Path(file).as_uri() if Path(file).is_absolute() else Path(file).as_posix()
        assert uri == location["artifactLocation"]["uri"]
        if finding["line"] is not None:
            assert {"startLine": finding["line"], "startColumn": finding["column"]} == location["region"]


def test_sarif_rules_are_the_catalogue_and_the_input_rules() -> None:
    """tool.driver.rules lists every catalogued rule, then the input rules, with their default levels."""
    log = json.loads(run("validate", "--format", "sarif", str(VALID)).stdout)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    catalogue = validator.rule_catalogue()
    assert [rule.id for rule in catalogue] == [rule["id"] for rule in rules[: len(catalogue)]]
    assert {"unreadable-input", "document-too-large", "invalid-har"} <= {rule["id"] for rule in rules}
    assert [rule.severity.value for rule in catalogue] == [
        rule["defaultConfiguration"]["level"] for rule in rules[: len(catalogue)]
    ]


def test_github_format_prints_one_workflow_command_per_finding() -> None:
    """--format github prints ::error file=F,line=L,col=C,title=RULE::pointer message lines, exactly."""
    result = run("validate", "--format", "github", *MIXED)
    expected = []
    for path, file, finding in findings_by_document(*MIXED):
        place = f",line={finding['line']},col={finding['column']}" if finding["line"] is not None else ""
        entry = path[len(file) + 1 :] + ": " if path.startswith(f"{file}#") else ""
        hint = f" (hint: {finding['hint']})" if finding["hint"] else ""
        pointer = finding["pointer"] or '""'
        expected.append(
            f"::{finding['severity']} file={file}{place},title={finding['rule']}::"
            f"{entry}{pointer} {finding['message']}{hint}"
        )
    assert expected == result.stdout.splitlines()[:-1]
    assert result.stdout.splitlines()[-1].startswith("13 document(s) checked")


def test_github_format_escapes_data_and_properties(tmp_path: Path) -> None:
    """%, CR and LF are escaped in messages; also : and , in properties such as the file name."""
    odd = tmp_path / "odd,name:50%.json"
    document = json.loads(VALID.read_text(encoding="utf-8"))
    document["x%y"] = 1
    odd.write_text(json.dumps(document), encoding="utf-8")
    result = run("validate", "--format", "github", str(odd))
    line = result.stdout.splitlines()[0]
    file = str(odd).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert line.startswith(f"::warning file={file},line=1,col=")
    assert ",title=additionalProperties::/x%25y unknown property " in line
    assert "50%25%3A%2C%0D%0A" == escape_workflow_property("50%:,\r\n")
    assert "a%25b%0D%0Ac:d,e" == escape_workflow_data("a%b\r\nc:d,e")


def test_standard_input_is_named_and_has_no_file_property() -> None:
    """GitHub annotations of standard input carry no file; SARIF names it with the stdin URI."""
    github = run("validate", "--format", "github", "-", stdin=INVALID.read_bytes())
    assert github.stdout.startswith("::error line=6,col=13,title=enum::/status ")
    sarif = json.loads(run("validate", "--format", "sarif", "-", stdin=INVALID.read_bytes()).stdout)
    assert (
        "stdin"
        == sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    )


def test_reports_escape_what_their_format_cannot_hold(tmp_path: Path) -> None:
    """Control characters and lone surrogates give one-line text and well-formed JSON and XML."""
    hostile = tmp_path / "hostile.json"
    hostile.write_text('{"status": "\\ud800", "a\\nb\\u0001": 1}', encoding="utf-8")
    text = run("validate", str(hostile))
    assert "Traceback" not in text.stderr
    assert all(line.startswith(str(hostile)) for line in text.stdout.splitlines()[:-1])
    assert "\\ud800" in text.stdout
    json.loads(run("validate", "--format", "json", str(hostile)).stdout)
    ET.fromstring(run("validate", "--format", "junit", str(hostile)).stdout)
    json.loads(run("validate", "--format", "sarif", str(hostile)).stdout)


def run_on_terminal(*args: str, env: dict[str, str]) -> str:
    """Runs the command with standard output on a pseudo-terminal and returns what it printed there."""
    leader, follower = pty.openpty()
    with spawned(
        [*script(), *args], stdout=follower, stderr=subprocess.DEVNULL, env=env, close_fds=True
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            ready, _, _ = select.select([leader], [], [], 10)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO once the child has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=10)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    """Text is coloured on a terminal, not when NO_COLOR is set, and never when piped."""
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"} | {"TERM": "xterm"}
    coloured = run_on_terminal("validate", str(INVALID), env=env)
    plain = run_on_terminal("validate", str(INVALID), env=env | {"NO_COLOR": "1"})
    assert "\x1b[" in coloured
    assert "\x1b[" not in plain
    assert f"{INVALID}:6:13: error enum /status" in plain
    assert "\x1b[" not in run("validate", str(INVALID)).stdout
    assert "\x1b[" in run("validate", "--color", "always", str(INVALID)).stdout
