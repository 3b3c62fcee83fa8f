"""Language API inputs: HAR polls of .../language/analyze-text/jobs/{jobId}, and the public API."""

from __future__ import annotations

import json
from typing import Any

import validator

from .helpers import CLI_DATA, run

LANGUAGE_SESSION = CLI_DATA / "language-session.har"


def json_report(*args: str) -> tuple[int, dict[str, Any]]:
    """Runs validate --format json and returns the exit code and the parsed report."""
    result = run("validate", "--format", "json", *args)
    assert "" == result.stderr
    return result.returncode, json.loads(result.stdout)


def test_har_polls_of_analyze_text_jobs_are_documents_of_their_api_version() -> None:
    """Under --api-version auto a GET of .../language/analyze-text/jobs/{id} is checked as its api-version."""
    code, report = json_report("--api-version", "auto", str(LANGUAGE_SESSION))
    assert 1 == code
    documents = {document["path"]: document for document in report["documents"]}
    names = [f"{LANGUAGE_SESSION}#entries/{index}" for index in (1, 2, 3)]
    assert names == list(documents)
    assert ["2023-04-01", "2022-05-01", None] == [documents[name]["api_version"] for name in names]
    assert [] == documents[names[0]]["findings"]
    mistaken = documents[names[1]]["findings"]
    assert any(finding["severity"] == "error" for finding in mistaken)
    assert any("Text Analytics v3.x response" in (finding.get("hint") or "") for finding in mistaken)
    assert ["unsupported-api-version"] == [finding["rule"] for finding in documents[names[2]]["findings"]]


def test_iter_findings_takes_a_successor_version_like_any_other() -> None:
    """iter_findings, is_valid, validate and Validator accept a Language API version."""
    entries = json.loads(LANGUAGE_SESSION.read_text(encoding="utf-8"))["log"]["entries"]
    body = entries[1]["response"]["content"]["text"]
    assert [] == list(validator.iter_findings(body, api_version="2023-04-01"))
    assert validator.is_valid(body, api_version="2022-10-01-preview", strict=True)
    validator.validate(body, api_version="2022-05-01")
    assert validator.Validator(api_version="2023-04-01", strict=True).is_valid(body)
    assert not validator.is_valid(body, api_version="v3.2-preview.2")


def test_versions_and_schema_commands_list_the_successor_versions() -> None:
    """ta-contract versions lists both families; ta-contract schema prints a successor bundle."""
    listed = run("versions").stdout.split()
    assert {"2022-05-01", "2022-10-01-preview", "2023-04-01"} <= set(listed)
    schema = json.loads(run("schema", "--api-version", "2023-04-01").stdout)
    assert "TaskItem" in schema["$defs"]
    assert schema["$id"].endswith("/bundled/2023-04-01.json")
