"""RFC 6901 JSON pointers: the one place that escapes, unescapes and resolves them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def escape_token(name: object) -> str:
    """A member name (or array index) as one reference token: ``~`` becomes ``~0``, ``/`` becomes ``~1``."""
    token = str(name)
    return token.replace("~", "~0").replace("/", "~1") if "~" in token or "/" in token else token


def unescape_token(token: str) -> str:
    """The member name a reference token stands for."""
    return token.replace("~1", "/").replace("~0", "~") if "~" in token else token


def tokens(pointer: str) -> Iterator[str]:
    """The unescaped member names and indexes of ``pointer``, root first (none for the root)."""
    if pointer:
        for token in pointer.split("/")[1:]:
            yield unescape_token(token)


def join(names: Iterator[object] | list[object] | tuple[object, ...]) -> str:
    """The pointer of a path of member names and indexes."""
    return "".join("/" + escape_token(name) for name in names)


def resolve(document: Any, pointer: str) -> Any:
    """The value at ``pointer`` in ``document``, or None where there is none."""
    node = document
    for name in tokens(pointer):
        if type(node) is dict or isinstance(node, Mapping):
            node = node.get(name)
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            node = node[int(name)]
        else:
            return None
    return node
