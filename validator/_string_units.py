"""String index units: how the service counts offsets and lengths of spans in a document's text.

The request's ``stringIndexType`` picks the unit: ``TextElement_v8`` (extended grapheme clusters, the
default), ``UnicodeCodePoint`` (what Python's ``str`` counts) or ``Utf16CodeUnit`` (what JavaScript, Java and
.NET strings count). A span of astral-plane or combining characters has a different length in each.
"""

from __future__ import annotations

from typing import Literal

import regex

StringIndexType = Literal["TextElement_v8", "UnicodeCodePoint", "Utf16CodeUnit"]
STRING_INDEX_TYPES: tuple[StringIndexType, ...] = ("TextElement_v8", "UnicodeCodePoint", "Utf16CodeUnit")
DEFAULT_STRING_INDEX_TYPE: StringIndexType = "TextElement_v8"

_GRAPHEME = regex.compile(r"\X")


def _is_ascii(text: str) -> bool:
    # Every unit counts ASCII text the same way (CRLF aside), so most spans need no segmentation at all.
    return text.isascii() and "\r\n" not in text


def length_in(text: str, unit: StringIndexType) -> int:
    """The length of ``text`` in ``unit``."""
    if unit == "UnicodeCodePoint" or _is_ascii(text):
        return len(text)
    if unit == "Utf16CodeUnit":
        return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
    return sum(1 for _ in _GRAPHEME.finditer(text))


def units_of(text: str, unit: StringIndexType) -> list[str]:
    """``text`` cut into its units: graphemes, code points, or UTF-16 code units (astral ones as halves)."""
    if unit == "TextElement_v8":
        return [match.group() for match in _GRAPHEME.finditer(text)]
    if unit == "UnicodeCodePoint":
        return list(text)
    units: list[str] = []
    for char in text:
        # An astral character is two UTF-16 code units: the first carries the character, the second is empty,
        # and slice_in refuses a span that cuts between them.
        units.extend((char, "") if ord(char) > 0xFFFF else (char,))
    return units


def slice_in(text: str, offset: int, length: int, unit: StringIndexType) -> str | None:
    """The span of ``text`` at ``offset``/``length`` in ``unit``; None when it is not inside the text."""
    if offset < 0 or length < 0:
        return None
    if unit == "UnicodeCodePoint" or _is_ascii(text):
        return text[offset : offset + length] if offset + length <= len(text) else None
    return slice_units(units_of(text, unit), offset, length, unit)


def slice_units(units: list[str], offset: int, length: int, unit: StringIndexType) -> str | None:
    """The span at ``offset``/``length`` of a text already cut by ``units_of``; None when it is not inside.

    For callers that cut many spans from one text: cutting it once keeps them linear in its length.
    """
    if offset < 0 or length < 0 or offset + length > len(units):
        return None
    if unit == "Utf16CodeUnit" and (_splits_pair(units, offset) or _splits_pair(units, offset + length)):
        return None
    return "".join(units[offset : offset + length])


def _splits_pair(units: list[str], boundary: int) -> bool:
    """True when ``boundary`` falls between the two halves of a surrogate pair."""
    return 0 < boundary < len(units) and units[boundary] == "" and units[boundary - 1] != ""
