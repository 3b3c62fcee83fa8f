"""Reading a client's document text as the generators' ``DocumentText``: its sentences and what it names.

The fake service cannot understand arbitrary text, so it reports what it can find for certain: sentences cut
after end punctuation, and mentions of the values the generators' templates use (a city, a person, a dish),
wherever they occur whole. Texts drawn from ``document_texts`` therefore get entities, and any other text gets
sentences and no entities, which is still a valid answer.
"""

from __future__ import annotations

import re
import unicodedata

from validator._strategies._document_texts import SLOT_VALUES, DocumentText, Mention, Sentence

# A sentence ends after ., ! or ? and the spaces that follow (the service counts them in the sentence), or
# right after an ideographic full stop.
_SENTENCE_END = re.compile(r"[.!?]+\s+|。")
_KNOWN_VALUES = sorted(
    (value for values in SLOT_VALUES.values() for value in values), key=lambda value: -len(value.text)
)


def reading(text: str, language: str) -> DocumentText:
    """The sentences and known mentions of ``text``; positions count code points."""
    return DocumentText(text, language, _sentences(text), _mentions(text))


def _sentences(text: str) -> tuple[Sentence, ...]:
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _inside_cluster(text, match.end()):
            continue
        sentences.append(Sentence(start, match.end(), (), ()))
        start = match.end()
    if start < len(text):
        sentences.append(Sentence(start, len(text), (), ()))
    return tuple(sentences)


def _mentions(text: str) -> tuple[Mention, ...]:
    """Known values found whole (not inside a word or grapheme cluster), longest first, never overlapping."""
    taken = [False] * len(text)
    found = []
    for value in _KNOWN_VALUES:
        for match in re.finditer(re.escape(value.text), text):
            start, end = match.span()
            if any(taken[start:end]) or _inside_word(text, start, end) or _inside_cluster(text, end):
                continue
            taken[start:end] = [True] * (end - start)
            found.append(Mention(start, end, value))
    return tuple(sorted(found, key=lambda mention: mention.start))


def _inside_word(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())


def _inside_cluster(text: str, end: int) -> bool:
    """Whether a cut at ``end`` would split a grapheme cluster (a base letter from its combining marks)."""
    if end >= len(text):
        return False
    following = text[end]
    return bool(unicodedata.combining(following)) or following in "\u200d\ufe0f"
