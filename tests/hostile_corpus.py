"""Hostile and broken inputs, by category: what captured responses look like when something went wrong.

Each entry builds its bytes on demand (some are megabytes), so the corpus costs nothing until a test writes
it out; ``write_corpus(folder)`` lays it out as files, one folder per category.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

VALID = (Path(__file__).resolve().parent / "data" / "valid" / "not-started.json").read_bytes()

Build = Callable[[], bytes]

CORPUS: dict[str, dict[str, Build]] = {
    "syntax": {
        "truncated": lambda: VALID[:120],
        "trailing-data": lambda: VALID + b"{}",
        "leading-zero": lambda: b'{"tasks": {"completed": 01}}',
        "control-character": lambda: b'{"displayName": "a\x01b"}',
        "empty": lambda: b"",
        "whitespace-only": lambda: b" \n\t ",
        "single-quotes": lambda: b"{'jobId': 'x'}",
        "comment": lambda: b'{"jobId": "x" /* logged by hand */}',
    },
    "encoding": {
        "bom-utf8": lambda: b"\xef\xbb\xbf" + VALID,
        "utf16": lambda: VALID.decode().encode("utf-16"),
        "utf32": lambda: VALID.decode().encode("utf-32"),
        "invalid-utf8": lambda: b'{"displayName": "\xc3\x28"}',
        "overlong-utf8": lambda: b'{"displayName": "\xc0\xaf"}',
        "lone-surrogate-escape": lambda: b'{"displayName": "\\ud800"}',
        "latin1": lambda: '{"displayName": "café"}'.encode("latin-1"),
    },
    "not-json": {
        "gzip": lambda: gzip.compress(VALID, mtime=0),
        "binary": lambda: bytes(range(256)),
        "double-encoded": lambda: json.dumps(VALID.decode()).encode(),
        "scalar": lambda: b"42",
        "null": lambda: b"null",
        "html-error-page": lambda: b"<html><body>502 Bad Gateway</body></html>",
    },
    "numbers": {
        "nan": lambda: b'{"jobId": NaN}',
        "negative-infinity": lambda: b'{"tasks": {"completed": -Infinity}}',
        "float-overflow": lambda: b'{"tasks": {"completed": 1e400}}',
        "big-integer": lambda: b'{"tasks": {"completed": ' + b"9" * 5000 + b"}}",
        "tiny-float": lambda: b'{"tasks": {"completed": 1e-400}}',
    },
    "size": {
        "deep-arrays": lambda: b"[" * 100_000 + b"]" * 100_000,
        "deep-objects": lambda: b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "deep-error-details": lambda: _deep_error_details(400),
        "long-string": lambda: b'{"displayName": "' + b"x" * 5_000_000 + b'"}',
        "long-key": lambda: b'{"' + b"k" * 1_000_000 + b'": 1}',
        "many-keys": lambda: (
            b"{" + b",".join(b'"k%d": %d' % (index, index) for index in range(100_000)) + b"}"
        ),
    },
    "keys": {
        "duplicate-keys": lambda: b'{"status": "running", "status": "succeeded"}',
        "duplicate-nested-keys": lambda: b'{"tasks": {"total": 1, "total": 2}}',
        "pointer-characters": lambda: b'{"a/b": {"c~d": 1}, "": 2}',
    },
}


def _deep_error_details(levels: int) -> bytes:
    error: dict[str, object] = {"code": "InvalidRequest", "message": "m"}
    for _ in range(levels):
        error = {"code": "InvalidRequest", "message": "m", "details": [error]}
    document = json.loads(VALID)
    document["errors"] = [error]
    return json.dumps(document).encode()


def cases() -> list[tuple[str, str, Build]]:
    """``(category, name, build)`` for every hostile input."""
    return [
        (category, name, build) for category, entries in CORPUS.items() for name, build in entries.items()
    ]


def write_corpus(folder: Path) -> list[Path]:
    """Writes every hostile input as ``folder/<category>/<name>.json`` and returns the paths."""
    paths = []
    for category, name, build in cases():
        path = folder / category / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build())
        paths.append(path)
    return paths
