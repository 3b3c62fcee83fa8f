"""Parallel checking never waits forever: a worker that dies leaves its batch to be checked in-process."""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from validator.cli._batch import CheckOptions, _Batch, iter_reports
from validator.cli._document import Document
from validator.cli._validate_command import LARGE_INPUT_BYTES, default_jobs

from .helpers import DATA

PATHS = [DATA / "valid" / "not-started.json", DATA / "invalid" / "enum-job-status-completed.json"]
OPTIONS = CheckOptions(api_version="v3.2-preview.2")


def documents() -> list[Document]:
    return [Document(str(path), str(path), payload=path.read_bytes()) for path in PATHS]


def batch() -> _Batch:
    filled = _Batch()
    for document in documents():
        filled.add(document, OPTIONS.api_version)
    return filled


def test_a_batch_whose_worker_died_is_checked_here_with_the_same_result() -> None:
    """When the pool breaks, the batch's reports equal those of a serial run."""
    broken = batch()
    failed: Future[list[object]] = Future()
    failed.set_exception(BrokenProcessPool("a worker died"))
    broken.work = failed  # type: ignore[assignment]
    assert list(iter_reports(documents(), OPTIONS)) == list(broken.reports(OPTIONS))


def test_a_batch_sent_to_a_closed_pool_is_checked_here() -> None:
    """Submitting to a pool that can no longer take work checks the batch in-process instead."""
    executor = ProcessPoolExecutor(1)
    executor.shutdown()
    late = batch()
    late.submit(executor, OPTIONS)
    assert list(iter_reports(documents(), OPTIONS)) == list(late.reports(OPTIONS))


def test_parallel_reports_equal_serial_reports() -> None:
    """Two worker processes give the reports a serial run gives, in the same order."""
    many = documents() * 40
    assert list(iter_reports(many, OPTIONS)) == list(iter_reports(many, OPTIONS, jobs=2))


def test_large_inputs_use_every_core_by_default(tmp_path: Path) -> None:
    """Without --jobs, inputs of 32 MiB or more get one worker per core; small ones are checked in-process."""
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.json").write_bytes(b"{}")
    assert 1 == default_jobs([str(small), "-"])
    large = tmp_path / "large.jsonl"
    with large.open("wb") as stream:
        stream.truncate(LARGE_INPUT_BYTES)  # a sparse file: the size is what counts
    assert (os.cpu_count() or 1) == default_jobs([str(small), str(large)])
