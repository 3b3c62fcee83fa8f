"""What the fake served, kept as values, and written as an HTTP Archive (HAR 1.2) that ``validate`` reads."""

from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from validator._about import __version__
from validator._service._faults import FaultLabel

_REASONS = {
    200: "OK",
    202: "Accepted",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    503: "Service Unavailable",
}


@dataclass(frozen=True)
class ServedExchange:
    """One request the fake answered and its answer; ``fault`` says what it broke on purpose, if anything."""

    started: datetime
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: bytes
    status: int
    response_headers: tuple[tuple[str, str], ...]
    response_body: bytes
    fault: FaultLabel | None
    job_id: str | None
    milliseconds: float

    def json(self) -> Any:
        """The response body parsed as JSON (raises ``ValueError`` for a body that is not JSON)."""
        return json.loads(self.response_body)


def har_log(exchanges: Sequence[ServedExchange]) -> dict[str, Any]:
    """The exchanges as a HAR 1.2 log."""
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "ta-contract serve", "version": __version__},
            "entries": [_entry(exchange) for exchange in exchanges],
        }
    }


def write_har(path: Path, exchanges: Sequence[ServedExchange]) -> None:
    """Writes the HAR atomically: a reader never sees half a file."""
    text = json.dumps(har_log(exchanges), ensure_ascii=False, indent=1)
    handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Credentials never reach a recording, even the made-up keys a test gives the fake.
_SECRET_HEADERS = frozenset({"ocp-apim-subscription-key", "authorization"})


def _headers(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [
        {"name": name, "value": "REDACTED" if name.lower() in _SECRET_HEADERS else value}
        for name, value in pairs
    ]


def _content(body: bytes, headers: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    mime = next((value for name, value in headers if name.lower() == "content-type"), "application/json")
    try:
        return {"size": len(body), "mimeType": mime, "text": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {
            "size": len(body),
            "mimeType": mime,
            "text": base64.b64encode(body).decode(),
            "encoding": "base64",
        }


def _entry(exchange: ServedExchange) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": exchange.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _headers(exchange.request_headers),
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(exchange.url).query)],
        "headersSize": -1,
        "bodySize": len(exchange.request_body),
    }
    if exchange.request_body:
        content = _content(exchange.request_body, exchange.request_headers)
        request["postData"] = {"mimeType": content["mimeType"], "text": content["text"]}
    entry: dict[str, Any] = {
        "startedDateTime": exchange.started.isoformat(timespec="milliseconds"),
        "time": round(exchange.milliseconds, 3),
        "request": request,
        "response": {
            "status": exchange.status,
            "statusText": _REASONS.get(exchange.status, ""),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _headers(exchange.response_headers),
            "content": _content(exchange.response_body, exchange.response_headers),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(exchange.response_body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(exchange.milliseconds, 3), "receive": 0},
    }
    if exchange.fault is not None:
        # A custom field (HAR allows names that start with an underscore): what this response broke.
        entry["_fault"] = {
            "kind": exchange.fault.kind,
            "rule": exchange.fault.rule,
            "pointer": exchange.fault.pointer,
            "also": [list(pair) for pair in exchange.fault.also],
        }
    return entry
