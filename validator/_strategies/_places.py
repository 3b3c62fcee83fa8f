"""JSON pointers over parsed documents: find places by pattern, read, replace and delete what is there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """``(pointer, value)`` for ``value`` and everything inside it, in document order."""
    yield pointer, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{pointer}/{_escape(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{pointer}/{index}")


def places(document: Any, pattern: str) -> list[str]:
    """Every pointer in ``document`` that ``pattern`` (a regular expression) matches in full."""
    compiled = re.compile(pattern)
    return [pointer for pointer, _ in walk(document) if compiled.fullmatch(pointer)]


def _tokens(pointer: str) -> list[str]:
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]


def get(document: Any, pointer: str) -> Any:
    node = document
    for token in _tokens(pointer):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def parent(pointer: str) -> tuple[str, str]:
    """``(pointer of the container, last token)``."""
    head, _, last = pointer.rpartition("/")
    return head, last.replace("~1", "/").replace("~0", "~")


def put(document: Any, pointer: str, value: Any) -> None:
    head, last = parent(pointer)
    container = get(document, head)
    if isinstance(container, list):
        container[int(last)] = value
    else:
        container[last] = value


def delete(document: Any, pointer: str) -> None:
    head, last = parent(pointer)
    container = get(document, head)
    if isinstance(container, list):
        del container[int(last)]
    else:
        del container[last]
