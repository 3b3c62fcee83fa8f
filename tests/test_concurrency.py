"""A Validator is reusable and safe to share between threads: results equal those of serial runs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import validator

from .helpers import DATA, capture_files

DOCUMENTS = sorted((DATA / "valid").glob("*.json")) + sorted((DATA / "invalid").glob("*.json"))
DOCUMENTS = [path for path in DOCUMENTS if not path.name.endswith(".expect.json")]


def test_validator_gives_the_same_findings_as_the_functions() -> None:
    """Validator(options).iter_findings equals iter_findings(payload, options) on every example."""
    shared = validator.Validator(strict=True)
    for path in DOCUMENTS:
        raw = path.read_bytes()
        assert list(validator.iter_findings(raw, strict=True)) == list(shared.iter_findings(raw)), path.name
    assert (validator.DEFAULT_API_VERSION, True) == (shared.api_version, shared.strict)


def test_validator_refuses_unknown_options_when_built() -> None:
    """Unknown options raise when the Validator is made, not when it is first used."""
    with pytest.raises(validator.UnknownApiVersionError):
        validator.Validator(api_version="v2")
    with pytest.raises(validator.UnknownStringIndexTypeError):
        validator.Validator(string_index_type="bytes")


def test_one_validator_shared_by_threads_matches_serial_results() -> None:
    """Eight threads validating the same documents through one Validator find what a serial run finds."""
    paths: list[Path] = DOCUMENTS + capture_files()
    raws = [path.read_bytes() for path in paths] * 4
    shared = validator.Validator()
    serial = [list(shared.iter_findings(raw)) for raw in raws]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda raw: list(shared.iter_findings(raw)), raws))
    assert serial == threaded


def test_validator_validate_and_is_valid() -> None:
    """The Validator's is_valid and validate agree with its findings."""
    shared = validator.Validator()
    invalid = (DATA / "invalid" / "enum-job-status-completed.json").read_bytes()
    assert not shared.is_valid(invalid)
    with pytest.raises(validator.ContractError):
        shared.validate(invalid)
    assert shared.validate((DATA / "valid" / "not-started.json").read_bytes()) is None
