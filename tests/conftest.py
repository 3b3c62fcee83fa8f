"""Shared test helpers: where the reference material and the captured responses are."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests run with the "dev" profile by default and with "ci" where CI=true (as .ci/run does), which
# bounds the examples so that the whole suite stays within a few minutes on a 2-core machine.
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CAPTURES = SHARED / "captures"
REFERENCE = SHARED / "reference"
DATA = Path(__file__).resolve().parent / "data"

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


def capture_id(path: Path) -> str:
    return str(path.relative_to(CAPTURES))


def capture_api_version(path: Path) -> str:
    """The API version a capture was recorded with: its first folder under captures/."""
    return path.relative_to(CAPTURES).parts[0]
