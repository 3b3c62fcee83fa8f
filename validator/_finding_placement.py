"""Placing findings: the line and column of each problem in the text, and the order they appear in."""

from __future__ import annotations

from typing import Any

from validator._findings import Finding, Problem
from validator._pointers import tokens
from validator._positions import PositionIndex


def locate(problem: Problem, index: PositionIndex | None) -> Finding:
    position = None
    if index is not None:
        position = index.key_position(problem.pointer) if problem.at_key else None
        place = problem.pointer
        # A finding about something absent (a task missing from a later poll) is placed at its nearest parent.
        while position is None:
            position = index.value_position(place)
            if not place:
                break
            place = place.rpartition("/")[0]
    return Finding(
        problem.rule,
        problem.pointer,
        problem.severity,
        problem.message,
        position.line if position else None,
        position.column if position else None,
        problem.hint,
    )


def document_order(
    value: Any, pointer: str, positions: dict[int, dict[str, int]] | None = None
) -> tuple[int, ...]:
    """A sort key that puts pointers in the order their places appear in the document.

    ``positions`` caches each object's key order, so that sorting many findings stays linear.
    """
    positions = {} if positions is None else positions
    key: list[int] = []
    node = value
    for name in tokens(pointer):
        if isinstance(node, dict) and name in node:
            order = positions.get(id(node))
            if order is None:
                order = positions[id(node)] = {member: index for index, member in enumerate(node)}
            key.append(order[name])
            node = node[name]
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            key.append(int(name))
            node = node[int(name)]
        else:
            break
    return tuple(key)
