"""Checking documents for the command line: serially or in worker processes (one job's polls: ``_sequence``).

Every path gives the same findings in the same order, because each document is checked by the same function
(``check_payload``) and reports are yielded in input order; worker processes only change when the work is
done. Reports are yielded as documents are checked, and at most a few documents per worker are in flight, so
memory stays flat on long inputs.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from typing import Any

from validator._findings import Finding
from validator._limits import DEFAULT_MAX_FINDINGS
from validator._reporting.report import DocumentReport
from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION
from validator._validator import iter_findings
from validator.cli._document import Document, input_finding
from validator.cli._signals import held_while_starting_workers, release_in_worker

AUTO_API_VERSION = "auto"
_IN_FLIGHT_PER_WORKER = 4  # batches sent ahead to each worker
_BATCH_DOCUMENTS = 32
_BATCH_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CheckOptions:
    """What every document of a run is checked with; ``api_version`` may be ``"auto"``."""

    api_version: str
    strict: bool = False
    kind: str = "auto"
    request: Mapping[str, Any] | None = None
    string_index_type: str | None = None
    max_findings: int | None = DEFAULT_MAX_FINDINGS  # per document; None for no cap


def check_payload(payload: bytes | str, api_version: str, options: CheckOptions) -> tuple[Finding, ...]:
    """The findings of one raw document; a failure of the validator itself is a finding, not a crash."""
    try:
        return tuple(
            iter_findings(
                payload,
                api_version=api_version,
                strict=options.strict,
                kind=options.kind,  # type: ignore[arg-type]  # one of KINDS, checked by the parser
                request=options.request,
                string_index_type=options.string_index_type,
                max_findings=options.max_findings,
            )
        )
    except Exception as error:  # any bug becomes this document's verdict, the run goes on
        message = f"the validator failed on this document ({type(error).__name__}: {error}); please report it"
        return (input_finding("internal-error", message),)


def api_version_for(document: Document, options: CheckOptions) -> str | Finding:
    """The API version to check a document against, or why there is none (``--api-version auto``)."""
    if options.api_version != AUTO_API_VERSION:
        return options.api_version
    if document.api_version is None:
        return DEFAULT_API_VERSION
    if document.api_version in API_VERSIONS:
        return document.api_version
    message = (
        f"the request URL names API version {document.api_version}, which has no shipped schema "
        f"(known: {', '.join(API_VERSIONS)}); choose one with --api-version"
    )
    return input_finding("unsupported-api-version", message)


def iter_reports(
    documents: Iterable[Document], options: CheckOptions, *, jobs: int = 1
) -> Generator[DocumentReport, None, None]:
    """A report per document, in input order; ``jobs`` > 1 checks them in that many worker processes."""
    if jobs <= 1:
        for document in documents:
            version = api_version_for(document, options)
            findings: tuple[Finding, ...] = ()
            if document.payload is not None and isinstance(version, str):
                findings = check_payload(document.payload, version, options)
            yield report_of(document, version, findings)
        return
    yield from _iter_parallel(documents, options, jobs)


def report_of(document: Document, version: str | Finding, findings: tuple[Finding, ...]) -> DocumentReport:
    checked = document.payload is not None
    if isinstance(version, Finding):
        problems = document.problems + (document.placement.place((version,)) if checked else ())
        return DocumentReport(document.name, problems, document.file, document.entry)
    placed = document.placement.place(findings)
    api_version = version if checked else None
    return DocumentReport(
        document.name, document.problems + placed, document.file, document.entry, api_version
    )


@dataclass
class _Batch:
    """Documents sent to a worker together, so that small documents do not each pay for a round trip."""

    documents: list[tuple[Document, str | Finding]] = field(default_factory=list)
    size: int = 0
    work: Future[list[tuple[Finding, ...]]] | None = None

    def add(self, document: Document, version: str | Finding) -> None:
        self.documents.append((document, version))
        self.size += len(document.payload or "")

    @property
    def full(self) -> bool:
        return len(self.documents) >= _BATCH_DOCUMENTS or self.size >= _BATCH_BYTES

    def payloads(self) -> list[tuple[bytes | str, str]]:
        return [
            (document.payload, version)
            for document, version in self.documents
            if document.payload is not None and isinstance(version, str)
        ]

    def submit(self, executor: ProcessPoolExecutor, options: CheckOptions) -> None:
        """Sends the batch to a worker, or checks it here when the workers are gone."""
        try:
            with held_while_starting_workers():  # submit may start a worker
                self.work = executor.submit(_check_in_worker, self.payloads())
        except (BrokenProcessPool, RuntimeError):  # a worker died earlier, or the pool was shut down
            self.work = Future()
            self.work.set_result(_check_here(self.payloads(), options))

    def reports(self, options: CheckOptions) -> Iterator[DocumentReport]:
        try:
            checked = self.work.result() if self.work is not None else []
        except BrokenProcessPool:
            # A worker died (killed, out of memory): this batch is checked here instead, by the same
            # function, so the report is the one a serial run gives, and the run never waits forever.
            checked = _check_here(self.payloads(), options)
        results = iter(checked)
        for document, version in self.documents:
            was_checked = document.payload is not None and isinstance(version, str)
            yield report_of(document, version, next(results) if was_checked else ())


def _iter_parallel(
    documents: Iterable[Document], options: CheckOptions, jobs: int
) -> Iterator[DocumentReport]:
    # ProcessPoolExecutor, unlike multiprocessing.Pool, reports a worker that died instead of waiting for it.
    executor = ProcessPoolExecutor(
        jobs, mp_context=_pool_context(), initializer=_start_worker, initargs=(options, os.getpid())
    )
    try:
        pending: deque[_Batch] = deque()
        batch = _Batch()
        for document in documents:
            batch.add(document, api_version_for(document, options))
            if batch.full:
                batch.submit(executor, options)
                pending.append(batch)
                batch = _Batch()
            # Bounded by batches and by bytes: memory stays flat however long the input is.
            while len(pending) >= jobs * _IN_FLIGHT_PER_WORKER or (
                len(pending) > 1
                and sum(sent.size for sent in pending) > jobs * _IN_FLIGHT_PER_WORKER * _BATCH_BYTES
            ):
                yield from pending.popleft().reports(options)
        batch.submit(executor, options)
        pending.append(batch)
        while pending:
            yield from pending.popleft().reports(options)
    except BaseException:  # an interrupt or a closed generator: stop the workers now, mid-document
        _stop_workers(executor)
        raise
    executor.shutdown(wait=True)


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    """Ends the workers at once, without waiting for the batches they are checking."""
    terminate = getattr(executor, "terminate_workers", None)  # public from Python 3.14
    if terminate is not None:
        terminate()
        return
    # Before 3.14 the executor offers no public way to end a worker mid-task; its process table (which
    # shutdown() clears, hence read first) is the only handle, and without it Ctrl-C would merely wait for
    # the batches under way.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    # Reaped here, so that no worker lingers as a zombie and its CPU time is counted as this process's.
    for process in processes:
        process.join(_WORKER_END_WAIT)
        if process.is_alive():
            process.kill()
            process.join(_WORKER_END_WAIT)


def _check_here(payloads: list[tuple[bytes | str, str]], options: CheckOptions) -> list[tuple[Finding, ...]]:
    return [check_payload(payload, api_version, options) for payload, api_version in payloads]


def _pool_context() -> BaseContext:
    # spawn starts each worker as a clean child of this process (no threads to fork, unlike "fork"), which
    # this process waits for; forkserver would add a server process, and make workers its children instead.
    return multiprocessing.get_context("spawn")


_worker_options: CheckOptions | None = None
_WORKER_END_WAIT = 10.0  # seconds a terminated worker gets to end before it is killed
_PARENT_WATCH_INTERVAL = 0.5
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _start_worker(options: CheckOptions, parent: int) -> None:
    global _worker_options
    _worker_options = options
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    release_in_worker()  # SIGTERM from the parent must end this worker
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """Makes this worker end when the run that started it ends, however that ends (even SIGKILL).

    Linux kills the worker when its parent dies (``PR_SET_PDEATHSIG``); elsewhere a thread notices that the
    parent changed. Either way the parent is checked once more, as it may have died before this ran.
    """
    if not _ask_for_parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _ask_for_parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_WATCH_INTERVAL)
    os._exit(1)  # no cleanup to do: the parent that wanted the results is gone


def _check_in_worker(payloads: list[tuple[bytes | str, str]]) -> list[tuple[Finding, ...]]:
    options = _worker_options
    assert options is not None  # set by _start_worker
    return _check_here(payloads, options)
