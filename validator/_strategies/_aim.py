"""Aiming near misses at places: JSON pointer patterns, and whether two of them can name the same place.

A pattern is a JSON pointer whose reference token may be ``*`` (any one token) or ``**`` (any number of
tokens, none included); every other token is literal (RFC 6901 escapes apply). The places a mutation can break
are written the same way, with three more tokens: ``#`` (an array index), ``{tasks}`` (one of the task arrays
its base document holds) and ``{task array}`` (any task array name). As both sides are token sequences,
whether a caller's pattern and a mutation's places share a pointer is decided exactly, before anything is
drawn, so a pattern nothing can hit is refused with the reason instead of drawing nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from hypothesis.errors import InvalidArgument

from validator._strategies._vocabulary import array_name


class _Wildcard:
    def __init__(self, spelling: str) -> None:
        self.spelling = spelling

    def __repr__(self) -> str:
        return self.spelling


class _Class:
    """A class of literal tokens that a declared place allows at one position (``#``, ``{task array}``)."""

    def __init__(self, spelling: str, admits: Callable[[str], bool]) -> None:
        self.spelling = spelling
        self.admits = admits

    def __repr__(self) -> str:
        return self.spelling


ONE = _Wildcard("*")
MANY = _Wildcard("**")
INDEX = _Class("#", lambda token: token.isdigit())
TASK_ARRAY = _Class("{task array}", lambda token: token.endswith("Tasks"))
TASKS_TOKEN = "{tasks}"
# A token: a literal, a wildcard, a class of literals, or the literals one token may be (task arrays).
Token = str | _Wildcard | _Class | frozenset[str]


def _tokens(pattern: str, tasks: Collection[str] | None = None) -> tuple[Token, ...]:
    """A pattern's tokens; with ``tasks`` (the base's task kinds), a declared place's, with its classes."""
    tokens: list[Token] = []
    for raw in pattern.split("/")[1:]:
        if raw == "*":
            tokens.append(ONE)
        elif raw == "**":
            tokens.append(MANY)
        elif tasks is not None and raw == "#":
            tokens.append(INDEX)
        elif tasks is not None and raw == TASK_ARRAY.spelling:
            tokens.append(TASK_ARRAY)
        elif tasks is not None and raw == TASKS_TOKEN:
            tokens.append(frozenset(array_name(kind) for kind in tasks))
        else:
            tokens.append(raw.replace("~1", "/").replace("~0", "~"))
    return tuple(tokens)


def _admits(token: Token, literal: str) -> bool:
    """Whether ``token`` (not a wildcard) can be the reference token ``literal``."""
    if isinstance(token, _Class):
        return token.admits(literal)
    if isinstance(token, frozenset):
        return literal in token
    return token == literal


def _meet(left: Token, right: Token) -> bool:
    """Whether one reference token can be both ``left`` and ``right`` (neither is ``**``)."""
    if left is ONE or right is ONE:
        return True
    if isinstance(left, str):
        return _admits(right, left)
    if isinstance(right, str):
        return _admits(left, right)
    if isinstance(left, frozenset):
        return any(_admits(right, member) for member in left)
    if isinstance(right, frozenset):
        return any(_admits(left, member) for member in right)
    return left is right  # two classes: # and {task array} share no token


def _literal_tokens(pointer: str) -> tuple[Token, ...]:
    """A concrete pointer's tokens, every one literal."""
    return tuple(raw.replace("~1", "/").replace("~0", "~") for raw in pointer.split("/")[1:])


@cache
def overlap(left: tuple[Token, ...], right: tuple[Token, ...]) -> bool:
    """Whether some pointer matches both token patterns."""

    @cache
    def from_(i: int, j: int) -> bool:
        if i < len(left) and left[i] is MANY:
            return from_(i + 1, j) or (j < len(right) and from_(i, j + 1))
        if j < len(right) and right[j] is MANY:
            return from_(i, j + 1) or (i < len(left) and from_(i + 1, j))
        if i == len(left) or j == len(right):
            return i == len(left) and j == len(right)
        return _meet(left[i], right[j]) and from_(i + 1, j + 1)

    return from_(0, 0)


@dataclass(frozen=True)
class Aim:
    """The places a caller asked for (``pointers=``), any of which an example's pointer must match."""

    patterns: tuple[str, ...]

    def _compiled(self) -> Iterator[tuple[Token, ...]]:
        return (_tokens(pattern) for pattern in self.patterns)

    def matches(self, pointer: str) -> bool:
        """Whether ``pointer`` is one of the places aimed at."""
        return any(overlap(pattern, _literal_tokens(pointer)) for pattern in self._compiled())

    def reaches(self, place: str) -> bool:
        """Whether a change at ``place`` could be reported at an aimed pointer: ``place`` itself, something
        inside it, or a container of it (a removed property is reported at its object)."""
        tokens = _literal_tokens(place)
        candidates = [(*tokens, MANY)] + [tokens[:end] for end in range(len(tokens))]
        return any(overlap(pattern, candidate) for pattern in self._compiled() for candidate in candidates)

    def meets(self, places: Sequence[str], tasks: Collection[str]) -> bool:
        """Whether any of a mutation's declared ``places`` is aimed at (``{tasks}``: one of ``tasks``)."""
        return any(
            overlap(pattern, _tokens(place, tasks)) for pattern in self._compiled() for place in places
        )


def check_pointers(pointers: object) -> Aim | None:
    """``pointers=`` checked: None (anywhere), or a non-empty collection of JSON pointer patterns."""
    if pointers is None:
        return None
    if isinstance(pointers, str) or not isinstance(pointers, Collection) or not pointers:
        raise InvalidArgument(
            f"pointers={pointers!r} must be a non-empty collection of JSON pointers (or None for anywhere)"
        )
    for pointer in pointers:
        if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
            raise InvalidArgument(
                f"pointers: {pointer!r} is not a JSON pointer: it must be '' (the root) or start with '/'"
            )
    return Aim(tuple(pointers))


# The aim of the example being drawn, so that mutations pick only places it can reach; None: any place.
_current: ContextVar[Aim | None] = ContextVar("aim", default=None)


@contextmanager
def aiming(aim: Aim | None) -> Iterator[None]:
    token = _current.set(aim)
    try:
        yield
    finally:
        _current.reset(token)


def reachable(places: list[str]) -> list[str]:
    """The places a mutation may pick under the current aim."""
    aim = _current.get()
    return places if aim is None else [place for place in places if aim.reaches(place)]
