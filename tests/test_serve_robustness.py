"""Every request gets a verdict from the fake: arbitrary bodies, paths and queries get an HTTP answer with an
error body, never a dropped connection or a 500."""

from __future__ import annotations

import http.client
import json
import socket
import struct
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.service_client import TIMEOUT, analyze_request, call, start_job
from validator.service import RunningService, serve


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    """One fake for the module: the properties below send it many requests."""
    with serve(seed=1) as running:
        yield running


def _json_values() -> st.SearchStrategy[object]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
        max_leaves=12,
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300) | _json_values().map(lambda value: json.dumps(value).encode()))
def test_any_post_body_is_accepted_or_refused_with_an_error_body(
    service: RunningService, body: bytes
) -> None:
    """Arbitrary bytes or JSON posted to analyze get 202 or a 400 with the service's error shape."""
    status, _, answer = call("POST", f"{service.endpoint}/text/analytics/v3.1/analyze", raw=body)
    assert status in (202, 400)
    if status == 400:
        assert "innererror" in json.loads(answer)["error"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    top=st.text(alphabet="0123456789-x", max_size=4),
    skip=st.text(alphabet="0123456789-x", max_size=4),
    stats=st.sampled_from(["true", "false", "True", "", "maybe"]),
)
def test_any_poll_query_gets_a_page_or_a_400(
    service: RunningService, top: str, skip: str, stats: str
) -> None:
    """Whatever $top, $skip and showStats hold, a poll answers 200 with a job state or 400 with an error."""
    location = start_job(service.endpoint, analyze_request())
    status, _, answer = call("GET", f"{location}?$top={top}&$skip={skip}&showStats={stats}")
    assert status in (200, 400)
    body = json.loads(answer)
    assert ("jobId" in body) if status == 200 else ("error" in body)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(alphabet="abcv3.1/-_%?&=", max_size=40))
def test_any_path_gets_an_answer_with_an_error_body(service: RunningService, path: str) -> None:
    """Unknown paths get 404 (or 405 for a known one with the wrong method), always with an error body."""
    status, _, answer = call("GET", f"{service.endpoint}/{path}")
    assert status in (200, 400, 404, 405)
    assert json.loads(answer)
    service.raise_unexpected()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300) | _json_values().map(lambda value: json.dumps(value).encode()))
def test_any_language_api_body_is_accepted_or_refused_with_an_error_body(
    service: RunningService, body: bytes
) -> None:
    """Arbitrary bytes or JSON posted to the Language API's jobs get 202 or a 400 with an inner error."""
    url = f"{service.endpoint}/language/analyze-text/jobs?api-version=2023-04-01"
    status, _, answer = call("POST", url, raw=body)
    assert status in (202, 400)
    if status == 400:
        assert "innererror" in json.loads(answer)["error"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(["GET", "POST", "DELETE"]),
    tail=st.text(alphabet="abc01:/-_%?&=", max_size=30),
    query=st.text(alphabet="api-version=2023-04-01&top=skip$x", max_size=40),
)
def test_any_language_api_path_and_query_gets_an_answer_with_a_body(
    service: RunningService, method: str, tail: str, query: str
) -> None:
    """Any method, job path and query under /language/analyze-text/jobs gets a JSON answer or a 202,
    never a failure of the fake."""
    status, _, answer = call(method, f"{service.endpoint}/language/analyze-text/jobs{tail}?{query}", raw=b"")
    assert status in (202, 400, 404, 405)
    if status != 202:
        assert "error" in json.loads(answer)
    service.raise_unexpected()


def test_stopping_the_fake_ends_a_kept_alive_connection() -> None:
    """A client polling over one kept-alive connection is cut off when the fake stops, not answered on."""
    with serve(seed=1) as running:
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=TIMEOUT)
        first = _poll_unknown_job(connection)
    assert 404 == first
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        _poll_unknown_job(connection)
    connection.close()


def _poll_unknown_job(connection: http.client.HTTPConnection) -> int:
    connection.request("GET", "/text/analytics/v3.1/analyze/jobs/none")
    response = connection.getresponse()
    response.read()  # the connection stays usable for the next request
    return response.status


def test_a_client_resetting_its_connection_is_not_an_error_of_the_fake(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A client that resets the connection mid-request leaves no traceback and no FakeServiceError."""
    with serve(seed=1) as running:
        for _ in range(3):
            client = socket.create_connection(("127.0.0.1", running.port), timeout=TIMEOUT)
            client.sendall(b"GET /text/analytics/v3.1/analyze/jobs/none HTTP/1.1\r\nHost: x")  # unfinished
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()  # with a zero linger time, close sends a reset
        assert 404 == call("GET", f"{running.endpoint}/text/analytics/v3.1/analyze/jobs/none")[0]
    assert "Traceback" not in capfd.readouterr().err
