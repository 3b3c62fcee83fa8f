"""The HTTP side of the fake: a threading server from the standard library, bound to the loopback address.

The handler only moves bytes between the socket and ``FakeService.handle``; it never lets an exception reach
the client as a dropped connection (an unexpected one becomes a 500 with an error body, and is kept for the
caller to see).
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from validator._service._core import FakeService, Scenario

LOOPBACK = "127.0.0.1"
# A request body larger than this is refused unread: the analyze limit is far below it.
MAX_BODY = 8 * 1024 * 1024
SHUTDOWN_POLL_INTERVAL = 0.02  # seconds


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    service: FakeService
    unexpected: list[BaseException]
    # The connections being served: a keep-alive client would otherwise go on being answered by its
    # handler thread after the server stopped accepting new ones.
    open_connections: set[socket.socket]
    connections_lock: threading.Lock

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that goes away mid-request (a reset, a cut-off poller) is no error of the fake's: the
        standard library would print its traceback. Anything else is kept for the caller to see."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        if error is not None:
            self.unexpected.append(error)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "ta-contract-serve"

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.open_connections.discard(self.connection)
        super().finish()

    def _respond(self) -> None:
        length_text = self.headers.get("Content-Length", "0") or "0"
        length = int(length_text) if length_text.isdigit() else -1
        if length < 0 or length > MAX_BODY:
            self._send(
                413 if length > MAX_BODY else 400, (), _error_bytes("InvalidRequest", "Bad Content-Length.")
            )
            self.close_connection = True
            return
        body = self.rfile.read(length) if length else b""
        headers = tuple((name, value) for name, value in self.headers.items())
        try:
            reply = self.server.service.handle(self.command, self.path, headers, body)
        except Exception as error:
            self.server.unexpected.append(error)
            self._send(500, (), _error_bytes("InternalServerError", "The fake service failed; see its log."))
            return
        self._send(reply.status, reply.headers, reply.body)

    def _send(self, status: int, headers: tuple[tuple[str, str], ...], body: bytes) -> None:
        self.send_response(status)
        names = {name.lower() for name, _ in headers}
        for name, value in headers:
            self.send_header(name, value)
        if body and "content-type" not in names:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _respond

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: what was served is recorded, not logged."""


def _error_bytes(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


class RunningServer:
    """A fake service listening on ``127.0.0.1``, served from a background thread until ``stop``."""

    def __init__(self, scenario: Scenario, port: int = 0) -> None:
        self._server = _Server((LOOPBACK, port), _Handler)
        self.port = self._server.server_address[1]
        self.base_url = f"http://{LOOPBACK}:{self.port}"
        self._server.service = FakeService(scenario, self.base_url)
        self._server.unexpected = []
        self._server.open_connections = set()
        self._server.connections_lock = threading.Lock()
        # serve_forever checks for shutdown every poll interval: the default half second would be the cost
        # of stopping every fake (a test suite starts hundreds).
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_INTERVAL},
            name="ta-contract-serve",
            daemon=True,
        )

    @property
    def service(self) -> FakeService:
        return self._server.service

    @property
    def unexpected(self) -> list[BaseException]:
        return self._server.unexpected

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stops serving (if it started), closes the listening socket and ends every open connection, so
        that a client still polling gets a connection error rather than answers."""
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        with self._server.connections_lock:
            connections = list(self._server.open_connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # it may have closed meanwhile
                connection.shutdown(socket.SHUT_RDWR)
