"""The command line's fuzz target, bounded: arbitrary bytes as HAR, JSON Lines, polls or request files, in
every report format, end in exit 0, 1 or 2 and never in a traceback."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator._reporting import FORMATS

from .helpers import REPO


def _fuzz_target() -> ModuleType:
    """fuzz/fuzz_cli.py, imported from its file (fuzz/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("fuzz_cli", REPO / "fuzz" / "fuzz_cli.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUZZ = _fuzz_target()


@given(data=FUZZ.inputs(), mode=st.sampled_from(FUZZ.MODES), report_format=st.sampled_from(FORMATS))
def test_any_bytes_in_any_input_mode_and_format_get_a_verdict(
    data: bytes, mode: str, report_format: str
) -> None:
    """validate in-process on arbitrary bytes: exit 0, 1 or 2, no exception, no traceback, JSON stays JSON."""
    with tempfile.TemporaryDirectory() as folder:
        FUZZ.check_cli(data, mode, report_format, Path(folder))


@pytest.mark.parametrize("mode", ["json", "har", "jsonl", "sequence", "request"])
def test_fuzz_target_tells_a_request_problem_from_a_finding(mode: str, tmp_path: Path) -> None:
    """The target sees verdicts: a broken input is a failed document (1), a broken request misuse (2)."""
    expected = 2 if mode == "request" else 1
    assert expected == FUZZ.check_cli(b'{"jobId": ', mode, "text", tmp_path)
