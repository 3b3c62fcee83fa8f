"""A fake of the analyze service for a client's own tests: ``with serve() as service:`` runs one.

The fake speaks the analyze protocol of every supported API version over real HTTP on ``127.0.0.1``: a POST
of ``.../analyze`` (Language API: ``/language/analyze-text/jobs?api-version=``) answers 202 with an
``Operation-Location``, and polling that job walks a lifecycle drawn for the request (notStarted, running,
then succeeded, partiallyCompleted or failed), with ``$top``/``$skip`` paging, ``showStats`` and an error for
an unknown job; a Language API job can be cancelled (``POST .../jobs/{jobId}:cancel``). The same seed and
requests give the same answers. ``Faults`` make it misbehave in labelled ways. Everything served can be read
back (``service.exchanges``) and written as a HAR (``service.write_har``) that ``ta-contract validate``
reads. Needs the ``generators`` extra (Hypothesis).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from validator._service._core import PROTOCOLS, Scenario
from validator._service._faults import FaultLabel, Faults, check_fault_rules
from validator._service._http import RunningServer
from validator._service._lifecycles import JobRun, Lifecycle
from validator._service._recording import ServedExchange, har_log, write_har

__all__ = [
    "FakeServiceError",
    "FaultLabel",
    "Faults",
    "Lifecycle",
    "RunningService",
    "Scenario",
    "ServedExchange",
    "serve",
]


class FakeServiceError(RuntimeError):
    """The fake failed to answer a request (the client got a 500); the original error is its cause."""


class RunningService:
    """A running fake: where it listens, and what it has served."""

    def __init__(self, server: RunningServer) -> None:
        self._server = server

    @property
    def endpoint(self) -> str:
        """The base URL to give a client: ``http://127.0.0.1:PORT``."""
        return self._server.base_url

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def scenario(self) -> Scenario:
        return self._server.service.scenario

    @property
    def exchanges(self) -> list[ServedExchange]:
        """Every exchange so far, in the order answered (a copy)."""
        return self._server.service.exchanges

    def jobs(self) -> dict[str, JobRun]:
        """The jobs created so far, by job id, with the plan each one was drawn from (a Language API job's
        plan is that of the v3.2-preview.2 job its polls are translated from)."""
        return self._server.service.job_runs()

    def polls(self, job_id: str | None = None) -> list[ServedExchange]:
        """The exchanges that polled a job (of ``job_id``, when given)."""
        prefixes = tuple(protocol.jobs_path + "/" for protocol in PROTOCOLS.values())
        return [
            exchange
            for exchange in self.exchanges
            if exchange.method == "GET"
            and any(prefix in exchange.url for prefix in prefixes)
            and (job_id is None or exchange.job_id == job_id)
        ]

    def har(self) -> dict[str, object]:
        """Everything served so far, as a HAR 1.2 log."""
        return har_log(self.exchanges)

    def write_har(self, path: str | Path) -> None:
        """Writes everything served so far to ``path`` as a HAR file (atomically)."""
        write_har(Path(path), self.exchanges)

    def raise_unexpected(self) -> None:
        """Raises ``FakeServiceError`` if the fake failed to answer any request so far."""
        if self._server.unexpected:
            raise FakeServiceError(
                "the fake service failed to answer a request"
            ) from self._server.unexpected[0]


@contextmanager
def serve(
    scenario: Scenario | None = None,
    *,
    seed: int | None = None,
    lifecycle: Lifecycle | None = None,
    faults: Faults | None = None,
    port: int = 0,
) -> Iterator[RunningService]:
    """Runs a fake service on ``127.0.0.1:port`` (0: a free port) for the ``with`` block, then stops it.

    Pass a ``Scenario``, or any of ``seed``, ``lifecycle`` and ``faults`` to override the default one. On
    leaving the block the server stops, and any request it failed to answer raises ``FakeServiceError``.
    """
    base = scenario or Scenario()
    chosen = Scenario(
        seed=base.seed if seed is None else seed,
        lifecycle=lifecycle or base.lifecycle,
        faults=faults or base.faults,
    )
    _check_faults(chosen.faults)
    server = RunningServer(chosen, port)
    server.start()
    running = RunningService(server)
    try:
        yield running
    finally:
        server.stop()
    running.raise_unexpected()


def _check_faults(faults: Faults) -> None:
    """Refuses faults that could never be served (raises ``ValueError``), before anything listens."""
    rates = (faults.invalid_rate, faults.throttle_rate, faults.unavailable_rate)
    if not all(0 <= rate <= 1 for rate in rates):
        raise ValueError(f"fault rates are probabilities from 0 to 1, not {rates}")
    if faults.retry_after < 0 or faults.poll_delay < 0:
        raise ValueError("retry_after and poll_delay are not negative")
    check_fault_rules(faults.invalid_rules)
