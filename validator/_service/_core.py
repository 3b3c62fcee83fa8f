"""The fake service without HTTP: routes a request to the analyze protocol of its API version and answers it.

``FakeService.handle`` takes what arrived (method, target, headers, body) and returns what to send, recording
both. The HTTP server (``_http``) only moves bytes. Each API version the fake speaks is one ``Protocol``
entry: where its jobs are submitted, polled and cancelled. v3.x versions carry the version in the path
(``/text/analytics/v3.1/analyze``); the Language API versions share one path and name the version in the
query (``/language/analyze-text/jobs?api-version=2023-04-01``), read their own request shape, translate every
poll into their own response shape, and cancel jobs (``POST .../jobs/{jobId}:cancel``).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

from validator._findings import clip
from validator._schemas import API_VERSIONS, SUCCESSOR_VERSIONS
from validator._service._drawing import draw_one
from validator._service._faults import (
    Carried,
    FaultLabel,
    Faults,
    invalid_poll,
    payload_bytes,
    throttling,
    wants_invalid,
)
from validator._service._language_requests import read_language_request
from validator._service._lifecycles import MAX_PAGE_SIZE, JobRun, Lifecycle, fault_random, job_runs
from validator._service._recording import ServedExchange
from validator._service._requests import RefusedRequest, read_request
from validator._strategies._successor import CARRIER, successor_response

_JSON = ("Content-Type", "application/json; charset=utf-8")


LANGUAGE_JOBS = "/language/analyze-text/jobs"
_CANCEL = ":cancel"


@dataclass(frozen=True)
class Protocol:
    """Where one API version submits and polls analyze jobs, and whether it is a Language API version."""

    api_version: str
    submit_path: str
    jobs_path: str
    language_api: bool = False

    def job_url(self, base: str, job_id: str) -> str:
        query = f"?api-version={self.api_version}" if self.language_api else ""
        return f"{base}{self.jobs_path}/{job_id}{query}"


PROTOCOLS: dict[str, Protocol] = {
    **{
        version: Protocol(
            version, f"/text/analytics/{version}/analyze", f"/text/analytics/{version}/analyze/jobs"
        )
        for version in API_VERSIONS
    },
    **{version: Protocol(version, LANGUAGE_JOBS, LANGUAGE_JOBS, True) for version in SUCCESSOR_VERSIONS},
}
_FINAL = frozenset({"succeeded", "partiallyCompleted", "failed", "cancelled"})


@dataclass(frozen=True)
class Scenario:
    """Everything that decides what the fake serves: the same scenario and requests give the same answers."""

    seed: int = 0
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
    faults: Faults = field(default_factory=Faults)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass
class _Job:
    protocol: Protocol
    run: JobRun
    polls: int = 0


class FakeService:
    """The state of one fake: its jobs, what it served, and the random source of its faults."""

    def __init__(self, scenario: Scenario, base_url: str) -> None:
        self.scenario = scenario
        self.base_url = base_url
        self._jobs: dict[str, _Job] = {}
        self._served: list[ServedExchange] = []
        self._lock = threading.Lock()
        self._chance = fault_random(scenario.seed)
        self._created = 0
        self._faults_drawn = 0

    @property
    def exchanges(self) -> list[ServedExchange]:
        """A copy of every exchange so far, in the order they were answered."""
        with self._lock:
            return list(self._served)

    def job_runs(self) -> dict[str, JobRun]:
        with self._lock:
            return {job_id: job.run for job_id, job in self._jobs.items()}

    def handle(self, method: str, target: str, headers: tuple[tuple[str, str], ...], body: bytes) -> Reply:
        """The answer to one request, recorded with it."""
        started = datetime.now(timezone.utc)
        clock = time.monotonic()
        reply, fault, job_id = self._answer(method, target, body)
        exchange = ServedExchange(
            started,
            method,
            self.base_url + target,
            headers,
            body,
            reply.status,
            reply.headers,
            reply.body,
            fault,
            job_id,
            (time.monotonic() - clock) * 1000,
        )
        with self._lock:
            self._served.append(exchange)
        return reply

    def _answer(self, method: str, target: str, body: bytes) -> tuple[Reply, FaultLabel | None, str | None]:
        parts = urlsplit(target)
        path = parts.path.rstrip("/")
        routed = _route(path, parse_qs(parts.query))
        if isinstance(routed, Reply):
            return routed, None, None
        protocol, action, job_id = routed
        wanted = "GET" if action == "poll" else "POST"
        if method != wanted:
            what = {"submit": "POST a job", "poll": "GET polls a job", "cancel": "POST cancels a job"}[action]
            return _error(405, "InvalidRequest", f"{method} is not allowed here; {what}."), None, job_id
        if action == "submit":
            return self._create(protocol, body)
        assert job_id is not None  # a poll or a cancel names its job
        if action == "cancel":
            return self._cancel(protocol, job_id), None, job_id
        return self._poll(protocol, job_id, target)

    def _create(self, protocol: Protocol, body: bytes) -> tuple[Reply, FaultLabel | None, str | None]:
        read = read_language_request if protocol.language_api else read_request
        try:
            request = read(protocol.api_version, body)
        except RefusedRequest as refusal:
            return Reply(400, (_JSON,), json.dumps(refusal.body).encode()), None, None
        with self._lock:
            number = self._created
            self._created += 1
        # A Language API job is drawn as the carrier's (v3.2-preview.2) and its polls translated.
        drawn_as = CARRIER if protocol.language_api else protocol.api_version
        strategy = job_runs(drawn_as, request, self.base_url, self.scenario.lifecycle)
        run = draw_one(strategy, _mix(self.scenario.seed, "job", number))
        with self._lock:
            self._jobs[run.job_id] = _Job(protocol, run)
        location = ("Operation-Location", protocol.job_url(self.base_url, run.job_id))
        return Reply(202, (location,), b""), None, run.job_id

    def _poll(
        self, protocol: Protocol, job_id: str, target: str
    ) -> tuple[Reply, FaultLabel | None, str | None]:
        query = parse_qs(urlsplit(target).query)
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.protocol != protocol:
            return _error(404, "NotFound", f"The job {job_id} was not found."), None, job_id
        if protocol.language_api:
            # The Language API documents name these top and skip (azure-ai-textanalytics 5.4.0 sends them so);
            # the nextLink the fake writes says $top and $skip, as v3.x did. Both are read.
            for name in ("skip", "top"):
                query.setdefault(f"${name}", query.get(name, []))
            query = {name: values for name, values in query.items() if values}
        try:
            skip = _whole(query, "$skip", 0, None)
            top = _whole(query, "$top", 1, MAX_PAGE_SIZE)
        except ValueError as error:
            return _error(400, "InvalidArgument", str(error)), None, job_id
        show_stats = query.get("showStats", ["false"])[-1].lower() == "true"
        if self.scenario.faults.poll_delay:
            time.sleep(self.scenario.faults.poll_delay)
        rolls = self._rolls()
        throttled = throttling(self.scenario.faults, rolls)
        if throttled is not None:
            return (
                Reply(throttled.status, (_JSON, *throttled.headers), throttled.body),
                throttled.label,
                job_id,
            )
        with self._lock:
            # A poll walks the lifecycle; fetching a later page ($skip) reads the state last polled.
            poll = job.polls - 1 if skip and job.polls else job.polls
            if not skip:
                job.polls += 1
        page_size = self.scenario.lifecycle.page_size
        drawn = job.run.response(poll, skip=skip or 0, top=top, show_stats=show_stats, page_size=page_size)
        body = drawn
        carried = None
        if protocol.language_api:
            carried = Carried(drawn, job.run.plan.request)
            body = successor_response(drawn, job.run.plan.request, protocol.api_version)
        broken = None
        if wants_invalid(self.scenario.faults, rolls, body):
            with self._lock:
                number = self._faults_drawn
                self._faults_drawn += 1
            seed_value = _mix(self.scenario.seed, "fault", number)
            broken = invalid_poll(self.scenario.faults, body, protocol.api_version, seed_value, carried)
        if broken is not None:
            return Reply(200, (_JSON,), broken.body), broken.label, job_id
        return Reply(200, (_JSON,), payload_bytes(body)), None, job_id

    def _cancel(self, protocol: Protocol, job_id: str) -> Reply:
        """Cancels a job that has not finished: its next poll is cancelling, the one after cancelled."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.protocol != protocol:
                return _error(404, "NotFound", f"The job {job_id} was not found.")
            shown = job.run.moments[min(max(job.polls, 1), len(job.run.moments)) - 1]
            if shown.status in _FINAL - {"cancelled"}:
                message = f"The job {job_id} has already finished ({shown.status}); it cannot be cancelled."
                return _error(400, "InvalidRequest", message)
            if shown.status not in ("cancelling", "cancelled"):
                job.run = job.run.cancelled_after(max(job.polls, 1))
        return Reply(202, (("Operation-Location", protocol.job_url(self.base_url, job_id)),), b"")

    def _rolls(self) -> tuple[float, float, float]:
        """Three rolls for this poll's faults, taken in the order polls arrive whatever the faults are."""
        with self._lock:
            chance = self._chance
            return (chance.random(), chance.random(), chance.random())


