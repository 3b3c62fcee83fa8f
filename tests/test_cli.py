"""The ta-contract command, run as a user runs it: the installed script in a subprocess."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import validator
from validator.cli import main

from .helpers import DATA, INVALID, TRUNCATED, VALID, run, run_process


def test_valid_document_exits_zero_with_a_summary() -> None:
    """A valid document prints no finding line, a summary, and exits 0."""
    result = run("validate", str(VALID))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1 document(s) checked: 1 valid, 0 invalid; 0 error(s), 0 warning(s)"
    ]


def test_invalid_document_prints_path_line_column_severity_rule_pointer_message() -> None:
    """Each finding is one text line in the documented shape, and the exit code is 1."""
    result = run("validate", str(INVALID))
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{INVALID}:6:13: error enum /status ")
    assert '"completed"' in first


def test_invalid_json_exits_one_with_its_position() -> None:
    """A truncated document is an invalid-json finding with line and column, not a traceback."""
    result = run("validate", str(TRUNCATED))
    assert result.returncode == 1
    assert result.stdout.startswith(f'{TRUNCATED}:4:19: error invalid-json "" ')
    assert "Traceback" not in result.stderr


def test_json_format_has_the_documented_shape() -> None:
    """--format json prints documents with path, valid and findings, plus a summary."""
    result = run("validate", "--format", "json", str(VALID), str(INVALID))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [str(VALID), str(INVALID)] == [document["path"] for document in report["documents"]]
    assert [document["valid"] for document in report["documents"]] == [True, False]
    finding = report["documents"][1]["findings"][0]
    assert {"rule", "pointer", "severity", "message", "line", "column", "hint"} == set(finding)
    assert (finding["rule"], finding["pointer"], finding["severity"], finding["line"], finding["column"]) == (
        "enum",
        "/status",
        "error",
        6,
        13,
    )
    assert report["summary"] == {"documents": 2, "valid": 1, "invalid": 1, "errors": 1, "warnings": 0}


def test_directory_is_searched_for_json_files() -> None:
    """A directory argument validates every *.json file below it, in sorted order."""
    result = run("validate", "--format", "json", str(DATA / "valid"))
    paths = [document["path"] for document in json.loads(result.stdout)["documents"]]
    assert sorted(paths) == paths
    assert str(VALID) in paths


def test_standard_input_is_read_with_a_dash() -> None:
    """- reads one document from standard input and reports it as <stdin>."""
    result = run("validate", "-", stdin=INVALID.read_bytes())
    assert result.returncode == 1
    assert result.stdout.startswith("<stdin>:6:13: error enum /status")


def test_strict_turns_unknown_properties_into_errors() -> None:
    """--strict makes an unknown property an error (exit 1); without it, a warning (exit 0)."""
    document = DATA / "valid" / "unknown-property.json"
    lenient, strict = run("validate", str(document)), run("validate", "--strict", str(document))
    assert (lenient.returncode, strict.returncode) == (0, 1)
    assert " warning additionalProperties /tasks/details " in lenient.stdout
    assert " error additionalProperties /tasks/details " in strict.stdout


def test_api_version_option_selects_the_schema() -> None:
    """A task kind newer than the chosen API version is reported as unknown."""
    document = DATA / "valid" / "custom-entities-succeeded.json"
    assert run("validate", "--api-version", "v3.2-preview.2", "--strict", str(document)).returncode == 0
    assert run("validate", "--api-version", "v3.1", "--strict", str(document)).returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--api-version", "v9", str(VALID)], "invalid choice: 'v9'"),
        (["validate", "--bogus", str(VALID)], "unrecognized arguments: --bogus"),
        (["validate", "does/not/exist.json"], "no such file or directory: does/not/exist.json"),
        (["validate"], "the following arguments are required: PATH"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
    ids=["unknown-api-version", "unknown-option", "missing-path", "no-path", "unknown-command"],
)
def test_usage_errors_exit_two_with_a_message(args: list[str], message: str) -> None:
    """Usage errors print one clear line on standard error and exit 2, without a traceback."""
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_version_names_package_and_schema_versions() -> None:
    """--version prints the package version and the API versions of the shipped schemas."""
    result = run("--version")
    assert result.returncode == 0
    assert validator.__version__ in result.stdout
    for api_version in validator.API_VERSIONS:
        assert api_version in result.stdout


def test_schema_and_versions_commands() -> None:
    """schema prints the bundle of a version; versions lists the API versions."""
    schema = json.loads(run("schema", "--api-version", "v3.1").stdout)
    assert validator.schema_for("v3.1") == schema
    listed = run("versions").stdout.split()
    assert "v3.2-preview.2" in listed


def test_python_dash_m_runs_the_same_command() -> None:
    """python -m validator behaves as ta-contract."""
    result = run_process([sys.executable, "-m", "validator", "validate", str(INVALID)])
    assert result.returncode == 1
    assert f"{INVALID}:6:13: error enum /status" in result.stdout


def test_main_takes_streams_and_returns_the_exit_code() -> None:
    """main(argv, stdout=...) writes to the given stream and returns instead of exiting."""
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(INVALID)], stdout=out, stderr=err) == 1
    assert "error enum /status" in out.getvalue()
    assert main(["validate", "--api-version", "nope", str(INVALID)], stdout=out, stderr=err) == 2
    assert "invalid choice" in err.getvalue()


def test_installed_command_works_from_another_directory(tmp_path: Path) -> None:
    """The command finds its schemas wherever it is run from."""
    target = tmp_path / "response.json"
    target.write_bytes(VALID.read_bytes())
    result = run("validate", "response.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_request_option_cross_checks_the_response(tmp_path: Path) -> None:
    """--request FILE runs the request cross-checks; a request that is not JSON is a usage error."""
    exchanges = DATA / "exchanges"
    response = str(exchanges / "custom-entities.response.json")
    ok = run("validate", "--request", str(exchanges / "custom-entities.request.json"), response)
    assert 0 == ok.returncode, ok.stdout
    other_request = json.loads((exchanges / "custom-entities.request.json").read_text(encoding="utf-8"))
    other_request["tasks"] = {"keyPhraseExtractionTasks": [{"parameters": {}}]}
    other = tmp_path / "request.json"
    other.write_text(json.dumps(other_request), encoding="utf-8")
    mismatch = run("validate", "--request", str(other), response)
    assert 1 == mismatch.returncode
    assert " error request-tasks /tasks/customEntityRecognitionTasks/0 " in mismatch.stdout
    broken = run("validate", "--request", str(TRUNCATED), str(VALID))
    assert 2 == broken.returncode
    assert "is not JSON" in broken.stderr


def test_sequence_option_checks_the_files_as_polls_of_one_job(tmp_path: Path) -> None:
    """--sequence reports a poll that goes back, at its own file, without the poll index in the pointer."""
    finished = DATA / "valid" / "custom-entities-succeeded.json"
    forward = run("validate", "--sequence", str(VALID), str(finished))
    assert 1 == forward.returncode  # another job: the two examples have different ids
    assert f"{finished}:2:12: error sequence-job-identity /jobId " in forward.stdout
    same_job = tmp_path / "running.json"
    document = json.loads(finished.read_text(encoding="utf-8"))
    document.update(status="running", lastUpdateDateTime="2022-05-10T00:05:06Z")
    same_job.write_text(json.dumps(document, indent=2), encoding="utf-8")
    backwards = run("validate", "--sequence", str(finished), str(same_job))
    assert 1 == backwards.returncode
    assert f"{same_job}:6:13: error sequence-status-transition /status " in backwards.stdout


def test_diff_command_exit_codes_through_the_installed_script() -> None:
    """ta-contract diff exits 0 for an upgrade that only adds, 1 for the reverse, 2 for an unknown version."""
    forward = run("diff", "v3.1", "v3.2-preview.2")
    assert 0 == forward.returncode, forward.stderr
    backward = run("diff", "v3.2-preview.2", "v3.1", "--format", "json")
    assert 1 == backward.returncode
    assert 4 == json.loads(backward.stdout)["summary"]["breaking"]
    unknown = run("diff", "v3.0", "v3.1")
    assert 2 == unknown.returncode
    assert "v3.2-preview.2" in unknown.stderr


def test_generate_command_writes_examples_that_validate(tmp_path: Path) -> None:
    """generate --strict writes examples that validate --strict accepts, and refuses to overwrite them."""
    out = tmp_path / "examples"
    assert 0 == run("generate", "--strict", "--count", "3", "--seed", "7", "--out", str(out)).returncode
    written = sorted(path.name for path in out.glob("job-state-*.json"))
    assert 3 == len(written)
    checked = run("validate", "--strict", *[str(out / name) for name in written])
    assert 0 == checked.returncode, checked.stdout
    again = run("generate", "--strict", "--count", "3", "--seed", "7", "--out", str(out))
    assert 2 == again.returncode
    assert "--force" in again.stderr