def _route(path: str, query: dict[str, list[str]]) -> tuple[Protocol, str, str | None] | Reply:
    """The protocol, action (submit, poll or cancel) and job id a request path names, or the error answer."""
    if path == LANGUAGE_JOBS or path.startswith(LANGUAGE_JOBS + "/"):
        versions = query.get("api-version")
        if not versions:
            # The wording of these two answers is the fake's own; the codes are ASP.NET API versioning's.
            return _error(400, "ApiVersionUnspecified", "An API version is required: add ?api-version=.")
        protocol = PROTOCOLS.get(versions[-1])
        if protocol is None or not protocol.language_api:
            supported = ", ".join(SUCCESSOR_VERSIONS)
            return _error(
                400,
                "UnsupportedApiVersion",
                f"The API version {clip(versions[-1])} is not supported here (supported: {supported}).",
            )
        rest = path[len(LANGUAGE_JOBS) :]
        if not rest:
            return protocol, "submit", None
        job_id = rest[1:]
        if "/" not in job_id and job_id.endswith(_CANCEL) and len(job_id) > len(_CANCEL):
            return protocol, "cancel", job_id.removesuffix(_CANCEL)
        if "/" not in job_id and ":" not in job_id:
            return protocol, "poll", job_id
    for protocol in PROTOCOLS.values():
        if protocol.language_api:
            continue
        if path == protocol.submit_path:
            return protocol, "submit", None
        if path.startswith(protocol.jobs_path + "/") and "/" not in path[len(protocol.jobs_path) + 1 :]:
            return protocol, "poll", path[len(protocol.jobs_path) + 1 :]
    return _error(404, "NotFound", f"Resource not found: {clip(path or '/')}.")


def _mix(seed_value: int, purpose: str, number: int) -> int:
    """A seed for the ``number``-th draw of ``purpose``, from the scenario's seed, stable across runs."""
    digest = hashlib.sha256(f"{seed_value}:{purpose}:{number}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def _whole(query: dict[str, list[str]], name: str, low: int, high: int | None) -> int | None:
    if name not in query:
        return None
    text = query[name][-1]
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be a whole number {bound}, not {text!r}.")
    return int(text)


def _error(status: int, code: str, message: str) -> Reply:
    return Reply(status, (_JSON,), json.dumps({"error": {"code": code, "message": message}}).encode())
